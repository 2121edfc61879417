"""Settings for Privacyregie, read from environment variables with safe defaults.

Defaults give the embedded set-up (SQLite under ``var/``, in-process jobs). Production
sets at least ``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and the key material
(``PSEUDONYM_KEY``, ``FILE_MASTER_KEYS``). This module must never contain secrets.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_from_var(name: str, nbytes: int = 50) -> str:
    """Read a secret from ``var/<name>``, generating it once when absent.

    Used for the embedded default only; production passes secrets through the
    environment. The ``var/`` folder is git-ignored, so generated secrets are never
    committed.
    """
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(nbytes))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
# Demo mode: the embedded default started by ``make run``; allows demo accounts with
# fixed TOTP secrets and plain-HTTP cookies on localhost. Never in production.
DEMO_MODE = env_bool("DEMO_MODE", False)
TESTING = env_bool("PRIVACYREGIE_TESTING", False)

SECRET_KEY = os.environ.get("SECRET_KEY") or _secret_from_var("secret_key")
# Key for pseudonymising data subject identifiers in the processing log (keyed hash of
# the BSN). Kept outside the database.
PSEUDONYM_KEY = os.environ.get("PSEUDONYM_KEY") or _secret_from_var("pseudonym_key")
# Ed25519 key (urlsafe base64 of 32 bytes: secrets.token_urlsafe(32)) that signs the processing
# log's seals; outside the database. PROCESSING_LOG_VERIFY_KEY (the public key, same encoding)
# lets an auditor verify without the signing key.
PROCESSING_LOG_SIGNING_KEY = os.environ.get("PROCESSING_LOG_SIGNING_KEY") or _secret_from_var(
    "processing_log_signing_key", 32)
PROCESSING_LOG_VERIFY_KEY = os.environ.get("PROCESSING_LOG_VERIFY_KEY", "")
# Public keys of retired signing keys (comma-separated, same encoding; ``manage.py rotate_seal_key``):
# every seal names its key by id, and keeps verifying after a rotation. Public keys only.
PROCESSING_LOG_VERIFY_KEYS = env_list("PROCESSING_LOG_VERIFY_KEYS", "")
# Master keys that wrap the data key of every stored file (envelope encryption, docs/adr/0013):
# a keyring "id:base64key,id2:base64key" (32-byte keys); new files use FILE_MASTER_KEY_ID, or the
# last key. Outside the database; unset, the embedded default generates var/file_master_key.
FILE_MASTER_KEYS = os.environ.get("FILE_MASTER_KEYS") or ""
FILE_MASTER_KEY_ID = os.environ.get("FILE_MASTER_KEY_ID") or ""
# Crypto-shredding (ADR 0104): one key file per case; keep this directory OUT of database and file backups.
# Empty: VAR_DIR/shred_keys.
FILE_SHRED_KEY_DIR = os.environ.get("FILE_SHRED_KEY_DIR") or ""
# The single Fernet key of files stored before envelope encryption; only read until
# `manage.py migrate_file_encryption` has converted them (falls back to var/file_encryption_key).
FILE_ENCRYPTION_KEY = os.environ.get("FILE_ENCRYPTION_KEY") or ""

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "privacyregie.core.admin_apps.PrivacyregieAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "axes",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    # Privacyregie: one app per capability
    "privacyregie.core",
    "privacyregie.kernel",
    "privacyregie.dossiers",
    "privacyregie.register",
    "privacyregie.incidents",
    "privacyregie.compliance",
    "privacyregie.exchange",
    "privacyregie.external",
    "privacyregie.datarooms",
    "privacyregie.rights",
    "privacyregie.retention",
    "privacyregie.policies",
    "privacyregie.people",
    "privacyregie.protocol",
    "privacyregie.suppliers",
    "privacyregie.hub",
    "privacyregie.detection",
    "privacyregie.api",
    "privacyregie.web",
]

if env_bool("BENCH_AUDITLOG"):
    INSTALLED_APPS.append("auditlog")  # only for bench/processing_log.py's comparison

MIDDLEWARE = [
    "privacyregie.core.metrics.MetricsMiddleware",  # first: times the whole request (docs/production.md)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "privacyregie.core.middleware.InputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "privacyregie.core.middleware.SessionActivityMiddleware",  # idle timeout without a write per request
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "privacyregie.core.backends.VerifiedDeviceMiddleware",  # django-otp's OTPMiddleware (ADR 0133)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "privacyregie.core.history.HistoryRequestMiddleware",  # simple-history, application-aware
    "privacyregie.core.middleware.TraceContextMiddleware",
    "privacyregie.core.middleware.AccessPolicyMiddleware",
    "privacyregie.external.middleware.ExternalAccessMiddleware",  # grants and statement of external users
    "privacyregie.people.middleware.CodeOfConductMiddleware",  # after login: the new code of conduct first
    "privacyregie.kernel.middleware.KernelDenialMiddleware",
    "privacyregie.core.middleware.FileIntegrityMiddleware",
    # axes must be last
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "privacyregie.urls"
WSGI_APPLICATION = "privacyregie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # web/templates first, so it overrides third-party templates (two_factor, admin).
        "DIRS": [BASE_DIR / "privacyregie" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "privacyregie.core.context_processors.shell",
            ],
        },
    },
    {
        # Only the content of the most opened pages (the case page, the start page); templates in each
        # app's jinja2/ folder; same filters, URLs, translations and escaping (web/jinja.py, ADR 0134).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "privacyregie.web.jinja.environment"},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'privacyregie.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        # Persistent connections (DB_CONN_MAX_AGE seconds, e.g. 600 in production) are checked before reuse.
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )
}
# Least privilege (docs/security.md): migrations run as the tables' owner through this second
# alias (``manage.py migrate --database migrate``); the application's own role may only insert
# into and read the processing log (``manage.py setup_database_roles``).
# With both role names set, every ``migrate`` on PostgreSQL re-applies the runtime role's grants
# (kernel/dbroles.after_migrate); the roles themselves are created by ``setup_database_roles``.
DATABASE_OWNER_ROLE = os.environ.get("DATABASE_OWNER_ROLE", "")
DATABASE_RUNTIME_ROLE = os.environ.get("DATABASE_RUNTIME_ROLE", "")
if os.environ.get("DATABASE_MIGRATE_URL"):
    DATABASES["migrate"] = dj_database_url.parse(os.environ["DATABASE_MIGRATE_URL"])
    DATABASES["migrate"]["TEST"] = {"MIRROR": "default"}
# Reports (council scorecard, stoplight report, recommendations) read from a PostgreSQL replica when one
# is configured; everything else and every write stays on the primary (core/db.py, docs/production.md).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["privacyregie.core.db.ReportReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer makes /health/ready fail within seconds instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5")))
# Prepared statements (ADR 0132): parameters bound by PostgreSQL, and a statement run
# DB_PREPARE_THRESHOLD times on one connection is prepared there, so PostgreSQL plans the pages'
# fixed queries once per connection instead of on every request (with persistent connections,
# DB_CONN_MAX_AGE). Off (DB_PREPARED_STATEMENTS=0) behind a pooler that cannot keep them, such as
# PgBouncer in transaction mode before 1.21.
POSTGRES_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
for _alias in ("default", "replica"):
    if _alias in DATABASES and DATABASES[_alias]["ENGINE"] == "django.db.backends.postgresql" \
            and POSTGRES_PREPARED_STATEMENTS:
        DATABASES[_alias].setdefault("OPTIONS", {}).update({
            "server_side_binding": True,
            "prepare_threshold": int(os.environ.get("DB_PREPARE_THRESHOLD", "5")),
        })
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour: URLs without a scheme are https
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "privacyregie.core.backends.LocalAccountBackend",  # Django's ModelBackend, user found by a prepared query
    "privacyregie.core.sso.IdentityProviderBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "two_factor:login"

# --- Internationalisation: Dutch first, English second; shown in Europe/Amsterdam.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "privacyregie" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "files"))
# Uploads: size limit and allowed types are checked by core.uploads before storage.
MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_SIZE", str(10 * 1024 * 1024)))
# Processing-log hub (OTLP/HTTP intake at /v1/traces, docs/hub.md): bounded body, batch and concurrency.
HUB_MAX_BODY_BYTES = int(os.environ.get("HUB_MAX_BODY_BYTES", str(4 * 1024 * 1024)))
HUB_MAX_SPANS_PER_BATCH = int(os.environ.get("HUB_MAX_SPANS_PER_BATCH", "10000"))
HUB_MAX_CONCURRENT_BATCHES = int(os.environ.get("HUB_MAX_CONCURRENT_BATCHES", "4"))
HUB_QUEUE_WAIT_MS = int(os.environ.get("HUB_QUEUE_WAIT_MS", "200"))
HUB_RETRY_AFTER_SECONDS = int(os.environ.get("HUB_RETRY_AFTER_SECONDS", "2"))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_SIZE + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Sessions: expire after inactivity; "log out everywhere" bumps User.session_version.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", "900"))
# No session write per request (docs/benchmarks.md): core.middleware.SessionActivityMiddleware moves
# the expiry forward at most once per SESSION_REFRESH_SECONDS; the idle timeout may run that much longer.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", "60"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Large data stays server-side (core.files.stage); a session larger than this is refused.
SESSION_SERIALIZER = "privacyregie.core.sessions.BoundedJSONSerializer"
SESSION_MAX_BYTES = int(os.environ.get("SESSION_MAX_BYTES", str(64 * 1024)))
CSRF_COOKIE_HTTPONLY = True

# --- Transport security. Production runs behind HTTPS; the demo runs on plain localhost.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not (DEBUG or DEMO_MODE or TESTING))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_COOKIES)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SECURE_COOKIES else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a choice of the hosting party, not of the application.
    "security.W021",
    # Lockout is per username: municipal offices share one NAT address, so a per-IP lockout
    # would let one person lock out a whole office (see docs/adr/0002).
    "axes.W006",
]

# --- Content Security Policy: no inline scripts or styles, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# --- Two-factor login (django-otp + django-two-factor-auth) and lockout (django-axes).
OTP_TOTP_ISSUER = "Privacyregie"
OTP_TOTP_THROTTLE_FACTOR = 1
TWO_FACTOR_PATCH_ADMIN = False
TWO_FACTOR_LOGIN_TIMEOUT = 600
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "auth-username"
AXES_USERNAME_CALLABLE = "privacyregie.core.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

# --- REST API (NL API design rules: problem+json errors, pagination, filtering).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "privacyregie.api.authentication.ApplicationAuthentication",
        "privacyregie.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["privacyregie.api.permissions.HasPrivacyPermission"],
    "DEFAULT_PAGINATION_CLASS": "privacyregie.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "privacyregie.api.exceptions.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "privacyregie.api.parsers.GuardedJSONParser",
        "privacyregie.api.parsers.GuardedFormParser",
        "privacyregie.api.parsers.GuardedMultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # General rate limits (api/throttling.py): per application, per end user, per anonymous address.
    "DEFAULT_THROTTLE_CLASSES": [
        "privacyregie.api.throttling.ApplicationRateThrottle",
        "privacyregie.api.throttling.EndUserRateThrottle",
        "privacyregie.api.throttling.AnonymousRateThrottle",
    ],
    # Proxies in front of the application whose X-Forwarded-For is trusted for the anonymous limit;
    # 0: the connection's own address (a client cannot choose its counter).
    "NUM_PROXIES": int(os.environ.get("API_NUM_PROXIES", "1" if env_bool("BEHIND_TLS_PROXY", False) else "0")),
}
# "<number>/<s|m|h|d>"; read per request (api/throttling.py), so changing them needs only a restart.
API_THROTTLE_RATES = {
    "applicatie": os.environ.get("API_RATE_APPLICATION", "600/m"),
    "eindgebruiker": os.environ.get("API_RATE_END_USER", "120/m"),
    "anoniem": os.environ.get("API_RATE_ANONYMOUS", "30/m"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Privacyregie API",
    "DESCRIPTION": "REST API van Privacyregie (privacyborging in het sociaal domein).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "privacyregie.api.schema.add_problem_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AgreementStatusEnum": "privacyregie.register.models.Agreement.Status",
        "CaseStatusEnum": "privacyregie.dossiers.models.Case.Status",
        "ConsentFormEnum": "privacyregie.dossiers.models.Consent.Form",
        "RegisterStatusEnum": "privacyregie.register.art30.RegisterStatus",
        "PolicyKindEnum": "privacyregie.policies.models.Kind",
        "AdoptingBodyEnum": "privacyregie.policies.models.Body",
        "PolicyReviewOutcomeEnum": "privacyregie.policies.models.Outcome",
    },
}

# --- Cache (API rate limits): local memory per process by default; with several instances set
# CACHE_URL (redis://...) so that they share one count.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "privacyregie"}}
if os.environ.get("CACHE_URL"):
    CACHES["default"] = {"BACKEND": "privacyregie.core.cache.RedisCache", "LOCATION": os.environ["CACHE_URL"],
                         "KEY_PREFIX": "privacyregie"}
    # Sessions read from Redis and written through to the database (survive a Redis restart).
    SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.cached_db")

# --- Background jobs: Celery + Redis in production, eager/in-process by default.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Production: no result backend needed (jobs record their own outcome); a task is acknowledged after it ran,
# so a worker that dies mid-task leaves it for another worker; beat keeps its schedule under VAR_DIR.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# One-off tasks (core.tasks): "thread" (embedded default), "celery" (default when a broker is set) or "inline".
TASKS_RUNNER = os.environ.get("TASKS_RUNNER", "")
# A register import or export with more rows than this runs as a task with a progress bar.
REGISTER_TASK_ROWS = int(os.environ.get("REGISTER_TASK_ROWS", "200"))

# --- E-mail: notifications are stored first, then sent (and retried) by a job.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend" if (DEBUG or DEMO_MODE) else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "privacyregie@localhost")

# --- Logs: plain text by default; LOG_FORMAT=json writes one JSON object per line (python-json-logger)
# with the W3C trace id of the request or job it belongs to (core.logging), for a log collector.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"trace": {"()": "privacyregie.core.logging.TraceIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(trace_id)s %(process)d",
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
                 "timestamp": False},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["trace"],
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Operations (docs/production.md): health endpoints for a load balancer, Prometheus metrics.
# /health/live and /health/ready need no login; /metrics is refused unless the caller sends
# "Authorization: Bearer <METRICS_TOKEN>" or comes from an address in METRICS_ALLOWED_IPS (deny by default).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "")
# Several gunicorn workers: prometheus_client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR, emptied at
# start by gunicorn.conf.py) adds up the workers' counters for one scrape.
PROMETHEUS_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
# Health and metrics are probed over plain HTTP inside the network: never redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
# Scheduled jobs: every job runs at least this often under Celery beat (0: each job's own interval).
# Only for drills and the production-stack test, which cannot wait ten minutes for a reminder job.
JOBS_MAX_INTERVAL_SECONDS = int(os.environ.get("JOBS_MAX_INTERVAL_SECONDS", "0"))

# --- Privacyregie behaviour.
BREAK_GLASS_DURATION = timedelta(hours=float(os.environ.get("BREAK_GLASS_HOURS", "4")))
BREAK_GLASS_MIN_REASON_LENGTH = 20
# Emergency search (noodzoeken): at most this many searches per user per hour; results stay usable this long.
EMERGENCY_SEARCH_MAX_PER_HOUR = int(os.environ.get("EMERGENCY_SEARCH_MAX_PER_HOUR", "10"))
EMERGENCY_SEARCH_VALID = timedelta(minutes=30)
BREACH_REMINDER_HOURS_LEFT = [int(h) for h in env_list("BREACH_REMINDER_HOURS_LEFT", "24,8")]

# --- Processing log tamper evidence (docs/security.md): how often the chain heads are sealed
# (entries written after the last seal are not yet witnessed), and where seals are witnessed
# outside the database: "file" (append-only JSON lines), "syslog", or a dotted class path.
PROCESSING_LOG_SEAL_INTERVAL = timedelta(seconds=int(os.environ.get("PROCESSING_LOG_SEAL_INTERVAL_SECONDS", "900")))
PROCESSING_LOG_WITNESSES = env_list("PROCESSING_LOG_WITNESSES", "file")
# PostgreSQL: monthly partitions of the processing log created this many months ahead (daily job, ADR 0110).
PROCESSING_LOG_PARTITIONS_AHEAD = int(os.environ.get("PROCESSING_LOG_PARTITIONS_AHEAD", "3"))
PROCESSING_LOG_WITNESS_FILE = Path(os.environ.get("PROCESSING_LOG_WITNESS_FILE", VAR_DIR / "witness" / "seals.jsonl"))
PROCESSING_LOG_SYSLOG_ADDRESS = os.environ.get("PROCESSING_LOG_SYSLOG_ADDRESS", "/dev/log")  # or host:port (UDP)
PROCESSING_LOG_SYSLOG_FACILITY = os.environ.get("PROCESSING_LOG_SYSLOG_FACILITY", "local0")

# --- Single sign-on with OpenID Connect (mozilla-django-oidc; docs/sso.md). Each organisation configures
# its own identity provider in the admin (core.IdentityProvider); without one, login stays username +
# password + TOTP. These settings are shared by every provider.
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # for RP-initiated logout (id_token_hint)
OIDC_CREATE_USER = True
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT_SECONDS", "10"))
OIDC_VERIFY_SSL = env_bool("OIDC_VERIFY_SSL", True)
OIDC_AUTHENTICATION_CALLBACK_URL = "core:sso_callback"
# Plain-http issuers only for local tests and the demo, never in production.
SSO_ALLOW_HTTP = env_bool("SSO_ALLOW_HTTP", DEBUG or DEMO_MODE or TESTING)
SSO_DISCOVERY_CACHE_SECONDS = int(os.environ.get("SSO_DISCOVERY_CACHE_SECONDS", "3600"))
