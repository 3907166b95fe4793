"""Nothing dropped silently: the per-run cap is recorded and the rest taken next run; runs
that stopped are closed as interrupted; item failures and run-level errors are apart;
unresolvable hosts and malformed URLs are permanent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.fetching import FetchError, fetch
from articles.ingestion.dispatch import ingestion_sweep, source_fetch_now
from articles.ingestion.items import item_process
from articles.ingestion.runs import run_start
from articles.models import Article, IngestionFailure, IngestionItem, IngestionRun, Source
from tests.factories import SourceFactory

from .server import Response, article_text, rss

pytestmark = pytest.mark.django_db


def inline_feed(server, count: int) -> Source:
    entries = [
        {
            "title": f"Entry {i}",
            "link": server.url(f"/e/{i}"),
            "content": "".join(f"<p>{p}</p>" for p in article_text(2000 + i).split(". ")),
        }
        for i in range(count)
    ]
    server.routes["/feed.xml"] = Response(rss(entries), headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'})
    return SourceFactory(kind=Source.Kind.FEED, url=server.url("/feed.xml"), interval=timedelta(hours=1))


def test_a_feed_beyond_the_per_run_cap_records_the_cut_and_the_next_run_takes_the_rest(server, commits, settings):
    settings.INGEST_MAX_ITEMS_PER_RUN = 4
    source = inline_feed(server, 10)
    first = commits(source_fetch_now, source_id=source.pk)
    first.refresh_from_db()
    assert (first.status, first.new, first.deferred) == ("succeeded", 4, 6)
    assert "6 feed entries beyond the cap of 4" in first.message
    source.refresh_from_db()
    assert source.etag == ""  # so the next fetch is not a 304 hiding the rest
    second = commits(source_fetch_now, source_id=source.pk)
    second.refresh_from_db()
    assert (second.new, second.unchanged, second.deferred) == (4, 4, 2)
    third = commits(source_fetch_now, source_id=source.pk)
    third.refresh_from_db()
    assert (third.new, third.unchanged, third.deferred, third.message) == (2, 8, 0, "")
    assert Article.objects.count() == 10


def test_a_run_stuck_running_is_closed_as_interrupted_by_the_sources_next_run(server, commits, settings):
    source = inline_feed(server, 2)
    stuck = run_start(source=source)
    item = IngestionItem.objects.create(run=stuck, position=1, url=server.url("/e/0"), payload={"kind": "entry"})
    long_ago = timezone.now() - settings.INGEST_ITEM_STALE_AFTER - timedelta(minutes=1)
    IngestionRun.objects.filter(pk=stuck.pk).update(started_at=long_ago)
    run = commits(source_fetch_now, source_id=source.pk)
    stuck.refresh_from_db()
    item.refresh_from_db()
    assert (stuck.status, stuck.failed, stuck.errors, item.status) == ("interrupted", 1, 1, "failed")
    assert stuck.finished_at is not None and "no progress since" in stuck.message
    run.refresh_from_db()
    assert run.status == "succeeded" and run.new == 2
    source.refresh_from_db()
    assert source.consecutive_failures == 0


def test_a_command_run_killed_before_reading_its_inputs_is_closed_as_interrupted_by_the_sweep(settings):
    run = run_start()  # the command died before it listed anything
    IngestionRun.objects.filter(pk=run.pk).update(
        started_at=timezone.now() - settings.INGEST_ITEM_STALE_AFTER - timedelta(minutes=1)
    )
    ingestion_sweep()
    run.refresh_from_db()
    assert run.status == "interrupted" and run.fetched == 0 and run.errors == 1
    assert "stopped before it had read its inputs" in run.failures.get().reason


def test_item_failures_and_run_level_errors_are_counted_apart(server, commits):
    server.routes["/gone"] = Response(status=410)
    feed = [{"title": "Gone", "link": server.url("/gone")}, {"title": "Bad", "link": "javascript:alert(1)"}]
    server.routes["/feed.xml"] = Response(rss(feed), headers={"Content-Type": "application/rss+xml"})
    source = SourceFactory(kind=Source.Kind.FEED, url=server.url("/feed.xml"))
    run = commits(source_fetch_now, source_id=source.pk)
    run.refresh_from_db()
    assert (run.status, run.fetched, run.failed, run.errors) == ("failed", 1, 1, 1)
    assert IngestionFailure.objects.get(run=run, item__isnull=False).reason == "HTTP 410"
    assert "javascript" in IngestionFailure.objects.get(run=run, item__isnull=True).url


def test_unresolvable_hosts_and_malformed_urls_are_permanent(settings):
    for url in ("http://no-such-host.invalid/x", "http://exa\u00admple..com/", "http://[::1/"):
        with pytest.raises(FetchError) as error:
            fetch(url)
        assert not error.value.temporary, (url, error.value.reason)


def test_an_unresolvable_page_fails_its_item_on_the_first_delivery():
    run = run_start()
    item = IngestionItem.objects.create(
        run=run, position=1, url="http://no-such-host.invalid/a", payload={"kind": "entry"}
    )
    assert item_process(item_id=item.pk) == "failed"  # no RetryLater: not retried
    failure = IngestionFailure.objects.get(run=run)
    assert failure.kind == "permanent" and "cannot resolve" in failure.reason
