"""An article is stored under a URL only when its text came from that URL (after redirects)
or from the feed of that URL's own site; a declared canonical link is a hint, not identity."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from articles.ingestion.dispatch import source_fetch_now
from articles.models import Article, IngestionItem, Source
from articles.services import article_store
from tests.factories import SourceFactory

from .server import LocalServer, Response, article_html, article_text, rss

pytestmark = pytest.mark.django_db

HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/rss+xml"}
SPOOF = article_text(999)  # words put in the victim's mouth
INLINE = "".join(f"<p>{sentence}</p>" for sentence in SPOOF.split(". "))


@pytest.fixture
def victim():
    """Another site (another origin): the one a hostile feed or page claims to speak for."""
    local = LocalServer().start()
    local.routes["/story"] = Response(article_html("Genuine story", article_text(900)).encode(), headers=HTML)
    yield local
    local.stop()


def fetch_source(commits, source):
    run = commits(source_fetch_now, source_id=source.pk)
    run.refresh_from_db()
    return run


def feed_source(server, entries, path="/feed.xml"):
    server.routes[path] = Response(rss(entries), headers=XML)
    return SourceFactory(kind=Source.Kind.FEED, url=server.url(path), interval=timedelta(hours=1))


def test_a_feeds_inline_content_for_another_sites_link_is_not_stored_under_that_link(server, victim, commits):
    source = feed_source(server, [{"title": "Spoof", "link": victim.url("/story"), "content": INLINE}])
    run = fetch_source(commits, source)
    assert (run.status, run.new) == ("succeeded", 1)
    article = Article.objects.get(canonical_url=victim.url("/story"))
    # The victim's page was fetched instead, and its own text stands under its URL.
    assert victim.hits["/story"] == 1 and article.title == "Genuine story" and article.url_verified
    assert not Article.objects.filter(text__contains="Report number 999").exists()


def test_a_feeds_inline_content_on_its_own_site_is_stored_as_claimed_then_replaced_by_a_real_fetch(server, commits):
    link = server.url("/own/1")
    source = feed_source(server, [{"title": "Own", "link": link, "content": INLINE}])
    fetch_source(commits, source)
    claimed = Article.objects.get(canonical_url=link)
    assert not claimed.url_verified and "Report number 999" in claimed.text

    fetch_source(commits, source)  # the same feed again: nothing fetched, nothing replaced
    assert "/own/1" not in server.hits and Article.objects.get(canonical_url=link).pk == claimed.pk

    server.routes["/own/1"] = Response(article_html("The real page", article_text(901)).encode(), headers=HTML)
    page = SourceFactory(kind=Source.Kind.URL, url=link)
    run = fetch_source(commits, page)
    genuine = Article.objects.get(canonical_url=link)
    assert genuine.pk != claimed.pk and genuine.title == "The real page" and genuine.url_verified
    claimed.refresh_from_db()
    # The claimed text keeps its own row (and the facts read from it), with the URL it claimed as a hint.
    assert (claimed.canonical_url, claimed.canonical_hint) == (None, link)
    assert f"Replaced article {claimed.pk}" in run.message and "not fetched from that URL" in run.message
    assert "Replaced article" in IngestionItem.objects.get(run=run).note
    assert (run.status, run.new) == ("succeeded", 1)


def test_a_page_declaring_another_hosts_canonical_keeps_it_as_a_hint_only(server, victim, commits):
    server.routes["/copy"] = Response(
        article_html("Copied", article_text(902), canonical=victim.url("/story")).encode(), headers=HTML
    )
    commits(call_command, "ingest", server.url("/copy"), "--no-progress")
    copy = Article.objects.get()
    assert (copy.canonical_url, copy.canonical_hint) == (server.url("/copy"), victim.url("/story"))
    # The victim's own page is then stored as new, not discarded as already known.
    commits(call_command, "ingest", victim.url("/story"), "--no-progress")
    assert Article.objects.get(canonical_url=victim.url("/story")).title == "Genuine story"


def test_a_same_site_canonical_is_a_hint_too_and_the_real_page_is_stored_later(server, commits):
    server.routes["/teaser"] = Response(
        article_html("Teaser page", article_text(903), canonical="/main").encode(), headers=HTML
    )
    server.routes["/main"] = Response(article_html("Main story", article_text(904)).encode(), headers=HTML)
    commits(call_command, "ingest", server.url("/teaser"), "--no-progress")
    assert Article.objects.get().canonical_url == server.url("/teaser")
    commits(call_command, "ingest", server.url("/main"), "--no-progress")
    assert Article.objects.get(canonical_url=server.url("/main")).title == "Main story"


def test_a_redirect_stores_the_text_under_the_url_it_came_from(server, commits):
    server.routes["/short"] = Response(status=301, headers={"Location": "/long"})
    server.routes["/long"] = Response(article_html("Long", article_text(905)).encode(), headers=HTML)
    commits(call_command, "ingest", server.url("/short"), "--no-progress")
    article = Article.objects.get()
    assert article.canonical_url == server.url("/long") and article.url_verified


def test_an_unverified_older_text_under_a_url_is_replaced_when_a_feed_teaser_fetches_it(server, victim, commits):
    spoofed = article_store(text=SPOOF, title="Old spoof", canonical_url=victim.url("/story")).article
    assert not spoofed.url_verified
    source = feed_source(server, [{"title": "Teaser", "link": victim.url("/story")}])
    run = fetch_source(commits, source)
    assert victim.hits["/story"] == 1 and run.new == 1
    assert Article.objects.get(canonical_url=victim.url("/story")).title == "Genuine story"
    assert f"Replaced article {spoofed.pk}" in run.message

    again = fetch_source(commits, source)  # now verified: not fetched again
    assert victim.hits["/story"] == 1 and again.unchanged == 1
