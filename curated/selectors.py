"""Reads that span every app: relationships with their summary, evidence, the changes feed
and the data watermark.

They live here, above the apps whose facts they read. Visibility is decided in the querysets:
anonymous users and accounts without a role get approved facts only.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from agreements.models import Agreement, AgreementStatusChange, FeedEntry
from articles.models import Article, Evidence
from relations.curation import CuratedModel, ReviewStatus, sees_every_state
from relations.models import ActorAlias, Event, Metric, MetricObservation, Relationship
from relations.observations import same_series
from relations.selectors import ARTICLE_BODY, event_list, evidence_prefetch

from . import registry

APPROVED = ReviewStatus.APPROVED
RECENT_EVENTS = 5


def _sees_everything(user: Any) -> bool:
    """The same rule as CuratedQuerySet.visible_to, for reads that span every fact model."""
    return sees_every_state(user, *registry.curated_models())


@dataclass
class RelationshipSummary:
    latest_observations: Sequence[MetricObservation]
    agreements_by_status: dict[str, int]
    recent_events: list[Event]
    counts: dict[str, int]


def relationship_summary(*, relationship: Relationship) -> RelationshipSummary:
    """The curated picture, for everyone alike: approved facts only, whoever asks.

    The latest observation of each series (metric and kind; latest period first, an editor's
    preferred one among conflicting reports, then the latest reported), agreements by
    current status, the most recent events and the counts of approved facts.
    """
    approved_observations = MetricObservation.objects.approved().filter(relationship=relationship)
    latest = approved_observations.filter(same_series()).order_by(
        F("period_end").desc(nulls_last=True), "-is_preferred", F("reported_on").desc(nulls_last=True), "-id"
    )
    latest_observations = list(
        approved_observations.annotate(latest_id=Subquery(latest.values("id")[:1]))
        .filter(id=F("latest_id"))
        .select_related("metric", "relationship")
        .prefetch_related(evidence_prefetch(expanded=False))
        .order_by("metric__name", "kind")
    )
    agreements = Agreement.objects.approved().canonical().filter(relationship=relationship)
    by_status = {
        row["current_status"] or "unknown": row["n"]
        for row in agreements.values("current_status").annotate(n=Count("id")).order_by("current_status")
    }
    recent_events = list(
        event_list(user=AnonymousUser())
        .filter(relationship=relationship)
        .order_by(F("date").desc(nulls_last=True), "-id")[:RECENT_EVENTS]
    )
    counts = {
        "agreements": sum(by_status.values()),
        "events": Event.objects.approved().filter(relationship=relationship).count(),
        "observations": approved_observations.count(),
    }
    return RelationshipSummary(latest_observations, by_status, recent_events, counts)


# --- evidence --------------------------------------------------------------------------------


def evidence_list(*, user: Any) -> QuerySet[Evidence]:
    """Evidence with its article and source; for readers without a role only sentences that a public fact
    cites: an approved fact, and for a status change, one whose agreement is approved too."""
    evidence = Evidence.objects.select_related("article", "article__source").defer(*ARTICLE_BODY)
    if _sees_everything(user):
        return evidence
    public_parents: dict[type[CuratedModel], dict[str, str]] = {
        AgreementStatusChange: {"agreementstatuschange__agreement__review_status": APPROVED}
    }
    cited = [
        Exists(
            model.evidence.through._default_manager.filter(
                evidence_id=OuterRef("pk"),
                **{f"{model._meta.model_name}__review_status": APPROVED},
                **public_parents.get(model, {}),
            )
        )
        for model in registry.curated_models()
    ]
    return evidence.filter(functools.reduce(operator.or_, cited))


# --- changes feed ----------------------------------------------------------------------------


def feed_entries(*, after: int | None = None, since: datetime.datetime | None = None) -> QuerySet[FeedEntry]:
    """The changes feed in sequence order: after the entry `after` (a cursor), or from `since`.

    The same log for everyone: it records what anonymous readers can see (see curated.feed).
    """
    entries = FeedEntry.objects.order_by("id")
    if after is not None:
        entries = entries.filter(id__gt=after)
    elif since is not None:
        entries = entries.filter(at__gte=since)
    return entries


def last_feed_id() -> int:
    return FeedEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


# --- watermark -------------------------------------------------------------------------------


def _history_table(model: type[CuratedModel]) -> str:
    history: Any = model.history  # type: ignore[attr-defined]  # simple_history adds it, untyped
    return str(history.model._meta.db_table)


def _latest_sources() -> list[tuple[str, str, str]]:
    """(table, timestamp column, index to find its latest row by) for everything the API shows."""
    sources = [(_history_table(model), "history_date", "history_date") for model in registry.curated_models()]
    sources.append((Article._meta.db_table, "ingested_at", "ingested_at"))
    # Append-only tables: the newest id is the newest row, found through the primary key.
    sources += [(model._meta.db_table, "created_at", "id") for model in (Evidence, ActorAlias, Metric, Relationship)]
    return sources


def data_watermark(*, user: Any = None) -> datetime.datetime | None:
    """The latest moment anything `user` may see was written, in one query of index look-ups.

    For anonymous readers and accounts without a role: the latest entry of the changes feed, which moves
    only with a public change. Editors and Viewers also see pending and rejected facts, whose writes leave
    history rows only; articles, evidence, aliases, metrics and relationships carry their
    creation.
    """
    sources = _latest_sources() if _sees_everything(user) else []
    sources.append((FeedEntry._meta.db_table, "at", "id"))
    quote = connection.ops.quote_name
    # Identifiers come from model metadata, never from a request.
    columns = ", ".join(
        f"(SELECT {quote(column)} FROM {quote(table)} ORDER BY {quote(key)} DESC LIMIT 1)"  # noqa: S608
        for table, column, key in sources
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        row = cursor.fetchone()
    stamps = [_as_datetime(value) for value in row if value is not None]
    return max(stamps) if stamps else None


def _as_datetime(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value
