"""Small panels other pages include: the retention rules on the register's activity page, and a case's
outcome and term (with the form to record it) on the case page."""

from django import template

register = template.Library()


@register.inclusion_tag("retention/_activity_panel.html")
def activity_retention(activity, version, can_edit=False):
    from ..services import retention_in_words

    return {"activity": activity, "rows": retention_in_words(version), "can_edit": can_edit}


@register.inclusion_tag("retention/_case_panel.html", takes_context=True)
def case_retention(context, case):
    from ..forms import CaseOutcomeForm
    from ..models import CaseRetention
    from ..rules import result_in_words
    from ..services import retention_of
    from ..views import OUTCOME_PREFIX

    related = type(case).retention.related
    if related.is_cached(case):  # fetched with the case (``dossiers.services.get_case_for_page``)
        record = related.get_cached_value(case)
    else:
        record = CaseRetention.objects.select_related("result", "result__process_type").filter(case=case).first()
    initial = {"outcome": record.outcome, "term_starts_on": record.term_starts_on} if record else {}
    return {"case": case, "record": record, "info": retention_of(case, record=record) if record else None,
            "words": result_in_words(record.result) if record and record.result else "",
            "form": CaseOutcomeForm(prefix=OUTCOME_PREFIX, initial=initial),
            "csrf_token": context.get("csrf_token")}
