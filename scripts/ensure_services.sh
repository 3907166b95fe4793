#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on 127.0.0.1; start them where installed but stopped.
# Exits non-zero with a plain message when one cannot be reached.
set -u

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || python3 - <<'PY' 2>/dev/null
import socket; socket.create_connection(("127.0.0.1", 5432), 2)
PY
}
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if ! pg_up; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
        echo "PostgreSQL is not answering; starting it..."
        for version in $(ls /etc/postgresql); do
            pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
        done
        for _ in $(seq 1 30); do pg_up && break; sleep 1; done
    fi
fi
if ! pg_up; then
    echo "ERROR: PostgreSQL is not reachable on 127.0.0.1:5432 and could not be started." >&2
    echo "       Install and start it (trust auth for user 'postgres'), or set DATABASE_URL." >&2
    exit 1
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
    echo "       Install and start redis-server, or set REDIS_URL." >&2
    exit 1
fi
echo "PostgreSQL and Redis are up."
