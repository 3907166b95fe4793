"""One reader per source kind, each in its own module: `read_source` turns a source into the
items it holds now, `read_item` turns one item into its document. A new source kind is a
module here and its entries in the two tables below."""

from __future__ import annotations

from collections.abc import Callable

from articles.cleaning import CleaningError
from articles.fetching import Fetcher
from articles.models import IngestionItem, Source, SourceKind

from . import feed, folder, page, text, upload
from .base import ItemDocument, PayloadKind, SourceRead

SOURCE_READERS: dict[str, Callable[..., SourceRead]] = {
    SourceKind.FEED: feed.read_source,
    SourceKind.URL: page.read_source,
    SourceKind.FOLDER: folder.read_source,
    SourceKind.UPLOAD: upload.read_source,
    SourceKind.TEXT: text.read_source,
}

# By the item's payload kind. The web kinds are not here: a feed entry is its own inline text
# when the feed may give it, else its page, read like a page item (`page.read_item`).
ITEM_READERS: dict[str, Callable[..., ItemDocument]] = {
    PayloadKind.TEXT: text.read_item,
    PayloadKind.FILE: folder.read_item,
    PayloadKind.UPLOAD: upload.read_item,
}


def source_specs(*, source: Source, fetcher: Fetcher | None) -> SourceRead:
    """The items a source holds now, the entries refused, the conditional-GET validators
    to keep (None: keep the old ones), and the feed entries left for the next run."""
    reader = SOURCE_READERS.get(source.kind)
    if reader is None:
        raise CleaningError(f"unknown source kind {source.kind!r}")
    return reader(source=source, fetcher=fetcher)


def item_document(
    item: IngestionItem, fetcher: Fetcher, *, etag: str = "", last_modified: str = ""
) -> ItemDocument | None:
    """The item's document; None when a conditional refetch (`etag`, `last_modified`) was
    answered 304 "not modified"."""
    kind = (item.payload or {}).get("kind", PayloadKind.PAGE)
    if (reader := ITEM_READERS.get(kind)) is not None:
        return reader(item, fetcher)
    if (inline := feed.inline_document(item)) is not None:
        return inline
    return page.read_item(item, fetcher, etag=etag, last_modified=last_modified)
