"""Type-checking profile: what mypy's django-stubs plugin loads (`[tool.django-stubs]` in
pyproject.toml). The test profile's settings, minus its one side effect: test.py probes (or
starts) a PostgreSQL server while it is imported, and a type check must run offline and give
the same answer on every machine. Nothing connects: Django opens no connection at setup."""

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK

DEBUG = False
SECRET_KEY = "typecheck-only-secret-key-not-for-any-deployment-0123456789"  # noqa: S105
# A fixed entry, never connected to: the plugin reads the models, not the database.
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "typecheck"}}
REDIS_URL = "redis://127.0.0.1:6379/15"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
REST_FRAMEWORK = {**REST_FRAMEWORK}
