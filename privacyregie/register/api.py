"""API of the register: activities (updates add versions), versions, partners, agreements,
landscape, checks and the export in the VNG/Logius processing-activities field layout."""

from django.db import IntegrityError
from django.urls import path
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from privacyregie.api.serializers import SaneInputMixin
from privacyregie.api.viewsets import OrganisationModelViewSet, OrganisationReadOnlyViewSet

from . import exporting, services
from .art30 import validate_art30_2
from .models import (
    PROCESSOR_FIELDS,
    VERSION_FIELDS,
    Agreement,
    ChainPartner,
    InformationSystem,
    ProcessingActivity,
    ProcessingActivityVersion,
    ProcessingController,
    ProcessorActivity,
    SystemLink,
)


class VersionSerializer(SaneInputMixin, serializers.ModelSerializer):
    class Meta:
        model = ProcessingActivityVersion
        fields = ["id", "number", "version_id", "valid_from", "changed_by", "change_note", *VERSION_FIELDS]
        read_only_fields = ["id", "number", "version_id", "valid_from", "changed_by"]


class ActivitySerializer(serializers.ModelSerializer):
    current = VersionSerializer(read_only=True)

    class Meta:
        model = ProcessingActivity
        fields = ["id", "name", "current"]


class ActivityViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, OrganisationReadOnlyViewSet):
    """Processing activities; creating or updating one adds a version (old versions stay readable)."""

    queryset = ProcessingActivity.objects.prefetch_related("versions")
    serializer_class = ActivitySerializer
    required_permissions = {"list": "register.view", "retrieve": "register.view", "create": "register.edit",
                            "update": "register.edit", "partial_update": "register.edit"}
    http_method_names = ["get", "post", "put", "head", "options"]

    @extend_schema(request=VersionSerializer, responses={201: VersionSerializer})
    def create(self, request, *args, **kwargs):
        data = self._validated(request)
        if ProcessingActivity.objects.filter(organisation=request.user.organisation, name=data["name"]).exists():
            raise ValidationError({"name": ["Er bestaat al een verwerkingsactiviteit met deze naam."]})
        version = self._save(request, data)
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VersionSerializer, responses={200: VersionSerializer})
    def update(self, request, *args, **kwargs):
        activity = self.get_object()
        version = self._save(request, self._validated(request), activity)
        return Response(VersionSerializer(version).data)

    def _validated(self, request):
        serializer = VersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _save(self, request, data, activity=None):
        from django.core.exceptions import ValidationError as DjangoValidationError

        try:
            return services.save_activity(request.user.organisation, data, user=request.user, activity=activity,
                                          note=data.get("change_note", ""))
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        except IntegrityError as exc:
            raise ValidationError({"name": ["Er bestaat al een verwerkingsactiviteit met deze naam."]}) from exc


class VersionViewSet(OrganisationReadOnlyViewSet):
    queryset = ProcessingActivityVersion.objects.select_related("activity")
    serializer_class = VersionSerializer
    organisation_field = "activity__organisation"
    required_permissions = "register.view"
    filterset_fields = ["activity"]


class AgreementSerializer(serializers.ModelSerializer):
    effective_status = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = ["id", "partner", "kind", "title", "scope", "data_categories", "status", "effective_status",
                  "starts_on", "ends_on",
                  "review_on", "security_reporting", "last_report_on", "report_interval_months"]

    def get_effective_status(self, obj) -> str:
        return obj.effective_status()


class PartnerSerializer(serializers.ModelSerializer):
    agreements = AgreementSerializer(many=True, read_only=True)

    class Meta:
        model = ChainPartner
        fields = ["id", "name", "kind", "role", "oin", "kvk_number", "contact_name", "contact_email", "agreements"]


class PartnerViewSet(OrganisationReadOnlyViewSet):
    queryset = ChainPartner.objects.prefetch_related("agreements")
    serializer_class = PartnerSerializer
    required_permissions = "register.view"


class SystemSerializer(serializers.ModelSerializer):
    class Meta:
        model = InformationSystem
        fields = ["id", "name", "supplier", "hosting", "data_categories", "confidentiality", "processor_agreement", "owner"]


class SystemViewSet(OrganisationReadOnlyViewSet):
    queryset = InformationSystem.objects.all()
    serializer_class = SystemSerializer
    required_permissions = "register.view"


class LinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = SystemLink
        fields = ["id", "source", "target", "interface", "protocol", "direction", "encrypted", "line_type", "owner"]


class LinkViewSet(OrganisationReadOnlyViewSet):
    queryset = SystemLink.objects.order_by("pk")
    serializer_class = LinkSerializer
    required_permissions = "register.view"


class IssueSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    message = serializers.CharField()
    url = serializers.CharField()


class VngGroundSerializer(serializers.Serializer):
    omschrijving = serializers.CharField()
    wetsartikel = serializers.CharField()


