"""Reads of the registry and the relationship's facts, as the API serves them.

Visibility is decided here, in the querysets: anonymous and non-staff users get approved
facts only, and nested facts (an event's actors) obey the same rule.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from articles.models import Evidence

from .models import Actor, Event, Metric, MetricObservation, Relationship
from .querysets import ActorQuerySet, MetricObservationQuerySet

# An article's bodies: a citation shows its title, URL and date, never these.
ARTICLE_BODY = ("article__text", "article__raw_content", "article__source__pasted_text", "article__extraction_error")


def evidence_prefetch(*, expanded: bool, lookup: str = "evidence") -> Prefetch[str, QuerySet[Evidence], str]:
    """A fact's evidence: only ids for flat lists, sentence + article + source when expanded."""
    if expanded:
        queryset = (
            Evidence.objects.select_related("article", "article__source")
            .defer(*ARTICLE_BODY)
            .order_by("article_id", "start", "id")
        )
    else:
        queryset = Evidence.objects.only("id").order_by("id")
    return Prefetch(lookup, queryset=queryset)


def actor_list(*, user: Any, include_evidence: bool = False) -> ActorQuerySet:
    """Surviving actors (merged ones are left out) with their aliases."""
    return actor_detail_queryset(user=user, include_evidence=include_evidence).canonical()


def actor_detail_queryset(*, user: Any, include_evidence: bool = False) -> ActorQuerySet:
    """Merged actors included, so that their old ids can redirect to the survivor."""
    return Actor.objects.visible_to(user).with_aliases().prefetch_related(evidence_prefetch(expanded=include_evidence))


def event_list(*, user: Any, include_evidence: bool = False) -> QuerySet[Event]:
    actors = Actor.objects.visible_to(user).canonical().only("id", "name", "slug", "kind", "country").order_by("name")
    return (
        Event.objects.visible_to(user)
        .select_related("relationship")
        .prefetch_related(Prefetch("actors", queryset=actors), evidence_prefetch(expanded=include_evidence))
    )


def metric_list(*, user: Any) -> QuerySet[Metric]:
    """Metrics with at least one visible observation: a metric's name alone can reveal a pending fact."""
    visible = MetricObservation.objects.visible_to(user).filter(metric=OuterRef("pk"))
    return Metric.objects.filter(Exists(visible))


def observation_list(*, user: Any, include_evidence: bool = False) -> MetricObservationQuerySet:
    return (
        MetricObservation.objects.visible_to(user)
        .select_related("metric", "relationship")
        .prefetch_related(evidence_prefetch(expanded=include_evidence))
    )


def relationship_list() -> QuerySet[Relationship]:
    return Relationship.objects.all()
