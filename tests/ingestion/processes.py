"""Real processes for the fault tests: Celery workers, a private Redis, concurrent commands.

Every wait is bounded, and every process is started in its own session so that it can be
killed with its children (prefork pool, embedded beat) and nothing outlives the test.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

from config import database

PYTHON = sys.executable


def wait_for(predicate: Callable[[], bool], *, timeout: float, message: str, interval: float = 0.25) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {message}")


def wait_while_progressing(
    done: Callable[[], bool], progress: Callable[[], object], *, stall: float, message: str, limit: float = 900
) -> None:
    """Wait for `done()` as long as `progress()` keeps changing: fails after `stall` seconds
    without any change (a real hang), not after a fixed total that a loaded 2-core machine
    can overrun while still making progress. `limit` bounds the whole wait all the same."""
    start = last_change = time.monotonic()
    last = progress()
    while not done():
        now = time.monotonic()
        current = progress()
        if current != last:
            last, last_change = current, now
        elif now - last_change > stall:
            raise AssertionError(f"no progress for {stall:.0f}s (at {current}) waiting for {message}")
        if now - start > limit:
            raise AssertionError(f"still not done after {limit:.0f}s (at {current}) waiting for {message}")
        time.sleep(0.25)


def test_database_url() -> str:
    """The URL of the test database this test process uses, for the processes it starts."""
    return database.to_url(connection.settings_dict)


def child_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": test_database_url(),
        "FETCH_ALLOWED_HOSTS": "localhost",
        "FETCH_READ_TIMEOUT": "5",
        "EXTRACTION_RECORDER": "tests.ingestion.recorder.record_extraction",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Worker:
    """`celery -A config worker` (prefork, 2 processes, embedded beat) on one queue."""

    def __init__(self, *, broker: str, queue: str, workdir: Path, **extra_env: str):
        self.broker, self.queue, self.workdir = broker, queue, workdir
        self.env = child_env(
            CELERY_BROKER_URL=broker,
            REDIS_URL=broker,
            CELERY_TASK_ALWAYS_EAGER="false",
            CELERY_TASK_DEFAULT_QUEUE=queue,
            **extra_env,
        )
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> Worker:
        self.starts += 1
        log = open(self.workdir / f"worker-{self.starts}.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-P",
                "prefork",
                "-c",
                "2",
                "-Q",
                self.queue,
                "-B",
                "-s",
                str(self.workdir / "beat-schedule"),
                "-l",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"ingest-test-{self.starts}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._log = log
        return self

    def kill(self) -> None:
        """SIGKILL the worker and its pool: no shutdown handler runs, nothing is acknowledged."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self._log.close()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        if not self._log.closed:
            self._log.close()

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.workdir.glob("worker-*.log")))


class PrivateRedis:
    """A redis-server of our own (append-only file on, unless not `persistent`), so that
    restarting or killing it disturbs no one else."""

    def __init__(self, workdir: Path, *, persistent: bool = True):
        self.port = free_port()
        self.workdir = workdir
        self.persistent = persistent
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.workdir),
                "--appendonly",
                "yes" if self.persistent else "no",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(self._answers, timeout=20, message="redis-server to answer")
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        """SIGKILL: without persistence every queued message is gone."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: Redis flushes its append-only file and exits
            self.process.wait(timeout=30)


def ingest_command(targets: list[str], workdir: Path, index: int, **extra_env: str) -> subprocess.Popen:
    log = workdir / f"ingest-{index}.log"
    with open(log, "wb") as out:
        return subprocess.Popen(
            [PYTHON, "manage.py", "ingest", "--no-progress", *targets],
            cwd=settings.BASE_DIR,
            env=child_env(**extra_env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
