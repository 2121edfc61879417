"""REST API of the case files under /api/v1/: residents, cases and case memberships.

Residents, cases and their contents are addressed and represented by their public id
(UUID, ``core.identifiers``); the integer primary key never leaves the server.

The same rules as the pages: lists come from ``Case.objects.visible_to(user)``; opening a
case or resident passes the privacy kernel and is logged exactly like in the browser; the
services raise the same Dutch validation messages. A resident that is not visible is a
404, the same answer as a resident that does not exist (no enumeration).
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from privacyregie.api.permissions import check_end_user, required_permission
from privacyregie.api.serializers import SaneInputMixin
from privacyregie.core.bsn import serializer_field as bsn_field
from privacyregie.core.choices import choice_label
from privacyregie.core.identifiers import UUID_PATTERN
from privacyregie.core.models import Domain, Team
from privacyregie.kernel.policy import Purpose
from privacyregie.kernel.services import AccessDenied

from . import services
from .models import (
    Case,
    CaseDocument,
    CaseMembership,
    CaseNote,
    CaseResident,
    Confidentiality,
    Consent,
    Resident,
)

WORK = "dossiers.work_cases"
LEAD = "dossiers.lead_team"
WORK_OR_LEAD = (WORK, LEAD)


class HasAnyPermission(BasePermission):
    """Like the default permission, but an action may name a tuple: any one of them suffices."""

    message = gettext_lazy("U heeft niet de bevoegdheid voor deze handeling.")

    def has_permission(self, request, view):
        if not getattr(request.user, "is_authenticated", False):
            return False
        needed = required_permission(view, request)
        if needed is None:
            return False
        options = needed if isinstance(needed, tuple) else (needed,)
        if not any(p in request.user.privacy_permissions for p in options):
            return False
        check_end_user(view, request)
        return True


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented as a string listing its values (no colliding enum names)."""
    values = ", ".join(repr(v) for v, _label in choices)
    field_class = extend_schema_field({"type": "string", "description": f"Een van: {values}"})(
        type("DossiersChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


def _raise(exc: DjangoValidationError):
    if not hasattr(exc, "error_dict"):
        raise ValidationError({"non_field_errors": exc.messages})
    raise ValidationError({("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()})


def public_id():
    """The ``id`` of an object holding residents' data: its UUID, never the sequential key."""
    return serializers.UUIDField(source="uuid", read_only=True)


class ResidentSerializer(serializers.ModelSerializer):
    id = public_id()

    class Meta:
        model = Resident
        fields = ["id", "bsn", "first_name", "last_name", "date_of_birth", "address", "postal_code", "city",
                  "phone", "email"]


class CaseResidentSerializer(serializers.ModelSerializer):
    resident = ResidentSerializer()

    class Meta:
        model = CaseResident
        fields = ["resident", "role"]


class MembershipSerializer(SaneInputMixin, serializers.ModelSerializer):
    id = public_id()
    case = serializers.UUIDField(source="case.uuid", help_text="De publieke id (UUID) van de casus.")
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = CaseMembership
        fields = ["id", "case", "user", "username", "role", "assigned_at"]
        read_only_fields = ["assigned_at"]


class CaseSerializer(serializers.ModelSerializer):
    """Case metadata; ``residents`` only for members (and break-the-glass), never for a team lead."""

    id = public_id()
    team_name = serializers.CharField(source="team.name", read_only=True)
    confidentiality_label = serializers.CharField(source="get_confidentiality_display", read_only=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "title", "team", "team_name", "domain", "status", "confidentiality",
                  "confidentiality_label", "processing_activity", "statutory_basis", "opened_on"]


class NoteSerializer(serializers.ModelSerializer):
    id = public_id()
    author = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = CaseNote
        fields = ["id", "author", "created_at", "text"]


class DocumentSerializer(serializers.ModelSerializer):
    id = public_id()

    class Meta:
        model = CaseDocument
        fields = ["id", "title", "file_name", "content_type", "size", "sha256", "uploaded_at"]


class ConsentSerializer(serializers.ModelSerializer):
    id = public_id()
    resident = serializers.UUIDField(source="resident.uuid", read_only=True)
    partners = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Consent
        fields = ["id", "resident", "form", "purpose", "scope", "partners", "recipient_note", "data_categories",
                  "given_on", "valid_from", "valid_until", "conversation", "withdrawn_at", "withdrawal_form"]


class CaseDetailSerializer(CaseSerializer):
    """A case with its contents: only ever serialised after the kernel allowed (and logged) the read."""

    residents = CaseResidentSerializer(source="case_residents", many=True, read_only=True)
    members = serializers.SerializerMethodField()
    notes = NoteSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    consents = ConsentSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "residents", "members", "notes", "documents", "consents"]

    @extend_schema_field(MembershipSerializer(many=True))
    def get_members(self, case):
        return MembershipSerializer(case.memberships.filter(revoked_at__isnull=True).select_related("user", "case"),
                                    many=True).data


class NewResidentSerializer(SaneInputMixin, serializers.Serializer):
    past_date_fields = ("date_of_birth",)
    bsn = bsn_field(help_text="BSN: 9 cijfers die voldoen aan de elfproef, eventueel met spaties, punten of "
                              "streepjes ertussen; letters worden geweigerd, nooit weggelaten.")
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=150)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    role = choice(CaseResident.Role.choices, default=CaseResident.Role.CLIENT)


class CaseCreateSerializer(SaneInputMixin, serializers.Serializer):
    team = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(max_length=200)
    domain = choice(Domain.choices)
    confidentiality = choice(Confidentiality.choices, default=Confidentiality.CONFIDENTIAL)
    processing_activity = serializers.CharField(max_length=200)
    statutory_basis = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    residents = NewResidentSerializer(many=True)

    def validate_residents(self, value):
        if not value:
            raise ValidationError(_("Een casus heeft ten minste één inwoner."))
        return value


# --- the case detail as plain values ----------------------------------------------------------------
# ``GET /cases/{id}`` is the API's most-read answer. It is built from the rows of this request by the
# functions below, not by the nested ModelSerializers above: those rebuild their fields (model
# introspection, translated labels) for every nested instance and cost more than the queries. The
# serializers stay the documented schema (``extend_schema`` on ``retrieve``) and the reference: a test
# compares both answers for a case with everything in it. A field added to a serializer needs its line
# here too (that test fails until it has one).

_DATETIME = serializers.DateTimeField()  # DRF's own formatting: the current time zone, ISO 8601


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _datetime(value) -> str | None:
    return _DATETIME.to_representation(value)


def case_representation(case: Case) -> dict:
    """What ``CaseSerializer`` shows: the case's metadata (also for a team lead)."""
    return {
        "id": str(case.uuid), "reference": case.reference, "title": case.title, "team": case.team_id,
        "team_name": case.team.name, "domain": case.domain, "status": case.status,
        "confidentiality": case.confidentiality, "confidentiality_label": choice_label(case, "confidentiality"),
        "processing_activity": case.processing_activity, "statutory_basis": case.statutory_basis,
        "opened_on": _date(case.opened_on),
    }


def membership_representation(membership: CaseMembership, case: Case) -> dict:
    """What ``MembershipSerializer`` shows, for a membership (with ``user``) of ``case``."""
    return {"id": str(membership.uuid), "case": str(case.uuid), "user": membership.user_id,
            "username": membership.user.username, "role": membership.role,
            "assigned_at": _datetime(membership.assigned_at)}


def _resident(link: CaseResident) -> dict:
    r = link.resident
    return {"resident": {"id": str(r.uuid), "bsn": r.bsn, "first_name": r.first_name, "last_name": r.last_name,
                         "date_of_birth": _date(r.date_of_birth), "address": r.address,
                         "postal_code": r.postal_code, "city": r.city, "phone": r.phone, "email": r.email},
            "role": link.role}


def case_contents(case: Case) -> dict:
    """The contents ``CaseDetailSerializer`` adds, for a case whose rows are remembered (``remember_rows``).

    Only after the kernel allowed (and logged) the read. Residents and members come from the
    remembered rows; notes, documents and consents (with their partners' names) are one prepared query each
    (``services.case_content_rows``), their columns only (no model instances).
    """
    note_rows, document_rows, consent_rows = services.case_content_rows(case)
    notes = [{"id": str(uuid), "author": author, "created_at": _datetime(created_at), "text": text}
             for uuid, author, created_at, text in note_rows]
    documents = [{"id": str(uuid), "title": title, "file_name": file_name, "content_type": content_type,
                  "size": size, "sha256": sha256, "uploaded_at": _datetime(uploaded_at)}
                 for uuid, title, file_name, content_type, size, sha256, uploaded_at in document_rows]
    consents = {}  # by primary key, in the consents' order; one row per consent and partner (or none)
    for row in consent_rows:
        (pk, uuid, resident, form, purpose, scope, recipient_note, data_categories, given_on, valid_from,
         valid_until, conversation, withdrawn_at, withdrawal_form, partner) = row
        if pk not in consents:
            consents[pk] = {
                "id": str(uuid), "resident": str(resident), "form": form, "purpose": purpose, "scope": scope,
                "partners": [], "recipient_note": recipient_note, "data_categories": data_categories,
                "given_on": _date(given_on), "valid_from": _date(valid_from), "valid_until": _date(valid_until),
                "conversation": conversation, "withdrawn_at": _datetime(withdrawn_at),
                "withdrawal_form": withdrawal_form}
        if partner is not None:
            consents[pk]["partners"].append(partner)
    return {
        "residents": [_resident(link) for link in case.remembered_residents],
        "members": [membership_representation(m, case) for m in case.remembered_members],
        "notes": notes, "documents": documents, "consents": list(consents.values()),
    }


def _purpose(request):
    purpose = request.query_params.get("purpose")
    if purpose and purpose not in Purpose.values:
        raise ValidationError({"purpose": [_("Onbekend doel. Kies een doel uit de lijst: %(list)s")
                                           % {"list": ", ".join(Purpose.values)}]})
    return purpose


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Cases visible to the caller (need-to-know). Reading one case is logged by the kernel."""

    permission_classes = [HasAnyPermission]
    requires_end_user = True  # need-to-know is a person's: an application alone gets 403
    required_permissions = {"list": WORK_OR_LEAD, "retrieve": WORK_OR_LEAD, "create": WORK}
    serializer_class = CaseSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN
    filterset_fields = ["domain", "status", "team"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return Case.objects.visible_to(self.request.user).select_related("team").order_by("-opened_on", "reference")

    def get_serializer_class(self):
        if self.action == "create":
            return CaseCreateSerializer
        return CaseSerializer

    @extend_schema(responses=CaseDetailSerializer,
                   parameters=[OpenApiParameter("purpose", str, description="Doel van de raadpleging (optioneel)")])
    def retrieve(self, request, *args, **kwargs):
        purpose = _purpose(request)
        try:
            # the case page's single query: it also brings the policy's register version, the user's
            # break-the-glass access and the restriction check's answer (one query instead of four)
            case = services.get_case_for_page(request.user, kwargs["uuid"])
        except (Case.DoesNotExist, ValueError) as exc:
            raise NotFound from exc
        case.remember_rows()  # residents and members once, for the policy, the restriction check and the answer
        decision, contents = services.open_case(request, case, purpose=purpose)
        data = case_representation(case)
        if contents:
            data.update(case_contents(case))
            data["legal_basis"] = decision.legal_basis
        else:  # metadata and who works on it, never the residents
            data["legal_basis"] = decision.legal_basis
            data["members"] = [membership_representation(m, case) for m in case.remembered_members]
        return Response(data)

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        team = Team.objects.filter(pk=data.get("team"), organisation_id=request.user.organisation_id).first() \
            if data.get("team") else None
        try:
            case = services.create_case(
                request, team=team, title=data["title"], domain=data["domain"],
                confidentiality=data["confidentiality"], processing_activity=data["processing_activity"],
                statutory_basis=data["statutory_basis"], residents=[dict(r) for r in data["residents"]])
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(CaseDetailSerializer(case).data, status=status.HTTP_201_CREATED)


class ResidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Residents in the caller's cases: search with ``q`` (BSN or name); each result is logged."""

    permission_classes = [HasAnyPermission]
    requires_end_user = True  # need-to-know is a person's: an application alone gets 403
    required_permissions = WORK
    serializer_class = ResidentSerializer
    pagination_class = None
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Resident.objects.none()
        return services.search_residents(self.request.user, self.request.query_params.get("q", ""))

    @extend_schema(parameters=[OpenApiParameter("q", str, description=(
        "BSN of naam (minimaal 2 tekens). Een zoekterm met een cijfer is een BSN: 9 cijfers met de elfproef, "
        "eventueel met spaties, punten of streepjes ertussen; een ongeldig BSN geeft 400."))])
    def list(self, request, *args, **kwargs):
        try:
            found = self.get_queryset()[:50]
        except DjangoValidationError as exc:
            raise ValidationError({"q": exc.messages}) from exc
        shown = services.log_search_results(request, found)
        return Response(ResidentSerializer(shown, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        # One query for "missing" and "another organisation's": the same answer on the same path.
        resident = Resident.objects.filter(uuid=kwargs["uuid"], organisation_id=request.user.organisation_id).first()
        if resident is None:
            raise NotFound
        try:
            services.log_search_results(request, [resident])
        except AccessDenied as exc:
            raise NotFound from exc  # "not yours" looks exactly like "does not exist"
        return Response(ResidentSerializer(resident).data)


class MembershipFilter(django_filters.FilterSet):
    case = django_filters.UUIDFilter(field_name="case__uuid", help_text="De publieke id (UUID) van de casus.")

    class Meta:
        model = CaseMembership
        fields = ["case"]


class MembershipViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Who works on which visible case; team leads assign colleagues of their team."""

    permission_classes = [HasAnyPermission]
    requires_end_user = True  # need-to-know is a person's: an application alone gets 403
    required_permissions = {"list": WORK_OR_LEAD, "create": LEAD}
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CaseMembership.objects.none()
        return (CaseMembership.objects.filter(case__in=Case.objects.visible_to(self.request.user),
                                              revoked_at__isnull=True)
                .select_related("user", "case").order_by("case_id", "id"))

    def create(self, request, *args, **kwargs):
        serializer = MembershipSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = Case.objects.visible_to(request.user).filter(uuid=data["case"]["uuid"]).first()
        if case is None:
            raise ValidationError({"case": [_("Deze casus bestaat niet of is niet voor u beschikbaar.")]})
        member = data["user"]
        if member.organisation_id != request.user.organisation_id:
            raise ValidationError({"user": [_("Alleen medewerkers van de eigen organisatie kunnen aan een casus "
                                              "worden toegevoegd.")]})
        try:
            membership = services.assign_member(request, case, member, data.get("role", CaseMembership.Role.INVOLVED))
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


def register(router):
    router.register("cases", CaseViewSet, basename="case")
    router.register("residents", ResidentViewSet, basename="resident")
    router.register("case-memberships", MembershipViewSet, basename="case-membership")
