"""WSGI entry point (gunicorn privacyregie.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "privacyregie.settings")
application = get_wsgi_application()

# URLs, translations and templates loaded now, in gunicorn's master (ADR 0132), not on each worker's first requests
from privacyregie.core.warmup import warm_process  # noqa: E402

warm_process()
