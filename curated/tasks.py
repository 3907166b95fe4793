"""Periodic work: publishing the changes feed (Celery beat, config/settings)."""

from __future__ import annotations

from celery import shared_task

from curated.feed import feed_publish


@shared_task(ignore_result=True)  # type: ignore[untyped-decorator]  # celery ships no types
def publish_changes() -> int:
    """Publish marked writes between API reads, so that entries carry the time of their change
    rather than of the next read, and readers rarely find a backlog. Never waits behind a
    publisher already at work (a reader, `manage.py publish_changes`): that one takes the marks."""
    return feed_publish(wait=False)
