"""Healthy sources' throughput with 10% slow sources mixed in, against the same number of
healthy sources alone.

Feed sources are served over HTTP by a server in this process: each healthy feed lists
teasers whose pages (corpus HTML) are fetched; a slow source answers its headers a byte
every 0.2 s, for ever, so only the fetch's total deadline ends it. The workers are those
`make run` starts: one worker (2 processes) on the default queue and one (1 process) on the
slow queue (INGEST_SLOW_QUEUE). Every source is a stranger at first: a slow one ties up a
default process for one deadline, is marked slow and retried on the slow queue. The clock
stops when every healthy run is finished and its articles extracted. Both scenarios run
against the same workers, the clean one first; each has its own pages.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings

from articles.models import Article, IngestionItem, IngestionRun, Source

from .corpus import corpus_pages
from .ingestion import READY_TIMEOUT, SECONDS_PER_PAGE_LIMIT, _stop, _wait
from .measure import row

HEALTHY_SOURCES = 9  # and 1 slow: 10% of the sources
SLOW_SOURCES = 1
DEADLINE_SECONDS = 2.0  # FETCH_TOTAL_TIMEOUT for the workers
CLEAN_PAGES_FROM, MIXED_PAGES_FROM = 70_000_000, 80_000_000


class _Site:
    """Feeds and pages by path, and a trickling listener for the slow sources."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[bytes, str]] = {}
        self.stopping = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                body, content_type = site.routes.get(self.path, (b"not found", "text/plain"))
                try:
                    self.send_response(200 if self.path in site.routes else 404)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://localhost:{self.httpd.server_address[1]}"
        self.trickle = socket.create_server(("127.0.0.1", 0))
        self.slow_base = f"http://localhost:{self.trickle.getsockname()[1]}"
        self.threads = [
            threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True),
            threading.Thread(target=self._accept, daemon=True),
        ]
        for thread in self.threads:
            thread.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.trickle.accept()
            except OSError:
                return
            threading.Thread(target=self._dribble, args=(connection,), daemon=True).start()

    def _dribble(self, connection: socket.socket) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Slow: "
        with connection:
            try:
                connection.recv(65536)
                sent = 0
                while not self.stopping.wait(0.2) and sent < 600:
                    connection.sendall(head[sent : sent + 1] if sent < len(head) else b"a")
                    sent += 1
            except OSError:
                pass

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.trickle.close()


def _feed(site: _Site, label: str, pages: list[str]) -> str:
    items = []
    for n, html in enumerate(pages):
        path = f"/{label}/page/{n}"
        site.routes[path] = (html.encode("utf-8"), "text/html; charset=utf-8")
        link = escape(site.base + path)
        items.append(f"<item><title>Page {n}</title><link>{link}</link><guid>{link}</guid></item>")
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>'
        f"<link>{escape(site.base)}/</link><description>d</description>{''.join(items)}</channel></rss>"
    )
    site.routes[f"/{label}/feed.xml"] = (body.encode("utf-8"), "application/rss+xml")
    return f"{site.base}/{label}/feed.xml"


