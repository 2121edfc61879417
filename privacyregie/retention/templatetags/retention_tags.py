"""A small panel another page includes: the retention rules on the register's activity page (the case page's
panel is a Jinja2 one, ``retention.panels``)."""

from django import template

register = template.Library()


@register.inclusion_tag("retention/_activity_panel.html")
def activity_retention(activity, version, can_edit=False):
    from ..services import retention_in_words

    return {"activity": activity, "rows": retention_in_words(version), "can_edit": can_edit}
