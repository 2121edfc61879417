"""WSGI entry point (gunicorn privacyregie.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "privacyregie.settings")
application = get_wsgi_application()
