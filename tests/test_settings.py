"""The production profile refuses to start unsafely, and passes the deploy check when set up;
database URLs, Unix-socket ones included, read back as they were written."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config import database

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL="postgres://relations@db.example.org:5432/relations",
        REDIS_URL="redis://cache.example.org:6379/1",
    )
    environment.update(env)
    environment = {k: v for k, v in environment.items() if v is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "secret_key",
    ["", "short", "django-insecure-" + "x" * 60, "a" * 64],
    ids=["missing", "short", "django-insecure", "one-character"],
)
def test_production_refuses_an_unsafe_secret_key(secret_key):
    result = _manage("check", SECRET_KEY=secret_key, ALLOWED_HOSTS="relations.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="x.org"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_database_url():
    result = _manage("check", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="x.org", DATABASE_URL=None)
    assert result.returncode != 0
    assert "DATABASE_URL must name the production PostgreSQL" in result.stderr


def test_production_refuses_to_start_without_a_shared_cache_for_rate_limits():
    result = _manage("check", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="x.org", REDIS_URL=None)
    assert result.returncode != 0
    assert "REDIS_URL must name the Redis" in result.stderr


@pytest.mark.parametrize(
    "config",
    [
        {"NAME": "relations", "USER": "postgres", "PASSWORD": "", "HOST": "/work/app/.data/postgres", "PORT": ""},
        {"NAME": "relations", "USER": "app", "PASSWORD": "p@ss:word/1", "HOST": "db.example.org", "PORT": 6543},
    ],
    ids=["unix-socket", "tcp-with-password"],
)
def test_a_database_url_reads_back_as_written(config):
    read = database.from_url(database.to_url(config))
    assert {key: read[key] for key in config} == config
    assert read["ENGINE"] == "django.db.backends.postgresql"


def test_only_postgresql_urls_are_accepted():
    with pytest.raises(ValueError, match="Only PostgreSQL"):
        database.from_url("sqlite:///db.sqlite3")


def test_a_server_that_does_not_answer_is_told_apart():
    assert not database.answers("postgres://postgres@127.0.0.1:1/relations", timeout=1)
