"""Runs: an IngestionRun's lifecycle (start, read its source into items once, recount and
finish, interrupt), the failures recorded on it, the close of stalled runs, and what a
finished run does to its source's schedule."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from articles.cleaning import CleaningError
from articles.feeds import FeedError
from articles.fetching import Fetcher, FetchError
from articles.models import (
    WEB_SOURCE_KINDS,
    Article,
    IngestionFailure,
    IngestionItem,
    IngestionRun,
    ItemStatus,
    RunStatus,
    RunTrigger,
    Source,
)

from . import retries
from .readers import source_specs
from .readers.base import PayloadKind
from .readers.feed import deferred_note
from .retries import RetryLater, retry_delay
from .sources import source_mark_slow

logger = logging.getLogger(__name__)


def run_start(*, source: Source | None = None, trigger: str = RunTrigger.COMMAND) -> IngestionRun:
    """A new run; the source's earlier runs stuck without progress are closed first, as
    interrupted (without beat, nothing else would close them)."""
    if source is not None:
        runs_close_stalled(source_id=source.pk)
    return IngestionRun.objects.create(source=source, trigger=trigger)


def failure_add(
    *, run: IngestionRun, url: str, reason: str, temporary: bool, item: IngestionItem | None = None
) -> None:
    IngestionFailure.objects.create(
        run=run,
        item=item,
        url=url.replace("\x00", "")[:2000],
        kind=IngestionFailure.Kind.TEMPORARY if temporary else IngestionFailure.Kind.PERMANENT,
        reason=reason.replace("\x00", "")[:5000],
    )


def items_add(*, run: IngestionRun, specs: list[tuple[str, dict]]) -> list[int]:
    start = (run.items.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    now = timezone.now()
    items = IngestionItem.objects.bulk_create(
        [
            IngestionItem(
                run=run,
                position=start + i,
                url=url.replace("\x00", "")[:2000],
                # PostgreSQL's JSON cannot hold NUL; feeds are untrusted text.
                payload={
                    key: value.replace("\x00", "") if isinstance(value, str) else value
                    for key, value in payload.items()
                },
                queued_at=now,
            )
            for i, (url, payload) in enumerate(specs)
        ]
    )
    return [item.pk for item in items]


def run_enumerate(*, run_id: int, fetcher: Fetcher | None = None) -> list[int]:
    """Read a run's source into items, once; returns the ids of items still pending.

    A source-level temporary failure with deliveries left raises RetryLater; otherwise
    it is recorded and the run finishes failed. Run again (a redelivered task), it only
    returns what is still pending.
    """
    with transaction.atomic():
        run = IngestionRun.objects.select_for_update(of=("self",)).select_related("source").get(pk=run_id)
        if run.finished_at is not None:
            return []
        if run.items.exists():
            return list(run.items.pending().values_list("pk", flat=True))
        run.attempts += 1
        run.save(update_fields=["attempts"])
    source = run.source
    if source is None:
        # A command's run is read by the command itself: one without items here was killed
        # before it finished reading its inputs.
        run_interrupt(run_id=run_id, reason="interrupted: the command stopped before it had read its inputs")
        return []
    where = source.url or source.path or source.name
    if run.attempts > retries.MAX_ATTEMPTS:
        # Deliveries used up without an answer: the worker was killed each time (or the broker lost it).
        run_interrupt(run_id=run_id, reason=f"interrupted: gave up after {retries.MAX_ATTEMPTS} deliveries")
        return []
    try:
        specs, refused, validators, deferred = source_specs(source=source, fetcher=fetcher)
    except FetchError as exc:
        if exc.timed_out:
            source_mark_slow(source_id=source.pk, reason=exc.reason)
        if exc.temporary and run.attempts < retries.MAX_ATTEMPTS:
            raise RetryLater(exc.reason, retry_delay(run.attempts, exc.retry_after), slow=exc.timed_out) from exc
        return run_fail(run_id=run_id, url=where, reason=exc.reason, temporary=exc.temporary)
    except (FeedError, CleaningError, OSError) as exc:
        return run_fail(run_id=run_id, url=where, reason=str(exc), temporary=False)
    except Exception as exc:
        logger.exception("reading the source of run %s failed", run_id)
        reason = f"unexpected error: {exc.__class__.__name__}: {exc}"
        if run.attempts < retries.MAX_ATTEMPTS:
            raise RetryLater(reason, retry_delay(run.attempts)) from exc
        return run_fail(run_id=run_id, url=where, reason=reason, temporary=True)
    with transaction.atomic():
        run = IngestionRun.objects.select_for_update().get(pk=run_id)
        if run.finished_at is not None or run.items.exists():
            return list(run.items.pending().values_list("pk", flat=True))
        ids = items_add(run=run, specs=specs)
        for link, reason in refused:
            failure_add(run=run, url=link, reason=reason, temporary=False)
        if deferred:
            # Not an error: the entries wait for the next run, which finds these ones stored.
            run.deferred = deferred
            run.message = deferred_note(deferred)
            run.save(update_fields=["deferred", "message"])
        if validators is not None:
            # With entries left over, the next fetch must not be answered 304 "not modified".
            etag, last_modified = validators if not deferred else ("", "")
            Source.objects.filter(pk=source.pk).update(etag=etag, last_modified=last_modified)
        elif source.kind in WEB_SOURCE_KINDS:
            # A 304: the feed was fetched and is unchanged. It counts as one unchanged item,
            # finished here, so the run's counts say what happened (fetched 1, unchanged 1).
            now = timezone.now()
            IngestionItem.objects.create(
                run=run,
                position=1,
                url=source.url[:2000],
                payload={"kind": PayloadKind.NOT_MODIFIED},
                status=ItemStatus.UNCHANGED,
                queued_at=now,
                finished_at=now,
            )
            run.message = "Not modified since the last fetch (HTTP 304)."
            run.save(update_fields=["message"])
    if not ids:
        run_refresh(run_id=run_id)
    return ids


def run_fail(*, run_id: int, url: str, reason: str, temporary: bool) -> list[int]:
    with transaction.atomic():
        run = IngestionRun.objects.select_for_update().get(pk=run_id)
        if run.finished_at is None:
            failure_add(run=run, url=url, reason=reason, temporary=temporary)
            IngestionRun.objects.filter(pk=run_id).update(message=reason[:2000])
    run_refresh(run_id=run_id, source_failed=True)
    return []


def run_refresh(*, run_id: int, source_failed: bool = False, interrupted: bool = False) -> IngestionRun:
    """Recount a run from its items; finish it (once) when nothing is pending."""
    with transaction.atomic():
        run = IngestionRun.objects.select_for_update(of=("self",)).select_related("source").get(pk=run_id)
        counts = run.items.aggregate(
            fetched=Count("pk"),
            new=Count("pk", filter=Q(status=ItemStatus.NEW)),
            duplicate=Count("pk", filter=Q(status=ItemStatus.DUPLICATE)),
            unchanged=Count("pk", filter=Q(status=ItemStatus.UNCHANGED)),
            item_failed=Count("pk", filter=Q(status=ItemStatus.FAILED)),
            pending=Count("pk", filter=Q(status=ItemStatus.PENDING)),
        )
        pending = counts.pop("pending")
        run.failed = counts.pop("item_failed")
        for name, value in counts.items():
            setattr(run, name, value)
        # Items that failed and run-level errors (the source unreadable, a refused entry link,
        # an interruption) are counted apart.
        run.errors = run.failures.filter(item__isnull=True).count()
        fields = [*counts, "failed", "errors"]
        if pending == 0 and run.finished_at is None:
            run.finished_at = timezone.now()
            succeeded = run.new + run.duplicate + run.unchanged
            if interrupted:
                run.status = RunStatus.INTERRUPTED
            elif source_failed or ((run.failed or run.errors) and not succeeded):
                run.status = RunStatus.FAILED
            elif run.failed or run.errors:
                run.status = RunStatus.PARTIAL
            else:
                run.status = RunStatus.SUCCEEDED
            fields += ["finished_at", "status"]
            if run.source_id:
                _source_after_run(run=run)
        run.save(update_fields=fields)
    return run


def run_interrupt(*, run_id: int, reason: str) -> IngestionRun:
    """Close a run that stopped without finishing (its process killed, its messages lost for
    good, or left `running` with no scheduler to sweep it): its pending items fail with the
    reason, the reason is a run-level error, and the run is `interrupted`, never `succeeded`."""
    with transaction.atomic():
        run = IngestionRun.objects.select_for_update().get(pk=run_id)
        if run.finished_at is not None:
            return run
        now = timezone.now()
        for item in run.items.pending().select_for_update():
            failure_add(run=run, item=item, url=item.url or "(pasted text)", reason=reason, temporary=True)
        run.items.pending().update(status=ItemStatus.FAILED, finished_at=now)
        failure_add(
            run=run,
            url=(run.source.url or run.source.path) if run.source is not None else "",
            reason=reason,
            temporary=True,
        )
    IngestionRun.objects.filter(pk=run_id).update(message=reason[:2000])
    return run_refresh(run_id=run_id, interrupted=True)


def runs_close_stalled(*, source_id: int, now: datetime.datetime | None = None) -> list[int]:
    """Interrupt this source's runs that have made no progress for INGEST_ITEM_STALE_AFTER:
    without beat no sweep would ever close them, so the source's next run does."""
    now = now or timezone.now()
    cutoff = now - settings.INGEST_ITEM_STALE_AFTER
    stalled = list(
        IngestionRun.objects.unfinished()
        .filter(source_id=source_id, started_at__lt=cutoff)
        .exclude(items__finished_at__gte=cutoff)
        .values_list("pk", flat=True)
        .distinct()
    )
    for run_id in stalled:
        run_interrupt(
            run_id=run_id,
            reason=f"interrupted: no progress since {cutoff:%Y-%m-%d %H:%M} UTC; closed when the source ran again",
        )
    return stalled


