"""REST API of the privacy protocol in practice under /api/v1/knelpunten.

Staff and chain-partner users report bottlenecks and follow their own (``protocol.report``, always
as a person: an application must act for an end user); the privacy officer lists, reads,
categorises (PATCH: themes, linked norms, assessment) and closes them (``protocol.manage``).
The same services and Dutch messages as the pages; the reporter's name is never in the API.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from privacyregie.api.serializers import SaneInputMixin
from privacyregie.api.viewsets import OrganisationScopedMixin
from privacyregie.core.identifiers import UUID_PATTERN

from . import services
from .models import Action, Bottleneck


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented as a string listing its values (no shared OpenAPI enum names)."""
    values = [value for value, _label in choices]
    schema = {"type": "string", "description": "Een van: " + ", ".join(repr(v) for v in values)}
    field_class = extend_schema_field(schema)(type("ProtocolChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


def _raise(exc: DjangoValidationError):
    if not hasattr(exc, "error_dict"):
        raise ValidationError({"non_field_errors": exc.messages})
    raise ValidationError({("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()})


class BottleneckReportSerializer(SaneInputMixin, serializers.Serializer):
    kind = choice(Bottleneck.Kind.choices, help_text="Wat was er aan de hand.")
    process = serializers.CharField(max_length=200, help_text="Het werkproces.")
    partner = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                       help_text="Id van de ketenpartner in het register (optioneel; voor een "
                                                 "ketenpartner-gebruiker altijd de eigen organisatie).")
    description = serializers.CharField(max_length=10000, help_text="Zonder gegevens van inwoners.")
    suggestion = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    confirmed = serializers.BooleanField(
        required=False, default=False,
        help_text="Bevestiging dat er niets in staat waarmee een inwoner te herkennen is; nodig als de tekst woorden "
                  "bevat die op bijzondere persoonsgegevens kunnen wijzen (anders 400 met code 'confirm').")


class BottleneckActionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    owner = serializers.CharField(source="owner.get_full_name", read_only=True)
    status = choice(Action.Status.choices, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = ["id", "description", "owner", "due_date", "status", "result", "overdue"]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class BottleneckRequirementSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    assessment = serializers.CharField(source="assessment.title", read_only=True)
    ref_id = serializers.CharField(source="requirement.ref_id", read_only=True)
    name = serializers.CharField(source="requirement.display_name", read_only=True)


class BottleneckSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    kind = choice(Bottleneck.Kind.choices, read_only=True)
    source = choice(Bottleneck.Source.choices, read_only=True)
    status = choice(Bottleneck.Status.choices, read_only=True)
    partner = serializers.CharField(source="partner.name", read_only=True, allow_null=True, default=None)
    themes = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    requirements = BottleneckRequirementSerializer(many=True, read_only=True)
    actions = BottleneckActionSerializer(many=True, read_only=True)

    class Meta:
        model = Bottleneck
        fields = ["id", "number", "kind", "process", "partner", "description", "suggestion", "source", "reported_at",
                  "status", "themes", "requirements", "assessment_note", "actions", "resolution", "closed_at"]
        read_only_fields = fields


class OwnBottleneckSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    status = choice(Bottleneck.Status.choices, read_only=True)

    class Meta:
        model = Bottleneck
        fields = ["id", "number", "process", "reported_at", "status", "resolution"]
        read_only_fields = fields


class BottleneckCategoriseSerializer(SaneInputMixin, serializers.Serializer):
    themes = serializers.ListField(child=serializers.CharField(max_length=100), max_length=20,
                                   help_text="Namen van thema's; een onbekende naam wordt een nieuw thema.")
    requirements = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list,
                                         max_length=100, help_text="Ids van normen in een open beoordeling.")
    assessment_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class BottleneckCloseSerializer(SaneInputMixin, serializers.Serializer):
    resolution = serializers.CharField(max_length=5000)


class BottleneckViewSet(OrganisationScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    """Bottlenecks in working with the privacy protocol."""

    queryset = Bottleneck.objects.select_related("partner").prefetch_related(
        "themes", "actions__owner", "requirements__assessment", "requirements__requirement__framework")
    serializer_class = BottleneckSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN
    http_method_names = ["get", "post", "patch", "head", "options"]
    required_permissions = {"list": "protocol.manage", "retrieve": "protocol.manage", "create": "protocol.report",
                            "mine": "protocol.report", "partial_update": "protocol.manage",
                            "close": "protocol.manage"}
    requires_end_user = {"create", "mine"}
    filterset_fields = ["status", "kind"]

    @extend_schema(request=BottleneckReportSerializer, responses={201: OwnBottleneckSerializer})
    def create(self, request):
        data = self._valid(BottleneckReportSerializer, request)
        partner = None
        if data["partner"] is not None:
            partner = services.partner_choices(request.user).filter(pk=data["partner"]).first()
            if partner is None:
                raise ValidationError({"partner": ["Onbekende ketenpartner."]})
        try:
            bottleneck = services.report_bottleneck(
                request.user, kind=data["kind"], process=data["process"], description=data["description"],
                suggestion=data["suggestion"], partner=partner, confirmed=data["confirmed"])
        except services.NeedsConfirmation as pending:
            raise ValidationError({"confirmed": pending.messages}, code="confirm") from pending
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(OwnBottleneckSerializer(bottleneck).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=OwnBottleneckSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="mijn")
    def mine(self, request):
        page = self.paginate_queryset(services.own_bottlenecks(request.user).order_by("-reported_at", "-pk"))
        return self.get_paginated_response(OwnBottleneckSerializer(page, many=True).data)

    @extend_schema(request=BottleneckCategoriseSerializer, responses=BottleneckSerializer)
    def partial_update(self, request, uuid=None):
        """Categorise: themes (by name), linked norms and the privacy officer's assessment."""
        bottleneck = self.get_object()
        data = self._valid(BottleneckCategoriseSerializer, request)
        names = [n.strip() for n in data["themes"] if n.strip()]
        existing = list(services.themes_for(bottleneck.organisation).filter(name__in=names))
        new = [n for n in names if n not in {t.name for t in existing}]
        requirements = list(services.requirement_choices(bottleneck.organisation).filter(pk__in=data["requirements"]))
        if len(requirements) != len(set(data["requirements"])):
            raise ValidationError({"requirements": ["Kies normen uit een open beoordeling van uw organisatie."]})
        try:
            services.categorise(bottleneck, self._actor(request), themes=existing, new_themes=new,
                                requirements=requirements, note=data["assessment_note"])
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(BottleneckSerializer(self.get_object()).data)

    @extend_schema(request=BottleneckCloseSerializer, responses=BottleneckSerializer)
    @action(detail=True, methods=["post"], url_path="afhandelen")
    def close(self, request, uuid=None):
        bottleneck = self.get_object()
        data = self._valid(BottleneckCloseSerializer, request)
        try:
            services.close(bottleneck, self._actor(request), resolution=data["resolution"])
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(BottleneckSerializer(self.get_object()).data)

    def _valid(self, serializer_class, request):
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @staticmethod
    def _actor(request):
        return request.user if getattr(request.user, "pk", None) else None


def register(router):
    router.register("knelpunten", BottleneckViewSet, basename="bottleneck")
