"""The upload reader: the file an editor uploaded in the admin, as one item."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage

from articles.cleaning import CleaningError
from articles.fetching import Fetcher
from articles.models import IngestionItem, Source

from .base import ItemDocument, PayloadKind, SourceRead, file_document


def read_source(*, source: Source, fetcher: Fetcher | None) -> SourceRead:
    if not source.upload:
        raise CleaningError("the source has no uploaded file")
    return [(str(source.upload.name), {"kind": PayloadKind.UPLOAD})], [], None, 0


def read_item(item: IngestionItem, fetcher: Fetcher, *, etag: str = "", last_modified: str = "") -> ItemDocument:
    with default_storage.open(item.url, "rb") as handle:
        data = handle.read(settings.FETCH_MAX_BYTES + 1)
    return file_document(item.url, data)
