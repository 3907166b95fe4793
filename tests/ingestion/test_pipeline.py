"""The pipeline in-process (as `make run` and the command run it) against a local HTTP server."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles.fetching import BlockedAddressError, FetchError, fetch, is_public_address
from articles.ingestion import dispatch, extracting, runs
from articles.ingestion.dispatch import ingestion_sweep, source_fetch_now, source_on_saved, sources_dispatch
from articles.ingestion.readers import page
from articles.ingestion.runs import run_start
from articles.models import Article, IngestionFailure, IngestionItem, IngestionRun, Source
from articles.services import article_store
from tests.factories import SourceFactory

from .server import (
    BILLION_LAUGHS,
    MALFORMED,
    XXE,
    Response,
    article_html,
    article_text,
    endless,
    gzip_bomb,
    rss,
)

pytestmark = pytest.mark.django_db


HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/rss+xml"}


def serve_feed(server, *, items=20, pages=3, path="/feed.xml", headers=None, date=None):
    """A feed of `items` entries: the first `pages` link to pages, the rest carry their full text."""
    entries = []
    for i in range(items):
        link = server.url(f"/story/{i}?utm_source=rss")
        entry = {"title": f"Story {i}", "link": link, "date": date or f"Tue, {i % 28 + 1:02d} Dec 2025 10:00:00 GMT"}
        if i < pages:
            server.routes[f"/story/{i}"] = Response(article_html(f"Story {i}", article_text(i)).encode(), headers=HTML)
        else:
            entry["content"] = "".join(f"<p>{p}</p>" for p in article_text(i).split(". "))
        entries.append(entry)
    server.routes[path] = Response(rss(entries), headers={**XML, **(headers or {})})
    return SourceFactory(kind=Source.Kind.FEED, url=server.url(path), interval=timedelta(hours=1))


def test_feed_of_20_items_and_3_pages_gives_20_articles_once(server, commits):
    source = serve_feed(server)
    run = commits(source_fetch_now, source_id=source.pk)
    run.refresh_from_db()
    assert (run.status, run.fetched, run.new, run.failed) == ("succeeded", 20, 20, 0)
    assert Article.objects.filter(source=source).count() == 20
    assert sorted(server.hits.get(f"/story/{i}", 0) for i in range(3)) == [1, 1, 1]  # teasers fetched once
    article = Article.objects.get(canonical_url=server.url("/story/0"))  # tracking parameter gone
    assert article.title == "Story 0" and article.extraction_status == "done"
    assert set(Article.objects.values_list("title", flat=True)) == {f"Story {i}" for i in range(20)}
    assert Article.objects.get(canonical_url=server.url("/story/5")).published_on.isoformat() == "2025-12-06"
    assert server.headers["/feed.xml"]["User-Agent"] == settings.FETCH_USER_AGENT
    assert "Read next" not in article.text and "unrelated story" not in article.text

    again = commits(source_fetch_now, source_id=source.pk)
    again.refresh_from_db()
    assert (again.new, again.unchanged, again.fetched) == (0, 20, 20)
    assert sorted(server.hits.get(f"/story/{i}", 0) for i in range(3)) == [1, 1, 1]  # nothing refetched
    assert Article.objects.count() == 20
    source.refresh_from_db()
    assert source.last_success_at and source.consecutive_failures == 0 and source.last_new_article_at


def test_an_unchanged_feed_costs_one_304(server, commits):
    def conditional(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(
            rss([{"title": "One", "link": server.url("/one"), "content": article_text(7)}]),
            headers={
                **XML,
                "ETag": '"v1"',
            },
        )

    server.routes["/etag.xml"] = conditional
    source = SourceFactory(kind=Source.Kind.FEED, url=server.url("/etag.xml"))
    first = commits(source_fetch_now, source_id=source.pk)
    second = commits(source_fetch_now, source_id=source.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.new == 1 and second.status == "succeeded"
    assert (second.fetched, second.new, second.unchanged, second.failed) == (1, 0, 1, 0)  # the 304, unchanged
    assert "304" in second.message
    assert server.hits["/etag.xml"] == 2 and server.hits.get("/one", 0) == 0


def test_last_modified_is_sent_back_and_its_304_counts_as_unchanged(server, commits):
    stamp = "Tue, 02 Dec 2025 10:00:00 GMT"

    def conditional(handler):
        if handler.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(
            rss([{"title": "Two", "link": server.url("/two"), "content": article_text(8)}]),
            headers={**XML, "Last-Modified": stamp},
        )

    server.routes["/lm.xml"] = conditional
    source = SourceFactory(kind=Source.Kind.FEED, url=server.url("/lm.xml"), interval=timedelta(hours=1))
    first = commits(source_fetch_now, source_id=source.pk)
    source.refresh_from_db()
    assert source.last_modified == stamp and source.etag == ""
    second = commits(source_fetch_now, source_id=source.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.new, second.new, second.unchanged, second.fetched) == (1, 0, 1, 1)
    assert server.headers["/lm.xml"].get("If-Modified-Since") == stamp
    source.refresh_from_db()
    assert source.consecutive_failures == 0 and source.last_success_at >= second.started_at


def test_every_bad_input_is_recorded_and_loses_nothing_else(server, commits):
    good = [server.url(f"/good/{i}") for i in range(2)]
    for i, url in enumerate(good):
        server.routes[f"/good/{i}"] = Response(article_html(f"Good {i}", article_text(100 + i)).encode(), headers=HTML)
    same = article_html("Same story", article_text(200)).encode()
    routes = {
        "/malformed.xml": Response(MALFORMED, headers=XML),
        "/laughs.xml": Response(BILLION_LAUGHS, headers=XML),
        "/xxe.xml": Response(XXE, headers=XML),
        "/huge": endless,
        "/bomb": Response(gzip_bomb(), headers={**HTML, "Content-Encoding": "gzip"}),
        "/hang": server.hang,
        "/to-loopback": Response(status=302, headers={"Location": f"http://127.0.0.1:{server.port}/good/0"}),
        "/to-metadata": Response(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}),
        "/to-file": Response(status=302, headers={"Location": "file:///etc/passwd"}),
        "/cp1251": Response(
            article_html("Индия и Россия", "Индия и Россия подписали соглашение о торговле. " * 20).encode("cp1251"),
            headers={"Content-Type": "text/html; charset=windows-1251"},
        ),
        "/nul": Response(
            article_html("With NULs", article_text(300)).replace("Report", "Re\0port").encode(), headers=HTML
        ),
        "/empty": Response(b"", headers=HTML),
        "/no-article": Response(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", headers=HTML),
        "/copy-a": Response(same, headers=HTML),
        "/copy-b": Response(same, headers=HTML),
        "/links.xml": Response(
            rss(
                [
                    {"link": "file:///etc/passwd"},
                    {"link": "javascript:alert(1)"},
                    {"link": server.url("/good/0"), "date": "Tue, 02 Dec 2025 10:00:00 GMT"},
                    {"link": server.url("/copy-a"), "date": "Tue, 02 Dec 2025 10:00:00 GMT"},
                ]
            ),
            headers=XML,
        ),
    }
    server.routes.update(routes)
    targets = [server.url(p) for p in routes if p != "/copy-b"] + [server.url("/copy-b"), good[1]]
    commits(call_command, "ingest", *targets, "--no-progress")
    run = IngestionRun.objects.get()
    reasons = {f.url.removeprefix(server.base): f.reason for f in run.failures.all()}
    assert "malformed XML" in reasons["/malformed.xml"]
    assert "entities" in reasons["/laughs.xml"] and "entities" in reasons["/xxe.xml"]
    assert "larger than" in reasons["/huge"] and "after decompression" in reasons["/bomb"]
    assert "timed out" in reasons["/hang"]
    assert "127.0.0.1" in reasons["/to-loopback"] and "169.254.169.254" in reasons["/to-metadata"]
    assert "only http and https" in reasons["/to-file"]
    assert reasons["/empty"] == "empty document" and "no article text" in reasons["/no-article"]
    refused = [reason for url, reason in reasons.items() if url.startswith(("file:", "javascript:"))]
    assert len(refused) == 2 and all("not an http(s) URL" in reason for reason in refused)
    assert run.failures.get(url=server.url("/hang")).kind == IngestionFailure.Kind.TEMPORARY
    assert run.failures.get(url=server.url("/to-metadata")).kind == IngestionFailure.Kind.PERMANENT
    # Everything else arrived: two good pages, the Cyrillic page, the page with NULs, one copy.
    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {"Good 0", "Good 1", "Индия и Россия", "With NULs", "Same story"}
    assert "Индия и Россия подписали" in Article.objects.get(title="Индия и Россия").text
    assert "\x00" not in Article.objects.get(title="With NULs").text
    # copy-b is copy-a's text under another URL; the feed's copy-a entry was already stored.
    assert (run.new, run.duplicate, run.unchanged, run.status) == (5, 1, 1, "partial")
    assert run.fetched == run.new + run.duplicate + run.unchanged + 2  # the two refused links are run failures


def test_the_same_article_under_two_urls_is_one_row(server, commits):
    body = article_html("Wire story", article_text(400), canonical="/wire").encode()
    server.routes["/a"] = server.routes["/b"] = Response(body, headers=HTML)
    commits(call_command, "ingest", server.url("/a"), server.url("/b"), "--no-progress")
    assert Article.objects.count() == 1
    article = Article.objects.get()
    # Stored under the URL it was fetched from; the page's own canonical link is only a hint.
    assert (article.canonical_url, article.canonical_hint) == (server.url("/a"), server.url("/wire"))


def test_a_near_duplicate_links_to_the_first_copy_and_corroborates_it():
    text = article_text(500, words=300)
    first = article_store(text=text, canonical_url="https://one.example/a").article
    copy = article_store(
        text=text.replace("Report number", "Wire report number") + " Agencies.", canonical_url="https://two.example/b"
    ).article
    assert copy.duplicate_of == first and copy.extraction_status == "skipped"
    other = article_store(text=article_text(501, words=300), canonical_url="https://three.example/c").article
    assert other.duplicate_of is None
    assert Article.objects.with_corroboration().get(pk=first.pk).corroboration_count == 1


def test_the_command_exits_nonzero_only_when_nothing_could_be_ingested(server, commits, tmp_path):
    with pytest.raises(CommandError, match="Nothing could be ingested"):
        commits(call_command, "ingest", str(tmp_path / "missing.txt"), "--no-progress")
    (tmp_path / "a.txt").write_text("A title\n" + article_text(1), encoding="utf-8")
    commits(call_command, "ingest", str(tmp_path), str(tmp_path / "missing.txt"), "--no-progress")
    assert Article.objects.get().title == "A title"


def test_seed_folder_ingests_five_articles_and_twice_adds_nothing(commits):
    commits(call_command, "ingest", str(settings.SEEDS_DIR / "articles"), "--no-progress")
    commits(call_command, "ingest", str(settings.SEEDS_DIR / "articles"), "--no-progress")
    first, second = IngestionRun.objects.order_by("id")
    assert (first.new, second.new, second.unchanged) == (5, 0, 5)
    assert Article.objects.filter(published_on="2025-12-03").exists()
    assert not Article.objects.filter(text__contains="Read next").exists()


def test_a_folder_registered_as_a_source_keeps_its_articles_attributed_and_registers_once(commits, tmp_path):
    seeds = str(settings.SEEDS_DIR / "articles")
    commits(call_command, "ingest", seeds, "--folder-source", "Seed articles", "--no-progress")
    commits(call_command, "ingest", seeds, "--folder-source", "Seed articles", "--no-progress")
    source = Source.objects.get()
    assert (source.kind, source.name, source.interval) == ("folder", "Seed articles", None)
    assert Article.objects.count() == 5
    assert set(Article.objects.values_list("source_id", flat=True)) == {source.pk}
    assert list(IngestionRun.objects.order_by("id").values_list("source_id", "new")) == [(source.pk, 5), (source.pk, 0)]
    with pytest.raises(CommandError, match="no such folder"):
        call_command("ingest", str(tmp_path / "missing"), "--folder-source", "Nowhere", "--no-progress")
    with pytest.raises(CommandError, match="exactly one folder"):
        call_command("ingest", seeds, seeds, "--folder-source", "Twice", "--no-progress")


def test_fetch_refuses_other_schemes_and_private_addresses(server):
    with pytest.raises(FetchError, match="only http and https"):
        fetch("file:///etc/passwd")
    with pytest.raises(BlockedAddressError):
        fetch(f"http://127.0.0.1:{server.port}/")
    for address in (
        "127.0.0.1",
        "10.0.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::",
        "fc00::1",
        "0.0.0.0",
    ):
        assert not is_public_address(address), address
    assert is_public_address("8.8.8.8") and is_public_address("2606:4700::1111")


@pytest.mark.slow
def test_the_production_profile_blocks_loopback(server):
    code = (
        "import django; django.setup()\n"
        "from articles.fetching import fetch, BlockedAddressError\n"
        f"try:\n    fetch('http://localhost:{server.port}/')\n"
        "except BlockedAddressError as e:\n    print('BLOCKED', e)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "p" * 20 + "production-like-key-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://relations@db.example.org:5432/relations",  # named, never connected to
        "FETCH_ALLOWED_HOSTS": "",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert "BLOCKED" in out.stdout and "non-public" in out.stdout, out.stderr[-2000:]


def test_a_failing_source_backs_off_then_is_disabled_with_its_reason(server, commits, settings):
    settings.INGEST_MAX_CONSECUTIVE_FAILURES = 3
    server.routes["/gone.xml"] = Response(status=410)
    hour = timedelta(hours=1)
    source = SourceFactory(kind=Source.Kind.FEED, url=server.url("/gone.xml"), interval=hour)
    waits = []
    for _ in range(2):
        run = commits(source_fetch_now, source_id=source.pk)
        run.refresh_from_db()
        source.refresh_from_db()
        assert source.is_active and run.status == "failed"
        waits.append(source.next_due_at - run.finished_at)
    # Backed off exponentially: the next fetch after one interval, then after two.
    assert [round(w / hour, 2) for w in waits] == [1.0, 2.0]
    assert source.consecutive_failures == 2 and source in Source.objects.failing()
    commits(source_fetch_now, source_id=source.pk)
    source.refresh_from_db()
    assert not source.is_active and "3 consecutive failures" in source.disabled_reason
    assert "HTTP 410" in source.disabled_reason
    assert source not in Source.objects.due(timezone.now() + timedelta(days=30))  # never fetched again


def test_temporary_errors_are_retried_then_recorded(server, commits):
    server.routes["/busy.xml"] = Response(status=503)
    source = SourceFactory(kind=Source.Kind.FEED, url=server.url("/busy.xml"))
    run = commits(source_fetch_now, source_id=source.pk)
    run.refresh_from_db()
    assert server.hits["/busy.xml"] == 3  # three deliveries, then the failure is recorded
    assert run.status == "failed" and run.failures.get().kind == "temporary"


def test_the_dispatcher_reads_each_sources_schedule_from_its_row(server, commits):
    source = serve_feed(server, items=4, pages=0)
    idle = SourceFactory(kind=Source.Kind.FEED, url=server.url("/feed.xml"), interval=None)
    source.next_due_at = timezone.now() + timedelta(hours=1)
    source.save()
    assert sources_dispatch() == []
    Source.objects.filter(pk=source.pk).update(interval=timedelta(minutes=5), next_due_at=timezone.now())
    started = commits(sources_dispatch)
    assert len(started) == 1 and IngestionRun.objects.get(pk=started[0]).source == source
    source.refresh_from_db()
    assert timedelta(minutes=4) < source.next_due_at - timezone.now() <= timedelta(minutes=5)
    assert not idle.runs.exists() and Article.objects.count() == 4


def test_a_quiet_feed_is_flagged(settings):
    settings.INGEST_QUIET_AFTER = timedelta(days=14)
    old = timezone.now() - timedelta(days=20)
    quiet = SourceFactory(kind=Source.Kind.FEED, interval=timedelta(hours=1), last_new_article_at=old)
    SourceFactory(kind=Source.Kind.FEED, interval=timedelta(hours=1), last_new_article_at=timezone.now())
    assert list(Source.objects.quiet()) == [quiet] and quiet.is_quiet


def test_extraction_that_keeps_failing_is_recorded_failed_after_three_deliveries(commits):
    source = SourceFactory(kind=Source.Kind.TEXT, pasted_text="Headline\nEXPLODE " + article_text(9))
    run = commits(source_fetch_now, source_id=source.pk)
    article = Article.objects.get()
    assert article.extraction_status == "failed" and article.extraction_attempts == 3
    assert "choked" in article.extraction_error
    run.refresh_from_db()
    assert run.new == 1  # the article itself was stored


def test_end_to_end_with_the_real_recorder(commits, settings, seed_registry):
    settings.EXTRACTION_RECORDER = "curated.recording.record_extraction"
    commits(call_command, "ingest", str(settings.SEEDS_DIR / "articles"), "--no-progress")
    assert Article.objects.filter(extraction_status="done").count() == 5
    assert Article.objects.filter(evidence__isnull=False).distinct().count() == 5


def test_an_uploaded_file_saved_in_the_admin_is_ingested_at_once(admin_client, commits, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("story.html", article_html("Uploaded story", article_text(42)).encode(), "text/html")
    response = commits(
        admin_client.post,
        "/admin/articles/source/add/",
        {"name": "An upload", "kind": "upload", "upload": upload, "is_active": "on", "consecutive_failures": "0"},
    )
    assert response.status_code == 302, response.content[:3000]
    article = Article.objects.get()
    assert article.title == "Uploaded story" and article.source.name == "An upload"
    assert IngestionRun.objects.get().trigger == "manual"


def test_pasted_text_is_ingested_and_a_source_without_its_input_is_refused(commits):
    source = SourceFactory(kind=Source.Kind.TEXT, url="", pasted_text="Pasted headline\n" + article_text(43))
    commits(source_on_saved, source=source, created=True)
    assert Article.objects.get().title == "Pasted headline"
    with pytest.raises(ValidationError, match="needs the pasted text"):
        Source(name="Empty", kind=Source.Kind.TEXT).full_clean()
    with pytest.raises(ValidationError, match="Only http and https"):
        Source(name="Local", kind=Source.Kind.FEED, url="file:///etc/passwd").clean()
    with pytest.raises(ValidationError, match="text"):
        bad = Source(name="Binary", kind=Source.Kind.UPLOAD)
        bad.upload.name = "photo.jpg"
        bad.full_clean()


def test_too_many_redirects_and_an_unexpected_error_are_recorded(server, commits, monkeypatch, settings):
    settings.FETCH_MAX_REDIRECTS = 2
    server.routes["/loop"] = Response(status=302, headers={"Location": "/loop"})
    server.routes["/boom"] = Response(article_html("Boom", article_text(51)).encode(), headers=HTML)
    server.routes["/fine"] = Response(article_html("Fine", article_text(52)).encode(), headers=HTML)
    real = page.bytes_document

    def explode_on_boom(data, **kwargs):
        if b"Boom" in data:
            raise RuntimeError("parser bug")
        return real(data, **kwargs)

    monkeypatch.setattr(page, "bytes_document", explode_on_boom)
    commits(call_command, "ingest", server.url("/loop"), server.url("/boom"), server.url("/fine"), "--no-progress")
    run = IngestionRun.objects.get()
    reasons = {f.url.removeprefix(server.base): f.reason for f in run.failures.all()}
    assert reasons["/loop"] == "more than 2 redirects"
    assert reasons["/boom"] == "unexpected error: RuntimeError: parser bug"
    assert list(Article.objects.values_list("title", flat=True)) == ["Fine"]
    assert IngestionItem.objects.get(url=server.url("/boom")).attempts == 3


def test_the_sweep_requeues_lost_items_and_finishes_their_run(server, commits):
    server.routes["/lost"] = Response(article_html("Lost", article_text(61)).encode(), headers=HTML)
    run = run_start(source=SourceFactory(kind=Source.Kind.URL, url=server.url("/lost")))
    IngestionItem.objects.create(
        run=run,
        position=1,
        url=server.url("/lost"),
        payload={"kind": "entry"},
        queued_at=timezone.now() - timedelta(hours=1),
    )
    swept = commits(ingestion_sweep)
    run.refresh_from_db()
    assert swept["items"] == 1 and run.status == "succeeded" and run.new == 1
    assert commits(ingestion_sweep)["items"] == 0  # nothing left to re-queue


def test_the_command_runs_a_configured_source(server, commits):
    source = serve_feed(server, items=5, pages=1)
    commits(call_command, "ingest", "--source", str(source.pk), "--no-progress")
    run = IngestionRun.objects.get()
    assert (run.source, run.trigger, run.new) == (source, "command", 5)
    with pytest.raises(CommandError, match="not both"):
        call_command("ingest", "x", "--source", str(source.pk))


def test_entries_sharing_one_date_are_all_kept(server, commits):
    source = serve_feed(server, items=6, pages=0, date="Tue, 02 Dec 2025 10:00:00 GMT")
    run = commits(source_fetch_now, source_id=source.pk)
    run.refresh_from_db()
    assert run.new == 6 and set(Article.objects.values_list("published_on", flat=True)).pop().day == 2
    assert Article.objects.values("published_on").distinct().count() == 1


def test_work_delivered_too_often_is_recorded_failed_without_trying_again(server):
    source = SourceFactory(kind=Source.Kind.FEED, url=server.url("/never.xml"))
    run = run_start(source=source)
    IngestionRun.objects.filter(pk=run.pk).update(attempts=3)  # three deliveries died mid-way
    assert runs.run_enumerate(run_id=run.pk) == []
    run.refresh_from_db()
    # The worker died each time: that is an interruption, not the source's failure.
    assert run.status == "interrupted" and run.failures.get().reason == "interrupted: gave up after 3 deliveries"
    assert run.errors == 1 and source.consecutive_failures == 0
    assert "/never.xml" not in server.hits
    article = article_store(text=article_text(77)).article
    Article.objects.filter(pk=article.pk).update(extraction_attempts=3)
    assert extracting.article_extract(article_id=article.pk) is None
    article.refresh_from_db()
    assert (article.extraction_status, article.extraction_error) == ("failed", "gave up after 3 deliveries")


def test_hostile_pages_behind_a_feed_fail_one_by_one_through_the_tasks(server, commits):
    """The same hostile inputs as teaser pages of one feed, so that each fails in its own item task."""
    russian = "Индия и Россия подписали соглашение о торговле и энергетике. " * 20
    # No charset anywhere (header or <meta>): the Cyrillic text is detected as windows-1251.
    undeclared = (
        f"<html><head><title>Без кодировки</title></head><body><article><p>{russian}</p></article></body></html>"
    )
    # UTF-8 with one stray byte in the middle of the text.
    page = article_html("Сломанный байт", russian).encode()
    middle = page.index("торговле".encode())
    broken_utf8 = page[:middle] + b"\xff" + page[middle:]
    pages = {
        "/t/huge": endless,
        "/t/bomb": Response(gzip_bomb(), headers={**HTML, "Content-Encoding": "gzip"}),
        "/t/hang": server.hang,
        "/t/to-loopback": Response(status=302, headers={"Location": f"http://127.0.0.1:{server.port}/t/good"}),
        "/t/to-metadata": Response(status=301, headers={"Location": "http://169.254.169.254/latest/meta-data/"}),
        "/t/to-file": Response(status=302, headers={"Location": "file:///etc/passwd"}),
        "/t/to-js": Response(status=302, headers={"Location": "javascript:alert(1)"}),
        "/t/missing": Response(status=404),
        "/t/empty": Response(b"", headers=HTML),
        "/t/nav": Response(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", headers=HTML),
        "/t/cp1251": Response(undeclared.encode("cp1251"), headers={"Content-Type": "text/html"}),
        "/t/bad-utf8": Response(broken_utf8, headers=HTML),
        "/t/nul": Response(
            article_html("NUL page", article_text(310)).replace("number", "num\0ber").encode(), headers=HTML
        ),
        "/t/good": Response(article_html("Good page", article_text(311)).encode(), headers=HTML),
    }
    server.routes.update(pages)
    server.routes["/hostile.xml"] = Response(
        rss([{"title": path, "link": server.url(path)} for path in pages]), headers=XML
    )
    source = SourceFactory(kind=Source.Kind.FEED, url=server.url("/hostile.xml"))
    run = commits(source_fetch_now, source_id=source.pk)
    run.refresh_from_db()
    failures = {f.url.removeprefix(server.base): f for f in run.failures.all()}
    expected = {
        "/t/huge": "larger than",
        "/t/bomb": "after decompression",
        "/t/hang": "timed out",
        "/t/to-loopback": "127.0.0.1",
        "/t/to-metadata": "169.254.169.254",
        "/t/to-file": "only http and https",
        "/t/to-js": "only http and https",
        "/t/missing": "HTTP 404",
        "/t/empty": "empty document",
        "/t/nav": "no article text",
    }
    assert set(failures) == set(expected)
    for path, reason in expected.items():
        assert reason in failures[path].reason, (path, failures[path].reason)
    assert failures["/t/hang"].kind == "temporary" and server.hits["/t/hang"] == 3  # retried, then recorded
    assert failures["/t/missing"].kind == "permanent" and server.hits["/t/missing"] == 1  # not retried
    assert server.hits.get("/t/good", 0) == 1  # the redirect to 127.0.0.1 was refused before connecting
    stored = {a.title: a for a in Article.objects.all()}
    assert set(stored) == {"Без кодировки", "Сломанный байт", "NUL page", "Good page"}
    assert "Индия и Россия подписали соглашение" in stored["Без кодировки"].text
    assert "Индия и Россия подписали соглашение" in stored["Сломанный байт"].text  # one bad byte, repaired
    assert "\x00" not in stored["NUL page"].text and "number" in stored["NUL page"].text
    assert (run.fetched, run.new, run.failed, run.status) == (len(pages), 4, len(expected), "partial")
    assert set(run.items.values_list("status", flat=True)) == {"new", "failed"}


def test_the_sweep_requeues_a_waiting_extraction_once_per_staleness_period(monkeypatch, settings):
    """A long queue must not be flooded: an article waiting for extraction is queued again
    when its last queueing is stale, not at every tick."""
    published = []
    monkeypatch.setattr(dispatch, "publish", lambda name, *args, **options: published.append((name, args)))
    article = article_store(text=article_text(90)).article  # pending, its message lost
    Article.objects.filter(pk=article.pk).update(ingested_at=timezone.now() - timedelta(hours=1))
    now = timezone.now()
    assert ingestion_sweep(now=now)["articles"] == 1
    assert ingestion_sweep(now=now + timedelta(seconds=60))["articles"] == 0  # queued a minute ago: wait
    later = now + settings.INGEST_ITEM_STALE_AFTER + timedelta(seconds=1)
    assert ingestion_sweep(now=later)["articles"] == 1
    assert published.count(("articles.tasks.extract_article", (article.pk,))) == 2


def test_a_folder_whose_articles_sit_in_a_subfolder_says_so(commits, tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("A title\n" + article_text(3), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing could be ingested"):
        commits(call_command, "ingest", str(tmp_path), "--no-progress")
    reason = IngestionFailure.objects.get().reason
    assert "no article files" in reason and "subfolders are not read" in reason and "articles/" in reason
    run = IngestionRun.objects.get()
    assert (run.fetched, run.failed, run.errors) == (0, 0, 1)  # a run-level error: no item was read
