"""The folder reader: the article files directly in a folder below the ingest root (and the
files and folders given to `manage.py ingest`), one item per file."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from articles.cleaning import CleaningError
from articles.fetching import Fetcher
from articles.models import IngestionItem, Source, SourceKind
from articles.paths import OutsideIngestRootError, path_within_ingest_root, read_within_ingest_root

from .base import ItemDocument, PayloadKind, Refusals, SourceRead, Specs, file_document

LOCAL_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm"})


def read_source(*, source: Source, fetcher: Fetcher | None) -> SourceRead:
    folder = path_within_ingest_root(source.path)
    if not folder.is_dir():
        raise CleaningError(f"no such folder: {source.path}")
    files = local_files(folder)
    if not files:
        raise CleaningError(empty_folder_reason(folder))
    specs: Specs = []
    refused: Refusals = []
    for file in files:
        # A symlink inside the folder may point anywhere on the server: each file is checked resolved.
        try:
            specs.append((str(path_within_ingest_root(file)), {"kind": PayloadKind.FILE}))
        except OutsideIngestRootError as exc:
            refused.append((str(file), str(exc)))
    return specs, refused, None, 0


def read_item(item: IngestionItem, fetcher: Fetcher, *, etag: str = "", last_modified: str = "") -> ItemDocument:
    if item.run.source is not None and item.run.source.kind == SourceKind.FOLDER:
        data = read_within_ingest_root(item.url, settings.FETCH_MAX_BYTES)
    else:
        # A path given on the command line: the operator at the shell may read what they can.
        with open(item.url, "rb") as handle:
            data = handle.read(settings.FETCH_MAX_BYTES + 1)
    return file_document(item.url, data)


def local_files(path: Path) -> list[Path]:
    """The article files directly in a folder. A symlink is listed whatever it points to (a
    device, a folder, nothing), so that it is refused or fails with its reason on the run
    rather than being skipped without a word."""
    if path.is_dir():
        return sorted(
            p for p in path.iterdir() if (p.is_file() or p.is_symlink()) and p.suffix.lower() in LOCAL_SUFFIXES
        )
    return [path]


def empty_folder_reason(folder: Path) -> str:
    """Why a folder gave no files, in words a person can act on."""
    kinds = ", ".join(sorted(LOCAL_SUFFIXES))
    subfolders = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    reason = f"no article files ({kinds}) directly in {folder}"
    if subfolders:
        shown = ", ".join(f"{name}/" for name in subfolders[:3])
        reason += f"; subfolders are not read: give the one that holds the articles ({shown})"
    return reason
