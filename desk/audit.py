"""The desk's audit log: who decided what, read from the history tables of every curated kind.

Each kind's history table is asked for its newest rows matching the filters, up to the end
of the page plus one; the asks are joined in one UNION ALL and ordered by date, so a page
costs one query whatever the tables' sizes (each part reads its table's history_date index
backwards and stops), then one for the people and one per kind on the page for the labels.

What a row means is derived from how the services write it (relations/services.py,
relations/merging.py, relations/history.py): the history type and the change reason.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from curated.registry import KINDS, CuratedKind
from relations.history import REREAD, history_author


@dataclass(frozen=True)
class AuditAction:
    key: str
    label: str
    # Which history rows are this action; the first action whose rule matches wins.
    rule: Q


# In the order they are tried; a change with no other meaning is an edit.
AUDIT_ACTIONS: tuple[AuditAction, ...] = (
    AuditAction("created", "created", Q(history_type="+")),
    AuditAction("deleted", "deleted", Q(history_type="-")),
    AuditAction("approved", "approved", Q(history_change_reason__startswith="approved")),
    AuditAction("rejected", "rejected", Q(history_change_reason__startswith="rejected")),
    # A decision undone: the fact back to pending (written as "pending: why" or "reopened...").
    AuditAction(
        "reopened",
        "reopened",
        Q(history_change_reason__startswith="pending") | Q(history_change_reason__startswith="reopen"),
    ),
    AuditAction(
        "merge_undone",
        "merge undone",
        # "merge undone: ..." first, so that a long name cut at 100 characters keeps the marker;
        # rows written before say "merge into ... undone".
        Q(history_change_reason__startswith="merge undone")
        | Q(history_change_reason__endswith=" undone")
        | Q(history_change_reason__startswith="gave back"),
    ),
    AuditAction(
        "merged",
        "merged",
        Q(history_change_reason__startswith="merged into") | Q(history_change_reason__startswith="absorbed"),
    ),
    AuditAction("reread", "re-read by the extractor", Q(history_change_reason=REREAD)),
)
EDITED = AuditAction("edited", "edited", Q())
ACTIONS_BY_KEY = {a.key: a for a in (*AUDIT_ACTIONS, EDITED)}
ACTION_CHOICES = [(a.key, a.label) for a in (*AUDIT_ACTIONS, EDITED)]

_ACTION = Case(
    *(When(action.rule, then=Value(action.key)) for action in AUDIT_ACTIONS),
    default=Value(EDITED.key),
    output_field=CharField(),
)
_COLUMNS = (
    "audit_kind",
    "id",
    "history_id",
    "history_date",
    "history_type",
    "history_change_reason",
    "history_user_id",
    "rejection_reason",
    "audit_action",
)


@dataclass
class AuditFilters:
    kinds: list[str] = field(default_factory=lambda: [k.key for k in KINDS])
    editor_id: int | None = None
    action: str | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass
class AuditRow:
    when: datetime.datetime
    who: str
    who_id: int | None
    action: str
    action_label: str
    kind: CuratedKind
    fact_id: int
    label: str
    url: str
    reason: str


@dataclass
class AuditPage:
    rows: list[AuditRow]
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _history(kind: CuratedKind, filters: AuditFilters) -> QuerySet[Any]:
    qs = kind.model.history.model.objects.annotate(  # type: ignore[attr-defined]  # simple_history's manager
        audit_kind=Value(kind.key, output_field=CharField()), audit_action=_ACTION
    )
    if filters.editor_id is not None:
        qs = qs.filter(history_user_id=filters.editor_id)
    if filters.action:
        qs = qs.filter(audit_action=filters.action)
    if filters.date_from:
        qs = qs.filter(history_date__gte=_start_of(filters.date_from))
    if filters.date_to:
        qs = qs.filter(history_date__lt=_start_of(filters.date_to + datetime.timedelta(days=1)))
    return qs.values(*_COLUMNS).order_by("-history_date", "-history_id")


def _reason(record: dict[str, Any]) -> str:
    if record["audit_action"] == "rejected":
        return str(record["rejection_reason"] or "")
    reason = record["history_change_reason"] or ""
    # "approved" or "extracted" says nothing the action and the author do not say already.
    return "" if reason in ("approved", "extracted", REREAD) or reason.startswith("pending") else str(reason)


def _change_url(kind: CuratedKind, pk: int) -> str:
    try:
        return reverse(f"admin:{kind.model._meta.app_label}_{kind.model._meta.model_name}_change", args=[pk])
    except NoReverseMatch:
        return ""


def audit_page(*, filters: AuditFilters, page: int = 1, per_page: int = 50) -> AuditPage:
    """One page of the audit log, newest first; no count of the whole log, only whether there is more."""
    kinds = [k for k in KINDS if k.key in filters.kinds]
    if not kinds:
        return AuditPage(rows=[], page=page, has_next=False)
    offset = (page - 1) * per_page
    end = offset + per_page + 1
    parts = [_history(kind, filters) for kind in kinds]
    if len(parts) > 1:
        # Each part stops at the page's end: the newest rows of the page are among each table's first `end`.
        parts = [part[:end] for part in parts]
        parts = [parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")]
    records = list(parts[0][offset:end])
    has_next = len(records) > per_page
    records = records[:per_page]

    users = get_user_model().objects.in_bulk({r["history_user_id"] for r in records if r["history_user_id"]})
    by_key = {k.key: k for k in kinds}
    facts: dict[str, dict[int, Any]] = {}
    for key in sorted({r["audit_kind"] for r in records}):
        kind = by_key[key]
        ids = {r["id"] for r in records if r["audit_kind"] == key}
        facts[key] = kind.queryset().select_related(*kind.select_related).in_bulk(ids)

    rows = []
    for record in records:
        kind = by_key[record["audit_kind"]]
        fact = facts[kind.key].get(record["id"])
        user = users.get(record["history_user_id"])
        rows.append(
            AuditRow(
                when=record["history_date"],
                who=history_author(user=user, reason=record["history_change_reason"]),
                who_id=user.pk if user is not None else None,
                action=record["audit_action"],
                action_label=ACTIONS_BY_KEY[record["audit_action"]].label,
                kind=kind,
                fact_id=record["id"],
                label=str(fact) if fact is not None else f"{kind.label} {record['id']} (deleted)",
                url=_change_url(kind, record["id"]) if fact is not None else "",
                reason=_reason(record),
            )
        )
    return AuditPage(rows=rows, page=page, has_next=has_next)
