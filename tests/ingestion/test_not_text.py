"""Only text is an article: PDF, images, octet-stream, gzip bytes and binary files named
.html are refused with a recorded reason, and nothing is stored for them."""

import gzip
import random
from datetime import timedelta

import pytest
from django.core.management import call_command

from articles.cleaning import NotTextError, bytes_document, text_refusal
from articles.ingestion.dispatch import source_fetch_now
from articles.models import Article, IngestionFailure, Source
from tests.factories import SourceFactory

from .server import Response, article_html, article_text, rss

pytestmark = pytest.mark.django_db

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = article_html("A page", article_text(700)).encode()
BINARY = random.Random(7).randbytes(20_000)
HOSTILE = {
    "/pdf": (Response(b"%PDF-1.7\n" + PAGE, headers={"Content-Type": "application/pdf"}), "application/pdf"),
    "/pdf-as-html": (Response(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + BINARY, headers=HTML), "a PDF document"),
    "/png": (Response(b"\x89PNG\r\n\x1a\n" + BINARY, headers={"Content-Type": "image/png"}), "image/png"),
    "/octet": (Response(PAGE, headers={"Content-Type": "application/octet-stream"}), "application/octet-stream"),
    "/gzip-as-html": (Response(gzip.compress(PAGE), headers=HTML), "gzip-compressed bytes"),
    "/binary.html": (Response(BINARY, headers=HTML), "control characters"),
}


def test_binary_responses_behind_a_feed_are_refused_one_by_one_with_their_reason(server, commits):
    server.routes["/good"] = Response(PAGE, headers=HTML)
    for path, (response, _) in HOSTILE.items():
        server.routes[path] = response
    links = ["/good", *HOSTILE]
    server.routes["/feed.xml"] = Response(
        rss([{"title": f"Entry {path}", "link": server.url(path)} for path in links]),
        headers={"Content-Type": "application/rss+xml"},
    )
    source = SourceFactory(kind=Source.Kind.FEED, url=server.url("/feed.xml"), interval=timedelta(hours=1))
    run = commits(source_fetch_now, source_id=source.pk)
    run.refresh_from_db()
    assert (run.status, run.new, run.failed) == ("partial", 1, len(HOSTILE))
    for path, (_, reason) in HOSTILE.items():
        failure = IngestionFailure.objects.get(run=run, url=server.url(path))
        assert failure.kind == "permanent" and failure.reason.startswith("not text") and reason in failure.reason
    assert list(Article.objects.values_list("title", flat=True)) == ["A page"]


def test_a_binary_file_named_html_in_a_folder_is_refused(commits, tmp_path, settings):
    settings.INGEST_ROOT = [tmp_path]
    (tmp_path / "photo.html").write_bytes(b"\xff\xd8\xff\xe0" + BINARY)
    (tmp_path / "noise.html").write_bytes(BINARY)
    (tmp_path / "story.txt").write_text("A story\n" + article_text(701), encoding="utf-8")
    source = SourceFactory(kind=Source.Kind.FOLDER, url="", path=str(tmp_path))
    run = commits(source_fetch_now, source_id=source.pk)
    run.refresh_from_db()
    assert (run.new, run.failed) == (1, 2)
    reasons = dict(IngestionFailure.objects.filter(run=run).values_list("url", "reason"))
    assert "a JPEG image" in reasons[str(tmp_path / "photo.html")]
    assert "control characters" in reasons[str(tmp_path / "noise.html")]


def test_the_command_refuses_a_pdf_url_with_its_reason(server, commits):
    server.routes["/doc.pdf"] = HOSTILE["/pdf"][0]
    with pytest.raises(Exception, match="Nothing could be ingested"):
        commits(call_command, "ingest", server.url("/doc.pdf"), "--no-progress")
    assert "application/pdf" in IngestionFailure.objects.get().reason
    assert not Article.objects.exists()


def test_text_with_a_stray_nul_and_other_scripts_is_still_text():
    assert text_refusal(("Индия и Россия подписали соглашение. " * 20 + "\0").encode("cp1251"), "text/plain") is None
    assert text_refusal(PAGE, "text/html; charset=utf-8") is None
    assert text_refusal(PAGE, "") is None
    with pytest.raises(NotTextError):
        bytes_document(BINARY)
