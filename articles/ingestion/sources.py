"""Writes on sources made by ingestion: their queue (slow or not), their schedule after an
edit, and the folder source a command registers."""

from __future__ import annotations

import logging
from collections.abc import Collection
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.cleaning import CleaningError
from articles.models import Source, SourceKind
from articles.paths import OutsideIngestRootError, path_within_ingest_root

logger = logging.getLogger(__name__)


def source_queue(source: Source | None) -> str | None:
    """The queue for a source's runs and items: the slow one for a slow source, else the default."""
    return settings.INGEST_SLOW_QUEUE if source is not None and source.is_slow else None


def source_mark_slow(*, source_id: int | None, reason: str) -> None:
    """A fetch for this source ran into its deadline: its work goes to the slow queue from now
    on (an editor clears the flag once the site is fast again)."""
    if source_id is None:
        return
    marked = Source.objects.filter(pk=source_id, is_slow=False).update(is_slow=True, slow_reason=reason[:2000])
    if marked:
        logger.warning(
            "source %s is slow (%s); its fetches move to the %s queue", source_id, reason, settings.INGEST_SLOW_QUEUE
        )


def source_register_folder(*, name: str, path: str | Path) -> Source:
    """The folder source at this path, created (without a schedule) the first time, so that
    articles loaded from a folder by hand still show in the admin where they came from."""
    folder = Path(path).resolve()
    if not folder.is_dir():
        raise CleaningError(f"no such folder: {path}")
    try:
        folder = path_within_ingest_root(folder)
    except OutsideIngestRootError as exc:
        raise CleaningError(str(exc)) from exc
    source, _ = Source.objects.get_or_create(
        kind=SourceKind.FOLDER, path=str(folder), defaults={"name": name[:200], "interval": None}
    )
    return source


def source_schedule_update(*, source_id: int, changed: Collection[str]) -> Source:
    """Apply an edited schedule now, not after the next run under the old one."""
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source_id)
        fields: list[str] = []
        now = timezone.now()
        if "is_active" in changed and source.is_active:
            source.consecutive_failures = 0
            source.disabled_reason = ""
            source.next_due_at = now if source.interval else None
            fields += ["consecutive_failures", "disabled_reason", "next_due_at"]
        elif "interval" in changed:
            if source.interval is None:
                source.next_due_at = None
            else:
                source.next_due_at = max(now, (source.last_run_at or now) + source.interval)
            fields.append("next_due_at")
        if fields:
            source.save(update_fields=[*fields, "updated_at"])
    return source
