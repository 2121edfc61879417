"""REST API of residents' requests under /api/v1/verzoeken: list, register, retrieve, identity check, extension,
answer, and the access report as JSON (portability, art. 20).

Same rules as the pages: ``rights.handle_requests`` for everything; another organisation's request is a 404;
the same services (and so the same Dutch messages, deadlines and kernel logging). The BSN is accepted on input
and never returned; a request never shows the resident's data, only whether one is linked.
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

from . import deadlines, services
from .models import Channel, IdentityMethod, Outcome, RepresentativeAuthority, RequestKind, SubjectRequest

HANDLE = "rights.handle_requests"


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented as a string listing its values (not an OpenAPI enum: names would collide)."""
    values = [value for value, _label in choices]
    schema = {"type": "string", "description": "Een van: " + ", ".join(repr(v) for v in values)}
    field_class = extend_schema_field(schema)(type("DocumentedChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


def _raise(exc: DjangoValidationError):
    if not hasattr(exc, "error_dict"):
        raise ValidationError({"non_field_errors": exc.messages})
    raise ValidationError({("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()})


class SubjectRequestSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    deadline = serializers.DateField(read_only=True, help_text="Uiterste antwoorddatum (verlengd als verlengd).")
    days_left = serializers.SerializerMethodField(help_text="Dagen tot de termijn (negatief: te laat); "
                                                            "null als het verzoek is afgehandeld.")
    clock = serializers.SerializerMethodField(help_text="De termijn in woorden, bijvoorbeeld 'nog 12 dagen'.")
    resident_linked = serializers.SerializerMethodField()
    identity_checked_by = serializers.SerializerMethodField()
    handler = serializers.SerializerMethodField()

    class Meta:
        model = SubjectRequest
        fields = ["id", "reference", "kind", "channel", "status", "outcome", "received_at", "due_on",
                  "extended_due_on", "extension_reason", "extension_sent_on", "deadline", "days_left", "clock",
                  "requester_name", "requester_contact", "representative_name", "representative_authority",
                  "representative_evidence", "identity_method", "identity_checked_by", "identity_checked_at",
                  "resident_linked", "handler", "decision_reasoning", "answered_at"]
        read_only_fields = fields

    def get_days_left(self, obj) -> int | None:
        return deadlines.days_left(obj.deadline) if obj.is_open else None

    def get_clock(self, obj) -> str:
        return deadlines.clock_text(obj.deadline) if obj.is_open else str(obj.get_status_display())

    def get_resident_linked(self, obj) -> bool:
        return obj.resident_id is not None

    def get_identity_checked_by(self, obj) -> str:
        user = obj.identity_checked_by
        return (user.get_full_name() or user.username) if user else ""

    def get_handler(self, obj) -> str:
        return (obj.handler.get_full_name() or obj.handler.username) if obj.handler else ""


class RequestIntakeSerializer(SaneInputMixin, serializers.Serializer):
    past_date_fields = ("received_at",)
    kind = choice(RequestKind.choices)
    channel = choice(Channel.choices)
    received_at = serializers.DateTimeField(required=False, help_text="Standaard: nu. De termijn loopt vanaf de "
                                                                      "dag van ontvangst (Europe/Amsterdam).")
    requester_name = serializers.CharField(max_length=200)
    requester_contact = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    bsn = serializers.CharField(max_length=20, required=False, allow_blank=True, default="", write_only=True,
                                help_text="Wordt niet bewaard, alleen een pseudoniem; komt nooit terug in een antwoord.")
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    representative_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    representative_authority = choice(RepresentativeAuthority.choices, required=False, allow_blank=True, default="")
    representative_evidence = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class IdentityCheckSerializer(SaneInputMixin, serializers.Serializer):
    method = choice(IdentityMethod.choices)
    bsn = serializers.CharField(max_length=20, write_only=True, help_text="Het BSN van het identiteitsbewijs of uit "
                                                                          "DigiD; nooit een kopie van het document.")


class TermExtensionSerializer(SaneInputMixin, serializers.Serializer):
    past_date_fields = ("sent_on",)
    months = serializers.IntegerField(min_value=1, max_value=2)
    reason = serializers.CharField(max_length=2000)
    sent_on = serializers.DateField(required=False, help_text="Standaard: vandaag.")


class RequestDecisionSerializer(SaneInputMixin, serializers.Serializer):
    outcome = choice([c for c in Outcome.choices if c[0]])
    reasoning = serializers.CharField(max_length=5000)


class SubjectRequestViewSet(OrganisationScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
    """Residents' requests of the caller's organisation with their deadlines (AVG art. 12(3))."""

    queryset = SubjectRequest.objects.select_related("handler", "identity_checked_by").order_by("-received_at", "-pk")
    serializer_class = SubjectRequestSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN
    required_permissions = HANDLE
    requires_end_user = True  # a person is accountable for every step of a request
    filterset_fields = ["kind", "status", "channel"]

    @extend_schema(request=RequestIntakeSerializer, responses={201: SubjectRequestSerializer})
    def create(self, request):
        data = self._valid(RequestIntakeSerializer, request)
        try:
            created = services.register_request(request.user, **data)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(SubjectRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IdentityCheckSerializer, responses=SubjectRequestSerializer)
    @action(detail=True, methods=["post"], url_path="identiteit")
    def identity(self, request, uuid=None):
        return self._run(request, IdentityCheckSerializer, lambda sr, d: services.verify_identity(request, sr, **d))

    @extend_schema(request=TermExtensionSerializer, responses=SubjectRequestSerializer)
    @action(detail=True, methods=["post"], url_path="verlenging")
    def extension(self, request, uuid=None):
        """Extend once by one or two months, within the first month; a late extension is refused (400)."""
        return self._run(request, TermExtensionSerializer, lambda sr, d: services.extend(request, sr, **d))

    @extend_schema(request=RequestDecisionSerializer, responses=SubjectRequestSerializer)
    @action(detail=True, methods=["post"], url_path="besluit")
    def answer(self, request, uuid=None):
        """Record the decision with its reasoning; stops the clock."""
        return self._run(request, RequestDecisionSerializer, lambda sr, d: services.answer_request(
            sr, request.user, outcome=d["outcome"], reasoning=d["reasoning"]))

    @extend_schema(responses={200: {"type": "object", "description": "Het inzagerapport (schema "
                                    "privacyregie.inzagerapport/1): gegevens, doelen en grondslagen, ontvangers, "
                                    "bronnen, bewaartermijnen, rechten en raadplegingen."}})
    @action(detail=True, methods=["get"], url_path="inzagerapport")
    def access_report(self, request, uuid=None):
        """The access report as JSON (art. 15 and 20), built and logged as on the page."""
        from . import report as reports

        sr = self.get_object()
        if sr.resident_id is None or sr.identity_checked_at is None:
            raise ValidationError({"non_field_errors": [
                "Stel eerst de identiteit van de verzoeker vast en koppel de inwoner."]})
        built = reports.build_access_report(request, sr.resident, subject_request=sr)
        if not built.ready_to_send:
            raise ValidationError({"non_field_errors": [
                f"Beoordeel eerst alle notities ({len(built.pending_notes)} nog open)."]})
        reports.record_production(request, built, sr.resident, "JSON")
        return Response(reports.report_json(built))

    def _run(self, request, serializer_class, service):
        sr = self.get_object()
        data = self._valid(serializer_class, request)
        try:
            service(sr, data)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(SubjectRequestSerializer(self.get_object()).data)

    @staticmethod
    def _valid(serializer_class, request):
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def register(router):
    router.register("verzoeken", SubjectRequestViewSet, basename="subject-request")
