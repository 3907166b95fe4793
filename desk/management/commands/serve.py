"""`manage.py serve`: what `make run` runs. Set up, then serve with the scheduler beside it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import cast

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Migrate, load the seeds and the editors' decisions, create the demo editor (DEBUG only), then serve "
        "the admin and API (runserver) with the ingestion scheduler beside it: `run_scheduler` without a "
        "broker, a Celery worker with beat when CELERY_BROKER_URL is set. Ctrl-C stops everything, the "
        "embedded database included."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000", help="host:port to serve on.")
        parser.add_argument("--no-seeds", action="store_true", help="Migrate only; load no seeds.")
        parser.add_argument("--no-scheduler", action="store_true", help="Serve without the periodic jobs.")

    def handle(self, *args, addr: str, no_seeds: bool, no_scheduler: bool, **options):
        call_command("migrate", interactive=False, stdout=self.stdout)
        if not no_seeds:
            call_command("load_seeds", stdout=self.stdout)
        if settings.DEBUG:
            call_command("create_demo_editor", stdout=self.stdout)
        self._say_where(addr)
        children = [] if no_scheduler else [subprocess.Popen(command) for command in scheduler_commands()]  # noqa: S603
        children.append(subprocess.Popen([sys.executable, str(settings.BASE_DIR / "manage.py"), "runserver", addr]))  # noqa: S603
        # SIGTERM (a supervisor, `kill`) ends this process as Ctrl-C does, so that the children
        # stop and the embedded database, owned by this process, is shut down on exit.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            _stop(children)
        failed = [child for child in children if child.returncode not in (0, -signal.SIGTERM, -signal.SIGINT)]
        if failed:
            sys.exit(
                f"stopped: {' '.join(cast(list[str], failed[0].args)[1:3])} exited with status {failed[0].returncode}"
            )

    def _say_where(self, addr: str) -> None:
        database = settings.DATABASES["default"]
        where = "embedded PostgreSQL in .data/postgres" if str(database["HOST"]).startswith("/") else database["HOST"]
        self.stdout.write(
            self.style.SUCCESS(f"\nAdmin: http://{addr}/admin/   API: http://{addr}/api/v1/   Database: {where}")
        )
        self.stdout.write(
            "Log in as editor / editor (DEBUG only). Your own administrator account: "
            "`.venv/bin/python manage.py createsuperuser` (docs/admin.md: adding editors and viewers).\n"
        )


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + 10
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def scheduler_commands() -> list[list[str]]:
    """Without a broker, the in-process scheduler. With one, a worker with beat on the default
    queue, and a worker of one process on the slow sources' queue: a site that trickles its
    answers then holds that one process, never the pool the healthy sources need."""
    if not settings.CELERY_BROKER_URL:
        return [[sys.executable, str(settings.BASE_DIR / "manage.py"), "run_scheduler"]]
    worker = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO"]
    return [
        [*worker, "--beat", "--queues", settings.CELERY_TASK_DEFAULT_QUEUE, "--hostname", "default@%h"],
        [*worker, "--queues", settings.INGEST_SLOW_QUEUE, "--concurrency", "1", "--hostname", "slow@%h"],
    ]
