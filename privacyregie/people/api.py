"""REST API of training and attestations under /api/v1/mensen/.

* ``POST mensen/trainingen/import``: an e-learning export (CSV/XLSX, multipart ``bestand``) with
  ``proef`` true (dry run: 200 with the report, ``ok`` false when a row is wrong; nothing written) or
  false (import: all rows or nothing; any bad row, such as an unknown employee, gives a 400 problem
  with every row error and nothing is imported). ``people.manage_training``.
* ``GET mensen/verklaringen``: attestation status per user: one's own; every employee and external
  user of the organisation for the privacy officer and functional administrator.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from privacyregie.api.parsers import GuardedMultiPartParser
from privacyregie.core.access import has_permission

from . import importing, services


class ImportRequestSerializer(serializers.Serializer):
    bestand = serializers.FileField(help_text="De export van het e-learningplatform (.csv of .xlsx).")
    proef = serializers.BooleanField(default=True, help_text="true: alleen controleren (proefimport); false: "
                                                             "importeren als geen enkele regel een fout heeft.")


class ImportRowSerializer(serializers.Serializer):
    rij = serializers.IntegerField(source="line")
    medewerker = serializers.CharField(source="user")
    training = serializers.CharField(source="course")
    datum = serializers.CharField(source="date")
    actie = serializers.CharField(source="action", help_text="'nieuw' of 'al bekend'; leeg bij een fout.")
    fouten = serializers.ListField(child=serializers.CharField(), source="errors")


class ImportReportSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    geimporteerd = serializers.IntegerField()
    bestandsfouten = serializers.ListField(child=serializers.CharField())
    regels = ImportRowSerializer(many=True)


def _report(report, imported=0) -> dict:
    return ImportReportSerializer({"ok": report.ok, "geimporteerd": imported, "bestandsfouten": report.file_errors,
                                   "regels": report.rows}).data


class TrainingImportView(APIView):
    """Import completed trainings from an e-learning export: dry run, then all rows or nothing."""

    required_permissions = "people.manage_training"
    parser_classes = [GuardedMultiPartParser]

    @extend_schema(request={"multipart/form-data": ImportRequestSerializer},
                   responses={200: ImportReportSerializer, 201: ImportReportSerializer},
                   operation_id="people_training_import")
    def post(self, request):
        serializer = ImportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = request.user.organisation
        report = importing.parse(organisation, serializer.validated_data["bestand"])
        if serializer.validated_data["proef"]:
            return Response(_report(report), status=status.HTTP_200_OK)
        if not report.ok:
            errors = report.file_errors + [e for row in report.invalid for e in row.errors]
            raise ValidationError({"bestand": errors or [_("Het bestand bevat geen regels.")]})
        try:
            added = importing.apply(organisation, report, user=request.user if request.user.pk else None)
        except DjangoValidationError as exc:
            raise ValidationError({"non_field_errors": exc.messages}) from exc
        return Response(_report(report, added), status=status.HTTP_201_CREATED)


class AttestationSerializer(serializers.Serializer):
    soort = serializers.CharField(source="key", help_text="code_of_conduct, oath, integrity, vog of confidentiality")
    naam = serializers.CharField(source="label")
    verplicht = serializers.BooleanField(source="required")
    gegeven = serializers.BooleanField(source="given")
    datum = serializers.SerializerMethodField()
    toelichting = serializers.CharField(source="detail")

    def get_datum(self, obj) -> str | None:
        return obj.date.isoformat() if obj.date else None


class UserAttestationsSerializer(serializers.Serializer):
    gebruikersnaam = serializers.CharField()
    naam = serializers.CharField()
    openstaand = serializers.IntegerField(help_text="Verplichte verklaringen die nog niet gegeven zijn.")
    verklaringen = AttestationSerializer(many=True)


def _user_row(user) -> dict:
    items = services.attestation_status(user)
    return {"gebruikersnaam": user.username, "naam": user.get_full_name() or user.username,
            "openstaand": sum(1 for a in items if a.outstanding), "verklaringen": items}


class AttestationStatusView(APIView):
    """Attestation status: one's own, or everyone's for the privacy officer / functional administrator."""

    required_permissions = "core.use_app"
    requires_end_user = True

    @extend_schema(parameters=[OpenApiParameter("gebruiker", str, description="Alleen deze gebruikersnaam.")],
                   responses={200: UserAttestationsSerializer(many=True)}, operation_id="people_attestations")
    def get(self, request):
        from privacyregie.core.models import User
        from privacyregie.core.roles import EXTERNAL_ROLES

        user = request.user
        if has_permission(user, "people.manage_training"):
            users = User.objects.filter(organisation=user.organisation, is_active=True).filter(
                pk__in=services.employees(user.organisation).values("pk")) | User.objects.filter(
                organisation=user.organisation, is_active=True, role_assignments__role__in=list(EXTERNAL_ROLES))
            users = users.distinct().order_by("username")
        else:
            users = User.objects.filter(pk=user.pk)
        wanted = request.query_params.get("gebruiker")
        if wanted:
            users = users.filter(username=wanted[:150])
        return Response(UserAttestationsSerializer([_user_row(u) for u in users], many=True).data)


urlpatterns = [
    path("mensen/trainingen/import", TrainingImportView.as_view(), name="people-training-import"),
    path("mensen/verklaringen", AttestationStatusView.as_view(), name="people-attestations"),
]
