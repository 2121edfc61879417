"""The Jinja2 environment of the pages rendered with Jinja2 (ADR 0134): the same filters, URLs, translations
and escaping as Django's template language, so a Jinja2 fragment renders what its Django original did.

Django's own template engine stays the default. Jinja2 (a second backend in ``TEMPLATES``, templates in each
app's ``jinja2/`` folder) renders only the *content* of the most opened pages (the case page, the start
page); the shell (``base.html``) stays a Django template and takes that content as one safe block
(``render_content``).

What a fragment may use, beyond Jinja2's own:

- ``_("…")`` (Django's ``gettext`` of the active language), each at the start of its own ``{{ }}`` so
  ``makemessages`` extracts it, with ``|format(name=value)`` for placeholders, as ``{% blocktranslate %}``
  did (the result is escaped as a whole). A fixed text is translated once, when the template is compiled
  for the page's language (:func:`language_environment`), not at every render;
- ``url(name, *args)``, ``static(path)``;
- ``csrf_input`` and ``csrf_token`` (``render_content`` adds them, the token masked once per render);
- the filters ``date`` (Django's format characters, in the current time zone, as the ``date`` filter of
  Django's template language), ``linebreaksbr`` and ``filesizeformat`` (Django's own functions);
- ``field_widget(bound_field)`` (``web.formfields``);
- ``pagination(page)``: the list's pagination (``web.pagination``, as ``{% pagination page %}``);
- ``display(instance, "field")``: ``instance.get_field_display()``, from a kept table
  (:func:`privacyregie.core.choices.choice_label`);
- ``panel(app, name, *args)``: another app's panel on this page (``privacyregie.<app>.panels.<name>``, see
  :func:`panel`).

Undefined names raise (``StrictUndefined``): a misspelt variable is an error in the tests, not an empty cell.
"""

import datetime
from decimal import Decimal
from functools import cache, lru_cache
from importlib import import_module
from uuid import UUID

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.csrf import get_token
from django.template import defaultfilters, engines
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from django.utils.translation import trans_real
from jinja2 import Environment, StrictUndefined, pass_context
from jinja2.ext import Extension
from jinja2.lexer import TOKEN_DOT, TOKEN_LPAREN, TOKEN_NAME, TOKEN_RPAREN, TOKEN_STRING, Token
from markupsafe import Markup

from privacyregie.core.choices import choice_label as display
from privacyregie.web.formfields import widget_html
from privacyregie.web.pagination import pagination_html


def date(value, fmt=None) -> str:
    """Django's ``date`` filter, after the conversion Django's template language does first: an aware
    date-time is shown in the current time zone (Europe/Amsterdam), not in UTC. A format of numbers only
    (``d-m-Y H:i``: day, month, year, hour, minute, second and separators) is written directly, as Django's
    ``DateFormat`` writes each of these characters; any other format is Django's own."""
    value = template_localtime(value)
    numeric = _numeric_format(fmt)
    if numeric is not None:
        pattern, uses_time = numeric
        if value.__class__ is datetime.datetime or (value.__class__ is datetime.date and not uses_time):
            return pattern.format(value)
    return defaultfilters.date(value, fmt)


# Django's DateFormat/TimeFormat for these format characters ("%02d" % value.day, and so on)
_NUMERIC = {"d": "{0.day:02d}", "j": "{0.day}", "m": "{0.month:02d}", "n": "{0.month}", "Y": "{0.year:04d}",
            "H": "{0.hour:02d}", "G": "{0.hour}", "i": "{0.minute:02d}", "s": "{0.second:02d}"}
_TIME = frozenset("HGis")


@cache
def _numeric_format(fmt) -> tuple[str, bool] | None:
    """``fmt`` as a ``str.format`` pattern and whether it shows a time; ``None`` unless it has only the
    characters of ``_NUMERIC`` and separators (no other letter, no backslash escape)."""
    if not isinstance(fmt, str) or not fmt:
        return None
    parts = []
    for char in fmt:
        if char in _NUMERIC:
            parts.append(_NUMERIC[char])
        elif char.isalpha() or char == "\\":
            return None
        else:
            parts.append(char.replace("{", "{{").replace("}", "}}"))
    return "".join(parts), bool(_TIME & set(fmt))


def linebreaksbr(value) -> Markup:
    return Markup(defaultfilters.linebreaksbr(value, autoescape=True))  # noqa: S704 - Django escaped the value


def url(name: str, *args) -> str:
    """Django's ``reverse(name, args=args)``. Without arguments, or with only UUIDs (a case, a document, an
    exchange), the path is the kept path of ``name`` with the stand-ins replaced (``_uuid_path``), not a new
    reverse."""
    if all(arg.__class__ is UUID for arg in args):
        parts = _uuid_path(name, len(args), get_script_prefix(), get_urlconf(), translation.get_language())
        if parts is not None:
            path = parts[0]
            for arg, part in zip(args, parts[1:], strict=True):
                path += str(arg) + part
            return path
    return reverse(name, args=args)


_STAND_IN = UUID("5eed0000-0000-4000-8000-00000000f00d")


@lru_cache(maxsize=1024)
def _uuid_path(name: str, count: int, _prefix: str, _urlconf, _language) -> tuple[str, ...] | None:
    """``reverse(name)`` with ``count`` stand-in UUIDs, split at them: the path around its UUIDs, per script
    prefix, URL configuration and language (what ``reverse`` depends on). A UUID is written in a path as
    its text (``<uuid:…>``, ``<str:…>``, ``<slug:…>`` and ``<path:…>`` all give ``str(uuid)``, which has nothing
    to quote). ``None`` when the pattern takes something else (``reverse`` decides, as before)."""
    try:
        path = reverse(name, args=[_STAND_IN] * count)
    except NoReverseMatch:
        return None
    parts = tuple(path.split(str(_STAND_IN)))
    return parts if len(parts) == count + 1 else None


