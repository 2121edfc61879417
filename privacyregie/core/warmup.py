"""What every process would otherwise load on its first requests, loaded when the application starts.

gunicorn loads the application once in its master and forks the workers from it (ADR 0132). Whatever the
master has loaded, every worker has from its first request on, also a worker that replaces a recycled one
(``max_requests``): the URL configuration and its reverse lookups per language, the translation catalogues,
the compiled templates of the pages (the cached template loader), and the cache client. Nothing of a user,
a request or the database is loaded: no connection is opened here.
"""

from __future__ import annotations

import logging
from pathlib import Path

logger = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parents[1]


def warm_process() -> dict:
    """Load the process-wide things; returns how many of each (for the start-up log and the tests)."""
    from django.conf import settings
    from django.core.cache import caches
    from django.urls import get_resolver, reverse
    from django.utils import translation

    languages = [code for code, _name in settings.LANGUAGES]
    resolver = get_resolver()
    for code in languages:
        with translation.override(code):
            reverse("web:home")  # fills the resolver's reverse lookups of this language
    templates = _load_templates()
    for alias in settings.CACHES:
        caches[alias]  # noqa: B018  (creates the backend and, for Redis, its client; connects lazily)
    counts = {"languages": len(languages), "url_patterns": len(resolver.url_patterns), "templates": templates}
    logger.info("process warmed", extra=counts)
    return counts


def _load_templates() -> int:
    """Compile every template of Privacyregie's apps with its engine: Django's (``templates/``, kept by the
    cached loader) and Jinja2's (``jinja2/``, kept by its environment; ADR 0134), the Jinja2 templates also
    once per language (kept by that language's environment)."""
    from django.conf import settings
    from django.template import TemplateSyntaxError, engines
    from jinja2 import TemplateSyntaxError as JinjaSyntaxError

    jinja = engines["jinja2"].env
    compilers = [("templates", engines["django"].get_template), ("jinja2", engines["jinja2"].get_template)]
    # the Jinja2 templates also as compiled for each language, their fixed texts translated (web/jinja.py)
    compilers += [("jinja2", jinja.for_language(code).get_template) for code, _name in settings.LANGUAGES]
    loaded = 0
    for folder, get_template in compilers:
        for directory in sorted(PACKAGE.glob(f"*/{folder}")):
            for path in sorted(directory.rglob("*.html")):
                try:
                    get_template(path.relative_to(directory).as_posix())
                except (TemplateSyntaxError, JinjaSyntaxError):  # pragma: no cover - the page itself will show it
                    logger.exception("template does not compile: %s", path)
                    continue
                loaded += 1
    return loaded
