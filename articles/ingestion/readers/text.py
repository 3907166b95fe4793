"""The pasted-text reader: the text an editor pasted in the admin, as one item."""

from __future__ import annotations

from articles.cleaning import text_document
from articles.fetching import Fetcher
from articles.models import IngestionItem, Source

from .base import ItemDocument, PayloadKind, SourceRead


def read_source(*, source: Source, fetcher: Fetcher | None) -> SourceRead:
    return [("", {"kind": PayloadKind.TEXT, "text": source.pasted_text})], [], None, 0


def read_item(item: IngestionItem, fetcher: Fetcher, *, etag: str = "", last_modified: str = "") -> ItemDocument:
    raw = (item.payload or {}).get("text", "")
    return ItemDocument(text_document(raw), "", None, raw)