def _source_after_run(*, run: IngestionRun) -> None:
    assert run.source_id is not None  # called for runs of a source only
    source = Source.objects.select_for_update().get(pk=run.source_id)
    now = run.finished_at or timezone.now()
    source.last_run_at = now
    fields = ["last_run_at", "updated_at"]
    if run.status == RunStatus.INTERRUPTED:
        pass  # our process stopped, not the source: no failure counted, no success either
    elif run.status == RunStatus.FAILED:
        source.consecutive_failures += 1
        fields.append("consecutive_failures")
        reason = run.failures.order_by("-id").values_list("reason", flat=True).first() or "unknown error"
        limit = settings.INGEST_MAX_CONSECUTIVE_FAILURES
        if source.consecutive_failures >= limit and _failed_for_good(run=run, runs=limit):
            source.is_active = False
            source.disabled_reason = (
                f"Disabled after {source.consecutive_failures} consecutive failures; last: {reason}"
            )
            fields += ["is_active", "disabled_reason"]
        elif source.interval:
            # Back off a failing source: 1, 2, 4... intervals, at most a day beyond one interval.
            backoff = source.interval * 2 ** (source.consecutive_failures - 1)
            source.next_due_at = now + min(backoff, source.interval + datetime.timedelta(days=1))
            fields.append("next_due_at")
    else:
        source.last_success_at = now
        source.consecutive_failures = 0
        fields += ["last_success_at", "consecutive_failures"]
        if run.new:
            source.last_new_article_at = now
            fields.append("last_new_article_at")
    source.save(update_fields=fields)


