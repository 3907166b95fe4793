"""The production profile refuses to start unsafely, and passes the deploy check when set up."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
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


def test_the_embedded_default_migrates_on_sqlite(tmp_path):
    """`make run` with nothing configured uses SQLite: every migration applies there, and the
    latest ones unapply (PostgreSQL-only parts, such as NULLS LAST indexes, must be skipped)."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )

    for args in (["migrate", "--noinput"], ["migrate", "relations", "0003", "--noinput"], ["migrate", "--noinput"]):
        result = manage(*args)
        assert result.returncode == 0, result.stdout + result.stderr
