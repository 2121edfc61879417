"""What this app shows on other apps' Jinja2 pages (``web.jinja.panel``): a case's outcome and retention term,
with the form to record them, on the case page."""

from __future__ import annotations

from django.utils import timezone

from privacyregie.web.formfields import kept_form_html

__all__ = ["case_retention"]  # the panels (web.jinja.panel); nothing else here is one


def case_retention(case) -> tuple[str, dict]:
    from .forms import CaseOutcomeForm
    from .models import CaseRetention
    from .rules import result_in_words
    from .services import retention_of
    from .views import OUTCOME_PREFIX

    related = type(case).retention.related
    if related.is_cached(case):  # fetched with the case (``dossiers.services.get_case_for_page``)
        record = related.get_cached_value(case)
    else:
        record = CaseRetention.objects.select_related("result", "result__process_type").filter(case=case).first()
    # the form's initial values, as CaseOutcomeForm gives them (the term starts today unless recorded)
    initial = ({"outcome": record.outcome, "term_starts_on": record.term_starts_on} if record
               else {"term_starts_on": timezone.localdate()})
    return "retention/_case_panel.html", {
        "case": case, "record": record, "info": retention_of(case, record=record) if record else None,
        "words": result_in_words(record.result) if record and record.result else "",
        "form_fields": kept_form_html(CaseOutcomeForm, prefix=OUTCOME_PREFIX, initial=initial)}
