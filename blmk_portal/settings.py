"""Settings for the BLMK partnership portal, read from environment variables.

The defaults are the safe production ones: DEBUG off, secure cookies and HSTS (HTTPS=True), and a real
SECRET_KEY required unless DEBUG is on. `make run` and `make test` set HTTPS=False for plain HTTP on
loopback. docs/deployment.md lists every variable.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def envbool(name: str, default: bool) -> bool:
    value = os.getenv(name)
    if value is None or value == "":
        return default
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"Unexpected value {name}={value}; use True or False")
    return value == "True"


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set unless DEBUG=True")
    SECRET_KEY = "insecure-key-for-local-debugging-only"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rules",
    "axes",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "django_tasks",
    "django_tasks_db",
    "blmk_portal",
    "places",
    "priorities",
    "governance",
    "dashboards",
]

MIDDLEWARE = [
    # /healthz and /readyz, for the load balancer: before the HTTPS redirect and the Host check (health.py).
    "blmk_portal.health.HealthCheckMiddleware",
    # Anonymous pages of public content, kept whole under the content generation (page_cache.py, ADR 27).
    "blmk_portal.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records who made each change and from which page, beside every history event.
    "pghistory.middleware.HistoryMiddleware",
    # django-axes must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "blmk_portal.urls"
WSGI_APPLICATION = "blmk_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "blmk_portal.jinja2.environment",
            "context_processors": [
                "django.contrib.messages.context_processors.messages",
                "blmk_portal.context_processors.portal",
            ],
        },
    },
    # Only the admin uses Django templates.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# A worker keeps its connection between requests: connecting takes longer (about 2 ms) than the one query a
# kept page or pack needs. Checked before reuse, so a restarted database costs one failed check, not an error.
CONNECTION_KEPT_SECONDS = 60
if os.getenv("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
else:
    from blmk_portal.embedded_database import connection_settings

    # EMBEDDED_DATABASE_NAME lets the benchmark keep its scaled data apart from the demo data.
    database = os.getenv("EMBEDDED_DATABASE_NAME", "blmk_portal")
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", **connection_settings(VAR_DIR, database)}}
DATABASES["default"] |= {"CONN_MAX_AGE": CONNECTION_KEPT_SECONDS, "CONN_HEALTH_CHECKS": True}

# The page cache and what else is kept between requests, shared by every worker: with CACHE_URL=redis://...
# by every server too (docs/deployment.md); without it, by the workers of this machine, in files under var/.
# Keys carry the database's name, so a benchmark's or another checkout's pages are never taken for these.
if os.getenv("CACHE_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"]}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    }
CACHES["default"]["KEY_PREFIX"] = DATABASES["default"]["NAME"]
# Off only to measure what rendering costs: every page is then rendered, and marked private.
PAGE_CACHE = envbool("PAGE_CACHE", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "blmk_portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, the person kept between requests under the roles version (roles.py).
    "blmk_portal.roles.KeptUserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGOUT_REDIRECT_URL = "home"
# A link to set a password (an invitation, or "Forgot your password?") works once, for this long: board members
# may not open an invitation for days. Setting the password or signing in ends it sooner.
PASSWORD_RESET_TIMEOUT = int(dt.timedelta(days=7).total_seconds())

# Sign-in throttling (blmk_portal/throttling.py): five failures for one account from one address lock it there
# for fifteen minutes; an address that fails SIGN_IN_FAILURES_PER_ADDRESS times across accounts is locked whole.
AXES_FAILURE_LIMIT = 5
SIGN_IN_FAILURES_PER_ADDRESS = 20
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
# The sign-in form posts the email address as "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "blmk_portal.views.sign_in_username"
AXES_LOCKOUT_PARAMETERS = "blmk_portal.throttling.sign_in_lockout_parameters"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.jinja"
AXES_RESET_ON_SUCCESS = True
# Behind a load balancer, the client's address is in X-Forwarded-For, TRUSTED_PROXY_COUNT places from the right
# (blmk_portal/client_address.py; docs/deployment.md). 0: the portal is reached directly.
TRUSTED_PROXY_COUNT = int(os.getenv("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT}: give the number of proxies, 0 or more")
AXES_CLIENT_IP_CALLABLE = "blmk_portal.client_address.client_address"
# "Forgot your password?" answers one address this many times an hour (blmk_portal/throttling.py).
PASSWORD_LINKS_PER_ADDRESS = 10
# Public questions to a board: one address may send this many an hour (governance/questions.py), and an asker's
# email address (and a name they withheld) is kept this many days after their answer is sent, then erased.
PUBLIC_QUESTIONS_PER_ADDRESS = 5
PUBLIC_QUESTION_RETENTION_DAYS = int(os.getenv("PUBLIC_QUESTION_RETENTION_DAYS", "30"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "static_vendor"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", VAR_DIR / "media"))
# Uploads and built packs in S3-compatible object storage when a bucket is named: private, reached only through
# the portal's own views (which apply the publication rule), never by a public link. See docs/deployment.md.
if os.getenv("STORAGE_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["STORAGE_BUCKET"],
            "endpoint_url": os.getenv("STORAGE_ENDPOINT_URL") or None,
            "region_name": os.getenv("STORAGE_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Background work (meeting packs' PDFs) is queued in PostgreSQL and done by `manage.py db_worker`: a queued
# build survives a restart, and any worker on any machine may take it (docs/adr/0005).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Security headers. HTTPS=True (the default) means the portal is served over TLS, usually behind a proxy.
HTTPS = envbool("HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
# Read from the shared cache, written through to the database; the database alone where the cache is not shared.
SESSION_ENGINE = "blmk_portal.sessions"
X_FRAME_OPTIONS = "DENY"

# Email (invitations and password links). Local runs (HTTPS=False) print emails to the terminal; production
# sends through the SMTP server named by EMAIL_HOST (see docs/deployment.md).
EMAIL_BACKEND = os.getenv(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if HTTPS else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.getenv("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "BLMK Health and Care Partnership <portal@localhost>")
# The portal's own address, for links in emails sent with no request to read it from (reminders).
PORTAL_URL = os.getenv("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# The NHS templates need no inline styles; their one inline script (templates/nhsuk/template.jinja, marking the
# page as having JavaScript) is allowed by its hash: a page kept whole by the page cache cannot carry a
# per-request nonce (ADR 27). tests/portal/test_page_cache.py checks the hash against the script pages carry.
# Fonts come from the NHS's asset host (offline they fall back to Arial).
NHS_INLINE_SCRIPT_HASH = "'sha256-tDOvXJi1PXbg0CWjLCCYSNHRXtps26K4JXkE3M6u/c0='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NHS_INLINE_SCRIPT_HASH],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "https://assets.nhs.uk"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
