"""Conflicting observations: one group (`relations.observations`), values too far apart.

Two observations conflict when they differ by more than `OBSERVATION_CONFLICT_TOLERANCE`
of the larger value. A group stays flagged until an editor marks one observation in it as
preferred. Rejected observations never conflict, and undated ones are not compared
(without a period there is nothing to say they describe the same thing).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q

from .curation import ReviewStatus
from .models import MetricObservation
from .observations import GROUP_FIELDS, same_group
from .querysets import MetricObservationQuerySet
from .services import ReviewError, fact_update


def _same_group(observations: MetricObservationQuerySet) -> MetricObservationQuerySet:
    return observations.filter(same_group()).exclude(review_status=ReviewStatus.REJECTED)


def observation_conflicts(
    queryset: MetricObservationQuerySet | None = None,
    *,
    tolerance: float | None = None,
    among: MetricObservationQuerySet | None = None,
) -> MetricObservationQuerySet:
    """Observations in an unresolved conflict: another in their group is off by more than the tolerance.

    For values x (this one) and v (another): |x - v| > tolerance * max(x, v), which is
    v < x * (1 - tolerance) or v > x / (1 - tolerance).
    `among` narrows the observations compared and preferred (default: all of them), e.g. to
    the approved ones, or to those known on a date (`known_on`); `queryset` defaults to it.
    """
    tolerance = settings.OBSERVATION_CONFLICT_TOLERANCE if tolerance is None else tolerance
    if not 0 <= tolerance < 1:
        raise ValueError("The conflict tolerance is a share between 0 and 1.")
    keep = Decimal(1) - Decimal(str(tolerance))
    base = MetricObservation.objects.all() if among is None else among
    differing = (
        _same_group(base)
        .exclude(pk=OuterRef("pk"))
        .filter(Q(value__lt=OuterRef("value") * keep) | Q(value__gt=OuterRef("value") / keep))
    )
    resolved = _same_group(base).filter(is_preferred=True)
    if queryset is None:
        queryset = base
    return (
        queryset.exclude(review_status=ReviewStatus.REJECTED)
        .filter(period_start__isnull=False, period_end__isnull=False)
        .filter(Exists(differing))
        .exclude(Exists(resolved))
        .select_related("metric", "relationship")
        .order_by(*GROUP_FIELDS, F("value").asc(), "id")
    )


def observation_mark_preferred(
    *, observation: MetricObservation, user, expected_version: int | None = None
) -> MetricObservation:
    """Prefer one observation of its group; the others in the group stop being preferred.

    Each change goes through `fact_update`, so it is versioned and written to history.
    """
    if observation.review_status == ReviewStatus.REJECTED:
        raise ReviewError("A rejected observation cannot be the preferred one.")
    with transaction.atomic():
        group = list(
            MetricObservation.objects.select_for_update()
            .same_group_as(observation)
            .filter(is_preferred=True)
            .exclude(pk=observation.pk)
        )
        # Preferring is a curation choice, not a correction of what was read: nothing is logged.
        for other in group:
            fact_update(fact=other, user=user, changes={"is_preferred": False}, source=None)
        return fact_update(
            fact=observation,
            user=user,
            changes={"is_preferred": True},
            expected_version=expected_version,
            source=None,
        )
