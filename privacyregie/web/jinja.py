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
- ``panel(app, name, *args)``: another app's panel on this page (``privacyregie.<app>.panels.<name>``, see
  :func:`panel`).

Undefined names raise (``StrictUndefined``): a misspelt variable is an error in the tests, not an empty cell.
"""

import datetime
from decimal import Decimal
from functools import cache
from importlib import import_module

from django.conf import settings
from django.middleware.csrf import get_token
from django.template import defaultfilters, engines
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
def _panel_function(app: str, name: str):
    """``privacyregie.<app>.panels.<name>``, if the module lists it in ``__all__`` (what else it imports is
    no panel)."""
    try:
        module = import_module(f"privacyregie.{app}.panels")
    except ModuleNotFoundError as exc:
        raise LookupError(f"privacyregie.{app} has no panels") from exc
    if name not in getattr(module, "__all__", ()):
        raise LookupError(f"privacyregie.{app}.panels has no panel {name!r}")
    return getattr(module, name)


# what every fragment of a page shares with the page (render_content): the request, the CSRF token, the catalogue
_PAGE_VALUES = ("request", "csrf_token", "csrf_input", "gettext")


@pass_context
def panel(context, app: str, name: str, *args) -> Markup:
    """``{{ panel("exchange", "case_exchanges", case) }}``: another app's panel on a Jinja2 page.

    The app decides what its panel shows: ``privacyregie.<app>.panels.<name>(*args)`` (listed in the module's
    ``__all__``) returns the name of its
    Jinja2 template and the template's values (its own queries, through its own services). The page names
    the app and the panel, as a Django template names a tag library; it imports nothing of the app. The
    panel's template gets its values and the page's request, CSRF token and catalogue, nothing else."""
    template_name, values = _panel_function(app, name)(*args)
    shared = {key: context[key] for key in _PAGE_VALUES if key in context}
    # S704: the environment escapes (autoescape=True)
    return Markup(context.environment.get_template(template_name).render({**shared, **values}))  # noqa: S704


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
    env.globals.update({"url": url, "static": static, "field_widget": field_widget, "panel": panel})
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
