"""The feed reader (RSS/Atom): a feed's entries as items, at most a run's cap of new ones, and
an entry's own full text when the feed may speak for its link."""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

from django.conf import settings

from articles.canonical import canonical_url as make_canonical_url
from articles.cleaning import CleaningError, html_document, looks_like_html, repair_text, text_document
from articles.feeds import Feed, FeedError, looks_like_feed, parse_feed
from articles.fetching import Fetcher, FetchResult
from articles.models import Article, IngestionItem, Source

from .base import ItemDocument, PayloadKind, Refusals, SourceRead, Specs
from .web import fetch_source

# A feed entry whose own content has this many words is the article; a shorter one is a
# teaser, and the page it links to is fetched.
INLINE_CONTENT_MIN_WORDS = 80


def read_source(*, source: Source, fetcher: Fetcher | None) -> SourceRead:
    fetched = fetch_source(source=source, fetcher=fetcher)
    if fetched.not_modified:
        return [], [], None, 0
    if not looks_like_feed(fetched.content):
        raise FeedError("not an RSS or Atom feed")
    specs, refused, deferred = entry_specs(feed=parse_feed(fetched.content), fetched=fetched)
    return specs, refused, (fetched.etag, fetched.last_modified), deferred


def entry_specs(*, feed: Feed, fetched: FetchResult) -> tuple[Specs, Refusals, int]:
    """A parsed feed's entries as items (within the per-run cap), the entries refused, and how
    many were left for the next run."""
    feed.entries = _entries_within_cap(feed.entries)
    specs = [
        (
            entry.link,
            {
                "kind": PayloadKind.ENTRY,
                "title": entry.title,
                "published": entry.published,
                "html": entry.content_html,
                # Where the feed itself came from (after redirects): its inline content
                # may speak for entries on this site only.
                "feed_url": fetched.url,
                "updated": entry.updated,
            },
        )
        for entry in feed.entries
    ]
    return specs, feed.refused, feed.entries.deferred


class CappedEntries(list):
    """A feed's entries as a run takes them, with how many were left for the next run."""

    deferred = 0


def _entries_within_cap(entries: list) -> CappedEntries:
    """Every entry already stored (cheap: not fetched again) and at most
    INGEST_MAX_ITEMS_PER_RUN of the others, in feed order; the rest are counted, and the next
    run, finding the first ones stored, takes them."""
    cap = settings.INGEST_MAX_ITEMS_PER_RUN
    links = {entry.link: make_canonical_url(entry.link) for entry in entries}
    known = set(
        Article.objects.filter(canonical_url__in=[c for c in links.values() if c]).values_list(
            "canonical_url", flat=True
        )
    )
    taken = CappedEntries()
    fresh = 0
    for entry in entries:
        if links[entry.link] in known:
            taken.append(entry)
        elif fresh < cap:
            taken.append(entry)
            fresh += 1
        else:
            taken.deferred += 1
    return taken


def deferred_note(deferred: int) -> str:
    return (
        f"{deferred} feed entries beyond the cap of {settings.INGEST_MAX_ITEMS_PER_RUN} new entries per run "
        "(INGEST_MAX_ITEMS_PER_RUN) were left for the next run."
    )


def inline_document(item: IngestionItem) -> ItemDocument | None:
    """A feed entry's own full text, when the entry's link is on the feed's own site; None
    for a teaser, or for content claiming another site's URL (that page is fetched instead:
    a feed may not put words under someone else's address)."""
    payload = item.payload or {}
    link = item.url
    if payload.get("kind") != PayloadKind.ENTRY or not payload.get("html") or not link:
        return None
    feed_url = payload.get("feed_url") or (item.run.source.url if item.run.source else "")
    if not feed_url or _site(link) != _site(feed_url):
        return None
    content = payload["html"]
    try:
        inline = html_document(content, url=link) if looks_like_html(content) else text_document(content)
    except CleaningError:
        return None
    if len(inline.text.split()) < INLINE_CONTENT_MIN_WORDS:
        return None
    # A fragment has no <title>: the feed's title for the entry is the better one.
    feed_title = repair_text(payload.get("title", ""))[:1000]
    if feed_title:
        inline = dataclasses.replace(inline, title=feed_title)
    return ItemDocument(inline, link, make_canonical_url(link), content)


def _site(url: str) -> str:
    """Host (without www.) and any non-default port: what a feed may speak for."""
    try:
        parts = urlsplit(make_canonical_url(url) or url)
        host = (parts.hostname or "").removeprefix("www.")
        return f"{host}:{parts.port}" if parts.port else host
    except ValueError:
        return ""
