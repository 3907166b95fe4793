"""Sequence numbers follow commit order: publishers append one at a time, under one lock.

Real transactions on separate connections: one publisher holds its transaction open with
entries appended; a second, with later writes to publish, waits for it instead of
committing higher numbers first; a reader meanwhile sees neither and skips publishing.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from agreements.models import FeedEntry
from curated.feed import feed_publish
from relations.services import fact_approve
from tests.factories import MetricObservationFactory, editor

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition never held")
        time.sleep(0.05)


def waiting_for_an_advisory_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return cursor.fetchone()[0] > 0


def in_thread(target) -> threading.Thread:
    def run():
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_later_publisher_waits_so_no_entry_commits_behind_one_already_visible():
    user = editor()
    first = fact_approve(fact=MetricObservationFactory(), user=user)
    holding, release = threading.Event(), threading.Event()
    first_batch: list[int] = []

    def first_publisher():
        with transaction.atomic():
            assert feed_publish() > 0
            first_batch.extend(FeedEntry.objects.values_list("id", flat=True))
            holding.set()
            release.wait(timeout=60)

    one = in_thread(first_publisher)
    assert holding.wait(timeout=60)
    assert not FeedEntry.objects.exists(), "entries of an open transaction are invisible"
    second = fact_approve(fact=MetricObservationFactory(), user=user)
    two = in_thread(feed_publish)
    wait_for(waiting_for_an_advisory_lock)
    assert feed_publish(wait=False) == 0, "a reader does not wait for another publisher"
    release.set()
    one.join(timeout=60)
    two.join(timeout=60)
    later = FeedEntry.objects.exclude(id__in=first_batch)
    assert later.filter(resource="observation", object_id=second.pk).exists()
    assert min(later.values_list("id", flat=True)) > max(first_batch)
    assert FeedEntry.objects.filter(id__in=first_batch, resource="observation", object_id=first.pk).exists()
