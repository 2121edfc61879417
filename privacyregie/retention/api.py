"""API of retention: the Selectielijst (read), the retention rules per processing activity (read with
register.view, write with register.edit) and a case's outcome (through the privacy kernel, like the page).
The destruction lists (``destruction_api``) register themselves at the end of ``register``."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from privacyregie.api.serializers import SaneInputMixin
from privacyregie.core.identifiers import UUID_PATTERN
from privacyregie.register.models import ProcessingActivity

from . import services
from .models import CaseOutcome, CaseRetention, SelectionList, SelectionResult
from .rules import result_in_words, term_in_words

VIEW, EDIT, WORK = "register.view", "register.edit", "dossiers.work_cases"


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice documented as a string listing its values (no colliding OpenAPI enum names)."""
    values = ", ".join(repr(v) for v, _label in choices)
    field_class = extend_schema_field({"type": "string", "description": f"Een van: {values}"})(
        type("RetentionChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


def _raise(exc: DjangoValidationError):
    if not hasattr(exc, "error_dict"):
        raise ValidationError({"non_field_errors": exc.messages})
    raise ValidationError({("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()})


class SelectionListSerializer(serializers.ModelSerializer):
    class Meta:
        model = SelectionList
        fields = ["id", "name", "year", "source", "imported_at"]


class ResultSerializer(serializers.ModelSerializer):
    process_type = serializers.IntegerField(source="process_type.number", read_only=True,
                                            help_text="Nummer van het procestype.")
    valuation = serializers.CharField(read_only=True, help_text="vernietigen, blijvend_bewaren of leeg (vervallen)")
    retention_term = serializers.CharField(read_only=True, help_text="ISO 8601-duur zoals in de bron (P20Y); "
                                                                     "leeg als de bron geen termijn noemt.")
    term_in_words = serializers.SerializerMethodField()
    in_words = serializers.SerializerMethodField()
    withdrawn = serializers.BooleanField(read_only=True)

    class Meta:
        model = SelectionResult
        fields = ["id", "full_number", "process_type", "name", "description", "explanation", "valuation",
                  "retention_term", "process_term", "term_in_words", "in_words", "social_domain", "withdrawn"]

    def get_term_in_words(self, obj) -> str:
        return term_in_words(obj)

    def get_in_words(self, obj) -> str:
        return result_in_words(obj)


class SelectionListViewSet(viewsets.ReadOnlyModelViewSet):
    """The imported editions of the Selectielijst (e.g. 2020)."""

    queryset = SelectionList.objects.order_by("-year")
    serializer_class = SelectionListSerializer
    required_permissions = VIEW


class SelectionResultViewSet(viewsets.ReadOnlyModelViewSet):
    """The results of the list in use, with their term in words ('20 jaar na afsluiting')."""

    serializer_class = ResultSerializer
    required_permissions = VIEW

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SelectionResult.objects.none()
        current = services.current_selection_list()
        if current is None:
            return SelectionResult.objects.none()
        queryset = current.results.select_related("process_type").order_by("process_type__number", "id")
        params = self.request.query_params
        number = params.get("process_type")
        if number is not None:
            if not number.isdigit() or len(number) > 3:
                raise ValidationError({"process_type": [_("Geef het nummer van een procestype (1–29).")]})
            queryset = queryset.filter(process_type__number=int(number))
        social = params.get("social_domain")
        if social is not None:
            if social not in ("true", "false"):
                raise ValidationError({"social_domain": [_("Gebruik true of false.")]})
            queryset = queryset.filter(social_domain=social == "true")
        return queryset

    @extend_schema(parameters=[
        OpenApiParameter("process_type", int, description="Alleen resultaten van dit procestype (nummer)."),
        OpenApiParameter("social_domain", bool, description="Alleen (true) of zonder (false) het sociaal domein."),
    ])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class RuleSerializer(serializers.Serializer):
    outcome = serializers.CharField(help_text="verstrekt, geweigerd, ingetrokken of anders")
    result = serializers.CharField(source="result.full_number", help_text="Resultaatnummer, bijvoorbeeld 8.1.2")
    in_words = serializers.CharField(help_text="Bijvoorbeeld '8.1.2 Verstrekt (…) — 20 jaar na afsluiting'")
    start_event = serializers.CharField()


class ActivityRulesSerializer(serializers.Serializer):
    activity = serializers.IntegerField()
    activity_name = serializers.CharField()
    version = serializers.IntegerField(help_text="Versienummer van de verwerking waarvoor de regels gelden.")
    version_id = serializers.UUIDField()
    rules = RuleSerializer(many=True)


class RuleInputSerializer(SaneInputMixin, serializers.Serializer):
    outcome = choice(CaseOutcome.choices)
    result = serializers.CharField(max_length=20, help_text="Resultaatnummer uit de selectielijst, bijv. 8.1.2")


class RulesInputSerializer(SaneInputMixin, serializers.Serializer):
    rules = RuleInputSerializer(many=True, help_text="Per uitkomst het resultaat; niet genoemde uitkomsten "
                                                     "krijgen geen resultaat.")
    start_event = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate_rules(self, value):
        outcomes = [row["outcome"] for row in value]
        if len(outcomes) != len(set(outcomes)):
            raise serializers.ValidationError(_("Noem elke uitkomst hoogstens één keer."))
        return value


def _rules_data(activity):
    return ActivityRulesSerializer(_rules(activity)).data


def _rules(activity):
    version = activity.current
    rules = services.rules_for(version) if version else {}
    return {"activity": activity.pk, "activity_name": activity.name, "version": version.number if version else 0,
            "version_id": version.version_id if version else None,
            "rules": [{"outcome": outcome, "result": {"full_number": rule.result.full_number},
                       "in_words": result_in_words(rule.result), "start_event": rule.start_event}
                      for outcome in CaseOutcome.values if (rule := rules.get(outcome))]}


class RetentionRuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                           viewsets.GenericViewSet):
    """Retention rules per processing activity (``id`` of the activity): the Selectielijst result per case
    outcome for the version in the register. Writing replaces the rules of that version."""

    serializer_class = ActivityRulesSerializer
    required_permissions = {"list": VIEW, "retrieve": VIEW, "update": EDIT}
    http_method_names = ["get", "put", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProcessingActivity.objects.none()
        return (ProcessingActivity.objects.filter(organisation_id=self.request.user.organisation_id,
                                                  versions__isnull=False).distinct().order_by("name"))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([_rules_data(a) for a in page])

    def retrieve(self, request, *args, **kwargs):
        return Response(_rules_data(self.get_object()))

    @extend_schema(request=RulesInputSerializer, responses={200: ActivityRulesSerializer})
    def update(self, request, *args, **kwargs):
        activity = self.get_object()
        serializer = RulesInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        current = services.current_selection_list()
        if current is None:
            raise ValidationError({"rules": [_("Er is nog geen selectielijst geladen.")]})
        by_number = {r.full_number: r for r in current.results.filter(
            full_number__in=[row["result"] for row in data["rules"]])}
        results = {outcome: None for outcome in CaseOutcome.values}
        for row in data["rules"]:
            result = by_number.get(row["result"].strip())
            if result is None:
                raise ValidationError({"rules": [_("Resultaat %(n)s staat niet in de selectielijst.")
                                                 % {"n": row["result"]}]})
            results[row["outcome"]] = result
        try:
            services.set_rules(activity.current, results, user=request.user, start_event=data["start_event"])
        except DjangoValidationError as exc:
            raise ValidationError({"rules": exc.messages}) from exc
        return Response(_rules_data(activity))


class BriefResultSerializer(serializers.Serializer):
    full_number = serializers.CharField()
    in_words = serializers.CharField()


class CaseRetentionSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    outcome = serializers.CharField(allow_blank=True, help_text="Leeg zolang er geen uitkomst is vastgelegd.")
    term_starts_on = serializers.DateField(allow_null=True)
    result = BriefResultSerializer(allow_null=True)
    term_ends_on = serializers.DateField(allow_null=True, help_text="Laatste dag van de termijn; leeg bij blijvend "
                                                                   "bewaren of onbekende termijn.")
    permanent = serializers.BooleanField()


class CaseOutcomeInputSerializer(SaneInputMixin, serializers.Serializer):
    outcome = choice(CaseOutcome.choices)
    term_starts_on = serializers.DateField()


def _case_data(case):
    info = services.retention_of(case)
    return CaseRetentionSerializer({"case": case.uuid, "outcome": info.outcome if info else "",
            "term_starts_on": info.term_starts_on if info else None,
            "result": {"full_number": info.result.full_number, "in_words": result_in_words(info.result)}
            if info and info.result else None,
            "term_ends_on": info.term_ends_on if info else None, "permanent": bool(info and info.permanent)}).data


class CaseRetentionViewSet(viewsets.GenericViewSet):
    """A case's outcome and retention term. Reading and recording go through the privacy kernel (need-to-know;
    recording needs the right to change the case) and are logged."""

    serializer_class = CaseRetentionSerializer
    required_permissions = {"retrieve": WORK, "update": WORK}
    requires_end_user = True
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN
    http_method_names = ["get", "put", "head", "options"]
    queryset = CaseRetention.objects.none()

    def _case(self):
        from privacyregie.dossiers.models import Case
        from privacyregie.dossiers.services import get_case

        try:
            return get_case(self.request.user, self.kwargs["uuid"])
        except (Case.DoesNotExist, ValueError) as exc:
            raise NotFound from exc

    def retrieve(self, request, *args, **kwargs):
        from privacyregie.dossiers.services import open_case

        case = self._case()
        open_case(request, case)
        return Response(_case_data(case))

    @extend_schema(request=CaseOutcomeInputSerializer, responses={200: CaseRetentionSerializer})
    def update(self, request, *args, **kwargs):
        case = self._case()
        serializer = CaseOutcomeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.record_case_outcome(request, case, serializer.validated_data["outcome"],
                                         serializer.validated_data["term_starts_on"])
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(_case_data(case))


def register(router):
    router.register("selection-lists", SelectionListViewSet, basename="selection-list")
    router.register("selection-results", SelectionResultViewSet, basename="selection-result")
    router.register("retention-rules", RetentionRuleViewSet, basename="retention-rule")
    router.register("case-retention", CaseRetentionViewSet, basename="case-retention")
    from importlib import import_module

    try:
        destruction_api = import_module(f"{__package__}.destruction_api")
    except ModuleNotFoundError as exc:  # the destruction part registers its lists when present
        if exc.name != f"{__package__}.destruction_api":
            raise
    else:
        destruction_api.register(router)
