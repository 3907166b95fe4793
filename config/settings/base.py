"""Settings shared by every profile, read from the environment.

Not a profile of its own: `local.py` (the default) adds the embedded PostgreSQL when no
DATABASE_URL is set, `production.py` tightens everything and refuses to start unsafely,
and `test.py` picks the test database. PostgreSQL is the only engine.
"""

from datetime import timedelta
from pathlib import Path

import environ

from config import database

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is honoured for convenience; the real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# Only for local use: production.py refuses any key that looks like this one.
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-only-do-not-deploy")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin, on a site that adds the editorial desk (review queue, dashboard, merges).
    "desk.apps.DeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    # Our apps, in dependency order: common (no models, not an app) <- articles <- relations
    # <- agreements <- curated <- desk.
    "articles",
    "relations",
    "agreements",
    "curated",
    "desk",
]

MIDDLEWARE = [
    # Outermost: every error under /api/ leaves as application/problem+json, whatever raised it.
    "common.api.problems.ProblemDetailsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # CommonMiddleware, but an API write missing its trailing slash gets a 308, not a RuntimeError.
    "common.api.problems.ApiCommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the acting user on every history row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# Set by the profiles where DATABASE_URL is not: local.py and test.py fall back to the
# embedded PostgreSQL, production.py refuses to start.
DATABASE_URL = env.str("DATABASE_URL", default="")
DATABASES = {"default": database.from_url(DATABASE_URL)} if DATABASE_URL else {}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT: Path | None = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Served by WhiteNoise straight from the apps in development, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Celery -------------------------------------------------------------------
# No broker configured: tasks run in-process (the embedded default), and `manage.py serve`
# ticks the dispatcher itself (`manage.py run_scheduler`) instead of Celery beat.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Runs and items of slow sources (a fetch that ran into its deadline) go here, to a worker of
# their own, so that they cannot occupy every process while healthy sources wait.
INGEST_SLOW_QUEUE = env.str("INGEST_SLOW_QUEUE", default="ingest_slow")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task redelivered after a worker died must not wait the default hour; no longer than
# needed either (it is silence after a crash), but never below the longest task's time
# limit (CELERY_TASK_TIME_LIMIT), or a task still running would be delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=300)}
# How often the periodic tick runs (Celery beat, or `manage.py run_scheduler` without a broker).
INGEST_DISPATCH_SECONDS = env.float("INGEST_DISPATCH_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE: dict = {
    # One tick reads every source's own schedule from the database, so an edited interval
    # applies at the next tick without restarting beat; it also re-queues lost work.
    "articles-dispatch-sources": {
        "task": "articles.tasks.dispatch_sources",
        "schedule": INGEST_DISPATCH_SECONDS,
    },
    # API reads publish what is waiting too; the tick keeps entries' times close to their commits.
    "agreements-publish-changes": {
        "task": "curated.tasks.publish_changes",
        "schedule": env.float("FEED_PUBLISH_SECONDS", default=10.0),
    },
}

# --- REST framework -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "common.api.throttling.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Deny by default: reads are open, and every write opts in with its own permission.
    "DEFAULT_PERMISSION_CLASSES": ["common.api.permissions.ReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "common.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "common.api.problems.exception_handler",
    # Counted per client address (anonymous) or per user (tokens), in the shared cache;
    # see common/api/throttling.py and docs/api.md.
    "DEFAULT_THROTTLE_CLASSES": ["common.api.throttling.AnonThrottle", "common.api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/minute"),
        "user": env.str("API_USER_RATE", default="1200/minute"),
        "auth_failure": env.str("API_AUTH_FAILURE_RATE", default="10/minute"),
    },
}
# Addresses or networks of the reverse proxies in front of the app (e.g. 10.0.0.0/8): only
# their X-Forwarded-For is believed when throttling by client address.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# The cache holds the throttles' counts: Redis wherever REDIS_URL is set (required in
# production, so that every process counts together), else this process's memory.
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "relations"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Bilateral relations tracker API",
    "DESCRIPTION": "Curated facts about a bilateral relationship, each citing its evidence.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # The schema and the docs are public documentation; access is decided per operation.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "relations.models.ActorKind",
        "EventKindEnum": "relations.models.EventKind",
        "ObservationKindEnum": "relations.models.ObservationKind",
        "ReviewStatusEnum": "relations.curation.ReviewStatus",
        "DatePrecisionEnum": "articles.models.DatePrecision",
        "AgreementStatusEnum": "agreements.models.AgreementStatus",
    },
    # Swagger UI from static files: the machine may be offline, so no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- The product ------------------------------------------------------------------
