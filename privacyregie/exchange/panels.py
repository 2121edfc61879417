"""What this app shows on other apps' Jinja2 pages (``web.jinja.panel``): the case page's exchanges."""

from __future__ import annotations

from django.utils.formats import localize
from django.utils.translation import ngettext

__all__ = ["case_exchanges"]  # the panels (web.jinja.panel); nothing else here is one


def new_answers_text(count: int) -> str:
    return ngettext("%(n)s nieuw antwoord", "%(n)s nieuwe antwoorden", count) % {"n": localize(count)}


def case_exchanges(case) -> tuple[str, dict]:
    """The case's exchanges with their new answers (members only: the case page shows it with the contents)."""
    from .services import listed_for_case

    exchanges = listed_for_case(case)
    new_answers = sum(e.new_answers for e in exchanges)
    return "exchange/_case_panel.html", {
        "case": case, "new_answers": new_answers and new_answers_text(new_answers),
        "rows": [(e, e.new_answers and new_answers_text(e.new_answers)) for e in exchanges]}
