"""Navigation by role: each capability lists its menu items in ``<app>/nav.py``.

``NAV_ITEMS``: list of ``NavItem``; ``home_panels(request)``: optional function returning
``HomePanel`` objects for the start page. Items are shown only to users with the
permission; an item whose URL does not exist (yet) is left out.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module

from django.apps import apps
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The menu's groups, in this order. The privacy officer's menu has some forty items: the privacy work is
# split into the processing log and access, the registers, and the rights and people of privacy.
SECTION_ORDER = ["werk", "toegang", "registers", "privacy", "beveiliging", "verantwoording", "beheer"]
SECTION_LABELS = {
    "werk": _("Werk"),
    "toegang": _("Logboek en toegang"),
    "registers": _("Registers"),
    "privacy": _("Privacy"),
    "beveiliging": _("Beveiliging"),
    "verantwoording": _("Verantwoording"),
    "beheer": _("Beheer"),
}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str
    section: str = "werk"
    order: int = 50


@dataclass
class HomePanel:
    title: str
    lines: list = field(default_factory=list)  # list of (label, value) or a plain text
    url: str = ""
    link_label: str = ""
    tone: str = ""  # "", "warning", "danger", "ok"
    kept_seconds: int = 0  # its figures may be this old (``organisation_figures``); the page says so


    def __post_init__(self):
        self.lines = [tuple(line) if isinstance(line, list | tuple) else ("", line) for line in self.lines]


def _modules():
    for config in apps.get_app_configs():
        if config.name.startswith("privacyregie."):
            try:
                yield import_module(f"{config.name}.nav")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.nav":
                    raise


@lru_cache(maxsize=1)
def _nav_modules() -> tuple:
    """The ``nav`` modules of the installed apps, found once (on every page: the menu, the start page)."""
    return tuple(_modules())


@lru_cache(maxsize=256)
def _menu(granted: frozenset, prefix: str, urlconf) -> tuple:
    """The menu for one set of permissions: ``((section, ((label, url), ...)), ...)``.

    A pure function of the permission set (and the URL configuration): which items a user sees is decided
    per request from the user's current roles (``nav_for``); only the list built from that set is kept,
    in this process (a handful of role combinations). Labels stay lazy: translated when shown.
    """
    sections: dict[str, list] = {}
    for module in _nav_modules():
        for item in getattr(module, "NAV_ITEMS", []):
            if item.permission not in granted:
                continue
            try:
                url = reverse(item.url_name, urlconf=urlconf)
            except NoReverseMatch:
                continue
            sections.setdefault(item.section, []).append((item.order, item.label, url))
    return tuple(
        (section, tuple((label, url) for _, label, url in sorted(sections[section], key=lambda x: x[0])))
        for section in SECTION_ORDER
        if section in sections
    )


@receiver(setting_changed)
def _forget_menus(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "INSTALLED_APPS", "FORCE_SCRIPT_NAME"):
        _nav_modules.cache_clear()
        _menu.cache_clear()
        _kept_by_menu.clear()


def menu_for(user) -> tuple:
    """The sections of the user's menu (see ``_menu``); empty before login and the second factor."""
    if not getattr(user, "is_authenticated", False) or not user.is_verified():
        return ()
    return _menu(frozenset(user.privacy_permissions), get_script_prefix(), get_urlconf())


def nav_for(user) -> list[tuple[str, list[dict]]]:
    return [(section, [{"label": label, "url": url} for label, url in items]) for section, items in menu_for(user)]


def section_label(section: str):
    return SECTION_LABELS.get(section, section)


def side_nav_html(menu: tuple, current_path: str) -> str:
    """The side navigation's groups as HTML (``base.html``): per section a heading and its list; the item
    of the current page marked ``aria-current="page"``. Built here rather than in a template loop because
    it is on every page: the HTML of a menu is kept per language (``_side_nav_html``), only the current
    page's mark is set per request. JavaScript (``app.js``) turns each heading into a button that shows or
    hides its group when the menu is long; without it every group is shown."""
    html = _by_menu(_side_nav_html, menu, get_language())
    link = format_html('<a href="{}">', current_path)
    if link in html:
        html = html.replace(link, link[:-1] + ' aria-current="page">')
    return mark_safe(html)


def _side_nav_html(menu: tuple, language: str) -> str:
    parts = []
    for section, items in menu:
        links = "".join(format_html('<li><a href="{}">{}</a></li>', url, label) for label, url in items)
        parts.append(format_html('<h2 class="side-nav__heading" id="nav-{}">{}</h2>\n<ul id="nav-{}-items" '
                                 'aria-labelledby="nav-{}">{}</ul>', section, section_label(section), section,
                                 section, mark_safe(links)))
    return "\n".join(parts)


def link_groups_html(menu: tuple, current_path: str) -> str:
    """The start page's "where to" groups as HTML (``web/home.html``): per section a heading and the list of
    its items, all but the current page's. Kept per menu, language and page like the side navigation
    (``side_nav_html``): on the start page of an officer it is some forty links, the same for every request."""
    return mark_safe(_by_menu(_link_groups_html, menu, get_language(), current_path))


_kept_by_menu: dict = {}


