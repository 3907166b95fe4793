"""The admin's "Recent actions" box (LogEntry) for decisions made on the desk's own pages.

Django's admin writes a LogEntry for what its change forms save; the queue's one-click and
bulk decisions go through the review services instead, so the desk writes theirs here.
The audit log reads the history tables, not these entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.admin.models import CHANGE, LogEntry


def decisions_log(*, user: Any, facts: Sequence[Any], decision: str, reason: str = "") -> None:
    """One LogEntry per decided fact, credited to `user` ("Approved in the review queue.")."""
    if not facts:
        return
    verb = {"approve": "Approved", "reject": "Rejected", "reopen": "Reopened"}[decision]
    message = f"{verb} in the review queue" + (f": {reason.strip()}" if reason.strip() else ".")
    LogEntry.objects.log_actions(user.pk, list(facts), CHANGE, change_message=message)
