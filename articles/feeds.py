"""RSS and Atom feeds, parsed from bytes with entity expansion refused.

defusedxml reads the document first and refuses entity declarations (billion laughs,
external entities) and malformed XML; only then does feedparser, given the bytes as a
stream (never a URL or a path it might open), read the entries.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as defused_fromstring

from .canonical import canonical_url


class FeedError(ValueError):
    """The feed cannot be read; the message says why."""


@dataclass(frozen=True)
class FeedEntry:
    link: str
    title: str = ""
    published: str = ""  # ISO date, or empty
    content_html: str = ""  # the entry's full content when the feed carries it
    summary: str = ""
    # When the feed says the entry last changed (Atom <updated>, else its publication time),
    # as an ISO UTC timestamp: a later value for a stored article means "fetch it again".
    updated: str = ""


@dataclass
class Feed:
    title: str = ""
    entries: list[FeedEntry] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (link, reason)


def _date(entry) -> str:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
            except (ValueError, AttributeError):
                continue
    return ""


def _updated(entry) -> str:
    # dict.get: feedparser's own .get maps updated_parsed to published_parsed with a warning.
    value = dict.get(entry, "updated_parsed") or dict.get(entry, "published_parsed")
    try:
        return datetime.datetime(*value[:6]).isoformat() if value else ""
    except (TypeError, ValueError):
        return ""


def looks_like_feed(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def parse_feed(data: bytes, *, max_entries: int | None = None) -> Feed:
    """The entries of a feed (all of them by default: the body is already capped at
    FETCH_MAX_BYTES, and a run decides how many it takes). Entries whose link is not an
    http(s) URL are refused one by one (listed in `refused`) without costing the others."""
    if not data.strip():
        raise FeedError("empty feed")
    try:
        defused_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedError(f"refused: the feed declares entities ({exc.__class__.__name__})") from exc
    except (ParseError, ValueError, SyntaxError) as exc:
        raise FeedError(f"malformed XML: {exc}"[:500]) from exc
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        raise FeedError("not an RSS or Atom feed")
    feed = Feed(title=str(parsed.feed.get("title", ""))[:500])
    seen: set[str] = set()
    for entry in parsed.entries[:max_entries]:
        link = str(entry.get("link") or entry.get("id") or "").strip()
        canonical = canonical_url(link)
        if canonical is None:
            feed.refused.append((link[:2000] or "(no link)", "refused: the entry's link is not an http(s) URL"))
            continue
        if canonical in seen:
            continue
        seen.add(canonical)
        contents = entry.get("content") or []
        content_html = max((str(c.get("value", "")) for c in contents), key=len, default="")
        feed.entries.append(
            FeedEntry(
                link=link,
                title=str(entry.get("title", ""))[:1000],
                published=_date(entry),
                updated=_updated(entry),
                content_html=content_html,
                summary=str(entry.get("summary", "")),
            )
        )
    return feed