# The relationship this instance follows first (ISO 3166-1 alpha-2, any order).
PRIMARY_RELATIONSHIP = tuple(env.list("PRIMARY_RELATIONSHIP", default=["IN", "RU"]))
SEEDS_DIR = BASE_DIR / "seeds"
# Folder sources read only below these folders (symlinks resolved first): a source's path
# is typed by an editor, and anything it reads is served as an article.
INGEST_INBOX = Path(env.str("INGEST_INBOX", default=str(BASE_DIR / ".data" / "inbox")))
INGEST_ROOT = [Path(p) for p in env.list("INGEST_ROOT", default=[str(SEEDS_DIR), str(INGEST_INBOX)])]

# Outbound fetching of untrusted URLs.
FETCH_ALLOWED_HOSTS = env.list("FETCH_ALLOWED_HOSTS", default=[])
FETCH_USER_AGENT = env.str(
    "FETCH_USER_AGENT", default="RelationsTracker/1.0 (+https://example.org/bot; editorial research)"
)
FETCH_CONNECT_TIMEOUT = env.float("FETCH_CONNECT_TIMEOUT", default=5.0)
FETCH_READ_TIMEOUT = env.float("FETCH_READ_TIMEOUT", default=15.0)
# One deadline for a whole fetch: connect, status line, headers, body and redirects.
FETCH_TOTAL_TIMEOUT = env.float("FETCH_TOTAL_TIMEOUT", default=FETCH_CONNECT_TIMEOUT + 2 * FETCH_READ_TIMEOUT)
FETCH_MAX_BYTES = env.int("FETCH_MAX_BYTES", default=5 * 1024 * 1024)
FETCH_MAX_REDIRECTS = env.int("FETCH_MAX_REDIRECTS", default=5)

# Ingestion scheduling.
INGEST_MAX_CONSECUTIVE_FAILURES = env.int("INGEST_MAX_CONSECUTIVE_FAILURES", default=5)
INGEST_QUIET_AFTER = timedelta(days=env.int("INGEST_QUIET_AFTER_DAYS", default=14))
# A run takes at most this many feed entries not yet stored; the rest wait for the next run.
INGEST_MAX_ITEMS_PER_RUN = env.int("INGEST_MAX_ITEMS_PER_RUN", default=1000)
# A pending item or extraction whose task was queued this long ago lost its message (a
# broker restart): the dispatcher queues it again. Longer than any task's time limit
# (300 s), and with the visibility timeout it bounds the silence after a crash (~7.5 min).
INGEST_ITEM_STALE_AFTER = timedelta(seconds=env.int("INGEST_ITEM_STALE_SECONDS", default=450))
# An article's stored text is cut here (at a paragraph end, with a note on its item): a
# 5 MB page of text costs extraction, storage and every editor's reader screen.
INGEST_MAX_TEXT_CHARS = env.int("INGEST_MAX_TEXT_CHARS", default=200_000)

# Which callable turns an article's extraction into pending facts. It lives in curated/
# because it writes to every app; articles stays below the others.
EXTRACTION_RECORDER = env.str("EXTRACTION_RECORDER", default="curated.recording.record_extraction")

# What Last-Modified and If-Modified-Since compare with: the latest moment anything a user may
# see was written. App knowledge, named here so that common.api imports no app.
API_WATERMARK = "curated.feed.api_watermark"

# Two observations of one metric and period that differ by more than this share conflict.
OBSERVATION_CONFLICT_TOLERANCE = env.float("OBSERVATION_CONFLICT_TOLERANCE", default=0.05)
