"""The Jinja2 environment of the pages rendered with Jinja2 (ADR 0134): the same filters, URLs, translations
and escaping as Django's template language, so a Jinja2 fragment renders what its Django original did.

Django's own template engine stays the default. Jinja2 (a second backend in ``TEMPLATES``, templates in each
app's ``jinja2/`` folder) renders only the *content* of the most opened pages (the case page, the start
page); the shell (``base.html``) stays a Django template and takes that content as one safe block
(``render_content``).

What a fragment may use, beyond Jinja2's own:

- ``_("…")`` (Django's ``gettext`` of the active language), each at the start of its own ``{{ }}`` so
  ``makemessages`` extracts it, with ``|format(name=value)`` for placeholders, as ``{% blocktranslate %}``
  did (the result is escaped as a whole);
- ``url(name, *args)``, ``static(path)``;
- ``csrf_input`` and ``csrf_token`` (``render_content`` adds them, the token masked once per render);
- the filters ``date`` (Django's format characters, in the current time zone, as the ``date`` filter of
  Django's template language), ``linebreaksbr`` and ``filesizeformat`` (Django's own functions);
- ``field_widget(bound_field)`` (``web.formfields``);
- ``django_tag(library, tag, *args)``: a Django inclusion or simple tag of another app (its panel on this
  page), rendered by Django's engine with only its arguments and the CSRF token.

Undefined names raise (``StrictUndefined``): a misspelt variable is an error in the tests, not an empty cell.
"""

import datetime
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.middleware.csrf import get_token
from django.template import Context, defaultfilters, engines
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from django.utils.translation import trans_real
from jinja2 import Environment, StrictUndefined, pass_context
from markupsafe import Markup

from privacyregie.web.formfields import widget_html


def date(value, fmt=None) -> str:
    """Django's ``date`` filter, after the conversion Django's template language does first: an aware
    date-time is shown in the current time zone (Europe/Amsterdam), not in UTC."""
    return defaultfilters.date(template_localtime(value), fmt)


def linebreaksbr(value) -> Markup:
    return Markup(defaultfilters.linebreaksbr(value, autoescape=True))  # noqa: S704 - Django escaped the value


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def field_widget(bound_field) -> Markup:
    return Markup(widget_html(bound_field))  # noqa: S704 - built from escaped parts (web.formfields)


@cache
def _tag_template(library: str, tag: str, arguments: int):
    names = " ".join(f"argument{i}" for i in range(arguments))
    return engines["django"].from_string(f"{{% load {library} %}}{{% {tag} {names} %}}").template


@pass_context
def django_tag(context, library: str, tag: str, *args) -> Markup:
    values = {f"argument{i}": value for i, value in enumerate(args)}
    values["csrf_token"] = context.get("csrf_token")
    # S704: Django's engine escaped what the tag's template shows (autoescape is on in Context)
    return Markup(_tag_template(library, tag, len(args)).render(Context(values)))  # noqa: S704


_LOCALISED = (datetime.date, datetime.time, float, Decimal)


def finalize(value):
    """What ``{{ value }}`` shows, as in Django's template language (``render_value_in_context``): a moment in
    the current time zone and, like a date, number or decimal, in the active language's format (``12,5`` in
    Dutch); a whole number too when thousands are grouped (``USE_THOUSAND_SEPARATOR``)."""
    if isinstance(value, _LOCALISED) or (
            isinstance(value, int) and not isinstance(value, bool) and settings.USE_THOUSAND_SEPARATOR):
        return formats.localize(template_localtime(value))
    return value


def environment(**options) -> Environment:
    options["undefined"] = StrictUndefined
    options["finalize"] = finalize
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=False)
    env.globals.update({"url": url, "static": static, "field_widget": field_widget, "django_tag": django_tag})
    env.filters.update({"date": date, "linebreaksbr": linebreaksbr,
                        "filesizeformat": defaultfilters.filesizeformat})
    return env


def render_content(template_name: str, context: dict, request) -> Markup:
    """A page's content block rendered by Jinja2, for a Django template to place (``{{ content }}``).

    What Django's Jinja2 backend adds for a request, added here once per render: the CSRF token masked once
    for all the page's forms (as ``{% csrf_token %}`` in a Django template; the backend's ``csrf_input`` masks
    a new token at every use, which costs more than the rest of a form), and the active language's catalogue
    as ``gettext`` (what Django's ``gettext`` looks up per call)."""
    token = get_token(request)
    values = {**context, "request": request, "csrf_token": token,
              "csrf_input": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token),
              "gettext": trans_real.catalog().gettext}
    # S704: the environment escapes (autoescape=True): what Jinja2 returns is the escaped page fragment
    return Markup(engines["jinja2"].get_template(template_name).template.render(values))  # noqa: S704
