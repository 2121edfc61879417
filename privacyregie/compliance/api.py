"""REST API of the compliance capability under /api/v1/.

Same rules as the pages: frameworks and risks for ``compliance.edit_assessments``;
assessments (the stoplight), recommendations and the scorecard readable with
``compliance.view_reports``; changing a requirement's assessment needs
``compliance.edit_assessments`` and a board response ``compliance.respond_recommendations``.
Validation messages come from the services (Dutch). Everything is scoped to the caller's
organisation; library frameworks are shared.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from privacyregie.api.serializers import SaneInputMixin
from privacyregie.api.viewsets import OrganisationScopedMixin

from . import assessments, frameworks, risks, scorecard
from .models import (
    Assessment,
    ComplianceStatus,
    Framework,
    LiveIndicator,
    Recommendation,
    RecommendationAction,
    Requirement,
    RequirementAssessment,
    Risk,
)

VIEW = "compliance.view_reports"
EDIT = "compliance.edit_assessments"
RESPOND = "compliance.respond_recommendations"


def _choice(choices, **kwargs):
    values = [value for value, _label in choices]
    schema = {"type": "string", "description": "Een van: " + ", ".join(repr(v) for v in values)}
    field_class = extend_schema_field(schema)(type("ComplianceChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


class ComplianceRequirementSerializer(serializers.ModelSerializer):
    parent_urn = serializers.SerializerMethodField()

    class Meta:
        model = Requirement
        fields = ["id", "urn", "ref_id", "parent_urn", "depth", "assessable", "name", "description", "name_en",
                  "description_en", "implementation_groups"]

    def get_parent_urn(self, obj) -> str | None:
        return obj.parent.urn if obj.parent_id else None


class ComplianceFrameworkSerializer(serializers.ModelSerializer):
    shared = serializers.SerializerMethodField()

    class Meta:
        model = Framework
        fields = ["id", "urn", "ref_id", "name", "name_en", "description", "locale", "shared"]

    def get_shared(self, obj) -> bool:
        return obj.organisation_id is None


class ComplianceFrameworkDetailSerializer(ComplianceFrameworkSerializer):
    requirements = ComplianceRequirementSerializer(many=True, read_only=True)

    class Meta(ComplianceFrameworkSerializer.Meta):
        fields = [*ComplianceFrameworkSerializer.Meta.fields, "requirements"]


class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    required_permissions = EDIT
    queryset = Framework.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Framework.objects.none()
        return frameworks.visible_frameworks(self.request.user.organisation).prefetch_related("requirements__parent")

    def get_serializer_class(self):
        return ComplianceFrameworkDetailSerializer if self.action == "retrieve" else ComplianceFrameworkSerializer


class ComplianceItemSerializer(SaneInputMixin, serializers.ModelSerializer):
    ref_id = serializers.CharField(source="requirement.ref_id", read_only=True)
    norm = serializers.CharField(source="requirement.display_name", read_only=True)
    status = _choice(ComplianceStatus.choices, required=False)
    colour = serializers.CharField(read_only=True)
    live_indicator = _choice(LiveIndicator.choices, required=False, allow_blank=True)

    class Meta:
        model = RequirementAssessment
        fields = ["id", "assessment", "ref_id", "norm", "status", "colour", "finding", "state_of_affairs", "owner",
                  "due_date", "links", "live_indicator", "updated_at"]
        read_only_fields = ["assessment", "updated_at"]


class ComplianceAssessmentSerializer(serializers.ModelSerializer):
    framework_urn = serializers.CharField(source="framework.urn", read_only=True)
    municipality = serializers.StringRelatedField(read_only=True, allow_null=True)
    status = _choice(Assessment.Status.choices, read_only=True)
    items = ComplianceItemSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "title", "framework", "framework_urn", "municipality", "period", "status", "reported_at",
                  "previous", "items"]
        read_only_fields = fields


class AssessmentViewSet(OrganisationScopedMixin, viewsets.ReadOnlyModelViewSet):
    required_permissions = VIEW
    queryset = Assessment.objects.select_related("framework").prefetch_related("items__requirement__framework")
    serializer_class = ComplianceAssessmentSerializer


class ItemViewSet(OrganisationScopedMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                  viewsets.GenericViewSet):
    """One requirement in an assessment; a closed (reported) assessment refuses changes."""

    required_permissions = EDIT
    organisation_field = "assessment__organisation"
    queryset = RequirementAssessment.objects.select_related("assessment", "requirement__framework")
    serializer_class = ComplianceItemSerializer

    def perform_update(self, serializer):
        changes = {k: v for k, v in serializer.validated_data.items() if k in assessments.EDITABLE_FIELDS}
        try:
            serializer.instance = assessments.update_item(serializer.instance, **changes)
        except DjangoValidationError as exc:
            raise ValidationError({"detail": exc.messages}) from exc


class ComplianceActionSerializer(SaneInputMixin, serializers.ModelSerializer):
    status = _choice(RecommendationAction.Status.choices)

    class Meta:
        model = RecommendationAction
        fields = ["id", "description", "owner", "deadline", "status", "progress"]


class ComplianceRecommendationSerializer(SaneInputMixin, serializers.ModelSerializer):
    actions = ComplianceActionSerializer(many=True, read_only=True)
    response = _choice(Recommendation.Response.choices)
    audience = _choice(Recommendation.Audience.choices, read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "number", "source", "audience", "text", "response", "reasoning", "responded_at", "actions"]
        read_only_fields = ["number", "source", "text", "responded_at"]


class RecommendationViewSet(OrganisationScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            mixins.UpdateModelMixin, viewsets.GenericViewSet):
    required_permissions = {"list": VIEW, "retrieve": VIEW, "update": RESPOND, "partial_update": RESPOND}
    queryset = Recommendation.objects.prefetch_related("actions")
    serializer_class = ComplianceRecommendationSerializer

    def perform_update(self, serializer):
        serializer.save(responded_at=timezone.now())


class ComplianceRiskSerializer(SaneInputMixin, serializers.ModelSerializer):
    treatment = _choice(Risk.Treatment.choices)
    score = serializers.IntegerField(read_only=True)
    residual_score = serializers.IntegerField(read_only=True)

    class Meta:
        model = Risk
        fields = ["id", "ref_id", "title", "description", "likelihood", "impact", "score", "residual_likelihood",
                  "residual_impact", "residual_score", "treatment", "owner", "review_date"]


class RiskViewSet(OrganisationScopedMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                  viewsets.ReadOnlyModelViewSet):
    """The risk register; creating and changing follow the same rules as the pages."""

    required_permissions = EDIT
    queryset = Risk.objects.all()
    serializer_class = ComplianceRiskSerializer

    def _save(self, serializer, **extra):
        instance = serializer.instance or Risk()
        for field, value in {**serializer.validated_data, **extra}.items():
            setattr(instance, field, value)
        try:
            serializer.instance = risks.save_risk(instance)
        except DjangoValidationError as exc:
            raise ValidationError({"detail": exc.messages}) from exc

    def perform_create(self, serializer):
        if Risk.objects.filter(organisation=self.request.user.organisation,
                               ref_id=serializer.validated_data.get("ref_id")).exists():
            raise ValidationError({"ref_id": ["Dit kenmerk bestaat al."]})
        self._save(serializer, organisation=self.request.user.organisation)

    def perform_update(self, serializer):
        self._save(serializer)


class ComplianceIndicatorValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    display = serializers.CharField()
    reason = serializers.CharField()


class ComplianceScorecardSerializer(serializers.Serializer):
    quarter = serializers.CharField()
    indicators = ComplianceIndicatorValueSerializer(many=True)


class ScorecardView(APIView):
    """Indicators of one quarter (``?kwartaal=2026-K3``; default the current quarter), live."""

    required_permissions = VIEW

    @extend_schema(responses=ComplianceScorecardSerializer,
                   parameters=[OpenApiParameter("kwartaal", str, description="Kwartaal als JJJJ-KN, bv. 2026-K3")])
    def get(self, request):
        text = request.query_params.get("kwartaal")
        try:
            quarter = scorecard.Quarter.parse(text) if text else scorecard.current_quarter()
        except ValueError as exc:
            raise ValidationError({"kwartaal": ["Geef het kwartaal als JJJJ-KN, bijvoorbeeld 2026-K3."]}) from exc
        values = scorecard.compute(request.user.organisation, quarter)
        data = {"quarter": quarter.label, "indicators": [
            {"key": v.indicator.key, "label": str(v.indicator.label), "unit": str(v.indicator.unit), "value": v.value,
             "display": v.display, "reason": v.reason} for v in values]}
        return Response(ComplianceScorecardSerializer(data).data)


def register(router):
    router.register("normenkaders", FrameworkViewSet, basename="compliance-framework")
    router.register("beoordelingen", AssessmentViewSet, basename="compliance-assessment")
    router.register("normbeoordelingen", ItemViewSet, basename="compliance-item")
    router.register("aanbevelingen", RecommendationViewSet, basename="compliance-recommendation")
    router.register("risicos", RiskViewSet, basename="compliance-risk")


urlpatterns = [path("scorekaart", ScorecardView.as_view(), name="compliance-scorecard")]
