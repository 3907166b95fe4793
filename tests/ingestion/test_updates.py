"""Updated articles at a known URL: fetched again only when the source says they changed (a
feed's <updated>, a page not answered 304), stored as a new text of the URL and extracted,
while the earlier text keeps its facts and the editors' decisions on them."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings

from agreements.models import Agreement
from articles.ingestion.dispatch import source_fetch_now
from articles.models import Article, IngestionItem, Source
from relations.curation import ReviewStatus
from relations.models import Event
from relations.services import fact_approve
from tests.factories import SourceFactory, editor

from .server import Response, article_html, article_text

pytestmark = pytest.mark.django_db

HTML = {"Content-Type": "text/html; charset=utf-8"}


def atom(server, updated: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Site</title>'
        f'<entry><title>Story</title><link href="{server.url("/story")}"/><id>urn:story</id>'
        f"<updated>{updated}</updated><summary>A teaser.</summary></entry></feed>"
    ).encode()


def run(commits, source):
    result = commits(source_fetch_now, source_id=source.pk)
    result.refresh_from_db()
    return result


def test_a_feed_entry_updated_later_is_refetched_and_stored_as_the_urls_new_text(server, commits):
    first, second = article_text(2101), article_text(2102)

    def page(handler):
        if handler.headers.get("If-None-Match") == server.etag:
            return Response(status=304, headers={"ETag": server.etag})
        return Response(article_html("Story", server.text).encode(), headers={**HTML, "ETag": server.etag})

    server.text, server.etag = first, '"one"'
    server.routes["/story"] = page
    server.routes["/feed.xml"] = Response(atom(server, "2025-12-01T10:00:00Z"), headers={"Content-Type": "text/xml"})
    source = SourceFactory(kind=Source.Kind.FEED, url=server.url("/feed.xml"), interval=timedelta(hours=1))
    assert run(commits, source).new == 1
    original = Article.objects.get()
    assert (original.etag, original.source_updated) == ('"one"', "2025-12-01T10:00:00")

    assert run(commits, source).unchanged == 1  # the same <updated>: the page is not fetched
    assert server.hits["/story"] == 1

    # The feed says it changed, but the page answers 304 to its ETag: nothing new.
    server.routes["/feed.xml"] = Response(atom(server, "2025-12-02T10:00:00Z"), headers={"Content-Type": "text/xml"})
    assert run(commits, source).unchanged == 1
    assert server.headers["/story"]["If-None-Match"] == '"one"' and Article.objects.count() == 1
    original.refresh_from_db()
    assert original.source_updated == "2025-12-02T10:00:00"

    # Now the page has changed too.
    server.text, server.etag = second, '"two"'
    server.routes["/feed.xml"] = Response(atom(server, "2025-12-03T10:00:00Z"), headers={"Content-Type": "text/xml"})
    updated = run(commits, source)
    assert (updated.new, updated.failed) == (1, 0)
    original.refresh_from_db()
    newer = Article.objects.get(canonical_url=server.url("/story"))
    assert newer.pk != original.pk and "Report number 2102" in newer.text and newer.url_verified
    assert newer.duplicate_of is None and newer.extraction_status == "done"  # extracted in its own right
    assert newer.revision_of == original and original.canonical_url is None
    assert original.canonical_hint == server.url("/story") and "Report number 2101" in original.text
    note = IngestionItem.objects.get(run=updated).note
    assert f"Updated article {original.pk}" in note and "updated at 2025-12-03T10:00:00" in note


def test_a_page_source_that_changed_is_stored_again_and_an_unchanged_one_is_not(server, commits):
    server.routes["/page"] = Response(article_html("Page", article_text(2103)).encode(), headers=HTML)
    source = SourceFactory(kind=Source.Kind.URL, url=server.url("/page"), interval=timedelta(hours=1))
    assert run(commits, source).new == 1
    again = run(commits, source)
    assert (again.new, again.unchanged) == (0, 1) and Article.objects.count() == 1

    server.routes["/page"] = Response(article_html("Page", article_text(2104)).encode(), headers=HTML)
    changed = run(commits, source)
    assert changed.new == 1 and Article.objects.count() == 2
    current = Article.objects.get(canonical_url=server.url("/page"))
    assert "Report number 2104" in current.text
    assert current.revision_of.canonical_hint == server.url("/page")


def test_a_changed_text_is_extracted_again_and_the_editors_decisions_stand(server, commits, seed_registry, settings):
    settings.EXTRACTION_RECORDER = "curated.recording.record_extraction"
    seed = sorted((django_settings.SEEDS_DIR / "articles").glob("*.txt"))[0].read_text(encoding="utf-8")
    server.routes["/seed"] = Response(seed.encode(), headers={"Content-Type": "text/plain; charset=utf-8"})
    source = SourceFactory(kind=Source.Kind.URL, url=server.url("/seed"), interval=timedelta(hours=1))
    assert run(commits, source).new == 1
    original = Article.objects.get()
    assert original.extraction_status == "done"
    facts = [
        *Event.objects.filter(evidence__article=original).distinct(),
        *Agreement.objects.filter(evidence__article=original).distinct(),
    ]
    assert facts, "the seed article yields facts"
    approved = fact_approve(fact=facts[0], user=editor())
    evidence_before = set(approved.evidence.values_list("pk", flat=True))

    # The site adds a correction below the header: a changed text.
    lines = seed.split("\n")
    lines.insert(2, "Correction: an earlier version of this article misspelt a name.")
    changed = "\n".join(lines)
    server.routes["/seed"] = Response(changed.encode(), headers={"Content-Type": "text/plain; charset=utf-8"})
    second = run(commits, source)
    assert second.new == 1, list(second.items.values_list("status", "note"))
    newer = Article.objects.get(canonical_url=server.url("/seed"))
    assert newer.pk != original.pk and newer.extraction_status == "done" and "Correction:" in newer.text
    approved.refresh_from_db()
    assert approved.review_status == ReviewStatus.APPROVED  # the decision stands
    assert evidence_before <= set(approved.evidence.values_list("pk", flat=True))  # its evidence too
    assert approved.evidence.filter(article=newer).exists()  # and it is read again from the new text
    # The new text names the same facts: no second pending copy of an event or agreement.
    for model in (Event, Agreement):
        again = set(model.objects.filter(evidence__article=newer))
        assert again <= set(model.objects.filter(evidence__article=original)), model
    assert original.evidence.count() > 0  # the earlier text keeps what was read from it
