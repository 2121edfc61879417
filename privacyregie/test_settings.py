"""Settings for the test suite: the real settings with test-friendly overrides."""

import os
import tempfile

os.environ.setdefault("PRIVACYREGIE_TESTING", "1")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="privacyregie-test-var-"))

from .settings import *  # noqa: E402,F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
SECURE_SSL_REDIRECT = False
# The suite (and the schemathesis run) makes many calls quickly: no general rate limit gets in
# the way; api/tests/test_throttling.py lowers the rates to prove they work.
API_THROTTLE_RATES = {"applicatie": "1000000/m", "eindgebruiker": "1000000/m", "anoniem": "1000000/m"}
TASKS_RUNNER = "inline"
# Every test client builds the middleware again, and WhiteNoise would then walk all static files each
# time (35 ms a test, minutes over the suite). In tests it finds a static file when one is asked for
# instead; production builds the middleware once per process and keeps the walk.
WHITENOISE_AUTOREFRESH = True