def _failed_for_good(*, run: IngestionRun, runs: int) -> bool:
    """Whether this failed run and the source's runs before it (interruptions aside), `runs` in
    all, each failed with a permanent failure: only those switch a source off. A site that
    times out or answers 503 may be back tomorrow; it is backed off and shown as failing, but
    stays on. (The run being finished is not saved yet: it is passed in.)"""
    assert run.source_id is not None  # a run of a source (see _source_after_run)
    earlier = list(
        IngestionRun.objects.filter(source_id=run.source_id, finished_at__isnull=False)
        .exclude(pk=run.pk)
        .exclude(status=RunStatus.INTERRUPTED)
        .order_by("-finished_at", "-id")
        .values_list("pk", "status")[: runs - 1]
    )
    recent = [(run.pk, run.status), *earlier]
    permanent = set(
        IngestionFailure.objects.filter(
            run_id__in=[pk for pk, _ in recent], kind=IngestionFailure.Kind.PERMANENT
        ).values_list("run_id", flat=True)
    )
    return len(recent) == runs and all(status == RunStatus.FAILED and pk in permanent for pk, status in recent)


@dataclass(frozen=True)
class StaleWork:
    """What the sweep found lost, stamped as queued now: the caller (dispatch) queues it."""

    items: list[int]
    runs: list[int]
    articles: list[int]
    slow_items: set[int]  # of `items`, those of slow sources (queued on the slow queue)
    slow_runs: set[int]
    finished: int  # runs finished here, their items all done


def stale_work_claim(*, now: datetime.datetime) -> StaleWork:
    """The stale sweep: items still pending long after they were queued, runs never read and
    articles never extracted, each stamped as queued `now` (so a long queue is not flooded);
    and runs whose items are all done, finished."""
    stale_before = now - settings.INGEST_ITEM_STALE_AFTER
    items = list(IngestionItem.objects.stale(now).values_list("pk", flat=True)[:1000])
    IngestionItem.objects.filter(pk__in=items).update(queued_at=now)
    runs = list(
        IngestionRun.objects.unfinished()
        .filter(started_at__lt=stale_before, items__isnull=True)
        .values_list("pk", flat=True)[:100]
    )
    finished = 0
    for run_id in IngestionRun.objects.unfinished().filter(items__isnull=False).values_list("pk", flat=True).distinct():
        if not IngestionItem.objects.filter(run_id=run_id, status=ItemStatus.PENDING).exists():
            run_refresh(run_id=run_id)
            finished += 1
    # Stamped when queued, like the items: an article waiting behind a long queue is queued
    # again once per staleness period, not at every tick (that would flood the queue). One
    # whose deliveries are used up is queued too: its next delivery records the failure.
    articles = list(
        Article.objects.awaiting_extraction()
        .filter(
            Q(extraction_queued_at__lt=stale_before)
            | Q(extraction_queued_at__isnull=True, ingested_at__lt=stale_before)
        )
        .values_list("pk", flat=True)[:1000]
    )
    Article.objects.filter(pk__in=articles).update(extraction_queued_at=now)
    slow_items = set(IngestionItem.objects.filter(pk__in=items, run__source__is_slow=True).values_list("pk", flat=True))
    slow_runs = set(IngestionRun.objects.filter(pk__in=runs, source__is_slow=True).values_list("pk", flat=True))
    return StaleWork(items, runs, articles, slow_items, slow_runs, finished)
