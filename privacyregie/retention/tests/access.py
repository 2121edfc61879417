"""Access matrix of retention (see core/tests/matrix.py); each part adds its own routes."""

ROUTES = []

from .access_destruction import ROUTES as _DESTRUCTION  # noqa: E402

ROUTES += _DESTRUCTION
