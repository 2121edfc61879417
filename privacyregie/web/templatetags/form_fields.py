"""``{% form_fields form %}``: the markup of ``web/_form_fields.html`` without a template per field and choice
(``web.formfields``). For pages where rendering forms is a large part of the request (the case page)."""

from django import template
from django.utils.safestring import mark_safe

from privacyregie.web.formfields import form_fields as render_form_fields
from privacyregie.web.formfields import widget_html

register = template.Library()


@register.simple_tag
def form_fields(form):
    return render_form_fields(form)


@register.simple_tag
def field_widget(bound_field):
    """``{{ form.field }}``: the field's widget alone."""
    return mark_safe(widget_html(bound_field))  # built from escaped parts (web.formfields)
