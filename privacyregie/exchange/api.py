"""REST API for chain partners' own systems: what was shared with the partner, its files, answers.

The caller is an application credential (``core.Application``) tied to one chain partner
(``PartnerApplication``) with the scope ``exchange.partner_api``. It sees the open exchanges
with its own partner only; every opening, download and answer passes the privacy kernel and
is logged with the application's name, exactly as the pages do for partner users. Files are
served as ``application/octet-stream``; answers carry files as base64 (JSON) or as multipart.
"""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response

from privacyregie.api.serializers import SaneInputMixin
from privacyregie.core.files import download_response
from privacyregie.core.identifiers import UUID_PATTERN

from . import services
from .models import Exchange, ExchangeFile, ExchangeMessage

SCOPE = "exchange.partner_api"


class FileSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = ExchangeFile
        fields = ["id", "file_name", "content_type", "size", "sha256"]
        read_only_fields = fields


class MessageSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    direction = serializers.CharField(read_only=True, help_text="'uit' (van de gemeente) of 'in' (van de ketenpartner).")
    files = FileSerializer(many=True, read_only=True)

    class Meta:
        model = ExchangeMessage
        fields = ["id", "direction", "text", "sent_at", "files"]
        read_only_fields = fields


class ExchangeSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    partner = serializers.CharField(source="partner.name", read_only=True)

    class Meta:
        model = Exchange
        fields = ["id", "subject", "partner", "created_at", "expires_at"]
        read_only_fields = fields


class ExchangeDetailSerializer(ExchangeSerializer):
    messages = MessageSerializer(many=True, read_only=True)

    class Meta(ExchangeSerializer.Meta):
        fields = [*ExchangeSerializer.Meta.fields, "messages"]
        read_only_fields = fields


class Base64FileSerializer(SaneInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=200, help_text="Bestandsnaam met extensie, zonder pad.")
    content = serializers.CharField(help_text="De inhoud, base64-gecodeerd.")


class AnswerSerializer(SaneInputMixin, serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    files = Base64FileSerializer(many=True, required=False, default=list)


class AnswerMultipartSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class FileTampered(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Dit bestand kan niet veilig worden geleverd: de versleutelde inhoud is beschadigd of gewijzigd."
    default_code = "file_tampered"


def _raise(exc: DjangoValidationError):
    if not hasattr(exc, "error_dict"):
        raise ValidationError({"non_field_errors": exc.messages})
    raise ValidationError({("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()})


def _decoded(files) -> list:
    uploads = []
    for index, item in enumerate(files):
        try:
            services.check_name(item["name"])
        except DjangoValidationError as exc:
            raise ValidationError({f"files[{index}].name": exc.messages}) from exc
        try:
            data = base64.b64decode(item["content"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationError({f"files[{index}].content": ["Geen geldige base64-inhoud."]}) from exc
        uploads.append(SimpleUploadedFile(item["name"], data))
    return uploads


class PartnerExchangeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Open exchanges shared with the calling application's chain partner."""

    serializer_class = ExchangeSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN
    required_permissions = SCOPE
    queryset = Exchange.objects.none()

    def _partner(self):
        application = getattr(self.request.user, "application", None)
        link = getattr(application, "partner_link", None) if application is not None else None
        if link is None:
            raise PermissionDenied("Deze applicatie is niet gekoppeld aan een ketenpartner.")
        return link.partner

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Exchange.objects.none()
        return services.for_partner(self._partner())

    def _exchange(self, uuid) -> Exchange:
        try:
            return self.get_queryset().get(uuid=uuid)
        except (Exchange.DoesNotExist, DjangoValidationError) as exc:
            raise Http404 from exc

    @extend_schema(responses=ExchangeDetailSerializer)
    def retrieve(self, request, uuid=None):
        """One exchange with its messages and files (logged)."""
        exchange = self._exchange(uuid)
        services.open_exchange(request, exchange)
        exchange = Exchange.objects.prefetch_related("messages__files").get(pk=exchange.pk)
        return Response(ExchangeDetailSerializer(exchange).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], url_path=f"bestanden/(?P<file_uuid>{UUID_PATTERN})")
    def file(self, request, uuid=None, file_uuid=None):
        """The content of one file (logged). A file whose ciphertext fails authentication is never served (409)."""
        exchange = self._exchange(uuid)
        try:
            file = services.find_file(exchange, file_uuid)
        except ExchangeFile.DoesNotExist as exc:
            raise Http404 from exc
        try:
            data = services.read_file(request, file)
        except services.FileUnavailable as exc:
            raise FileTampered() from exc
        return download_response(data, file.file_name, "application/octet-stream")

    @extend_schema(request={"application/json": AnswerSerializer, "multipart/form-data": AnswerMultipartSerializer},
                   responses={201: MessageSerializer})
    @action(detail=True, methods=["post"], url_path="antwoorden")
    def answer(self, request, uuid=None):
        """Answer with a message and/or files (base64 in JSON, or multipart)."""
        exchange = self._exchange(uuid)
        if request.content_type.startswith("multipart/"):
            serializer = AnswerMultipartSerializer(data={"text": request.data.get("text", ""),
                                                         "files": request.FILES.getlist("files")})
            serializer.is_valid(raise_exception=True)
            uploads = serializer.validated_data["files"]
        else:
            serializer = AnswerSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            uploads = _decoded(serializer.validated_data["files"])
        try:
            message = services.answer(request, exchange, text=serializer.validated_data["text"], uploads=uploads)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


def register(router):
    router.register("uitwisselingen", PartnerExchangeViewSet, basename="exchange")
