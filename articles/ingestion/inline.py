"""The synchronous path (`manage.py ingest`): the command's own inputs as items of one run,
and a run's items processed in this process with the retries the tasks make."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import F

from articles.feeds import FeedError
from articles.fetching import Fetcher, FetchError
from articles.models import IngestionRun, ItemStatus

from . import retries
from .items import item_process
from .readers.base import PayloadKind, Refusals, Specs
from .readers.feed import deferred_note
from .readers.folder import empty_folder_reason, local_files
from .readers.page import page_or_feed_specs
from .retries import RetryLater
from .runs import failure_add, items_add, run_refresh


def targets_enumerate(*, run: IngestionRun, targets: list[str], fetcher: Fetcher | None = None) -> list[int]:
    """The command's inputs (files, folders, URLs) as items of one run; a target that cannot
    be read is recorded as a failure and the others go on."""
    specs: Specs = []
    refused: Refusals = []
    for target in targets:
        if urlsplit(target).scheme.lower() in ("http", "https"):
            try:
                fetched = (fetcher or Fetcher()).get(target)
                found, refusals, deferred = page_or_feed_specs(url=target, fetched=fetched)
                if deferred:
                    IngestionRun.objects.filter(pk=run.pk).update(
                        deferred=F("deferred") + deferred, message=deferred_note(deferred)
                    )
                specs.extend(found)
                refused.extend(refusals)
            except (FetchError, FeedError) as exc:
                temporary = isinstance(exc, FetchError) and exc.temporary
                failure_add(run=run, url=target, reason=getattr(exc, "reason", str(exc)), temporary=temporary)
            continue
        path = Path(target)
        if not path.exists():
            failure_add(run=run, url=target, reason="no such file or folder", temporary=False)
            continue
        files = local_files(path)
        if not files:
            failure_add(run=run, url=target, reason=empty_folder_reason(path), temporary=False)
        specs.extend((str(p.resolve()), {"kind": PayloadKind.FILE}) for p in files)
    with transaction.atomic():
        for link, reason in refused:
            failure_add(run=run, url=link, reason=reason, temporary=False)
        return items_add(run=run, specs=specs)


def run_process_inline(
    *, run_id: int, item_ids: list[int], on_item: Callable[[int, str], None] | None = None, sleep=None
) -> IngestionRun:
    """Process a run's items in this process, with the same retries the tasks make;
    `on_item(item_id, status)` is called after each."""
    import time

    sleep = sleep or time.sleep
    with Fetcher() as fetcher:
        for item_id in item_ids:
            status: str = ItemStatus.PENDING
            for _ in range(retries.MAX_ATTEMPTS + 1):
                try:
                    status = item_process(item_id=item_id, fetcher=fetcher)
                    break
                except RetryLater as exc:
                    sleep(min(exc.delay, 2.0))  # a person is waiting at the terminal
            if on_item:
                on_item(item_id, status)
    return run_refresh(run_id=run_id)
