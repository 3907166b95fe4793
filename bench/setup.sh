#!/usr/bin/env bash
# Prepare `make bench`: the HTTP load generator (wrk, from Debian, only when missing) and the
# benchmark database (created when missing, then migrated). The benchmark resets that database,
# so it refuses any database whose name does not say "bench".
set -euo pipefail
PY=${PY:-.venv/bin/python}
URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/relations_bench}

if ! command -v wrk >/dev/null 2>&1; then
    echo "Installing wrk, the HTTP load generator (Debian package)..."
    if [ "$(id -u)" -eq 0 ]; then
        apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; } || true
    elif command -v sudo >/dev/null 2>&1; then
        sudo apt-get install -y -q wrk >/dev/null 2>&1 || true
    fi
    command -v wrk >/dev/null 2>&1 || echo "wrk could not be installed; the HTTP load row will say 'not measured'." >&2
fi

"$PY" - "$URL" <<'PY'
import sys
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql

url = urlsplit(sys.argv[1])
name = url.path.lstrip("/")
if "bench" not in name:
    sys.exit(f"BENCH_DATABASE_URL must name a database of its own (with 'bench' in its name), not {name!r}.")
with psycopg.connect(
    host=url.hostname or "127.0.0.1", port=url.port or 5432, user=unquote(url.username or "postgres"),
    password=unquote(url.password or "") or None, dbname="postgres", autocommit=True,
) as conn:
    if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"Created the benchmark database {name}.")
PY
DATABASE_URL="$URL" DJANGO_SETTINGS_MODULE=config.settings.base "$PY" manage.py migrate --noinput -v0
echo "Benchmark database ready: $URL"
