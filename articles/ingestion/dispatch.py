"""Dispatch: the only module that queues Celery tasks. A run started now or on schedule,
its items, an article's extraction, and the sweep that re-queues what a lost message left
behind; each is queued after the transaction commits, on its source's queue."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Collection

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import Article, IngestionRun, RunTrigger, Source, SourceKind

from .runs import run_start, stale_work_claim
from .sources import source_queue, source_schedule_update

logger = logging.getLogger(__name__)

# The tasks' registered names. Scheduled entries (CELERY_BEAT_SCHEDULE) and messages already
# queued name them, so they never change; `articles/tasks.py` registers each under its name.
# Dispatch names a task instead of importing it: the tasks call the services, and the services
# queue through here, so importing the tasks would close a circle.
INGEST_RUN = "articles.tasks.ingest_run"
INGEST_ITEM = "articles.tasks.ingest_item"
EXTRACT_ARTICLE = "articles.tasks.extract_article"
DISPATCH_SOURCES = "articles.tasks.dispatch_sources"


def publish(name: str, *args, queue: str | None = None) -> None:
    """Queue the task registered as `name` (on `queue`, else the default one); in-process (no
    broker), run it here without touching a broker connection."""
    task = current_app.tasks[name]
    if task.app.conf.task_always_eager:
        task.apply(args=args)
        return
    try:
        task.apply_async(args=args, **({"queue": queue} if queue else {}))
    except Exception:
        # The broker may be away for a moment (a restart); the sweeper re-queues what was
        # not published, so a failed publish is logged rather than failing the committed work.
        logger.exception("could not queue %s%r; the sweeper will re-queue it", task.name, args)


def article_extraction_queue(*, article_id: int) -> None:
    """Queue an article's extraction once the current transaction commits."""
    Article.objects.filter(pk=article_id).update(extraction_queued_at=timezone.now())
    transaction.on_commit(lambda: publish(EXTRACT_ARTICLE, article_id))


def items_publish(*, run_id: int, item_ids: list[int]) -> None:
    """Queue one task per item, on its source's queue."""
    run = IngestionRun.objects.select_related("source").get(pk=run_id)
    queue = source_queue(run.source)
    for item_id in item_ids:
        publish(INGEST_ITEM, item_id, queue=queue)


def source_fetch_now(*, source_id: int, trigger: str = RunTrigger.MANUAL) -> IngestionRun:
    """Start a run of one source now (the admin's "fetch now"); its task is queued after commit."""
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source_id)
        run = run_start(source=source, trigger=trigger)
        if source.interval:
            source.next_due_at = timezone.now() + source.interval
            source.save(update_fields=["next_due_at", "updated_at"])
        queue = source_queue(source)
        transaction.on_commit(lambda: publish(INGEST_RUN, run.pk, queue=queue))
    return run


def source_on_saved(*, source: Source, created: bool, changed: Collection[str] = ()) -> IngestionRun | None:
    """After a source is saved (the admin): a new upload or pasted text is ingested at once (it
    has no schedule to wait for); other kinds wait for their schedule or a "fetch now".
    `changed` names the fields an editor changed: a new interval moves the next run (to the
    last run plus the new interval, or now when that has passed), and a source switched back on
    starts afresh (failure count and disabled reason cleared, due at the next tick). Returns the
    run started, if any."""
    if created and source.kind in (SourceKind.UPLOAD, SourceKind.TEXT) and source.is_active:
        return source_fetch_now(source_id=source.pk)
    if not created:
        source_schedule_update(source_id=source.pk, changed=changed)
    return None


def sources_dispatch(*, now: datetime.datetime | None = None, limit: int = 100) -> list[int]:
    """The periodic tick: start a run for every due source, read from the rows each time (so
    an edited schedule applies at the next tick), then sweep what a crash or broker restart
    left behind. Returns the ids of the runs started."""
    now = now or timezone.now()
    started: list[tuple[int, str | None]] = []
    with transaction.atomic():
        due = list(Source.objects.due(now).select_for_update(skip_locked=True).order_by("next_due_at", "id")[:limit])
        busy = set(
            IngestionRun.objects.unfinished().filter(source__in=due).values_list("source_id", flat=True).distinct()
        )
        for source in due:
            source.next_due_at = now + source.interval
            source.save(update_fields=["next_due_at", "updated_at"])
            if source.pk in busy:
                continue  # the previous run is still going; never two runs of one source at once
            run = run_start(source=source, trigger=RunTrigger.SCHEDULE)
            started.append((run.pk, source_queue(source)))

        def publish_started() -> None:
            for run_id, queue in started:
                publish(INGEST_RUN, run_id, queue=queue)

        transaction.on_commit(publish_started)
    ingestion_sweep(now=now)
    return [run_id for run_id, _ in started]


def ingestion_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Re-queue work whose message was lost (its task's state is in the database, so this is
    safe to repeat): pending items queued long ago, runs never read, articles never extracted;
    and finish runs whose items are all done (`runs.stale_work_claim`)."""
    stale = stale_work_claim(now=now or timezone.now())
    slow = settings.INGEST_SLOW_QUEUE
    for item_id in stale.items:
        publish(INGEST_ITEM, item_id, queue=slow if item_id in stale.slow_items else None)
    for run_id in stale.runs:
        publish(INGEST_RUN, run_id, queue=slow if run_id in stale.slow_runs else None)
    for article_id in stale.articles:
        publish(EXTRACT_ARTICLE, article_id)
    return {
        "items": len(stale.items),
        "runs": len(stale.runs),
        "articles": len(stale.articles),
        "finished": stale.finished,
    }
