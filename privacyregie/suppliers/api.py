"""REST API of supplier remote access: requests, approvals, and the authorise question.

* ``inbeltoegang/aanvragen``: a supplier (end user) lists, reads and files their own requests;
  ``te-beoordelen`` lists and ``besluit`` decides what waits for the calling owner or CISO.
* ``inbeltoegang/autoriseren``: a jump host, VPN or PAM (an application credential with the scope
  ``suppliers.authorise``) asks "may supplier X enter system Y now?". Every answer is logged; a
  "no" alerts the CISOs. The same rules as the pages apply (``services``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from privacyregie.api.serializers import SaneInputMixin
from privacyregie.core.identifiers import UUID_PATTERN

from . import services
from .models import AccessRequest, RemoteAccessSystem


class AccessRequestSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    system = serializers.CharField(source="system.access_name", read_only=True,
                                   help_text="De naam van het systeem bij de inbelvoorziening.")
    system_name = serializers.CharField(source="system.system.name", read_only=True)
    requester = serializers.CharField(source="requester.username", read_only=True)
    phase = serializers.SerializerMethodField(help_text="wacht, afgewezen, ingetrokken, gepland, open, gesloten, "
                                                        "vastgelegd of bevestigd.")

    class Meta:
        model = AccessRequest
        fields = ["id", "system", "system_name", "requester", "purpose", "reference", "starts_at", "ends_at",
                  "status", "phase", "requested_at", "decided_at", "refusal_reason", "work_done"]
        read_only_fields = fields

    def get_phase(self, obj) -> str:
        return str(obj.phase())


class NewRequestSerializer(SaneInputMixin, serializers.Serializer):
    system = serializers.CharField(max_length=100, help_text="De naam van het systeem bij de inbelvoorziening.")
    purpose = serializers.CharField(max_length=2000)
    reference = serializers.CharField(max_length=100)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class DecisionSerializer(SaneInputMixin, serializers.Serializer):
    approve = serializers.BooleanField(help_text="true = goedkeuren, false = afwijzen (met toelichting).")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AuthoriseQuestionSerializer(SaneInputMixin, serializers.Serializer):
    user = serializers.CharField(max_length=150, help_text="Gebruikersnaam van de leverancier in Privacyregie.")
    system = serializers.CharField(max_length=200, help_text="Naam van het systeem bij de inbelvoorziening.")


class AuthoriseAnswerSerializer(serializers.Serializer):
    allowed = serializers.BooleanField()
    reason = serializers.CharField()
    until = serializers.DateTimeField(allow_null=True, help_text="Einde van het open venster (alleen bij ja).")


def _raise(exc):
    if isinstance(exc, DjangoPermissionDenied):
        raise PermissionDenied(str(exc))
    raise ValidationError({"non_field_errors": exc.messages})


class AccessRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Remote-access requests: a supplier's own; an owner's or CISO's to decide."""

    serializer_class = AccessRequestSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN
    queryset = AccessRequest.objects.none()
    required_permissions = {"list": "suppliers.request_access", "retrieve": "suppliers.request_access",
                            "create": "suppliers.request_access", "to_decide": "suppliers.approve",
                            "decide": "suppliers.approve"}
    requires_end_user = True

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AccessRequest.objects.none()
        return services.visible_requests(self.request.user)

    @extend_schema(request=NewRequestSerializer, responses={201: AccessRequestSerializer})
    def create(self, request):
        """Ask for a window (supplier). Refusals: 400 with a Dutch message, nothing stored, logged."""
        serializer = NewRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        system = services.systems_for(request.user).filter(access_name=data["system"]).first()
        if system is None:
            raise ValidationError({"system": ["Onbekend systeem, of uw organisatie mag er geen toegang voor vragen."]})
        try:
            created = services.request_access(request, system=system, purpose=data["purpose"],
                                              reference=data["reference"], starts_at=data["starts_at"],
                                              ends_at=data["ends_at"])
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise(exc)
        return Response(AccessRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=AccessRequestSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="te-beoordelen")
    def to_decide(self, request):
        """Requests waiting for the caller's decision (as owner or CISO), paginated like every list."""
        page = self.paginate_queryset(services.to_decide(request.user))
        return self.get_paginated_response(AccessRequestSerializer(page, many=True).data)

    @extend_schema(request=DecisionSerializer, responses=AccessRequestSerializer)
    @action(detail=True, methods=["post"], url_path="besluit")
    def decide(self, request, uuid=None):
        """Approve or refuse as owner or CISO (four eyes for high confidentiality; never one's own request)."""
        item = self.get_queryset().filter(uuid=uuid).first()
        if item is None:
            raise Http404
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            item = services.decide(request, item, approve=serializer.validated_data["approve"],
                                   note=serializer.validated_data["note"])
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            _raise(exc)
        return Response(AccessRequestSerializer(item).data)


class AuthoriseView(APIView):
    """May supplier X enter system Y now? Answered within milliseconds; every answer is logged."""

    required_permissions = "suppliers.authorise"

    @extend_schema(request=AuthoriseQuestionSerializer, responses=AuthoriseAnswerSerializer,
                   operation_id="inbeltoegang_autoriseren")
    def post(self, request):
        serializer = AuthoriseQuestionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = getattr(request.user, "application", None) or request.auth
        answer = services.authorise(request.user.organisation, serializer.validated_data["user"],
                                    serializer.validated_data["system"], client=str(application or request.user),
                                    request=request)
        return Response(AuthoriseAnswerSerializer({"allowed": answer.allowed, "reason": answer.reason,
                                                   "until": answer.until}).data)


def register(router):
    router.register("inbeltoegang/aanvragen", AccessRequestViewSet, basename="suppliers-request")


urlpatterns = [path("inbeltoegang/autoriseren", AuthoriseView.as_view(), name="suppliers-authorise")]

__all__ = ["RemoteAccessSystem", "register", "urlpatterns"]
