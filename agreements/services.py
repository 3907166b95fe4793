"""Writes on agreements and their status history."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Evidence
from relations.curation import ReviewStatus
from relations.models import Relationship
from relations.services import ReviewError, fact_approve, fact_save_new

from .models import Agreement, AgreementStatus, AgreementStatusChange, Sector


def agreement_status_refresh(*, agreement: Agreement) -> str:
    """Recompute the cached current status from the approved history, and return it."""
    return agreement.current_status_refresh()


def agreement_status_record(
    *,
    agreement: Agreement,
    status: str,
    evidence: Iterable[Evidence],
    effective_on: datetime.date | None = None,
    fingerprint: str = "",
    user: Any = None,
    approved: bool = False,
) -> AgreementStatusChange:
    """Record a reported status of an agreement as a pending fact (or approved, by an editor)."""
    if status not in AgreementStatus.values:
        raise ValueError(f"Unknown agreement status {status!r}; expected one of {', '.join(AgreementStatus.values)}.")
    evidence = list(evidence)
    if not evidence:
        raise ValueError("A status change needs at least one evidence sentence.")
    with transaction.atomic():
        change = AgreementStatusChange(
            agreement=agreement, status=status, effective_on=effective_on, fingerprint=fingerprint
        )
        if approved:
            change.review_status = ReviewStatus.APPROVED
            change.reviewed_by = user
            change.reviewed_at = timezone.now()
        change._history_user = user  # type: ignore[attr-defined]  # simple_history reads it off the instance
        change.save()
        change.evidence.add(*evidence)
        if approved:
            transaction.on_commit(change.on_reviewed)
    return change


def agreement_previous_status(*, change: AgreementStatusChange) -> str:
    """The approved status an agreement had before this change would take effect."""
    earlier = (
        AgreementStatusChange.objects.approved()
        .filter(agreement_id=change.agreement_id)
        .exclude(pk=change.pk)
        .latest_first()
    )
    if change.pk is not None:
        # In the order `latest_first` reads: an undated change where its article was published.
        own = AgreementStatusChange.objects.with_took_effect().filter(pk=change.pk).values("took_effect")[:1]
        earlier = earlier.filter(took_effect__lte=Subquery(own))
    elif change.effective_on is not None:
        earlier = earlier.filter(took_effect__lte=change.effective_on)
    return earlier.values_list("status", flat=True).first() or ""


def agreement_create(
    *,
    relationship: Relationship,
    title: str,
    evidence: Iterable[Evidence],
    sector: str = Sector.OTHER,
    description: str = "",
    keys: Iterable[str] = (),
    user: Any = None,
) -> Agreement:
    """A pending agreement an editor read in a sentence (extraction's own go through recording).
    Its key is the slug of its first distinctive name, as extraction finds it again."""
    keys = [k.strip() for k in keys if k.strip()]
    evidence = list(evidence)
    if not evidence:
        raise ValueError("An agreement needs at least one evidence sentence.")
    key = slugify(keys[0])[:200] if keys else ""
    if key:
        holder = Agreement.objects.filter(relationship=relationship, key=key, merged_into__isnull=True).first()
        if holder is not None:
            # Said in the editor's words, not as the unique constraint's name.
            raise ValidationError(
                {"keys": f"“{holder}” already goes by {keys[0]}: record a status change of it, or name this one apart."}
            )
    with transaction.atomic():
        return fact_save_new(
            Agreement(
                relationship=relationship,
                title=title,
                sector=sector,
                description=description,
                keys=keys,
                key=key,
            ),
            evidence=evidence,
            user=user,
        )


def status_change_approve_with_agreement(
    *,
    change: AgreementStatusChange,
    user: Any,
    expected_version: int | None = None,
    agreement_expected_version: int | None = None,
) -> AgreementStatusChange:
    """Approve a status change and its still-pending agreement in one transaction: both, or
    neither. A change's status shows only once its agreement is approved, so an editor sure of
    the change is usually sure of the agreement too. The caller checks the permission on both
    models; each approval is versioned and recorded as `fact_approve` records it."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=change.agreement_id)
        if agreement.merged_into_id is not None:
            raise ReviewError(f"The agreement “{agreement}” was merged into another; review the survivor instead.")
        if agreement.review_status == ReviewStatus.REJECTED:
            raise ReviewError(
                f"The agreement “{agreement}” was rejected; approving this change would not make it public."
            )
        fact_approve(fact=agreement, user=user, expected_version=agreement_expected_version)
        return fact_approve(fact=change, user=user, expected_version=expected_version)
