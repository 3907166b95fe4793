"""`manage.py run_scheduler`: the periodic tick without Celery beat (the embedded default)."""

from __future__ import annotations

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from articles.ingestion.dispatch import sources_dispatch

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Tick the ingestion dispatcher every INGEST_DISPATCH_SECONDS: start due sources' runs and sweep "
        "lost work, as Celery beat does with a broker. Without a broker the runs execute in this process. "
        "`manage.py serve` starts it; stop it with Ctrl-C or SIGTERM."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, help="Seconds between ticks (default: INGEST_DISPATCH_SECONDS).")
        parser.add_argument("--once", action="store_true", help="One tick, then exit.")

    def handle(self, *args, interval: float | None, once: bool, **options):
        interval = interval or settings.INGEST_DISPATCH_SECONDS
        stopping = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopping.set())
        self.stdout.write(f"Scheduler: dispatching due sources every {interval:g} s.")
        try:
            while not stopping.is_set():
                self._tick()
                if once:
                    break
                stopping.wait(interval)
        except KeyboardInterrupt:
            pass
        self.stdout.write("Scheduler stopped.")

    def _tick(self) -> None:
        close_old_connections()
        try:
            started = sources_dispatch()
        except Exception:
            # One failing tick (a database restart, a bug in one source's run) is logged and
            # the next tick tries again: a scheduler that dies silently stops all ingestion.
            logger.exception("scheduler tick failed; trying again at the next tick")
            return
        if started:
            self.stdout.write(f"Scheduler: started {len(started)} run(s): {started}")
