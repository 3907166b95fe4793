from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from .curation import CuratedQuerySet
from .observations import same_group


def sorted_pair(country_1: str, country_2: str) -> tuple[str, str]:
    """The stored order of a pair of ISO codes, whichever order they are given in."""
    a, b = country_1.strip().upper(), country_2.strip().upper()
    return (a, b) if a <= b else (b, a)


class RelationshipQuerySet(models.QuerySet):
    def for_pair(self, country_1: str, country_2: str) -> RelationshipQuerySet:
        a, b = sorted_pair(country_1, country_2)
        return self.filter(country_a=a, country_b=b)

    def involving(self, country: str) -> RelationshipQuerySet:
        code = country.upper()
        return self.filter(Q(country_a=code) | Q(country_b=code))


class DistinctionQuerySet(models.QuerySet):
    """The judgements that two actors (or two agreements) are not the same."""

    def standing(self) -> DistinctionQuerySet:
        """Those not taken back: the pairs the duplicates page leaves out."""
        return self.filter(undone_at__isnull=True)


class ActorQuerySet(CuratedQuerySet[Any]):  # no import of .models here: it imports this module
    def canonical(self) -> ActorQuerySet:
        """Actors that have not been merged into another."""
        return self.filter(merged_into__isnull=True)

    def with_aliases(self) -> ActorQuerySet:
        return self.prefetch_related("aliases")


class MetricObservationQuerySet(CuratedQuerySet[Any]):
    def same_group_as(self, observation: Any) -> MetricObservationQuerySet:
        """The observations of its group (`relations.observations`), itself included."""
        return self.filter(same_group(observation))

    def for_series(self) -> MetricObservationQuerySet:
        return self.select_related("metric", "relationship").order_by("metric_id", "period_start", "reported_on", "id")
