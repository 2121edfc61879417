"""The case page's exchange panel: the case's exchanges with their new answers (members only)."""

from django import template

register = template.Library()


@register.inclusion_tag("exchange/_case_panel.html")
def case_exchanges(case):
    from privacyregie.exchange.services import listed_for_case

    exchanges = listed_for_case(case)
    return {"case": case, "exchanges": exchanges, "new_answers": sum(e.new_answers for e in exchanges)}
