"""Navigation by role: each capability lists its menu items in ``<app>/nav.py``.

``NAV_ITEMS``: list of ``NavItem``; ``home_panels(request)``: optional function returning
``HomePanel`` objects for the start page. Items are shown only to users with the
permission; an item whose URL does not exist (yet) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse

SECTION_ORDER = ["werk", "privacy", "beveiliging", "verantwoording", "beheer"]


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


def nav_for(user) -> list[tuple[str, list[dict]]]:
    if not getattr(user, "is_authenticated", False) or not user.is_verified():
        return []
    granted = user.privacy_permissions
    sections: dict[str, list] = {}
    for module in _modules():
        for item in getattr(module, "NAV_ITEMS", []):
            if item.permission not in granted:
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            sections.setdefault(item.section, []).append((item.order, {"label": item.label, "url": url}))
    return [
        (section, [entry for _, entry in sorted(sections[section], key=lambda x: x[0])])
        for section in SECTION_ORDER
        if section in sections
    ]


def home_panels(request) -> list[HomePanel]:
    panels: list[HomePanel] = []
    for module in _modules():
        provider = getattr(module, "home_panels", None)
        if provider is not None:
            panels.extend(provider(request))
    return panels


# The start page of an officer shows a dozen panels; the figures that concern the whole organisation
# (register checks, log figures, logins, users) are the same for every officer of it and change slowly.
PANEL_FIGURES_SECONDS = 60


def figures_key(name: str, organisation_id) -> str:
    """The cache key of ``organisation_figures(name, organisation_id, ...)`` (to replace or forget them)."""
    return f"home-panel:{name}:{organisation_id}"


def organisation_figures(name: str, organisation_id, compute, seconds: int = PANEL_FIGURES_SECONDS):
    """The figures of a start-page panel about the whole organisation, kept ``seconds`` per organisation.

    Only for overview counts whose staleness is harmless: the panel says how old its figures may be
    (``HomePanel.kept_seconds``) and links to the live page. ``compute()`` returns plain values
    (numbers, booleans, short texts); permissions are checked before, per user, never cached.
    """
    key = figures_key(name, organisation_id)
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, seconds)
    return figures
