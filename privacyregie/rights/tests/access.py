"""Access matrix of the rights pages (see core/tests/matrix.py)."""

ROUTES = []

from .access_report import ROUTES as _REPORT  # noqa: E402

ROUTES += _REPORT
