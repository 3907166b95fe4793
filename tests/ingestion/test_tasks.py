"""The tasks' contract: ids only, queued after commit, acknowledged late, bounded in time and
deliveries, retried with exponential backoff."""

from types import SimpleNamespace

import pytest
from celery.exceptions import Retry

from articles import tasks
from articles.ingestion import dispatch, retries
from articles.ingestion.dispatch import source_fetch_now
from articles.ingestion.items import item_process
from articles.ingestion.retries import RetryLater, retry_delay
from articles.ingestion.runs import run_start
from articles.models import IngestionItem, Source
from tests.factories import SourceFactory

from .server import Response

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("task", [tasks.ingest_run, tasks.ingest_item, tasks.extract_article])
def test_each_task_is_acknowledged_late_and_bounded(task):
    assert task.acks_late and task.reject_on_worker_lost
    assert 0 < task.soft_time_limit < task.time_limit
    assert task.max_retries <= retries.MAX_ATTEMPTS <= 3


def test_fetch_now_queues_the_run_id_only_after_the_commit(django_capture_on_commit_callbacks, monkeypatch):
    published = []
    monkeypatch.setattr(dispatch, "publish", lambda name, *args, **options: published.append((name, args)))
    source = SourceFactory(kind=Source.Kind.TEXT, pasted_text="A headline\nSome text.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = source_fetch_now(source_id=source.pk)
        assert published == []  # nothing is queued inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    assert published == [("articles.tasks.ingest_run", (run.pk,))]
    assert all(isinstance(arg, int) for _, args in published for arg in args)


def test_backoff_is_exponential_and_honours_retry_after():
    assert [retry_delay(n) for n in (1, 2, 3)] == [2.0, 8.0, 32.0]
    assert retry_delay(1, retry_after=120) == 120.0
    assert retry_delay(1, retry_after=86_400) == 600.0  # a server cannot park us for a day
    assert retry_delay(3, retry_after=1) == 32.0  # nor hurry us


def test_a_temporary_failure_is_retried_with_backoff_then_recorded_on_the_third_delivery(server):
    server.routes["/busy"] = Response(status=503)
    server.routes["/slow-down"] = Response(status=429, headers={"Retry-After": "90"})
    run = run_start()
    busy = IngestionItem.objects.create(run=run, position=1, url=server.url("/busy"), payload={"kind": "entry"})
    slow = IngestionItem.objects.create(run=run, position=2, url=server.url("/slow-down"), payload={"kind": "entry"})
    delays = []
    for _ in range(2):
        with pytest.raises(RetryLater) as retry:
            item_process(item_id=busy.pk)
        delays.append(retry.value.delay)
    assert delays == [2.0, 8.0]
    assert item_process(item_id=busy.pk) == "failed"  # the third delivery records the failure
    failure = run.failures.get(url=server.url("/busy"))
    assert failure.kind == "temporary" and failure.reason == "HTTP 503"
    assert item_process(item_id=busy.pk) == "failed" and server.hits["/busy"] == 3  # done: never fetched again
    with pytest.raises(RetryLater) as retry:
        item_process(item_id=slow.pk)
    assert retry.value.delay == 90.0


class FakeTask:
    """Stands in for a bound Celery task outside eager mode: records the retries asked for."""

    def __init__(self):
        self.request = SimpleNamespace(is_eager=False)
        self.countdowns = []

    def retry(self, *, countdown, exc, **options):
        self.countdowns.append(countdown)
        self.options = options
        return Retry(exc=exc, when=countdown)


def test_on_a_worker_a_retry_goes_back_through_the_broker_with_its_countdown():
    task = FakeTask()

    def service():
        raise RetryLater("HTTP 503", 8.0)

    with pytest.raises(Retry):
        tasks._with_retries(task, service)
    assert task.countdowns == [8.0]
