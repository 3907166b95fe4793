"""Which server paths ingestion may read: only below the configured ingest root.

A folder source's path is typed in the admin, and whatever is read from it is stored and
served as an article, so a path (or a symlink inside an allowed folder) that leads
elsewhere on the server must be refused, after resolving symlinks, not before.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings


class OutsideIngestRootError(PermissionError):
    """A path that resolves outside every INGEST_ROOT folder (a permanent refusal)."""


def ingest_roots() -> list[Path]:
    return [Path(root).resolve() for root in settings.INGEST_ROOT]


def is_within_ingest_root(path: str | Path) -> bool:
    try:
        path_within_ingest_root(path)
    except OutsideIngestRootError:
        return False
    return True


def path_within_ingest_root(path: str | Path) -> Path:
    """The path with every symlink resolved; raises OutsideIngestRootError when that lies
    outside the ingest root."""
    resolved = Path(path).resolve()
    if not any(resolved.is_relative_to(root) for root in ingest_roots()):
        roots = ", ".join(str(root) for root in ingest_roots()) or "none configured"
        shown = f"{path} (resolves to {resolved})" if str(resolved) != str(path) else str(path)
        raise OutsideIngestRootError(f"refused: {shown} is outside the ingest root ({roots}; setting INGEST_ROOT)")
    return resolved


def read_within_ingest_root(path: str | Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a file below the ingest root. Checked again at read time,
    and opened without following a final symlink, so a file swapped for a link after the
    folder was listed is still refused."""
    resolved = path_within_ingest_root(path)
    descriptor = os.open(resolved, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read(limit + 1)
