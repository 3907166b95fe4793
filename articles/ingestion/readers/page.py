"""The URL reader: a page (or, when the address serves a feed, that feed's entries), and the
document of a page item, from the bytes fetched with it or fetched now."""

from __future__ import annotations

import base64
import re
from urllib.parse import urljoin

from articles.canonical import canonical_url as make_canonical_url
from articles.cleaning import CleanDocument, bytes_document, decode_bytes
from articles.feeds import looks_like_feed, parse_feed
from articles.fetching import Fetcher, FetchResult
from articles.models import IngestionItem, Source

from .base import ItemDocument, PayloadKind, Refusals, SourceRead, Specs
from .feed import entry_specs
from .web import fetch_source


def read_source(*, source: Source, fetcher: Fetcher | None) -> SourceRead:
    fetched = fetch_source(source=source, fetcher=fetcher)
    if fetched.not_modified:
        return [], [], None, 0
    specs, refused, deferred = page_or_feed_specs(url=source.url, fetched=fetched)
    return specs, refused, (fetched.etag, fetched.last_modified), deferred


def page_or_feed_specs(*, url: str, fetched: FetchResult) -> tuple[Specs, Refusals, int]:
    """A fetched URL becomes its feed's entries, or itself as one page with its content;
    plus the entries refused (link, reason), recorded with the items in one transaction, and
    how many entries were left for the next run (beyond the per-run cap)."""
    if looks_like_feed(fetched.content):
        return entry_specs(feed=parse_feed(fetched.content), fetched=fetched)
    page = {
        "kind": PayloadKind.PAGE,
        "final_url": fetched.url,
        "content_type": fetched.content_type,
        # Bytes kept as they came (base64: JSON cannot hold every byte); decoded when read.
        "body_b64": base64.b64encode(fetched.content).decode("ascii"),
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
    }
    return [(url, page)], [], 0


def read_item(item: IngestionItem, fetcher: Fetcher, *, etag: str = "", last_modified: str = "") -> ItemDocument | None:
    """A page item's document from the bytes fetched with it, or an entry's page fetched now;
    None when a conditional refetch (`etag`, `last_modified`) was answered 304 "not modified"."""
    payload = item.payload or {}
    link = item.url
    if payload.get("kind", PayloadKind.PAGE) == PayloadKind.PAGE:
        body = base64.b64decode(payload.get("body_b64", ""))
        final_url = payload.get("final_url") or link
        content_type = payload.get("content_type", "")
        validators = (payload.get("etag", ""), payload.get("last_modified", ""))
    else:
        fetched = fetcher.get(
            link,
            etag=etag,
            last_modified=last_modified,
            accept="text/html, application/xhtml+xml, text/plain;q=0.8, */*;q=0.5",
        )
        if fetched.not_modified:
            return None
        body, final_url, content_type = fetched.content, fetched.url, fetched.content_type
        validators = (fetched.etag, fetched.last_modified)
    doc = bytes_document(body, content_type=content_type, url=final_url)
    raw = decode_bytes(body, _charset(content_type))
    fetched_from = make_canonical_url(final_url)
    return ItemDocument(
        doc,
        final_url,
        fetched_from,
        raw,
        verified=fetched_from is not None,
        hint=_canonical_hint(doc, final_url),
        etag=validators[0],
        last_modified=validators[1],
    )


def _charset(content_type: str) -> str | None:
    found = re.search(r"charset=([\w.:-]+)", content_type or "", re.IGNORECASE)
    return found.group(1) if found else None


def _canonical_hint(doc: CleanDocument, final_url: str) -> str:
    """The page's declared canonical link when it differs from where it was fetched. Kept as a
    hint only: a page that could name its own identity could shadow an article it does not own."""
    if not doc.canonical_link:
        return ""
    claimed = make_canonical_url(urljoin(final_url, doc.canonical_link))
    return claimed if claimed and claimed != make_canonical_url(final_url) else ""
