"""Who may do what with sources, decided once for the admin and any other surface."""

from __future__ import annotations


def can_manage_folder_sources(user) -> bool:
    """A folder source reads files on the server: creating or changing one is a superuser's
    decision, not an editor's (an editor's folder path once served /etc/passwd)."""
    return bool(user is not None and user.is_active and user.is_superuser)