class VngActivitySerializer(serializers.Serializer):
    """The main fields of the VNG 'Verwerkingsactiviteiten' layout (see docs/register.md for all)."""

    uuid = serializers.UUIDField()
    naam = serializers.CharField()
    doel = serializers.CharField()
    naamVerwerkingsverantwoordelijke = serializers.CharField()  # noqa: N815 - VNG field name
    vestigingsadres = serializers.CharField()
    contactgegevensVerwerkingsverantwoordelijke = serializers.CharField()  # noqa: N815
    contactgegevensFunctionarisGegevensbescherming = serializers.CharField()  # noqa: N815
    grondslagen = VngGroundSerializer(many=True)
    categorieenBetrokkenen = serializers.ListField(child=serializers.CharField())  # noqa: N815
    categorieenPersoonsgegevens = serializers.ListField(child=serializers.CharField())  # noqa: N815
    bijzonderePersoonsgegevens = serializers.BooleanField()  # noqa: N815
    bewaartermijn = serializers.CharField()
    versie = serializers.IntegerField()
    beginGeldigheid = serializers.DateField()  # noqa: N815


class VngExportView(APIView):
    """The register in the field layout of the VNG 'Verwerkingsactiviteiten' API."""

    required_permissions = "register.view"

    @extend_schema(responses={200: VngActivitySerializer(many=True)}, operation_id="register_vng")
    def get(self, request):
        return Response(exporting.to_vng_json(request.user.organisation))


class ChecksView(APIView):
    """What is wrong in the register (the privacy officer's checks)."""

    required_permissions = "register.view"

    @extend_schema(responses={200: IssueSerializer(many=True)}, operation_id="register_checks")
    def get(self, request):
        return Response([issue.__dict__ for issue in services.checks(request.user.organisation)])


# --- The processor's register (art. 30(2)) ------------------------------------------------------

WRITE = {"list": "register.view", "retrieve": "register.view", "create": "register.edit",
         "update": "register.edit", "partial_update": "register.edit"}


class OrganisationUniqueNameMixin:
    def validate_name(self, value):
        organisation = self.context["request"].user.organisation
        clash = self.Meta.model.objects.filter(organisation=organisation, name=value)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(gettext("Deze naam is al in gebruik."))
        return value


class ControllerSerializer(SaneInputMixin, OrganisationUniqueNameMixin, serializers.ModelSerializer):
    class Meta:
        model = ProcessingController
        fields = ["id", "name", "address", "contact", "representative", "dpo_contact"]


class ProcessorActivitySerializer(SaneInputMixin, OrganisationUniqueNameMixin, serializers.ModelSerializer):
    """Checked with the same art. 30(2) rule as the page (art30.validate_art30_2)."""

    class Meta:
        model = ProcessorActivity
        fields = ["id", *PROCESSOR_FIELDS, "updated_at"]
        read_only_fields = ["id", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and getattr(request.user, "organisation_id", None):
            self.fields["controllers"].child_relation.queryset = ProcessingController.objects.filter(
                organisation_id=request.user.organisation_id)

    def validate(self, attrs):
        from django.core.exceptions import ValidationError as DjangoValidationError

        controllers = attrs.get("controllers")
        if controllers is None and self.instance is not None:
            controllers = list(self.instance.controllers.all())
        scalar = [f for f in PROCESSOR_FIELDS if f != "controllers"]
        values = {f: getattr(self.instance, f) for f in scalar} if self.instance is not None else {}
        values.update({k: v for k, v in attrs.items() if k in scalar})
        record = ProcessorActivity(**values)
        try:
            validate_art30_2(record, controllers or [])
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return attrs


class ControllerViewSet(OrganisationModelViewSet):
    """Controllers on whose behalf the organisation processes (art. 30(2)(a))."""

    queryset = ProcessingController.objects.all()
    serializer_class = ControllerSerializer
    required_permissions = WRITE
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class ProcessorActivityViewSet(OrganisationModelViewSet):
    """The processor's register: categories of processing carried out on behalf of controllers."""

    queryset = ProcessorActivity.objects.prefetch_related("controllers")
    serializer_class = ProcessorActivitySerializer
    required_permissions = WRITE
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


def register(router):
    router.register("verwerkingsactiviteiten", ActivityViewSet, basename="activity")
    router.register("verwerkingsactiviteit-versies", VersionViewSet, basename="activity-version")
    router.register("ketenpartners", PartnerViewSet, basename="partner")
    router.register("applicaties", SystemViewSet, basename="system")
    router.register("koppelingen", LinkViewSet, basename="link")
    router.register("verwerkingsverantwoordelijken", ControllerViewSet, basename="processing-controller")
    router.register("verwerkingen-in-opdracht", ProcessorActivityViewSet, basename="processor-activity")


urlpatterns = [
    path("register/vng", VngExportView.as_view(), name="register-vng"),
    path("register/controles", ChecksView.as_view(), name="register-checks"),
]
