"""Local profile, the default: DEBUG on and, with no DATABASE_URL, the embedded PostgreSQL
(started on first use, data in `.data/postgres/`, stopped when the process that started
it exits; see config/database.py)."""

from config import database

from .base import *  # noqa: F403
from .base import DATABASES

if not DATABASES:
    DATABASES = {"default": database.embedded("relations")}
