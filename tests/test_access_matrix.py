"""Every URL x every role: the status each role gets (deny by default).

Collects ``ROUTES`` from ``privacyregie.<app>.tests.access`` of every capability,
requests each as every demo role and as an anonymous visitor, and asserts the status.
A second test fails when a URL of the project has no entry, so that a new view cannot
be added without deciding who may reach it.
"""

from importlib import import_module

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from privacyregie.core.tests.matrix import ALL_ROLES, ROLE_USERS
from privacyregie.core.tests.utils import login_verified

APPS = ["core", "web", "dossiers", "kernel", "register", "incidents", "compliance", "external", "datarooms", "exchange",
        "rights", "retention", "api", "policies", "people", "protocol", "suppliers", "hub", "detection"]
# URL namespaces that are not ours to enumerate: the admin has its own test.
IGNORED_NAMESPACES = {"admin"}


def _collect_routes():
    routes = []
    for app in APPS:
        try:
            module = import_module(f"privacyregie.{app}.tests.access")
        except ModuleNotFoundError as exc:
            if exc.name != f"privacyregie.{app}.tests.access":
                raise
            continue
        routes.extend(module.ROUTES)
    return routes


ROUTES = _collect_routes()
CASES = [(route, role) for route in ROUTES for role in (*ALL_ROLES, None)]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "role"), CASES, ids=[f"{r.id}-{role or 'anonymous'}" for r, role in CASES])
def test_route_status_per_role(client, route, role):
    if role is not None:
        login_verified(client, ROLE_USERS[role])
    url = reverse(route.name, kwargs=route.kwargs() if route.kwargs else None)
    response = getattr(client, route.method)(url, data=route.data or {})
    expected = route.expected(role)
    assert response.status_code == expected, (
        f"{route.method.upper()} {url} as {role or 'anonymous'}: expected {expected}, got {response.status_code}"
    )
    if role is not None and expected == 302 and route.name not in _REDIRECT_OK:
        assert "/account/inloggen/" not in response.get("Location", "") or route.name in _LOGIN_REDIRECT_OK


_REDIRECT_OK = {"web:root", "web:set_language", "core:logout", "core:logout_everywhere", "two_factor:setup",
                "core:enrolment_done"}
_LOGIN_REDIRECT_OK = {"core:logout", "core:logout_everywhere"}


def _all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns in IGNORED_NAMESPACES:
                continue
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _all_url_names(pattern, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_has_an_access_matrix_entry():
    covered = {route.name for route in ROUTES}
    ignored_suffixes = ("-format-suffix",)
    missing = sorted(
        name for name in set(_all_url_names()) if name not in covered and not name.endswith(ignored_suffixes)
    )
    assert not missing, f"URLs without an access-matrix entry (add them to <app>/tests/access.py): {missing}"


def test_every_view_declares_an_access_rule():
    """A page without a rule is refused by the middleware; this finds it before a user does."""
    from rest_framework.views import APIView

    from privacyregie.core.access import rule_for_view

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if (pattern.namespace or "") in IGNORED_NAMESPACES:
                    continue
                yield from walk(pattern, pattern.namespace or namespace)
            else:
                yield namespace, pattern

    offenders = []
    for namespace, pattern in walk(get_resolver()):
        callback = pattern.callback
        view_class = getattr(callback, "cls", None)
        if view_class is not None and issubclass(view_class, APIView):
            if namespace == "api" and pattern.name not in {"schema", "docs", "redoc", "api-root"}:
                initkwargs = getattr(callback, "initkwargs", {}) or {}
                if not (getattr(view_class, "required_permissions", None) or initkwargs.get("required_permissions")):
                    offenders.append(f"api:{pattern.name} has no required_permissions")
            continue
        if rule_for_view(callback) is None:
            offenders.append(f"{namespace}:{pattern.name}")
    assert not offenders, offenders
