"""Settings for k8s-learn, driven by environment variables.

Defaults are for a laptop: SQLite, the in-memory channel layer, DEBUG on.
Production: set DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, and optionally
DATABASE_URL (PostgreSQL) and REDIS_URL (channels-redis). See README.md.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0")
    # Development only: a fixed key so sessions survive restarts on a laptop.
    SECRET_KEY = "dev-only-not-secret-k8s-learn-" + "x" * 32

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "template_partials",
    "sandbox",
    "lessons",
    "classroom",
]

# WhiteNoise is last on purpose. It is the only sync-only middleware; under ASGI (daphne) Django runs
# every async-capable middleware *below* a sync-only one in async mode, with a thread hop for each of
# their process_request/process_response calls (about 17 hops per request here). Innermost, it makes the
# whole stack above it run synchronously in one thread: lesson pages serve ~1.5x faster (benchmarks/pages.py).
# Static files still never reach a view; the middleware above only add headers to them.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
]

ROOT_URLCONF = "k8s_learn.urls"

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
                "django.template.context_processors.i18n",
                "k8s_learn.context_processors.language_links",
            ],
        },
    },
]

WSGI_APPLICATION = "k8s_learn.wsgi.application"
ASGI_APPLICATION = "k8s_learn.asgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # Several processes share the file when `python -m k8s_learn.serve --workers N` runs: readers
                # then never wait for a writer (WAL), and every transaction takes the write lock when it
                # begins (IMMEDIATE), so a read that turns into a write waits its turn (up to `timeout`
                # seconds) instead of failing with "database is locked".
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": f"PRAGMA journal_mode={os.environ.get('SQLITE_JOURNAL_MODE', 'WAL')};",
            },
        }
    }

if not DATABASE_URL:
    # Live sandboxes commit a snapshot after every command. With WAL's default synchronous=FULL every
    # commit waits for an fsync (~6 ms here, ~20 ms without WAL), which caps a process at a few hundred
    # saves a second; NORMAL commits in ~0.1 ms and stays consistent after a crash (a power cut may lose
    # the last commits). SQLITE_SYNCHRONOUS=FULL restores the strict default.
    DATABASES["default"]["OPTIONS"]["init_command"] += f" PRAGMA synchronous={os.environ.get('SQLITE_SYNCHRONOUS', 'NORMAL')};"
    # Keep connections open: closing the last connection to a WAL database checkpoints and fsyncs, which the
    # websocket helpers (they close stale connections around every call) paid on each command (~50-100 ms).
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("SQLITE_CONN_MAX_AGE", "600"))

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# The version of Kubernetes a sandbox speaks unless it says otherwise.
KUBE_VERSION = os.environ.get("KUBE_VERSION", "1.32")

# How often lesson pages look at lessons/content/ for edits: on every request while developing; in
# production at most every few seconds, since looking stats every content file (benchmarks/pages.py).
LESSONS_RECHECK_SECONDS = float(os.environ.get("LESSONS_RECHECK_SECONDS", "0" if DEBUG else "5"))

# Repeat visits to lesson pages are served in front of Django's request handling (k8s_learn/lesson_pages.py).
# Off while developing, so that every request goes through the Django views as written.
LESSON_FAST_PATH = env_bool("LESSON_FAST_PATH", not DEBUG)

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
