"""REST API of incidents under /api/v1/: report, list and handle, with the 72-hour clock.

Same access rules as the pages (``incidents.report`` to report and follow one's own
named reports; ``incidents.handle`` for everything else) and the same validation
messages (the services raise them). The reporter is never shown for anonymous reports
and shown only to handlers for confidential ones.
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

from . import handling, notification_ap, reporting
from .assessment import AffectedGroup, DataCategory, Nature
from .deadlines import iso_local
from .models import (
    BreachAssessment,
    Incident,
    IncidentType,
    Measure,
    ReporterVisibility,
    ResidentInformation,
    Source,
    Status,
)

NULLABLE_DATETIME = {"type": "string", "format": "date-time", "nullable": True,
                     "description": "ISO 8601 met de tijdzone van Europe/Amsterdam (+01:00 of +02:00)."}


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented as a string listing its values.

    Not as an OpenAPI ``enum``: drf-spectacular names enums after the field ("status",
    "type"), which collides with other capabilities' fields of the same name.
    """
    values = [value for value, _label in choices]
    if kwargs.get("allow_blank"):
        values = ["", *values]
    schema = {"type": "string", "description": "Een van: " + ", ".join(repr(v) for v in values)}
    field_class = extend_schema_field(schema)(type("DocumentedChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


def _raise(exc: DjangoValidationError):
    if not hasattr(exc, "error_dict"):
        raise ValidationError({"non_field_errors": exc.messages})
    raise ValidationError({("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()})


class ReportSerializer(SaneInputMixin, serializers.Serializer):
    type = choice(IncidentType.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    discovered_at = serializers.DateTimeField()
    occurred_at = serializers.DateTimeField(required=False, allow_null=True)
    data_involved = serializers.CharField(required=False, allow_blank=True, default="")
    affected_description = serializers.CharField(required=False, allow_blank=True, default="")
    still_ongoing = serializers.BooleanField(required=False, default=False)
    visibility = choice(ReporterVisibility.choices, default=ReporterVisibility.NAMED)


class ReceiptSerializer(serializers.Serializer):
    receipt_number = serializers.CharField()
    follow_up_code = serializers.CharField(help_text="Alleen bij een anonieme melding; wordt één keer getoond.")


class AssessmentSerializer(serializers.ModelSerializer):
    natures = serializers.ListField(child=choice(Nature.choices), read_only=True)
    data_categories = serializers.ListField(child=choice(DataCategory.choices), read_only=True)
    affected_groups = serializers.ListField(child=choice(AffectedGroup.choices), read_only=True)
    protection = choice(BreachAssessment.Protection.choices, allow_blank=True, read_only=True)
    proposed_risk = choice(BreachAssessment.Risk.choices, allow_blank=True, read_only=True)
    decided_risk = choice(BreachAssessment.Risk.choices, allow_blank=True, read_only=True)
    art34_ground = choice(BreachAssessment.Art34Ground.choices, allow_blank=True, read_only=True)

    class Meta:
        model = BreachAssessment
        fields = ["natures", "data_categories", "records_count", "affected_min", "affected_max", "affected_groups",
                  "protection", "protection_details", "unintelligible", "vulnerable_groups", "consequences",
                  "proposed_risk", "proposed_reasoning", "decided_risk", "decision_reasoning", "notify_ap",
                  "inform_residents", "decided_at", "art34_ground", "art34_reasoning"]
        read_only_fields = fields


class MeasureSerializer(SaneInputMixin, serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    kind = choice(Measure.Kind.choices)
    status = choice(Measure.MeasureStatus.choices, required=False)

    class Meta:
        model = Measure
        fields = ["id", "kind", "description", "due_date", "status", "evidence", "completed_at"]
        read_only_fields = ["id", "completed_at"]


class IncidentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    type = choice(IncidentType.choices, read_only=True)
    source = choice(Source.choices, read_only=True)
    status = choice(Status.choices, read_only=True)
    reporter = serializers.SerializerMethodField()
    awareness_at = serializers.SerializerMethodField()
    notification_deadline = serializers.SerializerMethodField()
    notified_at = serializers.SerializerMethodField()
    notified_in_time = serializers.SerializerMethodField()
    assessment = AssessmentSerializer(read_only=True, allow_null=True)
    measures = MeasureSerializer(many=True, read_only=True)

    class Meta:
        model = Incident
        fields = ["id", "receipt_number", "type", "title", "description", "occurred_at", "ended_at", "still_ongoing",
                  "discovered_at", "reported_at", "source", "supplier_name", "reporter", "status", "is_breach", "awareness_at",
                  "notification_deadline", "notified_at", "notified_in_time", "assessment", "measures",
                  "lessons_learned", "closed_at"]
        read_only_fields = fields

    def get_reporter(self, obj) -> str:
        return reporting.reporter_label(obj, viewer_is_handler=True)

    @extend_schema_field(NULLABLE_DATETIME)
    def get_awareness_at(self, obj) -> str | None:
        return iso_local(obj.awareness_at)

    @extend_schema_field(NULLABLE_DATETIME)
    def get_notification_deadline(self, obj) -> str | None:
        return iso_local(obj.notification_deadline)

    def _notification(self, obj):
        n = getattr(obj, "ap_notification", None)
        return n if n is not None and n.submitted_at else None

    @extend_schema_field(NULLABLE_DATETIME)
    def get_notified_at(self, obj) -> str | None:
        n = self._notification(obj)
        return iso_local(n.submitted_at) if n else None

    def get_notified_in_time(self, obj) -> bool | None:
        n = self._notification(obj)
        return n.in_time if n else None


class OwnReportSerializer(serializers.ModelSerializer):
    type = choice(IncidentType.choices, read_only=True)
    status = choice(Status.choices, read_only=True)

    class Meta:
        model = Incident
        fields = ["receipt_number", "type", "title", "reported_at", "status"]
        read_only_fields = fields


class TriageSerializer(SaneInputMixin, serializers.Serializer):
    type = choice(IncidentType.choices)
    is_breach = serializers.BooleanField()
    awareness_at = serializers.DateTimeField(required=False, allow_null=True)
    reasoning = serializers.CharField()


class AssessInputSerializer(SaneInputMixin, serializers.Serializer):
    natures = serializers.ListField(child=choice(Nature.choices), default=list)
    data_categories = serializers.ListField(child=choice(DataCategory.choices), default=list)
    records_count = serializers.IntegerField(required=False, allow_null=True, default=None)
    affected_min = serializers.IntegerField(required=False, allow_null=True, default=None)
    affected_max = serializers.IntegerField(required=False, allow_null=True, default=None)
    affected_groups = serializers.ListField(child=choice(AffectedGroup.choices), default=list)
    protection = choice(BreachAssessment.Protection.choices, required=False, allow_blank=True, default="")
    protection_details = serializers.CharField(required=False, allow_blank=True, default="")
    still_ongoing = serializers.BooleanField(required=False, allow_null=True, default=None)
    ended_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    vulnerable_groups = serializers.BooleanField(default=False)
    consequences = serializers.CharField(required=False, allow_blank=True, default="")
    decided_risk = choice(BreachAssessment.Risk.choices, required=False, allow_blank=True, default="")
    decision_reasoning = serializers.CharField(required=False, allow_blank=True, default="")


class SubmitSerializer(SaneInputMixin, serializers.Serializer):
    submitted_at = serializers.DateTimeField()
    ap_reference = serializers.CharField(max_length=60)
    late_reason = serializers.CharField(required=False, allow_blank=True, default="")
    preliminary = serializers.BooleanField(required=False, default=False)


class ResidentInformationSerializer(SaneInputMixin, serializers.Serializer):
    informed_at = serializers.DateTimeField()
    method = choice(ResidentInformation.Method.choices)
    group_description = serializers.CharField(max_length=300)
    residents_count = serializers.IntegerField(required=False, allow_null=True, default=None)
    message = serializers.CharField()
    reason_not_individually = serializers.CharField(required=False, allow_blank=True, default="")


class Art34GroundSerializer(SaneInputMixin, serializers.Serializer):
    ground = choice(BreachAssessment.Art34Ground.choices)
    reasoning = serializers.CharField()


class CloseSerializer(SaneInputMixin, serializers.Serializer):
    lessons_learned = serializers.CharField()


class IncidentViewSet(OrganisationScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """Incidents of the caller's organisation (handlers), reporting and own reports (everyone who may report)."""

    queryset = Incident.objects.select_related("assessment", "ap_notification", "reporter").prefetch_related(
        "measures").order_by("-reported_at")
    serializer_class = IncidentSerializer
    lookup_field = "uuid"  # the public id; the sequential key never leaves the server
    lookup_value_regex = UUID_PATTERN
    required_permissions = {
        "list": "incidents.handle", "retrieve": "incidents.handle", "report": "incidents.report",
        "mine": "incidents.report", "triage": "incidents.handle", "assess": "incidents.handle",
        "measures": "incidents.handle", "ap_draft": "incidents.handle", "ap_submission": "incidents.handle",
        "residents_informed": "incidents.handle", "art34_ground": "incidents.handle", "close": "incidents.handle",
    }
    filterset_fields = ["type", "status", "is_breach"]

    @extend_schema(request=ReportSerializer, responses={201: ReceiptSerializer})
    @action(detail=False, methods=["post"], url_path="melden")
    def report(self, request):
        data = self._valid(ReportSerializer, request)
        anonymous = data["visibility"] == ReporterVisibility.ANONYMOUS
        try:
            receipt = reporting.report_incident(
                request.user.organisation, reporter=None if anonymous or not request.user.pk else request.user,
                **data,
            )
        except DjangoValidationError as exc:
            _raise(exc)
        return Response({"receipt_number": receipt.receipt_number, "follow_up_code": receipt.follow_up_code},
                        status=status.HTTP_201_CREATED)

    @extend_schema(responses=OwnReportSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="mijn")
    def mine(self, request):
        qs = Incident.objects.filter(organisation_id=request.user.organisation_id,
                                     reporter_id=request.user.pk or -1).order_by("-reported_at", "-pk")
        page = self.paginate_queryset(qs)  # paginated like every other list (NL API Design Rules)
        return self.get_paginated_response(OwnReportSerializer(page, many=True).data)

    @extend_schema(request=TriageSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def triage(self, request, uuid=None):
        incident = self.get_object()
        data = self._valid(TriageSerializer, request)
        try:
            handling.triage(incident, self._actor(request), type=data["type"], is_breach=data["is_breach"],
                            awareness_at=data.get("awareness_at"), reasoning=data["reasoning"])
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(IncidentSerializer(self.get_object()).data)

    @extend_schema(request=AssessInputSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def assess(self, request, uuid=None):
        incident = self.get_object()
        data = self._valid(AssessInputSerializer, request)
        try:
            assessment = handling.assess(incident, self._actor(request), **data)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(AssessmentSerializer(assessment).data)

    @extend_schema(request=MeasureSerializer, responses={201: MeasureSerializer})
    @action(detail=True, methods=["post"])
    def measures(self, request, uuid=None):
        incident = self.get_object()
        data = self._valid(MeasureSerializer, request)
        try:
            measure = handling.save_measure(incident, self._actor(request), kind=data["kind"],
                                            description=data["description"], due_date=data.get("due_date"),
                                            status=data.get("status"), evidence=data.get("evidence", ""))
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"], url_path="ap-melding")
    def ap_draft(self, request, uuid=None):
        incident = self.get_object()
        if not incident.is_breach:
            raise ValidationError({"non_field_errors": ["Beoordeel het incident eerst als datalek."]})
        return Response(notification_ap.draft_json(incident))

    @extend_schema(request=SubmitSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"], url_path="ap-indiening")
    def ap_submission(self, request, uuid=None):
        incident = self.get_object()
        data = self._valid(SubmitSerializer, request)
        try:
            notification_ap.submit(incident, self._actor(request), **data)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(IncidentSerializer(self.get_object()).data)

    @extend_schema(request=ResidentInformationSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"], url_path="betrokkenen-geinformeerd")
    def residents_informed(self, request, uuid=None):
        """Art. 34: record when, how, how many residents were informed and with what message."""
        return self._run(request, ResidentInformationSerializer, notification_ap.record_resident_information)

    @extend_schema(request=Art34GroundSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"], url_path="art34-grond")
    def art34_ground(self, request, uuid=None):
        """Art. 34(3): record the ground for not informing residents individually."""
        return self._run(request, Art34GroundSerializer, notification_ap.record_art34_ground)

    @extend_schema(request=CloseSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"], url_path="afsluiten")
    def close(self, request, uuid=None):
        """Close the incident: every measure decided; a high-risk breach needs art. 34 met (see the docs)."""
        return self._run(request, CloseSerializer, handling.close)

    def _run(self, request, serializer_class, service):
        incident = self.get_object()
        data = self._valid(serializer_class, request)
        try:
            service(incident, self._actor(request), **data)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(IncidentSerializer(self.get_object()).data)

    def _valid(self, serializer_class, request):
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @staticmethod
    def _actor(request):
        return request.user if getattr(request.user, "pk", None) else None


def register(router):
    router.register("incidenten", IncidentViewSet, basename="incident")
