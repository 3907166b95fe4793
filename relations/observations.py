"""The observation group: one metric's figures of one kind, for one relationship and one period.

Every rule that compares observations reads this one definition: conflicts and the
preferred observation (`relations.conflicts`), the others the desk shows beside an
observation (`desk.selectors.observation_siblings`), and the conflicts page's grouping.
A group without its period is a series: the relationship summary picks the latest figure
of each. Recording's fingerprint identifies one stated figure of a series.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Protocol

from django.db.models import Case, F, OuterRef, Q, Value, When
from django.db.models.expressions import Combinable

from .curation import fact_fingerprint


class Grouped(Protocol):
    """What the group reads of an observation (`relations.models.MetricObservation`, which
    imports this module, so it is described here rather than imported)."""

    metric_id: int
    relationship_id: int
    kind: str
    period_start: datetime.date | None
    period_end: datetime.date | None
    period_label: str


# One metric's figures of one kind for one relationship, over time.
SERIES_FIELDS = ("metric_id", "relationship_id", "kind")
# The period is its dates; without a start date, the period as stated ("2030") tells
# undated observations apart.
PERIOD_FIELDS = ("period_start", "period_end")
UNDATED_PERIOD_FIELD = "period_label"
GROUP_FIELDS = SERIES_FIELDS + PERIOD_FIELDS


def _undated_period(observation: Grouped) -> str:
    return getattr(observation, UNDATED_PERIOD_FIELD) if observation.period_start is None else ""


def group_key(observation: Grouped) -> tuple:
    """The group as a Python value: equal keys, same group."""
    return (*(getattr(observation, name) for name in GROUP_FIELDS), _undated_period(observation))


def group_partition() -> list[Combinable]:
    """The group as SQL expressions (a window's PARTITION BY): equal values, same group."""
    undated = Case(When(period_start__isnull=True, then=F(UNDATED_PERIOD_FIELD)), default=Value(""))
    return [*(F(name) for name in GROUP_FIELDS), undated]


def same_group(of: Grouped | None = None) -> Q:
    """Observations of the group of `of`, or, without it, of the outer query's row.

    In a subquery SQL equality never matches a missing date, so the outer form groups
    dated observations only (all that conflicts compare).
    """
    if of is None:
        return Q(**{name: OuterRef(name) for name in GROUP_FIELDS})
    condition = Q(**{name: getattr(of, name) for name in GROUP_FIELDS})
    if of.period_start is None:
        condition &= Q(**{UNDATED_PERIOD_FIELD: _undated_period(of)})
    return condition


def same_series(of: Grouped | None = None) -> Q:
    """Observations of the series of `of` (its group over every period), or of the outer query's row."""
    return Q(**{name: OuterRef(name) if of is None else getattr(of, name) for name in SERIES_FIELDS})


def observation_fingerprint(
    *, metric_id: int, relationship_id: int, kind: str, value: Decimal, unit: str, period: str | None
) -> str:
    """One stated figure of a series: its value and unit for the period as stated.

    Persisted (unique, and how re-reading an article finds the figure again): the parts
    and their order never change.
    """
    return fact_fingerprint("observation", relationship_id, metric_id, kind, value, unit, period)
