"""The pasted-text reader: the text an editor pasted (a text source in the admin, or the desk's
"New article", whose payload may also carry a title and a date), as one item."""

from __future__ import annotations

import dataclasses
import datetime

from articles.cleaning import MAX_TITLE, repair_text, text_document
from articles.fetching import Fetcher
from articles.models import IngestionItem, Source

from .base import ItemDocument, PayloadKind, SourceRead


def read_source(*, source: Source, fetcher: Fetcher | None) -> SourceRead:
    return [("", {"kind": PayloadKind.TEXT, "text": source.pasted_text})], [], None, 0


def read_item(item: IngestionItem, fetcher: Fetcher, *, etag: str = "", last_modified: str = "") -> ItemDocument:
    payload = item.payload or {}
    raw = payload.get("text", "")
    doc = text_document(raw)
    # A title and a date the editor typed win over what the text's first lines say.
    if title := repair_text(payload.get("title") or ""):
        doc = dataclasses.replace(doc, title=title[:MAX_TITLE])
    if published := payload.get("published"):
        doc = dataclasses.replace(doc, published_on=datetime.date.fromisoformat(published))
    # The item's URL is the original's address as the editor gave it (empty for a text source).
    return ItemDocument(doc, item.url, None, raw)
