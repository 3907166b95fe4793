"""Reads of agreements and their status changes, with what the API nests in them.

Visibility is decided here, in the querysets: anonymous users and accounts without a role get
approved facts only, nested facts included (an agreement's status history, its parties).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from articles.models import Evidence
from relations.curation import ReviewStatus, sees_every_state
from relations.models import Actor
from relations.selectors import evidence_prefetch

from .models import Agreement, AgreementStatus, AgreementStatusChange
from .querysets import AgreementQuerySet, StatusChangeQuerySet

APPROVED = ReviewStatus.APPROVED


# --- agreements -----------------------------------------------------------------------------


def agreement_detail_queryset(*, user: Any, include_evidence: bool = False) -> AgreementQuerySet:
    """Merged agreements included, so that their old ids can redirect to the survivor."""
    parties = Actor.objects.visible_to(user).canonical().only("id", "name", "slug", "kind", "country").order_by("name")
    history = (
        AgreementStatusChange.objects.visible_to(user)
        .latest_first()
        .prefetch_related(evidence_prefetch(expanded=include_evidence))
    )
    return (
        Agreement.objects.visible_to(user)
        .select_related("relationship")
        # One call per kind of prefetch: the stubs type a call's lookups as one type.
        .prefetch_related(Prefetch("parties", queryset=parties))
        .prefetch_related(Prefetch("status_changes", queryset=history))
        .prefetch_related(evidence_prefetch(expanded=include_evidence))
    )


def agreement_list(*, user: Any, include_evidence: bool = False) -> AgreementQuerySet:
    """Surviving agreements with parties, status history and evidence, all visible to `user`."""
    return agreement_detail_queryset(user=user, include_evidence=include_evidence).canonical()


def status_change_list(*, user: Any, include_evidence: bool = False) -> StatusChangeQuerySet:
    """Status changes; for readers without a role only approved changes of approved agreements."""
    changes = AgreementStatusChange.objects.visible_to(user)
    if not sees_every_state(user, Agreement, AgreementStatusChange):
        changes = changes.filter(agreement__review_status=APPROVED)
    return changes.select_related("agreement").prefetch_related(evidence_prefetch(expanded=include_evidence))


# --- the story of one agreement -------------------------------------------------------------


def agreement_status_timeline(*, agreement_id: int) -> list[AgreementStatusChange]:
    """Every status change of an agreement, whatever its review state, in the order it took
    effect (`latest_first` read forwards: an undated one where its article was published), each
    with its evidence, article and source: two queries however many changes and sentences there are.

    Each change carries `previous_status`: the status of the latest approved change before
    it in this order (as `agreement_previous_status` reads it), "" when none.
    """
    evidence = Evidence.objects.select_related("article__source").defer("article__text", "article__raw_content")
    changes = list(
        AgreementStatusChange.objects.filter(agreement_id=agreement_id)
        .with_took_effect()
        .select_related("reviewed_by")
        .prefetch_related(Prefetch("evidence", queryset=evidence.order_by("article__published_on", "start", "id")))
        .order_by("took_effect", "id")
    )
    approved = ""
    for change in changes:
        change.previous_status = approved  # read by the timeline
        if change.review_status == APPROVED:
            approved = change.status
    return changes


def status_label(status: str) -> str:
    return dict(AgreementStatus.choices).get(status, "none") if status else "none"
