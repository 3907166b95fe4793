"""End-to-end ingestion of local HTML pages: Celery workers on Redis against the same pipeline in one process.

Both sides ingest a folder source through the ingestion pipeline (`articles.ingestion`):
read each page, clean it, store the article (deduplicated), extract its facts. In one
process, `run_enumerate` + `run_process_inline` do it with extraction run in-process (what
`manage.py ingest` does); through Celery, `articles.tasks.ingest_run` is sent to two worker
processes on a Redis database and queue of the benchmark's own, and the clock stops when
every item is done and every new article has left the extraction queue. Each side gets its
own pages (same generator, different indexes), so neither finds the other's articles.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count

from articles.models import Article, IngestionFailure, IngestionItem, IngestionRun, Source

from .corpus import corpus_pages
from .measure import row

READY_TIMEOUT = 90.0
# A page takes well under a second through the pipeline; a run that takes longer than this per page is stuck.
SECONDS_PER_PAGE_LIMIT = 2.0
# Far past any corpus index: these pages are new to the database.
CELERY_PAGES_FROM, INLINE_PAGES_FROM, CALIBRATION_PAGES_FROM = 50_000_000, 60_000_000, 40_000_000
# With a time budget, this many pages go through the pipeline in one process first, to learn its rate.
CALIBRATION_PAGES = 40


@dataclass(frozen=True)
class IngestResult:
    pages: int
    seconds: float
    articles: int
    distinct_articles: int
    statuses: dict[str, int]
    extraction: dict[str, int]
    failures: tuple[str, ...] = ()  # a few distinct reasons the run recorded, when pages failed

    @property
    def throughput(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    @property
    def each_once(self) -> bool:
        return self.articles == self.pages and self.distinct_articles == self.pages


def write_pages(folder: Path, *, count: int, seed: int, first_index: int) -> None:
    for n, (_url, html) in enumerate(corpus_pages(count=count, seed=seed, first_index=first_index)):
        (folder / f"page-{n:06d}.html").write_text(html, encoding="utf-8")


def _result(run: IngestionRun, pages: int, seconds: float) -> IngestResult:
    items = IngestionItem.objects.filter(run=run)
    statuses = dict(items.values_list("status").annotate(n=Count("id")).order_by())
    articles = Article.objects.filter(pk__in=items.values("article_id"))
    extraction = dict(articles.values_list("extraction_status").annotate(n=Count("id")).order_by())
    reasons = IngestionFailure.objects.filter(run=run).order_by().values_list("reason", flat=True).distinct()[:3]
    return IngestResult(
        pages=pages,
        seconds=seconds,
        articles=items.filter(article__isnull=False).count(),
        distinct_articles=articles.count(),
        statuses=statuses,
        extraction=extraction,
        failures=tuple(reason[:200] for reason in reasons),
    )


def ingest_inbox() -> Path:
    """Folder sources read only below INGEST_ROOT: the pages are written in its inbox."""
    settings.INGEST_INBOX.mkdir(parents=True, exist_ok=True)
    return settings.INGEST_INBOX


def _folder_source(folder: Path, label: str) -> Source:
    return Source.objects.create(name=f"Benchmark {label} {folder.name}", kind=Source.Kind.FOLDER, path=str(folder))


def ingest_in_process(folder: Path, pages: int) -> IngestResult:
    from articles.ingestion import inline, runs

    source = _folder_source(folder, "in-process")
    started = time.perf_counter()
    run = runs.run_start(source=source)
    item_ids = runs.run_enumerate(run_id=run.pk)
    inline.run_process_inline(run_id=run.pk, item_ids=item_ids)
    return _result(run, pages, time.perf_counter() - started)


def _worker_env(*, database_url: str, redis_url: str, queue: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }


def _wait(predicate: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.5) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what}")


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def ingest_with_celery(folder: Path, pages: int, *, workers: int, database_url: str, redis_url: str) -> IngestResult:
    from celery import Celery

    queue = f"bench-{uuid.uuid4().hex[:10]}"
    # Not the current app: tasks the benchmark process itself runs stay in-process.
    client = Celery("bench", broker=redis_url, set_as_current=False)
    env = _worker_env(database_url=database_url, redis_url=redis_url, queue=queue)
    names = [f"bench{n}-{queue}@localhost" for n in range(workers)]
    logs = tempfile.TemporaryDirectory(prefix="bench-workers-")
    log_path = Path(logs.name) / "workers.log"
    with log_path.open("wb") as log_file:
        processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--queues",
                    queue,
                    "--concurrency",
                    "1",
                    "--hostname",
                    name,
                    "--without-gossip",
                    "--without-mingle",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=settings.BASE_DIR,
                env=env,
                start_new_session=True,
                stdout=log_file,
                stderr=log_file,
            )
            for name in names
        ]
    try:

        def all_ready() -> bool:
            if any(p.poll() is not None for p in processes):
                raise RuntimeError("a Celery worker exited before it was ready")
            replies = client.control.ping(destination=names, timeout=1.0) or []
            return {name for reply in replies for name in reply} >= set(names)

        _wait(all_ready, timeout=READY_TIMEOUT, what="the Celery workers to answer a ping")
        source = _folder_source(folder, "Celery")
        started = time.perf_counter()
        run = IngestionRun.objects.create(source=source, trigger=IngestionRun.Trigger.COMMAND)
        client.send_task("articles.tasks.ingest_run", args=[run.pk], queue=queue)
        items = IngestionItem.objects.filter(run=run)

        def finished() -> bool:
            if any(p.poll() is not None for p in processes):
                raise RuntimeError("a Celery worker died during the run")
            if items.count() < pages or items.filter(status=IngestionItem.Status.PENDING).exists():
                return False
            new = Article.objects.filter(pk__in=items.values("article_id"))
            return not new.filter(extraction_status=Article.ExtractionStatus.PENDING).exists()

        _wait(finished, timeout=60 + pages * SECONDS_PER_PAGE_LIMIT, what=f"{pages} pages through Celery")
        seconds = time.perf_counter() - started
    except Exception as exc:
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-1500:]
        raise RuntimeError(f"{exc}; the workers' log ends with:\n{tail}") from exc
    finally:
        _stop(processes)
        logs.cleanup()
        with client.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)
    return _result(run, pages, seconds)


def pages_within(budget_seconds: float, *, pages: int, seed: int) -> tuple[int, str]:
    """How many pages (at most `pages`) one process ingests in `budget_seconds`, from a short calibration run."""
    with tempfile.TemporaryDirectory(prefix="bench-calibration-", dir=ingest_inbox()) as folder:
        write_pages(Path(folder), count=CALIBRATION_PAGES, seed=seed, first_index=CALIBRATION_PAGES_FROM)
        calibration = ingest_in_process(Path(folder), CALIBRATION_PAGES)
    fitting = max(CALIBRATION_PAGES, int(calibration.throughput * budget_seconds))
    if fitting >= pages:
        return pages, ""
    return fitting, (
        f"{fitting:,} pages instead of {pages:,}: what fits in the {budget_seconds:.0f} s per side "
        f"(BENCH_INGEST_SECONDS) at the {calibration.throughput:.2f} pages/s one process managed on "
        f"{CALIBRATION_PAGES} calibration pages; BENCH_INGEST_PAGES sets the count outright"
    )


def rows(
    *, pages: int, workers: int, redis_url: str, database_url: str, seed: int, budget_seconds: float | None = None
) -> list[dict[str, Any]]:
    capped = ""
    if budget_seconds and pages > CALIBRATION_PAGES:
        pages, capped = pages_within(budget_seconds, pages=pages, seed=seed)
    name = f"ingestion of {pages:,} local HTML pages: Celery ({workers} workers) vs one process"
    with (
        tempfile.TemporaryDirectory(prefix="bench-celery-", dir=ingest_inbox()) as celery_dir,
        tempfile.TemporaryDirectory(prefix="bench-inline-", dir=ingest_inbox()) as inline_dir,
    ):
        write_pages(Path(celery_dir), count=pages, seed=seed, first_index=CELERY_PAGES_FROM)
        write_pages(Path(inline_dir), count=pages, seed=seed, first_index=INLINE_PAGES_FROM)
        celery = ingest_with_celery(
            Path(celery_dir), pages, workers=workers, database_url=database_url, redis_url=redis_url
        )
        inline = ingest_in_process(Path(inline_dir), pages)
    ratio = celery.throughput / inline.throughput if inline.throughput else None
    stored = celery.each_once and inline.each_once
    failed = "; ".join(
        f"{label} stored {r.articles:,} of {pages:,} pages (failures: {' | '.join(r.failures) or 'none recorded'})"
        for label, r in (("Celery", celery), ("in-process", inline))
        if not r.each_once
    )
    detail = (failed + "; " if failed else "") + (
        f"Celery {celery.seconds:.1f} s, items {celery.statuses}, extraction {celery.extraction}; "
        f"in-process {inline.seconds:.1f} s, items {inline.statuses}, extraction {inline.extraction}; "
        "one run each (Celery first), not alternated: each takes minutes; the issue asks for 10,000 pages"
        + (f"; {capped}" if capped else "")
    )
    return [
        row(
            f"{name}: throughput",
            value=celery.throughput,
            floor=inline.throughput,
            ratio=ratio,
            goal=f"≥ 0.8x in-process with {workers} workers",
            # A side that did not store every page has no throughput worth comparing.
            meets_goal=ratio is not None and ratio >= 0.8 and stored,
            unit="pages/s",
            note=detail,
        ),
        row(
            f"{name}: every page stored once",
            value=celery.articles,
            floor=inline.articles,
            ratio=None,
            goal=f"{pages:,} articles on each side, each once",
            meets_goal=stored,
            unit="articles",
            note=(failed + "; " if failed else "")
            + f"distinct articles: Celery {celery.distinct_articles}, in-process {inline.distinct_articles}",
        ),
    ]
