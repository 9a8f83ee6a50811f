"""Settings for In Defence of October, read from environment variables.

With nothing set, the site runs in development mode against the local
PostgreSQL server. With ``DJANGO_DEBUG`` off it refuses to start unless a real
secret key and the allowed hosts are given.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from october.database import local_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG", True)

DEVELOPMENT_SECRET_KEY = (
    "django-insecure-development-only-never-use-this-key-in-production"
)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

if DEBUG:
    SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random string of at least 50 "
            "characters when DJANGO_DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list the site's host names when "
            "DJANGO_DEBUG is off."
        )

INSTALLED_APPS = [
    # Django's admin with the site's admin site (october/core/admin/site.py).
    "october.core.apps.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.flatpages",
    "django.contrib.redirects",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "taggit",
    "simple_history",
    "imagekit",
    "django_prose_editor",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # The kernel, then the site-wide packages, then the content apps.
    "october.core",
    "october.accounts",
    "october.pages",
    "october.tools",
    "people",
    "timeline",
    "articles",
    "reviews",
    "guides",
    "following",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the path, the query, the cookies or the body.
    "october.core.web.middleware.HostileInputMiddleware",
    "october.core.web.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Before the page cache, which would answer "/" with the English page.
    "october.core.i18n.FirstVisitLanguageMiddleware",
    "october.core.caching.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session, before CommonMiddleware, as Django asks. The page
    # cache above needs nothing from it: a page's language is in its path.
    "october.core.i18n.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: content history records who made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    # Last, as django-axes asks: it turns a lockout into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "october.urls"
WSGI_APPLICATION = "october.wsgi.application"
# django.contrib.flatpages and redirects key their rows on a Site; its
# domain is not read anywhere (SITE_URL is the site's address).
SITE_ID = 1
# The address readers use, scheme and host ("https://example.org"): every
# absolute link the site writes starts with it (october/core/addresses.py).
# Development defaults to what `make run` serves.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if DEBUG and not SITE_URL:
    SITE_URL = f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
# Plain strings, marked for translation: pages show them in the interface's
# language (october.core.context_processors.site).
SITE_NAME = gettext_noop("In Defence of October")
SITE_TAGLINE = gettext_noop("Study the lessons of the Russian Revolution")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "october.core.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL when set, otherwise the local server (see october/database.py).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or local_database_url(),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DATABASES["default"].setdefault("OPTIONS", {}).update(
    {
        # Fail fast, well inside gunicorn's 30-second worker timeout.
        "connect_timeout": 3,
        "options": "-c statement_timeout=10000 -c lock_timeout=5000",
    }
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Sites sharing one Redis database keep apart by their prefix.
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "october"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for anonymous readers (october/core/caching.py). It needs a cache
# that every worker shares, since every change must be seen by all; it is
# off while developing so that template edits show at once.
PAGE_CACHE_SECONDS = int(
    os.environ.get("DJANGO_PAGE_CACHE_SECONDS", 300 if REDIS_URL and not DEBUG else 0)
)
# Parts of pages whole-page caching cannot serve, such as signed-in readers'
# ({% cachedfragment %}): dropped by the same changes, so the same rule.
FRAGMENT_CACHE_SECONDS = int(
    os.environ.get("DJANGO_FRAGMENT_CACHE_SECONDS", PAGE_CACHE_SECONDS)
)
# A function (dotted path) told the tags of every committed change, to purge
# a CDN's copies by the Surrogate-Key header public pages carry. None: no CDN.
PAGE_CACHE_PURGE = os.environ.get("DJANGO_PAGE_CACHE_PURGE", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address pair never reaches a password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (django-axes), for the reader and admin sign-in alike: five
# failures for one username from one address lock that pair out for 15
# minutes. Keyed on the pair, so nobody can lock a reader out from elsewhere,
# and counted for usernames that do not exist too, so a lockout says nothing
# about which accounts exist. Attempts live in the database: every app server
# shares them without Redis, and staff see them in the admin.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "october.accounts.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "october.core.web.middleware.client_ip"
AXES_USERNAME_CALLABLE = "october.accounts.lockout.axes_username"
# Failures are what throttling needs; a row for every successful sign-in
# would be a record of readers' addresses kept for no purpose.
AXES_DISABLE_ACCESS_LOG = True
# No banner on every manage.py command; failures and lockouts are still logged.
AXES_VERBOSE = False
RATELIMIT_IP_META_KEY = "october.core.web.middleware.client_ip"

# The interface's languages: English unprefixed, /es/ and /ru/ (october/urls.py).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("ru", _("Russian")),
]
# The languages content may be written in: an article, a book's original.
# Wider than the interface's: a French article needs no French menus.
CONTENT_LANGUAGES = [
    *LANGUAGES,
    ("fr", _("French")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["october.core.formats"]
# The language an editor chose for the admin, and the mark that "/" has been
# visited (october/core/i18n.py); public pages take theirs from the path.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Django serves MEDIA_ROOT itself only when asked (one machine, no proxy).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# Uploads: refuse oversized bodies before they reach a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_PERMISSIONS = 0o644

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "In Defence of October <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (django-tasks), kept in the database: no other service.
# Requests queue them; `manage.py worker` runs them (october/core/mail.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A mail that fails is tried again MAIL_RETRY_SECONDS later, then four times
# as long after each further failure (1, 4, 16, 64 minutes), MAIL_ATTEMPTS
# times in all.
MAIL_ATTEMPTS = int(os.environ.get("DJANGO_MAIL_ATTEMPTS", "5"))
MAIL_RETRY_SECONDS = int(os.environ.get("DJANGO_MAIL_RETRY_SECONDS", "60"))
# Tasks the worker queues itself, each at this interval (dotted path: timedelta).
PERIODIC_TASKS = {
    "reviews.tasks.send_moderation_digest": timedelta(hours=1),
    "october.core.tasks.prune_finished_tasks": timedelta(days=1),
}
# Finished tasks (sent mail among them) are deleted after this many days.
TASK_RESULTS_KEEP_DAYS = int(os.environ.get("DJANGO_TASK_RESULTS_KEEP_DAYS", "7"))
# Moderators are mailed a digest of the reviews that have waited longer than
# this many hours, at most once in that time; 0 sends none.
MODERATION_DIGEST_HOURS = int(os.environ.get("DJANGO_MODERATION_DIGEST_HOURS", "24"))

# Security. HTTPS is assumed in production; DJANGO_HTTPS=0 turns it off for a
# plain-HTTP local run of the production settings (make serve).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind a proxy, the client's address is the last one in X-Forwarded-For when
# the proxy is one of TRUSTED_PROXIES (october.core.web.middleware.client_ip),
# and the scheme comes from X-Forwarded-Proto.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
# The proxies whose X-Forwarded-For is believed: addresses or networks
# (10.0.0.0/8). A request from anywhere else is keyed on its own address.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Django's admin and the rich-text editor set inline style attributes.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}

TAGGIT_CASE_INSENSITIVE = True
