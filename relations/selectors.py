"""Reads of the registry and the relationship's facts, as the API serves them.

Visibility is decided here, in the querysets: anonymous and non-staff users get approved
facts only, and nested facts (an event's actors) obey the same rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from articles.models import Evidence

from .models import Actor, Correction, Event, Metric, MetricObservation, Relationship
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


def corrections_export(*, since: datetime.date | None = None, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every correction, oldest first, as one JSON-ready dict with the fact's evidence sentences:
    the labelled examples the extractor will learn from. Reads in batches (a query for the
    corrections and one per kind of fact for their evidence), whatever the log's size."""
    # In id order: ids grow with time, and keyset pages on the primary key never skip a row.
    rows = Correction.objects.select_related("content_type", "user").order_by("id")
    if since is not None:
        # From the start of that day where the site is, as an instant (no date cast of every row).
        start = datetime.datetime.combine(since, datetime.time.min, tzinfo=timezone.get_current_timezone())
        rows = rows.filter(created_at__gte=start)
    last_id = 0
    while True:
        page = list(rows.filter(id__gt=last_id)[:batch])
        if not page:
            return
        last_id = page[-1].pk
        sentences: dict[tuple[int, int], list[dict[str, Any]]] = {}
        by_type: dict[int, set[int]] = {}
        for row in page:
            by_type.setdefault(row.content_type_id, set()).add(row.object_id)
        for row in page:
            model = row.content_type.model_class()
            if model is None or row.content_type_id not in by_type:
                continue
            ids = by_type.pop(row.content_type_id)
            through = model._meta.get_field("evidence").remote_field.through  # type: ignore[union-attr]
            owner = f"{model._meta.model_name}_id"
            for link in through._default_manager.filter(**{f"{owner}__in": ids}).select_related("evidence"):
                evidence = link.evidence
                sentences.setdefault((row.content_type_id, getattr(link, owner)), []).append(
                    {
                        "article_id": evidence.article_id,
                        "start": evidence.start,
                        "end": evidence.end,
                        "sentence": evidence.sentence,
                        "extractor": evidence.extractor_name,
                    }
                )
        for row in page:
            yield {
                "id": row.pk,
                "at": row.created_at.isoformat(),
                "fact": f"{row.content_type.app_label}.{row.content_type.model}",
                "object_id": row.object_id,
                "field": row.field,
                "old": row.old_value,
                "new": row.new_value,
                "user": row.user.get_username() if row.user else None,
                "source": row.source,
                "evidence": sentences.get((row.content_type_id, row.object_id), []),
            }
