"""What every reader gives: the items a source holds, the entries it refused, an item's document."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from django.conf import settings

from articles.cleaning import CleanDocument, CleaningError, bytes_document, decode_bytes


class PayloadKind(StrEnum):
    """What an item is, kept in its payload's "kind": which reader reads it."""

    ENTRY = "entry"  # a feed entry: its inline text when the feed may give it, else its page
    PAGE = "page"  # a page fetched while reading the source, its bytes in the payload
    FILE = "file"  # a file in a folder source, or a path given to `manage.py ingest`
    UPLOAD = "upload"  # an uploaded file, by its storage name
    TEXT = "text"  # pasted text, in the payload
    NOT_MODIFIED = "not_modified"  # a web source answered 304: finished when created, never read


# Items with a web address: an article already stored under it may make fetching needless.
WEB_PAYLOAD_KINDS = frozenset({PayloadKind.ENTRY, PayloadKind.PAGE})

Specs = list[tuple[str, dict]]


Refusals = list[tuple[str, str]]


@dataclass(frozen=True)
class ItemDocument:
    doc: CleanDocument
    url: str
    canonical: str | None
    raw: str
    # The text was fetched from `canonical` itself (after redirects), not only claimed for it.
    verified: bool = False
    # A canonical link the page declared that is not where it was fetched from.
    hint: str = ""
    # The response's validators, kept on the article for a conditional refetch.
    etag: str = ""
    last_modified: str = ""


# The items a source holds now, the entries refused, the conditional-GET validators to keep
# (None: keep the old ones), and the feed entries left for the next run.
SourceRead = tuple[Specs, Refusals, tuple[str, str] | None, int]


def file_document(name: str, data: bytes) -> ItemDocument:
    """The document of a file's bytes (a folder's file, an upload, a path on the command line),
    read up to one byte beyond FETCH_MAX_BYTES so that a larger one is refused."""
    if len(data) > settings.FETCH_MAX_BYTES:
        raise CleaningError(f"file larger than {settings.FETCH_MAX_BYTES} bytes")
    content_type = "text/plain" if Path(name).suffix.lower() in {".txt", ".text"} else ""
    return ItemDocument(bytes_document(data, content_type=content_type), "", None, decode_bytes(data))
