"""REST API of the policies capability under /api/v1/beleidsdocumenten.

Same rules as the pages: reading needs ``policies.view``, every change ``policies.edit``; everything
is scoped to the caller's organisation and documents are addressed by their UUID. A document
management system (an application with the ``policies.edit`` scope) pushes a new version with
``POST /beleidsdocumenten/{uuid}/versies`` (the file base64 in JSON, or multipart); a review with the outcome
"herzien" carries the new version's file and adoption the same way (``POST .../herbeoordelingen``). Validation
messages come from the services (Dutch); bad input changes nothing.
"""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from privacyregie.api.serializers import SaneInputMixin
from privacyregie.api.viewsets import OrganisationScopedMixin
from privacyregie.core.identifiers import UUID_PATTERN
from privacyregie.core.models import User

from . import services
from .models import Body, Kind, NormLink, Outcome, PolicyDocument, PolicyVersion, Review, Scope, VersionStatus

VIEW, EDIT = "policies.view", "policies.edit"


def _choice(choices, **kwargs):
    return serializers.ChoiceField(choices=choices, **kwargs)


def _raise(exc: DjangoValidationError):
    raise ValidationError({"detail": exc.messages})


class PolicyVersionSerializer(serializers.ModelSerializer):
    status = _choice(VersionStatus.choices, read_only=True)
    adopted_by = _choice(Body.choices, read_only=True, allow_blank=True)

    class Meta:
        model = PolicyVersion
        fields = ["uuid", "number", "summary", "status", "file_name", "content_type", "size", "sha256", "adopted_by",
                  "adopted_on", "decision_reference", "next_review_date", "ended_on", "source", "created_at"]
        read_only_fields = fields


class PolicyNormSerializer(serializers.ModelSerializer):
    requirement_urn = serializers.CharField(source="requirement.urn", read_only=True)
    ref_id = serializers.CharField(source="requirement.ref_id", read_only=True)
    framework_urn = serializers.CharField(source="requirement.framework.urn", read_only=True)

    class Meta:
        model = NormLink
        fields = ["requirement", "requirement_urn", "ref_id", "framework_urn", "created_at"]
        read_only_fields = fields


class PolicyReviewSerializer(serializers.ModelSerializer):
    outcome = _choice(Outcome.choices, read_only=True)
    new_version = serializers.UUIDField(source="new_version.uuid", read_only=True, allow_null=True)

    class Meta:
        model = Review
        fields = ["uuid", "outcome", "decided_on", "decided_by", "note", "next_review_date", "new_version",
                  "recorded_at"]
        read_only_fields = fields


class PolicyDocumentSerializer(serializers.ModelSerializer):
    kind = _choice(Kind.choices, read_only=True)
    adopting_body = _choice(Body.choices, read_only=True)
    scope = _choice(Scope.choices, read_only=True)
    owner = serializers.CharField(source="owner.username", read_only=True)
    municipalities = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    version_in_force = serializers.SerializerMethodField()

    class Meta:
        model = PolicyDocument
        fields = ["uuid", "title", "kind", "owner", "adopting_body", "scope", "municipalities",
                  "review_interval_months", "next_review_date", "last_reviewed_on", "publish", "withdrawn_on",
                  "state", "version_in_force"]
        read_only_fields = fields

    def get_municipalities(self, obj) -> list[str]:
        return [m.name for m in obj.municipalities.all()]

    @extend_schema_field({"type": "string", "enum": ["current", "overdue", "never_adopted", "withdrawn"]})
    def get_state(self, obj) -> str:
        return services.state(obj)

    @extend_schema_field(PolicyVersionSerializer(allow_null=True))
    def get_version_in_force(self, obj):
        version = services.in_force(obj)
        return PolicyVersionSerializer(version).data if version else None


