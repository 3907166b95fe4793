"""Celery tasks: thin wrappers that take ids and call a service.

Each is safe to run twice (the services return early for finished work), runs with
acks_late so a killed worker's task is delivered again, and gives up after a bounded
number of deliveries, counted in the database so that redeliveries count too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from celery import shared_task
from django.conf import settings

from .ingestion import dispatch, extracting, items, retries, runs

T = TypeVar("T")
# A fetch is bounded by its own timeouts (connect + 2 x read per hop); these limits catch
# what is not (a pathological page in the HTML parser), and the delivery count bounds retries.
TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "max_retries": retries.MAX_ATTEMPTS,
    "soft_time_limit": 180,
    "time_limit": 210,
}


def _with_retries(task, call: Callable[[], T]) -> T:
    """Call a service; on RetryLater, retry the task with backoff through the broker, or at
    once when running in-process (no broker). The service counts deliveries in the database
    and stops raising RetryLater after the last one, so this loop is bounded."""
    for _ in range(retries.MAX_ATTEMPTS + 2):
        try:
            return call()
        except retries.RetryLater as exc:
            if not task.request.is_eager:
                # A fetch that ran into its deadline is retried on the slow queue, off the healthy sources' path.
                options = {"queue": settings.INGEST_SLOW_QUEUE} if exc.slow else {}
                raise task.retry(countdown=exc.delay, exc=exc, **options) from exc
    raise RuntimeError("the service kept asking for retries beyond its delivery limit")


@shared_task(bind=True, name=dispatch.INGEST_RUN, **TASK_OPTIONS)
def ingest_run(self, run_id: int) -> int:
    """Read a run's source into items and queue one task per item."""
    item_ids = _with_retries(self, lambda: runs.run_enumerate(run_id=run_id))
    dispatch.items_publish(run_id=run_id, item_ids=item_ids)
    return len(item_ids)


@shared_task(bind=True, name=dispatch.INGEST_ITEM, **TASK_OPTIONS)
def ingest_item(self, item_id: int) -> str:
    return _with_retries(self, lambda: items.item_process(item_id=item_id))


@shared_task(bind=True, name=dispatch.EXTRACT_ARTICLE, **TASK_OPTIONS)
def extract_article(self, article_id: int) -> object:
    """Run the configured recorder on one article; after the last delivery, record the failure."""
    return _with_retries(self, lambda: extracting.article_extract(article_id=article_id))


@shared_task(name=dispatch.DISPATCH_SOURCES)
def dispatch_sources() -> int:
    """The periodic tick (beat): due sources, then the sweep."""
    return len(dispatch.sources_dispatch())
