"""Helpers for list pages: choice labels, time stamps and a paginator with a bounded count.

Django's ``get_FOO_display()`` builds a dictionary of all the field's choices on every call, and
with lazy (translated) labels that means one translation per choice per call: on a list of 50 rows
with three such fields, over a thousand translations. The ``date`` template filter formats one
character at a time, translating the month's name each time. A list page asks :func:`labels` once
per field and :func:`stamp` per row (or :func:`stamper` once per page) instead; the text shown is the same.
"""

from math import ceil

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

_LABELS: dict[tuple, dict] = {}


def labels(model, field_name: str) -> dict:
    """``{value: label}`` of ``model.field_name``'s choices in the active language.

    Kept per (model, field, language): the choices are fixed in the code, and so are their
    translations per language."""
    key = (model, field_name, get_language())
    found = _LABELS.get(key)
    if found is None:
        found = {value: str(text) for value, text in model._meta.get_field(field_name).flatchoices}
        _LABELS[key] = found
    return found


def label(labels_of_field: dict, value) -> str:
    """The label of ``value`` in :func:`labels`' answer; a value without a choice shows as itself
    (as ``get_FOO_display()`` does)."""
    found = labels_of_field.get(value)
    return found if found is not None else ("" if value is None else str(value))


def stamp(value) -> str:
    """``value`` in the current time zone as the template filter ``date:"d-m-Y H:i:s"`` shows it: the
    product's numeric date (``03-12-2026``) with the time to the second, the same in every language."""
    return stamper()(value)


def stamper():
    """:func:`stamp` for the rows of one page: the time zone is looked up once (it does not change within a
    request), not once per row."""
    zone = timezone.get_current_timezone()

    def stamp_one(value) -> str:
        if value is None:
            return ""
        local = timezone.localtime(value, zone)
        return f"{local.day:02d}-{local.month:02d}-{local.year:04d} {local:%H:%M:%S}"

    return stamp_one


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap`` rows.

    Counting all of a large result (a million log entries) costs far more than showing one page of
    it. Up to ``cap`` rows it is an ordinary paginator; beyond, ``capped`` is true, the pages stop at
    ``cap`` rows and the page says there are more (narrow the filters to reach older rows)."""

    def __init__(self, object_list, per_page, cap: int = 10_000, count_column: str = "pk", **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.count_column = count_column  # counted: a column of the filter's index lets PostgreSQL count from it

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list[: self.cap + 1])
        # COUNT(*) over a LIMIT subquery, without the ordering (which would sort first) and without the
        # page's columns (which would read every row)
        return self.object_list.order_by().values(self.count_column)[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        if self.capped:
            return ceil(self.cap / self.per_page)
        return super().num_pages

    def page(self, number):
        page = super().page(number)
        if self.capped:  # the last page stops at the cap (the count ran one row past it)
            page.object_list = page.object_list[: self.cap - (page.number - 1) * self.per_page]
        return page


# --- form widgets without the widget templates ---------------------------------------------------------
# Django renders every widget (and every option of a select) through a template of its form renderer:
# on a filter form with a few selects that is dozens of template renders per request. ``widget_html``
# writes the same markup as those templates for the plain widgets (text-like inputs, checkbox, single
# select) from the widget's own context (``get_context``: the same attributes, value and options,
# aria-invalid and aria-describedby included), and leaves any other widget to Django.

_INPUT_TEMPLATES = {f"django/forms/widgets/{t}.html" for t in (
    "text", "date", "email", "number", "search", "url", "tel", "password", "input", "checkbox", "time",
    "datetime")}
_SELECT_TEMPLATE = "django/forms/widgets/select.html"
_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs_html(attrs: dict) -> str:
    # django/forms/widgets/attrs.html
    return "".join(f" {conditional_escape(name)}" if value is True else
                   f' {conditional_escape(name)}="{conditional_escape(value)}"'
                   for name, value in attrs.items() if value is not False)


def widget_html(bound_field):
    """``bound_field.as_widget()``, the same HTML, without rendering the widget's templates."""
    widget = bound_field.field.widget
    plain = (widget.template_name in _INPUT_TEMPLATES or
             (widget.template_name == _SELECT_TEMPLATE and widget.option_template_name == _OPTION_TEMPLATE
              and not widget.allow_multiple_selected))
    if not plain or bound_field.field.localize or bound_field.field.show_hidden_initial:
        return bound_field.as_widget()
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    name = conditional_escape(context["name"])
    if widget.template_name != _SELECT_TEMPLATE:
        value = context["value"]
        shown = "" if value is None else f' value="{conditional_escape(value)}"'
        return mark_safe(f'<input type="{conditional_escape(context["type"])}" name="{name}"{shown}'
                         f'{_attrs_html(context["attrs"])}>')
    parts = [f'<select name="{name}"{_attrs_html(context["attrs"])}>']
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            parts.append(f'\n  <option value="{conditional_escape(option["value"])}"{_attrs_html(option["attrs"])}>'
                         f'{conditional_escape(option["label"])}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


class Row(dict):
    """One row of a list page fetched with ``values()``: its values by key (fast for templates) and as
    attributes (``row.emergency``, ``row.pk``) as a model instance would offer them to code and tests."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def pk(self):
        return self["id"]
