#!/usr/bin/env bash
# The services the suite needs. PostgreSQL on 127.0.0.1:5432 is used when it answers (started
# here where installed but stopped); otherwise the suite starts the embedded PostgreSQL
# itself. Redis on 127.0.0.1:6379 is required: started where installed, installed from
# Debian's packages where missing (as root); exits non-zero with a plain message otherwise.
set -u

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || python3 - <<'PY' 2>/dev/null
import socket; socket.create_connection(("127.0.0.1", 5432), 2)
PY
}
redis_up() { python3 - <<'PY' 2>/dev/null
import socket
with socket.create_connection(("127.0.0.1", 6379), 2) as s:
    s.sendall(b"PING\r\n")
    assert s.recv(16).startswith(b"+PONG")
PY
}

if ! pg_up; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
        echo "PostgreSQL is not answering; starting it..."
        for version in $(ls /etc/postgresql); do
            pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
        done
        for _ in $(seq 1 30); do pg_up && break; sleep 1; done
    fi
fi

if ! redis_up && ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Redis is not installed; installing Debian's redis-server for the test suite..."
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq redis-server >/dev/null 2>&1 \
            || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; } \
            || echo "ERROR: could not install redis-server with apt-get." >&2
    fi
fi

if ! redis_up; then
    if command -v redis-server >/dev/null 2>&1; then
        echo "Redis is not answering; starting it..."
        mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
        redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
            --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null 2>&1 || true
        for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
    fi
fi
if ! redis_up; then
    echo "ERROR: Redis is not reachable on 127.0.0.1:6379 and could not be started." >&2
    echo "       Install and start redis-server (Debian: apt-get install redis-server)." >&2
    exit 1
fi
echo "Redis is up; the database the suite uses is named in pytest's header."