@dataclass(frozen=True)
class Scenario:
    pages: int
    seconds: float
    stored: int
    slow_runs: dict[str, int]

    @property
    def throughput(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


def _scenario(site: _Site, client, queue: str, *, label: str, pages: int, slow: int, first_index: int, seed: int):
    per_source = max(1, pages // HEALTHY_SOURCES)
    html = [page for _url, page in corpus_pages(count=per_source * HEALTHY_SOURCES, seed=seed, first_index=first_index)]
    healthy = [
        Source.objects.create(
            name=f"Bench {label} healthy {s}",
            kind=Source.Kind.FEED,
            url=_feed(site, f"{label}-{s}", html[s * per_source : (s + 1) * per_source]),
        )
        for s in range(HEALTHY_SOURCES)
    ]
    slow_sources = [
        Source.objects.create(name=f"Bench {label} slow {s}", kind=Source.Kind.FEED, url=f"{site.slow_base}/{s}.xml")
        for s in range(slow)
    ]
    # The slow ones first: the worst case, they take default processes before the healthy runs.
    runs = [(IngestionRun.objects.create(source=source, trigger="schedule"), source) for source in slow_sources]
    runs += [(IngestionRun.objects.create(source=source, trigger="schedule"), source) for source in healthy]
    started = time.perf_counter()
    for run, _source in runs:
        client.send_task("articles.tasks.ingest_run", args=[run.pk], queue=queue)
    healthy_runs = IngestionRun.objects.filter(source__in=healthy)
    total = per_source * HEALTHY_SOURCES

    def healthy_done() -> bool:
        if healthy_runs.filter(finished_at__isnull=True).exists():
            return False
        items = IngestionItem.objects.filter(run__in=healthy_runs)
        return not Article.objects.filter(pk__in=items.values("article_id"), extraction_status="pending").exists()

    _wait(healthy_done, timeout=60 + total * SECONDS_PER_PAGE_LIMIT, what=f"{label}: {total} healthy pages")
    seconds = time.perf_counter() - started
    slow_runs = IngestionRun.objects.filter(source__in=slow_sources)
    # Not timed: the slow sources' retries on their own queue end within a few deadlines.
    _wait(lambda: not slow_runs.filter(finished_at__isnull=True).exists(), timeout=120, what=f"{label}: slow runs")
    stored = IngestionItem.objects.filter(run__in=healthy_runs, status="new").count()
    statuses: dict[str, int] = {}
    for status in slow_runs.values_list("status", flat=True):
        statuses[status] = statuses.get(status, 0) + 1
    marked = Source.objects.filter(pk__in=[s.pk for s in slow_sources], is_slow=True).count()
    statuses["marked slow"] = marked
    return Scenario(pages=total, seconds=seconds, stored=stored, slow_runs=statuses)


def _workers(*, database_url: str, redis_url: str, queue: str, slow_queue: str, log: Path) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "INGEST_SLOW_QUEUE": slow_queue,
        "FETCH_ALLOWED_HOSTS": "localhost",
        "FETCH_CONNECT_TIMEOUT": "1",
        "FETCH_READ_TIMEOUT": "1",
        "FETCH_TOTAL_TIMEOUT": str(DEADLINE_SECONDS),
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }
    with log.open("wb") as out:
        return [
            subprocess.Popen(
                [
                    *(sys.executable, "-m", "celery", "-A", "config", "worker", "--queues", q, "--concurrency", str(c)),
                    *("--hostname", name, "--without-gossip", "--without-mingle", "--loglevel", "WARNING"),
                ],
                cwd=settings.BASE_DIR,
                env=env,
                start_new_session=True,
                stdout=out,
                stderr=out,
            )
            for q, c, name in (
                (queue, 2, f"default-{queue}@localhost"),
                (slow_queue, 1, f"slow-{queue}@localhost"),
            )
        ]


def rows(*, pages: int, redis_url: str, database_url: str, seed: int) -> list[dict[str, Any]]:
    from celery import Celery

    queue = f"bench-{uuid.uuid4().hex[:10]}"
    slow_queue = f"{queue}-slow"
    client = Celery("bench-slow", broker=redis_url, set_as_current=False)
    site = _Site()
    logs = tempfile.TemporaryDirectory(prefix="bench-slow-")
    log = Path(logs.name) / "workers.log"
    processes = _workers(database_url=database_url, redis_url=redis_url, queue=queue, slow_queue=slow_queue, log=log)
    names = [f"default-{queue}@localhost", f"slow-{queue}@localhost"]
    try:

        def ready() -> bool:
            if any(p.poll() is not None for p in processes):
                raise RuntimeError("a Celery worker exited before it was ready")
            replies = client.control.ping(destination=names, timeout=1.0) or []
            return {name for reply in replies for name in reply} >= set(names)

        _wait(ready, timeout=READY_TIMEOUT, what="the Celery workers to answer a ping")
        common = {"pages": pages, "seed": seed}
        clean = _scenario(site, client, queue, label="clean", slow=0, first_index=CLEAN_PAGES_FROM, **common)
        mixed = _scenario(site, client, queue, label="mixed", slow=SLOW_SOURCES, first_index=MIXED_PAGES_FROM, **common)
    except Exception as exc:
        tail = log.read_text(encoding="utf-8", errors="replace")[-1500:]
        raise RuntimeError(f"{exc}; the workers' log ends with:\n{tail}") from exc
    finally:
        _stop(processes)
        site.stop()
        logs.cleanup()
        with client.connection_for_write() as connection:
            for name in (queue, slow_queue):
                connection.default_channel.queue_delete(name)
    ratio = mixed.throughput / clean.throughput if clean.throughput else None
    stored = clean.stored == clean.pages and mixed.stored == mixed.pages
    return [
        row(
            f"ingestion with 10% slow sources ({HEALTHY_SOURCES} healthy feeds of {clean.pages:,} pages "
            f"+ {SLOW_SOURCES} slow): healthy throughput vs no slow source",
            value=mixed.throughput,
            floor=clean.throughput,
            ratio=ratio,
            goal="≥ 0.8x the clean run",
            meets_goal=ratio is not None and ratio >= 0.8 and stored,
            unit="pages/s",
            note=(
                f"mixed {mixed.seconds:.1f} s, clean {clean.seconds:.1f} s; healthy pages stored: mixed "
                f"{mixed.stored}/{mixed.pages}, clean {clean.stored}/{clean.pages}; slow runs {mixed.slow_runs}; "
                f"a slow source trickles its headers, cut at the {DEADLINE_SECONDS:g} s deadline, then retried on "
                "the slow queue (1 process) beside the default worker (2 processes); one run each, clean first"
            ),
        )
    ]
