"""Test profile: real services. The database is DATABASE_URL when set (the processes a test
starts inherit it), else TEST_DATABASE_URL when a server answers there, else the embedded
PostgreSQL; Django creates its `test_` database beside it."""

from config import database

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, REST_FRAMEWORK, env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-any-deployment-0123456789abcdef"  # noqa: S105

if not DATABASES:
    _server = env.str("TEST_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/relations")
    if database.answers(_server):
        DATABASES = {"default": database.from_url(_server)}
    else:
        DATABASES = {"default": database.embedded("relations")}

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/15")
# Throttle counts in the test Redis, as in production (no per-process memory).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "test"}
}
# In-process by default; tests that need a real worker point a worker at CELERY_BROKER_URL.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # off for real-worker tests

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # served from the apps by the finders; nothing is collected in tests
MEDIA_ROOT = BASE_DIR / ".test-media"
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/minute", "user": "10000/minute", "auth_failure": "10000/minute"},
}