@receiver(setting_changed)
def _forget_paths(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "INSTALLED_APPS", "FORCE_SCRIPT_NAME"):  # as Django forgets its URL caches
        _uuid_path.cache_clear()


def field_widget(bound_field) -> Markup:
    return Markup(widget_html(bound_field))  # noqa: S704 - built from escaped parts (web.formfields)


@cache
def _panel_function(app: str, name: str):
    """``privacyregie.<app>.panels.<name>``, if the module lists it in ``__all__`` (what else it imports is
    no panel)."""
    module_name = f"privacyregie.{app}.panels"
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name not in (module_name, f"privacyregie.{app}"):
            raise  # the panels module exists and imports something that does not: a defect, not "no panels"
        raise LookupError(f"privacyregie.{app} has no panels") from exc
    if name not in getattr(module, "__all__", ()):
        raise LookupError(f"privacyregie.{app}.panels has no panel {name!r}")
    return getattr(module, name)


# what every fragment of a page shares with the page (render_content): the request, the CSRF token, the catalogue
_PAGE_VALUES = ("request", "csrf_token", "csrf_input", "gettext")


@pass_context
def pagination(context, page) -> Markup:
    """``{{ pagination(page) }}``: the list's pagination (``web.pagination``), as ``{% pagination page %}``."""
    return Markup(pagination_html(page, context["request"].GET))  # noqa: S704 - escaped by format_html


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


class FixedTextTranslations(Extension):
    """``_("a fixed text")`` translated when the template is compiled, in the language of the environment
    (``translation_language``, set by :func:`language_environment`): the compiled page writes the translated
    text as it writes its other fixed markup (escaped once, when compiled), instead of asking Django's
    ``gettext`` for it at every render. The same text as Django's ``gettext`` in that language gives, line
    ends included. ``_(anything else)`` (a variable, joined texts) is translated at render time, as in an
    environment without a language."""

    def filter_stream(self, stream):
        language = self.environment.__dict__.get("translation_language")
        if language is None:
            yield from stream
            return
        tokens = list(stream)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            window = tokens[i:i + 4]
            if (token.type == TOKEN_NAME and token.value == "_" and len(window) == 4
                    and [t.type for t in window[1:]] == [TOKEN_LPAREN, TOKEN_STRING, TOKEN_RPAREN]
                    and (i == 0 or tokens[i - 1].type != TOKEN_DOT)):
                with translation.override(language):
                    yield Token(token.lineno, TOKEN_STRING, translation.gettext(window[2].value))
                i += 4
            else:
                yield token
                i += 1


class PageEnvironment(Environment):
    """The environment of Django's Jinja2 backend, which also gives its per-language environments."""

    def for_language(self, language: str | None) -> Environment:
        """This environment with its templates compiled for ``language`` (one of ``LANGUAGES``): the same
        settings, globals and filters, its fixed texts translated when compiled
        (:class:`FixedTextTranslations`), its own kept templates. Another language: this environment, which
        translates at render time."""
        return _language_environment(self.__dict__.get("linked_to") or self, language)


def environment(**options) -> Environment:
    options["undefined"] = StrictUndefined
    options["finalize"] = finalize
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = PageEnvironment(autoescape=True, extensions=["jinja2.ext.i18n", FixedTextTranslations], **options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=False)
    env.globals.update({"url": url, "static": static, "field_widget": field_widget, "panel": panel,
                        "display": display, "pagination": pagination})
    env.filters.update({"date": date, "linebreaksbr": linebreaksbr,
                        "filesizeformat": defaultfilters.filesizeformat, "urlencode": defaultfilters.urlencode})
    return env


def language_environment(language: str | None) -> Environment:
    """The Jinja2 backend's environment for ``language`` (:meth:`PageEnvironment.for_language`)."""
    return engines["jinja2"].env.for_language(language)


@lru_cache(maxsize=16)
def _language_environment(base: Environment, language: str | None) -> Environment:
    if language not in {code for code, _name in settings.LANGUAGES}:
        return base
    env = base.overlay(cache_size=base.cache.capacity if base.cache is not None else 400)  # its own, empty cache
    env.translation_language = language
    return env


@receiver(setting_changed)
def _forget_environments(*, setting, **kwargs):
    if setting in ("LANGUAGES", "TEMPLATES"):
        _language_environment.cache_clear()


def render_content(template_name: str, context: dict, request) -> Markup:
    """A page's content block rendered by Jinja2, for a Django template to place (``{{ content }}``).

    What Django's Jinja2 backend adds for a request, added here once per render: the CSRF token masked once
    for all the page's forms (as ``{% csrf_token %}`` in a Django template; the backend's ``csrf_input`` masks
    a new token at every use, which costs more than the rest of a form), and the active language's catalogue
    as ``gettext`` (what Django's ``gettext`` looks up per call). Under the test client the values are sent
    with ``template_rendered``, as Django sends a Django template's, so ``response.context`` holds them."""
    token = get_token(request)
    values = {**context, "request": request, "csrf_token": token,
              "csrf_input": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token),
              "gettext": trans_real.catalog().gettext}
    template = language_environment(translation.get_language()).get_template(template_name)
    if template_rendered.receivers:  # the test client: its response's context holds these values too
        template_rendered.send(sender=template, template=template, context=values)
    # S704: the environment escapes (autoescape=True): what Jinja2 returns is the escaped page fragment
    return Markup(template.render(values))  # noqa: S704
