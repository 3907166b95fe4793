"""No hangs: one deadline per fetch covers connect, status line, headers and body; a source
that runs into it is marked slow and its work moves to a queue of its own."""

import threading
import time
import uuid
from datetime import timedelta

import pytest
import redis
from celery.exceptions import Retry
from django.conf import settings as django_settings

from articles import tasks
from articles.fetching import FetchError, fetch
from articles.ingestion.dispatch import source_fetch_now
from articles.ingestion.items import item_process
from articles.ingestion.retries import RetryLater
from articles.ingestion.runs import run_enumerate, run_start
from articles.models import IngestionFailure, IngestionItem, Source
from config.celery_app import app
from tests.factories import SourceFactory

from .test_tasks import FakeTask
from .trickle import TrickleServer

pytestmark = pytest.mark.django_db

TRICKLES = {
    "status line": b"HTTP/1.1 200 OK",  # the reason phrase never ends
    "headers": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: ",
    "body": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>",
}


def fetch_in_thread(url: str, limit: float) -> tuple[float, BaseException | None]:
    """The fetch's duration and error, or fail (rather than hang the suite) after `limit` seconds."""
    outcome: dict = {}

    def run():
        started = time.monotonic()
        try:
            fetch(url)
        except BaseException as exc:  # handed back to the test
            outcome["error"] = exc
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), f"the fetch of {url} was still running after {limit}s"
    return outcome["seconds"], outcome.get("error")


@pytest.fixture
def trickle():
    servers = []

    def start(head: bytes) -> TrickleServer:
        servers.append(TrickleServer(head=head).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.mark.parametrize("part", list(TRICKLES))
def test_a_server_trickling_its_response_is_cut_off_at_the_total_deadline(trickle, part, settings):
    assert settings.FETCH_READ_TIMEOUT > 0.2 * 3  # every byte comes well inside the read timeout
    server = trickle(TRICKLES[part])
    seconds, error = fetch_in_thread(server.url("/slow"), limit=settings.FETCH_TOTAL_TIMEOUT + 10)
    assert isinstance(error, FetchError) and error.temporary and error.timed_out
    assert "deadline" in error.reason
    assert settings.FETCH_TOTAL_TIMEOUT - 0.5 < seconds < settings.FETCH_TOTAL_TIMEOUT + 2


def test_the_deadline_covers_every_redirect_together(server, trickle, settings):
    from .server import Response

    slow = trickle(TRICKLES["headers"])
    server.routes["/hop"] = Response(status=302, headers={"Location": slow.url("/slow")})
    seconds, error = fetch_in_thread(server.url("/hop"), limit=settings.FETCH_TOTAL_TIMEOUT + 10)
    assert isinstance(error, FetchError) and seconds < settings.FETCH_TOTAL_TIMEOUT + 2


def test_a_feed_that_trickles_marks_its_source_slow_and_is_retried_on_the_slow_queue(trickle, settings):
    server = trickle(TRICKLES["status line"])
    source = SourceFactory(kind=Source.Kind.FEED, url=server.url("/feed.xml"), interval=timedelta(hours=1))
    run = run_start(source=source)
    with pytest.raises(RetryLater) as retry:
        run_enumerate(run_id=run.pk)
    assert retry.value.slow
    source.refresh_from_db()
    assert source.is_slow and "deadline" in source.slow_reason

    task = FakeTask()
    with pytest.raises(Retry):
        tasks._with_retries(task, lambda: run_enumerate(run_id=run.pk))
    assert task.options == {"queue": settings.INGEST_SLOW_QUEUE}


def test_an_item_that_trickles_fails_after_its_deliveries_with_the_deadline_as_reason(trickle, settings):
    settings.FETCH_TOTAL_TIMEOUT = 1.5
    server = trickle(TRICKLES["body"])
    source = SourceFactory(kind=Source.Kind.URL, url=server.url("/page"))
    run = run_start(source=source)
    item = IngestionItem.objects.create(run=run, position=1, url=server.url("/page"), payload={"kind": "entry"})
    for _ in range(2):
        with pytest.raises(RetryLater):
            item_process(item_id=item.pk)
    assert item_process(item_id=item.pk) == "failed"
    failure = IngestionFailure.objects.get(run=run)
    assert failure.kind == "temporary" and "deadline" in failure.reason


@pytest.fixture
def broker(settings):
    """Publishing through the real Redis broker, on queues of this test's own."""
    settings.INGEST_SLOW_QUEUE = f"test-slow-{uuid.uuid4().hex[:8]}"
    default = app.conf.task_default_queue
    app.conf.task_default_queue = f"test-default-{uuid.uuid4().hex[:8]}"
    app.conf.task_always_eager = False
    client = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    yield client
    app.conf.task_always_eager = True
    client.delete(settings.INGEST_SLOW_QUEUE, app.conf.task_default_queue)
    app.conf.task_default_queue = default


def test_a_slow_sources_run_is_published_to_the_slow_queue_and_a_healthy_ones_is_not(broker, settings, commits):
    slow = SourceFactory(kind=Source.Kind.FEED, url="https://slow.example.org/feed", is_slow=True)
    healthy = SourceFactory(kind=Source.Kind.FEED, url="https://fast.example.org/feed")
    commits(source_fetch_now, source_id=slow.pk)
    commits(source_fetch_now, source_id=healthy.pk)
    commits(source_fetch_now, source_id=healthy.pk)
    assert broker.llen(settings.INGEST_SLOW_QUEUE) == 1
    assert broker.llen(app.conf.task_default_queue) == 2


def test_make_run_starts_a_worker_for_the_slow_queue_beside_the_default_one(settings):
    from desk.management.commands.serve import scheduler_commands

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    commands = [" ".join(command) for command in scheduler_commands()]
    assert any(f"--queues {settings.INGEST_SLOW_QUEUE}" in command for command in commands)
    assert any(
        f"--queues {settings.CELERY_TASK_DEFAULT_QUEUE}" in command and "--beat" in command for command in commands
    )