class PolicyDocumentCreateSerializer(SaneInputMixin, serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = _choice(Kind.choices)
    owner = serializers.CharField(max_length=150, help_text="Gebruikersnaam van de eigenaar.")
    adopting_body = _choice(Body.choices)
    scope = _choice(Scope.choices, required=False, default=Scope.ORGANISATION)
    review_interval_months = serializers.IntegerField(min_value=1, max_value=120, required=False, default=24)
    publish = serializers.BooleanField(required=False, default=False)


class AdoptionInputMixin(serializers.Serializer):
    adopted_by = _choice(Body.choices, required=False, allow_blank=True, default="")
    adopted_on = serializers.DateField(required=False, allow_null=True, default=None)
    decision_reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    next_review_date = serializers.DateField(required=False, allow_null=True, default=None)


class PolicyVersionInputSerializer(SaneInputMixin, AdoptionInputMixin):
    file_name = serializers.CharField(max_length=200)
    content = serializers.CharField(help_text="De inhoud van het bestand, base64-gecodeerd (PDF, DOCX of ODT).")
    summary = serializers.CharField(max_length=5000)
    source = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class PolicyVersionMultipartSerializer(SaneInputMixin, AdoptionInputMixin):
    file = serializers.FileField()
    summary = serializers.CharField(max_length=5000)
    source = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class PolicyReviewInputSerializer(SaneInputMixin, serializers.Serializer):
    outcome = _choice(Outcome.choices, help_text="Bij 'herzien' hoort het bestand van de nieuwe, vastgestelde versie "
                                                 "(file_name en content, of multipart file) met orgaan en kenmerk.")
    decided_on = serializers.DateField()
    decided_by = serializers.CharField(max_length=200)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    next_review_date = serializers.DateField(required=False, allow_null=True, default=None)
    successor = serializers.UUIDField(required=False, allow_null=True, default=None)
    confirm = serializers.BooleanField(required=False, default=False,
                                       help_text="Bevestig het intrekken van de enige geldende versie zonder opvolger.")
    # The new version of a "revised" review (as POST versies); ignored for no other outcome: refused.
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="",
                                    help_text="Samenvatting van de wijzigingen (standaard de toelichting).")
    adopted_by = _choice(Body.choices, required=False, allow_blank=True, default="")
    adopted_on = serializers.DateField(required=False, allow_null=True, default=None,
                                       help_text="Datum van vaststelling (standaard de datum van het besluit).")
    decision_reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class PolicyReviewJsonInputSerializer(PolicyReviewInputSerializer):
    file_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    content = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="Bij 'herzien': het bestand van de nieuwe versie, base64-gecodeerd.")


class PolicyReviewMultipartSerializer(PolicyReviewInputSerializer):
    file = serializers.FileField(required=False, allow_null=True, default=None,
                                 help_text="Bij 'herzien': het bestand van de nieuwe versie.")


_VERSION_FIELDS = ("file_name", "content", "file", "summary", "adopted_by", "adopted_on", "decision_reference")


