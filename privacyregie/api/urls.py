"""``/api/v1/``: every capability adds its endpoints in ``<app>/api.py``.

An app's ``api.py`` may define ``register(router)`` to add viewsets and/or
``urlpatterns`` for other views. The schema (OpenAPI 3) and its documentation page
are public; every data endpoint requires authentication and a permission, and every
write is atomic (``api.transactions``).
"""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .permissions import PublicEndpoint
from .transactions import wrap_patterns

CAPABILITY_APPS = ["core", "dossiers", "kernel", "register", "incidents", "compliance", "exchange", "rights", "retention",
                   "policies", "people", "protocol", "suppliers"]

app_name = "api"

router = DefaultRouter(trailing_slash=False)
router.include_root_view = False
extra_patterns = []
for _app in CAPABILITY_APPS:
    try:
        _module = import_module(f"privacyregie.{_app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"privacyregie.{_app}.api":
            raise
        continue
    if hasattr(_module, "register"):
        _module.register(router)
    extra_patterns += getattr(_module, "urlpatterns", [])

_public = {"permission_classes": [PublicEndpoint], "authentication_classes": []}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(**_public), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", **_public), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema", **_public), name="redoc"),
    *wrap_patterns(extra_patterns),
    path("", include(wrap_patterns(router.urls))),
]
