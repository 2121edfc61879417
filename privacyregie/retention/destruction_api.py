"""REST API of destruction under /api/v1/: destruction lists (list, draw up, approve, reject, execute) and their
certificates (read, PDF). Same rules, refusals and logging as the pages (``destruction`` decides); a person
must be accountable, so an application calls on behalf of an end user (``X-Eindgebruiker``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from privacyregie.api.serializers import SaneInputMixin
from privacyregie.api.viewsets import OrganisationScopedMixin
from privacyregie.core.files import download_response
from privacyregie.core.identifiers import UUID_PATTERN

from . import destruction
from .certificate import certificate_pdf, term_in_words
from .models import DestructionApproval, DestructionCertificate, DestructionItem, DestructionProposal, ProposalStatus

VIEW, PROPOSE, APPROVE = "retention.view_destruction", "retention.propose_destruction", "retention.approve_destruction"


def _choice(choices, **kwargs):
    values = [value for value, _label in choices]
    schema = {"type": "string", "description": "Een van: " + ", ".join(repr(v) for v in values)}
    field_class = extend_schema_field(schema)(type("DestructionChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


def _raise(exc: DjangoValidationError):
    raise ValidationError({"non_field_errors": exc.messages})


class DestructionItemSerializer(serializers.ModelSerializer):
    result = serializers.SerializerMethodField()
    term = serializers.SerializerMethodField()

    class Meta:
        model = DestructionItem
        fields = ["case_reference", "result", "term", "term_started_on", "term_ended_on", "documents_count",
                  "subject_pseudonyms", "excluded_reason"]
        read_only_fields = fields

    def get_result(self, obj) -> str:
        return f"{obj.result.full_number} {obj.result.name}" if obj.result_id else ""

    def get_term(self, obj) -> str:
        return term_in_words(obj.result)


class DestructionApprovalSerializer(serializers.ModelSerializer):
    capacity = _choice(DestructionApproval.Capacity.choices, read_only=True)
    name = serializers.SerializerMethodField()

    class Meta:
        model = DestructionApproval
        fields = ["capacity", "name", "at"]
        read_only_fields = fields

    def get_name(self, obj) -> str:
        return obj.user.get_full_name() or obj.user.username


class DestructionProposalSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    status = _choice(ProposalStatus.choices, read_only=True)
    items = DestructionItemSerializer(many=True, read_only=True)
    approvals = DestructionApprovalSerializer(many=True, read_only=True)
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = DestructionProposal
        fields = ["id", "reference", "status", "created_at", "executed_at", "items", "approvals", "certificate"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uuid", "nullable": True})
    def get_certificate(self, obj) -> str | None:
        certificate = DestructionCertificate.objects.filter(proposal=obj).only("uuid").first()
        return str(certificate.uuid) if certificate else None


class DestructionApproveSerializer(SaneInputMixin, serializers.Serializer):
    capacity = _choice(DestructionApproval.Capacity.choices, required=False,
                       help_text="Leeg: de functie van de gebruiker waarin nog niet is goedgekeurd.")


class DestructionRejectSerializer(SaneInputMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="De reden van afwijzing (verplicht).")


class DestructionExecuteSerializer(SaneInputMixin, serializers.Serializer):
    confirm = serializers.BooleanField(help_text="Moet true zijn: de zaken worden definitief vernietigd.")

    def validate_confirm(self, value):
        if value is not True:
            raise ValidationError(_("Bevestig dat de zaken definitief worden vernietigd."))
        return value


class DestructionCertificateSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    proposal = serializers.CharField(source="proposal.reference", read_only=True)

    class Meta:
        model = DestructionCertificate
        fields = ["id", "proposal", "issued_at", "summary", "pdf_sha256"]
        read_only_fields = fields


class DestructionDrawUpSerializer(serializers.Serializer):
    pass


class DestructionProposalViewSet(OrganisationScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                                 viewsets.GenericViewSet):
    """Destruction lists of the caller's organisation."""

    queryset = DestructionProposal.objects.prefetch_related("items__result", "approvals__user").order_by("-created_at")
    serializer_class = DestructionProposalSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN
    required_permissions = {"list": VIEW, "retrieve": VIEW, "create": PROPOSE, "approve": APPROVE,
                            "reject": APPROVE, "execute": PROPOSE}
    requires_end_user = True

    @extend_schema(request=DestructionDrawUpSerializer, responses={201: DestructionProposalSerializer})
    def create(self, request):
        """Draw up a list of every case past its term not yet on a list (a case under a hold is excluded)."""
        try:
            proposal = destruction.draw_up(request)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(DestructionProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DestructionApproveSerializer, responses=DestructionProposalSerializer)
    @action(detail=True, methods=["post"], url_path="goedkeuren")
    def approve(self, request, uuid=None):
        proposal = self.get_object()
        serializer = DestructionApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            destruction.approve(request, proposal, serializer.validated_data.get("capacity") or None)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(DestructionProposalSerializer(self.get_object()).data)

    @extend_schema(request=DestructionRejectSerializer, responses=DestructionProposalSerializer)
    @action(detail=True, methods=["post"], url_path="afwijzen")
    def reject(self, request, uuid=None):
        """Reject a list that is not executed (privacy officer or information manager / archivist)."""
        proposal = self.get_object()
        serializer = DestructionRejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            destruction.reject(request, proposal, serializer.validated_data["reason"])
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(DestructionProposalSerializer(self.get_object()).data)

    @extend_schema(request=DestructionExecuteSerializer, responses=DestructionCertificateSerializer)
    @action(detail=True, methods=["post"], url_path="uitvoeren")
    def execute(self, request, uuid=None):
        proposal = self.get_object()
        DestructionExecuteSerializer(data=request.data).is_valid(raise_exception=True)
        try:
            certificate = destruction.execute(request, proposal)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(DestructionCertificateSerializer(certificate).data)


class DestructionCertificateViewSet(OrganisationScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                                    viewsets.GenericViewSet):
    """Destruction certificates (verklaringen van vernietiging), kept permanently."""

    queryset = DestructionCertificate.objects.select_related("proposal").order_by("-issued_at")
    serializer_class = DestructionCertificateSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN
    required_permissions = VIEW
    requires_end_user = True

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def pdf(self, request, uuid=None):
        certificate = self.get_object()
        try:
            data = certificate_pdf(certificate)
        except FileNotFoundError as exc:
            raise Http404 from exc
        return download_response(data, f"verklaring-van-vernietiging-{certificate.proposal.reference}.pdf",
                                 "application/pdf")


def register(router):
    router.register("vernietigingslijsten", DestructionProposalViewSet, basename="destruction-proposal")
    router.register("verklaringen-van-vernietiging", DestructionCertificateViewSet, basename="destruction-certificate")
