"""The start-up warm-up (``core.warmup``): loads URLs, translations and templates, opens no connection."""

from unittest import mock

from django.db.backends.base.base import BaseDatabaseWrapper

from privacyregie.core.warmup import PACKAGE, warm_process


def test_warm_up_loads_every_template_and_opens_no_database_connection():
    # no django_db mark: pytest-django refuses any database access here, and connecting is refused too
    with mock.patch.object(BaseDatabaseWrapper, "connect", side_effect=AssertionError("connected")):
        counts = warm_process()
    def count(folder):
        return sum(1 for d in PACKAGE.glob(f"*/{folder}") for _ in d.rglob("*.html"))

    # the Jinja2 templates once as the backend's and once per language (their fixed texts translated)
    assert counts["templates"] == count("templates") + count("jinja2") * (1 + counts["languages"])
    assert any(PACKAGE.glob("*/jinja2/*/*.html"))  # the Jinja2 pages (ADR 0134) are among them
    assert counts["languages"] == 2 and counts["url_patterns"] > 10
