"""Navigation by role: each capability lists its menu items in ``<app>/nav.py``.

``NAV_ITEMS``: list of ``NavItem``; ``home_panels(request)``: optional function returning
``HomePanel`` objects for the start page. Items are shown only to users with the
permission; an item whose URL does not exist (yet) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
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
