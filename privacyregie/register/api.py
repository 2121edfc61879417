"""API of the register: activities (updates add versions), versions, partners, agreements,
landscape, checks and the export in the VNG/Logius processing-activities field layout."""

from django.db import IntegrityError
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from privacyregie.api.serializers import SaneInputMixin
from privacyregie.api.viewsets import OrganisationReadOnlyViewSet

from . import exporting, services
from .models import (
    VERSION_FIELDS,
    Agreement,
    ChainPartner,
    InformationSystem,
    ProcessingActivity,
    ProcessingActivityVersion,
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
        fields = ["id", "partner", "kind", "title", "scope", "status", "effective_status", "starts_on", "ends_on",
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


def register(router):
    router.register("verwerkingsactiviteiten", ActivityViewSet, basename="activity")
    router.register("verwerkingsactiviteit-versies", VersionViewSet, basename="activity-version")
    router.register("ketenpartners", PartnerViewSet, basename="partner")
    router.register("applicaties", SystemViewSet, basename="system")
    router.register("koppelingen", LinkViewSet, basename="link")


urlpatterns = [
    path("register/vng", VngExportView.as_view(), name="register-vng"),
    path("register/controles", ChecksView.as_view(), name="register-checks"),
]