def _review_upload(serializer, multipart: bool):
    """The new version's file of a "revised" review, or None; version data with another outcome is refused."""
    data = serializer.validated_data
    if data["outcome"] != Outcome.REVISED:
        given = [name for name in _VERSION_FIELDS if data.get(name)]
        if given:
            raise ValidationError({given[0]: ["Een nieuwe versie hoort alleen bij de uitkomst 'herzien'."]})
        return None
    if multipart:
        upload = data.get("file")
        if upload is None:
            raise ValidationError({"file": ["Bij 'herzien' hoort een nieuwe versie: voeg het bestand toe."]})
        return upload
    if not data.get("content") or not data.get("file_name", "").strip():
        raise ValidationError({"content": ["Bij 'herzien' hoort een nieuwe versie: geef file_name en content "
                                           "(base64) van het bestand."]})
    try:
        content = base64.b64decode(data["content"], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError({"content": ["Geen geldige base64-inhoud."]}) from exc
    return SimpleUploadedFile(data["file_name"].strip(), content)


class PolicyNormInputSerializer(serializers.Serializer):
    requirement = serializers.IntegerField(min_value=1, max_value=2_147_483_647)


class PolicyDocumentViewSet(OrganisationScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Policy documents with their state, versions, reviews and links to norms."""

    required_permissions = {"list": VIEW, "retrieve": VIEW, "create": EDIT, "versions": VIEW, "add_version": EDIT,
                            "reviews": VIEW, "add_review": EDIT, "norms": VIEW, "add_norm": EDIT}
    queryset = PolicyDocument.objects.select_related("owner").prefetch_related("versions", "reviews",
                                                                               "municipalities")
    serializer_class = PolicyDocumentSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN

    @extend_schema(request=PolicyDocumentCreateSerializer, responses={201: PolicyDocumentSerializer})
    def create(self, request):
        serializer = PolicyDocumentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organisation = request.user.organisation
        owner = User.objects.filter(organisation=organisation, username=data.pop("owner")).first()
        if owner is None:
            raise ValidationError({"owner": ["Onbekende gebruiker in uw organisatie."]})
        try:
            document = services.save_document(organisation, owner=owner, **data)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(PolicyDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=PolicyVersionSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="versies", pagination_class=None)
    def versions(self, request, uuid=None):
        document = self.get_object()
        return Response(PolicyVersionSerializer(document.versions.order_by("-number"), many=True).data)

    @extend_schema(request={"application/json": PolicyVersionInputSerializer,
                            "multipart/form-data": PolicyVersionMultipartSerializer},
                   responses={201: PolicyVersionSerializer})
    @versions.mapping.post
    def add_version(self, request, uuid=None):
        """Register a new version (a DMS pushes it here); with an adoption it comes into force at once."""
        document = self.get_object()
        if request.content_type.startswith("multipart/"):
            serializer = PolicyVersionMultipartSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            upload = serializer.validated_data["file"]
        else:
            serializer = PolicyVersionInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            try:
                content = base64.b64decode(serializer.validated_data["content"], validate=True)
            except (binascii.Error, ValueError) as exc:
                raise ValidationError({"content": ["Geen geldige base64-inhoud."]}) from exc
            upload = SimpleUploadedFile(serializer.validated_data["file_name"], content)
        data = serializer.validated_data
        try:
            version = services.add_version(document, request.user, upload, data["summary"],
                                           adopted_by=data["adopted_by"], adopted_on=data["adopted_on"],
                                           decision_reference=data["decision_reference"],
                                           next_review_date=data["next_review_date"],
                                           source=data["source"] or str(request.user))
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(PolicyVersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=PolicyReviewSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="herbeoordelingen", pagination_class=None)
    def reviews(self, request, uuid=None):
        document = self.get_object()
        return Response(PolicyReviewSerializer(document.reviews.select_related("new_version"), many=True).data)

    @extend_schema(request={"application/json": PolicyReviewJsonInputSerializer,
                            "multipart/form-data": PolicyReviewMultipartSerializer},
                   responses={201: PolicyReviewSerializer})
    @reviews.mapping.post
    def add_review(self, request, uuid=None):
        """Record a review; "revised" carries the new version's file and adoption, as on the page."""
        document = self.get_object()
        multipart = request.content_type.startswith("multipart/")
        serializer = (PolicyReviewMultipartSerializer if multipart else PolicyReviewJsonInputSerializer)(
            data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = _review_upload(serializer, multipart)
        successor = None
        if data["successor"]:
            successor = PolicyDocument.objects.filter(organisation=request.user.organisation,
                                                      uuid=data["successor"]).first()
            if successor is None:
                raise ValidationError({"successor": ["Onbekend document in uw organisatie."]})
        try:
            review = services.record_review(document, request.user, data["outcome"], data["decided_on"],
                                            data["decided_by"], data["note"], next_review_date=data["next_review_date"],
                                            successor=successor, confirm=data["confirm"], upload=upload,
                                            summary=data["summary"] or data["note"], adopted_by=data["adopted_by"],
                                            adopted_on=data["adopted_on"],
                                            decision_reference=data["decision_reference"])
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(PolicyReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=PolicyNormSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="normen", pagination_class=None)
    def norms(self, request, uuid=None):
        document = self.get_object()
        links = document.norm_links.select_related("requirement__framework")
        return Response(PolicyNormSerializer(links, many=True).data)

    @extend_schema(request=PolicyNormInputSerializer, responses={201: PolicyNormSerializer})
    @norms.mapping.post
    def add_norm(self, request, uuid=None):
        from privacyregie.compliance.models import Requirement

        document = self.get_object()
        serializer = PolicyNormInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        requirement = Requirement.objects.select_related("framework").filter(
            pk=serializer.validated_data["requirement"]).first()
        if requirement is None:
            raise ValidationError({"requirement": ["Onbekende norm."]})
        try:
            link = services.link_norm(document, requirement)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(PolicyNormSerializer(link).data, status=status.HTTP_201_CREATED)


def register(router):
    router.register("beleidsdocumenten", PolicyDocumentViewSet, basename="policy-document")