def _by_menu(build, menu: tuple, *key):
    """``build(menu, *key)``, kept per menu object (``_menu`` hands out one per set of permissions) and key.

    Looked up by the menu's identity: hashing a menu hashes its labels, lazy translations that are
    translated again to be hashed (some forty per page). The entry holds the menu itself, so its identity
    cannot pass to another menu while it is kept."""
    entry = _kept_by_menu.get((build, id(menu), *key))
    if entry is not None and entry[0] is menu:
        return entry[1]
    if len(_kept_by_menu) > 2048:
        _kept_by_menu.clear()
    html = build(menu, *key)
    _kept_by_menu[(build, id(menu), *key)] = (menu, html)
    return html


def _link_groups_html(menu: tuple, language: str, current_path: str) -> str:
    parts = []
    for section, items in menu:
        links = "".join(format_html('<li><a href="{}">{}</a></li>', url, label)
                        for label, url in items if url != current_path)
        parts.append(format_html('\n    <div class="link-group">\n      <h3 class="link-group__title">{}</h3>\n'
                                 '      <ul class="link-list">{}</ul>\n    </div>\n  ', section_label(section),
                                 mark_safe(links)))
    return "".join(parts)


def home_panels(request) -> list[HomePanel]:
    """The start page's panels of every capability, in app order. The figures kept per organisation
    (``organisation_figures``) that earlier start pages asked for are fetched from the cache at once."""
    organisation_id = getattr(request.user, "organisation_id", None)
    keys = {name: _figures_key(name, organisation_id) for name in sorted(_figure_names)}
    asked = list(keys.values())
    token = _prefetched.set((cache.get_many(asked) if asked else {}, frozenset(asked)))
    try:
        panels: list[HomePanel] = []
        for module in _nav_modules():
            provider = getattr(module, "home_panels", None)
            if provider is not None:
                panels.extend(provider(request))
        return panels
    finally:
        _prefetched.reset(token)


# The start page of an officer shows a dozen panels; the figures that concern the whole organisation
# (register checks, log figures, logins, users) are the same for every officer of it and change slowly.
PANEL_FIGURES_SECONDS = 60

_figure_names: set[str] = set()  # the names asked for in this process: fetched at once by ``home_panels``
_prefetched: ContextVar[tuple | None] = ContextVar("home_panel_figures", default=None)  # (found, asked)


def _figures_key(name: str, organisation_id) -> str:
    return f"home-panel:v2:{name}:{organisation_id}"


def figures_key(name: str, organisation_id) -> str:
    """The cache key of ``organisation_figures(name, organisation_id, ...)`` (to forget them)."""
    return _figures_key(name, organisation_id)


# Figures are kept this many times their freshness: once they are no longer fresh, the first start page
# that asks computes them again while the others show the kept ones until that is done (no stampede of
# every worker computing the same figures at once when they expire).
_KEPT_STALE_FACTOR = 10
_RECOMPUTE_LOCK_SECONDS = 15


def organisation_figures(name: str, organisation_id, compute, seconds: int = PANEL_FIGURES_SECONDS):
    """The figures of a start-page panel about the whole organisation, kept ``seconds`` per organisation.

    Only for overview figures whose staleness is harmless and that hold no personal data: the panel says
    how old its figures may be (``HomePanel.kept_seconds``) and links to the live page. ``compute()``
    returns plain values (numbers, booleans, dates, short texts such as a document title; no translated
    text: the panel translates when it is shown); permissions are checked before, per user, never cached.

    When the kept figures are older than ``seconds``, one request (per organisation and name, across all
    workers: a lock in the cache) computes them again; requests that ask meanwhile get the kept ones, so
    figures are at most ``seconds`` plus one computation old. Without kept figures (the first time, or
    after ``forget_organisation_figures``) the request computes them itself.
    """
    key = _figures_key(name, organisation_id)
    _figure_names.add(name)
    prefetched = _prefetched.get()
    kept = prefetched[0].get(key) if prefetched is not None and key in prefetched[1] else cache.get(key)
    now = time.time()
    if kept is not None:
        figures, fresh_until = kept
        if now < fresh_until or not cache.add(f"{key}:computing", 1, _RECOMPUTE_LOCK_SECONDS):
            return figures
    figures = compute()
    keep_organisation_figures(name, organisation_id, figures, seconds)
    return figures


def keep_organisation_figures(name: str, organisation_id, figures, seconds: int = PANEL_FIGURES_SECONDS) -> None:
    """Keep ``figures`` as the fresh figures ``name`` of this organisation (just computed elsewhere)."""
    key = _figures_key(name, organisation_id)
    cache.set(key, (figures, time.time() + seconds), seconds * _KEPT_STALE_FACTOR)
    cache.delete(f"{key}:computing")


def forget_organisation_figures(name: str, organisation_id) -> None:
    """The figures ``name`` of this organisation changed: the next start page computes them again (after
    the transaction commits, so a page in flight cannot put the old figures back)."""
    from django.db import transaction

    transaction.on_commit(lambda: cache.delete(_figures_key(name, organisation_id)))


def figures_follow(name: str, model, organisation_of=lambda instance: instance.organisation_id) -> None:
    """Forget the figures ``name`` of an organisation whenever a ``model`` row of it is saved or deleted:
    the person who just changed something sees it on the start page at once; others within the minute."""
    from django.db.models.signals import post_delete, post_save

    def forget(sender, instance, **kwargs):
        forget_organisation_figures(name, organisation_of(instance))

    post_save.connect(forget, sender=model, weak=False, dispatch_uid=f"figures-{name}-{model._meta.label}")
    post_delete.connect(forget, sender=model, weak=False, dispatch_uid=f"figures-{name}-{model._meta.label}-del")
