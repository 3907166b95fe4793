"""Who wrote a history row when no person did: markers written as the row's change reason.

Extraction and seeding write facts with no signed-in user, so their history rows have no
`history_user`; the reason says which of them wrote it, and the desk's audit log and the
admin's history pages read it ("extractor", "seed editor") instead of "None".
"""

from __future__ import annotations

from typing import Any

from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

# Written by the extractor when it records a new fact from an article.
EXTRACTED = "extracted"
# Written by the extractor when another article's reading refines an untouched fact.
REREAD = "another reading of the same fact"
# Written by the seed registry's loader (`registry_load` without a user).
SEEDED = "seed registry"
# The account the seed decisions are credited to (curated.seeding.SEED_EDITOR).
SEED_EDITOR_USERNAME = "seed-editor"

EXTRACTOR_LABEL = "extractor"
SEED_EDITOR_LABEL = "seed editor"


def history_author(*, user: Any, reason: str | None) -> str:
    """The name a history row is shown with: a person, the extractor, the seed editor, or "system"."""
    if reason in (EXTRACTED, REREAD):
        return EXTRACTOR_LABEL
    if reason == SEEDED or (user is not None and user.get_username() == SEED_EDITOR_USERNAME):
        return SEED_EDITOR_LABEL
    if user is None:
        return "system"
    return str(user.get_full_name() or user.get_username())


class HistoryContextHelper(HistoricalRecordContextHelper):
    """The admin history's field changes: an empty reference reads "—", not "Deleted user (pk=None)"
    (simple_history takes any null foreign key for a deleted row)."""

    def prepare_delta_change_value(self, change: Any, value: Any) -> Any:
        if isinstance(value, DeletedObject) and value.pk is None:
            return "—"
        return super().prepare_delta_change_value(change, value)
