"""The markup of ``web/_form_fields.html`` and of Django's widget templates, written in Python.

Rendering a form through templates costs one template render per field and, for checkboxes, radio buttons
and select options, one per choice: on the case page that was about a third of the request's CPU time.
``form_fields(form)`` produces the same HTML (same elements, ids, ``for``/``aria-*`` attributes, fieldsets
and legends; only whitespace between tags differs) from the widgets' own context (``widget.get_context``),
so attributes, ``required``, ``aria-invalid``, ``aria-describedby``, values and choices come from Django as
before. A widget this module does not know (another template, ``show_hidden_initial``) is rendered by
Django. ``web/tests/test_formfields.py`` compares both renderings. Validation stays in the form.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from django import forms
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

_W = "django/forms/widgets/"
INPUT_TEMPLATES = {_W + name + ".html" for name in (
    "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "file",
    "color", "search", "tel")}
_CONTEXT = Context(autoescape=True)


def _text(value) -> str:
    """``{{ value }}`` in a template: localised, escaped."""
    if isinstance(value, str):
        return conditional_escape(value)
    if isinstance(value, Promise):  # a lazy translation: the text in the active language
        return conditional_escape(str(value))
    return render_value_in_context(value, _CONTEXT)


def _s(value) -> str:
    """``{{ value|stringformat:'s' }}``."""
    return conditional_escape(value if isinstance(value, SafeString) else str(value))


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_s(value)}"')
    return "".join(parts)


def _input(w: dict) -> str:
    value = f' value="{_s(w["value"])}"' if w["value"] is not None else ""
    return f'<input type="{_text(w["type"])}" name="{_text(w["name"])}"{value}{_attrs(w["attrs"])}>'


def _option_input(option: dict) -> str:
    """``input_option.html`` with ``wrap_label``: a checkbox or radio button inside its label."""
    if not option.get("wrap_label"):
        return _input(option)
    label_for = f' for="{_text(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
    return f'<label{label_for}>{_input(option)} {_text(option["label"])}</label>'


def _select(w: dict) -> str | None:
    out = [f'<select name="{_text(w["name"])}"{_attrs(w["attrs"])}>']
    for group_name, options, _index in w["optgroups"]:
        if group_name:
            out.append(f'<optgroup label="{_text(group_name)}">')
        for o in options:
            if o["template_name"] != _W + "select_option.html":
                return None
            out.append(f'<option value="{_s(o["value"])}"{_attrs(o["attrs"])}>{_text(o["label"])}</option>')
        if group_name:
            out.append("</optgroup>")
    out.append("</select>")
    return "\n".join(out)


def _multiple(w: dict) -> str | None:
    id_ = w["attrs"].get("id")
    out = ["<div", f' id="{_text(id_)}"' if id_ else "",
           f' class="{_text(w["attrs"]["class"])}"' if w["attrs"].get("class") else "", ">"]
    for group, options, _index in w["optgroups"]:
        if group:
            out.append(f"<div><label>{_text(group)}</label>")
        for o in options:
            if o["template_name"] not in (_W + "checkbox_option.html", _W + "radio_option.html"):
                return None
            out.append(f"<div>{_option_input(o)}</div>")
        if group:
            out.append("</div>")
    out.append("</div>")
    return "".join(out)


def widget_html(bound_field) -> str:
    """``{{ field }}``: the bound field's widget, as Django renders it (``BoundField.as_widget``)."""
    field = bound_field.field
    widget = field.widget
    if field.show_hidden_initial or field.localize:
        return str(bound_field)
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    template = widget.template_name
    if template in INPUT_TEMPLATES or template == _W + "textarea.html" or template == _W + "select.html" or (
            template in (_W + "checkbox_select.html", _W + "radio.html")) or (
            template == _W + "clearable_file_input.html"):
        w = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
        html = None
        if template in INPUT_TEMPLATES:
            html = _input(w)
        elif template == _W + "textarea.html":
            text = _text(w["value"]) if w["value"] else ""
            html = f'<textarea name="{_text(w["name"])}"{_attrs(w["attrs"])}>\n{text}</textarea>'
        elif template == _W + "select.html":
            html = _select(w)
        elif template == _W + "clearable_file_input.html":
            if not w.get("is_initial"):
                html = f'<input type="{_text(w["type"])}" name="{_text(w["name"])}"{_attrs(w["attrs"])}>'
        else:
            html = _multiple(w)
        if html is not None:
            return html
    return str(bound_field)


def _required() -> str:
    """``web/_required.html``."""
    return ('<span class="required" aria-hidden="true">*</span><span class="visually-hidden">('
            + conditional_escape(gettext("verplicht")) + ")</span>")


