"""API: the processing log, read-only, for the privacy officer (filters like the log viewer)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from . import otlp, services
from .forms import LogFilterForm
from .models import ProcessingLogEntry
from .queries import filtered_entries


class ProcessingLogEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcessingLogEntry
        fields = [
            "id", "occurred_at", "actor_username", "actor_roles", "application", "action", "target_type", "target_id",
            "target_label", "subject_pseudonym", "processing_activity", "processing_activity_version_id", "purpose",
            "legal_basis", "legal_basis_detail", "outcome", "reason", "emergency", "origin", "trace_id", "span_id",
            "parent_span_id", "trace_flags", "tracestate", "operation_name", "ended_at", "service_name",
            "service_version", "subject_id_type", "foreign_trace_id", "foreign_span_id", "foreign_processor",
            "chain", "seq", "prev_hash", "entry_hash",
        ]


FILTERS = [
    OpenApiParameter("bsn", OpenApiTypes.STR, description="BSN van de betrokkene (wordt gepseudonimiseerd)"),
    OpenApiParameter("purpose", OpenApiTypes.STR, enum=["inzageverzoek", "onderzoek_incident", "controle"],
                     description="Doel van het zoeken op BSN; verplicht bij bsn, wordt in het logboek vastgelegd"),
    OpenApiParameter("user", OpenApiTypes.STR, description="gebruikersnaam"),
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
    OpenApiParameter("action", OpenApiTypes.STR, enum=["view", "create", "update", "delete", "share", "export"]),
    OpenApiParameter("outcome", OpenApiTypes.STR, enum=["allowed", "denied"]),
    OpenApiParameter("emergency", OpenApiTypes.BOOL),
]


@extend_schema_view(
    list=extend_schema(parameters=FILTERS), retrieve=extend_schema(),
    otlp=extend_schema(parameters=FILTERS, responses={200: OpenApiTypes.OBJECT},
                       description="Het (gefilterde) logboek als OTLP JSON (ExportTraceServiceRequest) met de "
                                   "dpl.core-attributen van de standaard Logboek dataverwerkingen."),
)
class ProcessingLogViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The processing log of the caller's organisation (read-only; never editable)."""

    serializer_class = ProcessingLogEntrySerializer
    required_permissions = "kernel.view_processing_log"
    queryset = ProcessingLogEntry.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProcessingLogEntry.objects.none()
        organisation = self.request.user.organisation
        if self.action not in ("list", "otlp"):
            return ProcessingLogEntry.objects.filter(organisation=organisation)
        form = LogFilterForm(self.request.query_params)
        if not form.is_valid():
            errors = form.errors.get_json_data()
            raise ValidationError({field: [e["message"] for e in items] for field, items in errors.items()})
        filters = dict(form.cleaned_data)
        purpose = filters.pop("purpose", "")
        if filters.get("bsn"):
            services.record_subject_lookup(self.request, filters["bsn"], purpose=purpose)
        return filtered_entries(organisation, **filters)

    @action(detail=False, methods=["get"], url_path="otlp", pagination_class=None)
    def otlp(self, request):
        """The log in the standard's format (OTLP JSON), with the list's filters; not paginated."""
        return Response(otlp.export(self.get_queryset().order_by("occurred_at", "id")))


def register(router):
    router.register("verwerkingslogboek", ProcessingLogViewSet, basename="processing-log")
