"""Django settings for zeren, read from environment variables only.

Every variable is parsed strictly by :mod:`zeren.env`; a bad value stops start-up with one
line naming it (``zeren: DEBUG: expected true or false, got 'ture'``). The variables are
documented in README.md ("Configuration").
"""

from __future__ import annotations

import os
from pathlib import Path

from zeren import env

PACKAGE_DIR = Path(__file__).resolve().parent

try:
    DATA_DIR = env.directory(os.environ, "ZEREN_DATA_DIR", default=Path.cwd() / "var")
    # Set by `zeren demo`: a local, single-user showcase served over plain HTTP.
    DEMO = env.boolean(os.environ, "ZEREN_DEMO", default=False)
    DEBUG = env.boolean(os.environ, "DEBUG", default=False)
    PRODUCTION = not (DEBUG or DEMO)
    SECRET_KEY = env.secret_key(
        os.environ, "SECRET_KEY", local_file=None if PRODUCTION else DATA_DIR / "secret_key"
    )
    # Signs the audit trail's anchors (zeren.audit.anchors); production: needed by `zeren audit_anchor`.
    ZEREN_AUDIT_KEY = env.secret_key(
        os.environ, "ZEREN_AUDIT_KEY", local_file=None if PRODUCTION else DATA_DIR / "audit_key", required=False
    )
    _default_db = f"sqlite:///{DATA_DIR / 'zeren.sqlite3'}"
    DATABASES = {"default": env.database_url(os.environ, "DATABASE_URL", default=_default_db)}
    ALLOWED_HOSTS = env.host_list(
        os.environ, "ALLOWED_HOSTS", default=None if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
    )
    _email = env.email_url(os.environ, "EMAIL_URL", default="console://")
    DEFAULT_FROM_EMAIL = env.string(os.environ, "DEFAULT_FROM_EMAIL", default="zeren <zeren@localhost>")
    # Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
    _trust_forwarded_proto = env.boolean(os.environ, "TRUST_X_FORWARDED_PROTO", default=False)
    # The proxy's address: `zeren serve` (waitress) takes X-Forwarded-Proto from it alone.
    _trusted_proxy = env.proxy_address(os.environ, "TRUSTED_PROXY", default="127.0.0.1")
    if env.string(os.environ, "TRUSTED_PROXY", default="") and not _trust_forwarded_proto:
        raise env.ConfigError("TRUSTED_PROXY", "has no effect without TRUST_X_FORWARDED_PROTO=true")
    TRUSTED_PROXY: str | None = _trusted_proxy if _trust_forwarded_proto else None
    SECURE_HSTS_SECONDS = env.integer(
        os.environ, "SECURE_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0
    )
except env.ConfigError as error:
    raise SystemExit(f"zeren: {error}") from None

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _sqlite_name = str(DATABASES["default"]["NAME"])
    if _sqlite_name != ":memory:":
        Path(_sqlite_name).parent.mkdir(parents=True, exist_ok=True)

EMAIL_BACKEND = _email.backend
EMAIL_HOST = _email.host
EMAIL_PORT = _email.port
EMAIL_HOST_USER = _email.user
EMAIL_HOST_PASSWORD = _email.password
EMAIL_USE_TLS = _email.use_tls
EMAIL_USE_SSL = _email.use_ssl
SERVER_EMAIL = DEFAULT_FROM_EMAIL

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "zeren.org",
    "zeren.accounts",
    "zeren.audit",
    "zeren.duties",
    "zeren.records",
    "zeren.accidents",
    "zeren.tours",
    "zeren.supervision",
    "zeren.assessments",
    "zeren.cases",
    "zeren.commendations",
    "zeren.reports",
    "zeren.demo",
    "zeren.api",
    "zeren.backup",
    "zeren.jobs",
    "django_tasks",
    "django_tasks_db",  # the database backend of the django-tasks backport (Django 6's django.tasks)
    "ninja",  # serves Swagger UI's files locally (no CDN)
]

MIDDLEWARE = [
    "zeren.middleware.RefuseNulMiddleware",  # first: a NUL in a request is a 400, before anything reads it
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zeren.urls"
WSGI_APPLICATION = "zeren.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zeren.navigation.nav",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"  # the front page sends each role to its own start (zeren.views.landing_url)
LOGOUT_REDIRECT_URL = "home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling (django-axes, zeren.accounts.throttle): five failures for one user name from
# one address lock that pair out for an hour, and twenty from one address, whatever the user
# names, lock the address (password spraying); a successful login resets its user name's count.
AXES_HANDLER = "zeren.accounts.throttle.LoginThrottle"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# Static files: served by WhiteNoise straight from the package folders, so there is no
# collectstatic step (and no STATIC_ROOT) to forget.
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded files (evidence of performance records): in the data directory, never served directly;
# zeren.records serves each file through a view that checks access.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
# Spreadsheet uploads (the organisation import): a larger file is refused with a clear message
# before it is read (zeren.documents.sheets holds the other limits: uncompressed size, rows).
ZEREN_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
# Django's default: an upload larger than this goes to a temporary file, not memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Security ---------------------------------------------------------------------------------
# Content-Security-Policy on every response (django-csp): scripts and styles only from this site's
# files, no inline script, style or event handler, no plugins, no framing. A view may set its own
# (evidence files are served with "sandbox").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
if _trust_forwarded_proto:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Long work (imports, recomputes, reminders, province-wide documents) runs in `zeren worker`; the
# tasks are rows of the same database, enqueued in the transaction of the change that asks for them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# An organisation change concerning at most this many posts recomputes their verdicts inside the
# request; a larger one is left to a background task (docs/records.md, "Background tasks").
ZEREN_RECOMPUTE_INLINE_POSTS = 200
# A check ("only check, import nothing") of an organisation workbook up to this size is answered in
# the request; larger ones, and every import, run in the worker.
ZEREN_IMPORT_INLINE_BYTES = 256 * 1024
# An overdue list (.xlsx) of more rows than this is made in the worker and offered on the job's page.
ZEREN_EXPORT_INLINE_ROWS = 5000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