def form_fields(form) -> SafeString:
    """``{% include "web/_form_fields.html" %}`` for ``form``."""
    out = []
    errors = form.non_field_errors()
    if errors:
        out.append('<div class="alert alert--error" role="alert">'
                   + "".join(f"<p>{_text(e)}</p>" for e in errors) + "</div>")
    out.extend(widget_html(field) for field in form.hidden_fields())
    out.extend(field_block(field) for field in form.visible_fields())
    return mark_safe("\n".join(out))


# --- unbound forms kept as markup ----------------------------------------------------------------------------
# An unbound form's markup depends on its fields' labels, help texts, choices and initial values only. Where
# those are fixed in the code, the markup of a field is the same for every request in a language: it is kept
# per (form, prefix, field, language, initial value), never anything of a case, a resident or a user. A field
# whose choices come from the database is passed per request: its choices (``choices``) when many pages share
# them (an organisation's chain partners), its markup then kept per choices too; else a copy of the field
# (``fields``, from ``field_with_choices``), rendered per request.


class _Unbound(forms.Form):
    """An unbound form without fields: what a bound field asks of its form (ids, prefix, initial values)."""


def _bound(form_class, name: str, field, prefix, initial) -> forms.BoundField:
    form = _Unbound(prefix=prefix, initial={name: initial} if initial is not None else None)
    return forms.BoundField(form, field if field is not None else form_class.base_fields[name], name)


@lru_cache(maxsize=1024)
def _kept_field_html(form_class, prefix, name: str, _language, initial, widget_only: bool, choices=None) -> str:
    field = field_with_choices(form_class, name, list(choices)) if choices is not None else None
    bound = _bound(form_class, name, field, prefix, initial)
    return widget_html(bound) if widget_only or bound.is_hidden else field_block(bound)


def kept_form_html(form_class, *, initial: dict | None = None, prefix: str | None = None,
                   fields: dict | None = None, choices: dict | None = None) -> SafeString:
    """``form_fields(form_class(prefix=prefix, initial=initial))`` of the unbound form, each field's markup
    kept (the last 1024 fields) instead of rendered per request. ``fields``: per-request copies
    (:func:`field_with_choices`) of the fields whose choices come from the database, rendered per request.
    ``choices``: ``{name: [(value, label)]}`` of fields whose choices come from the database and are the same
    on many pages (an organisation's chain partners): their markup kept per choices."""
    initial, fields, language = initial or {}, fields or {}, get_language()
    shared = {name: tuple(map(tuple, given)) for name, given in (choices or {}).items()}
    hidden, visible = [], []
    for name, field in form_class.base_fields.items():
        value = initial.get(name)
        if name in fields:
            bound = _bound(form_class, name, fields[name], prefix, value)
            html = widget_html(bound) if bound.is_hidden else field_block(bound)
        else:
            html = _kept_field_html(form_class, prefix, name, language, value, False, shared.get(name))
        (hidden if field.widget.is_hidden else visible).append(html)
    return mark_safe("\n".join(hidden + visible))  # built from escaped parts


def kept_widget_html(form_class, name: str, *, initial=None) -> SafeString:
    """``{% field_widget form.name %}`` of the unbound ``form_class(initial={name: initial})`` for a field
    whose choices are in the code, kept as :func:`kept_form_html` keeps a field."""
    return mark_safe(_kept_field_html(form_class, None, name, get_language(), initial, True))  # escaped parts


def field_with_choices(form_class, name: str, choices) -> forms.Field:
    """A copy of ``form_class``'s field ``name`` showing ``choices`` (``[(value, label)]``), for one request."""
    field = copy.deepcopy(form_class.base_fields[name])
    field.choices = choices
    return field


def field_block(field) -> str:
    """One visible field of ``web/_form_fields.html``: its label, widget, help text and errors (``form_fields``)."""
    out = []
    field_errors = field.errors
    out.append(f'<div class="field{" field--error" if field_errors else ""}">')
    kind = field.widget_type
    label = _text(field.label)
    required = " " + _required() if field.field.required else ""
    if kind == "checkbox":
        out.append(f'<div class="checkbox">{widget_html(field)} <label for="{_text(field.id_for_label)}">'
                   f"{label}</label></div>")
    elif kind in ("radioselect", "checkboxselectmultiple"):
        out.append(f'<fieldset class="field-group"><legend>{label}{required}</legend>\n'
                   f"{widget_html(field)}</fieldset>")
    else:
        out.append(f'<label for="{_text(field.id_for_label)}">{label}{required}</label>\n{widget_html(field)}')
    if field.help_text:
        out.append(f'<p class="help" id="{_text(field.auto_id)}_helptext">{field.help_text}</p>')
    if field_errors:
        out.append(f'<div id="{_text(field.auto_id)}_error">'
                   + "".join(f'<p class="error" role="alert">{_text(e)}</p>' for e in field_errors) + "</div>")
    out.append("</div>")
    return "\n".join(out)
