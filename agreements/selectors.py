"""Reads that span every app: agreements, relationships with their summary, evidence,
the changes feed and the data watermark.

They live in the top app because they read facts of all three. Visibility is decided
here, in the querysets: anonymous and non-staff users get approved facts only, nested
facts included (an agreement's status history, its parties).
"""

from __future__ import annotations

import datetime
import functools
import operator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from articles.models import Article, Evidence
from relations.curation import CuratedModel, ReviewStatus, sees_every_state
from relations.models import Actor, ActorAlias, Event, Metric, MetricObservation, Relationship
from relations.selectors import ARTICLE_BODY, event_list, evidence_prefetch

from .models import Agreement, AgreementStatusChange
from .querysets import AgreementQuerySet, StatusChangeQuerySet

APPROVED = ReviewStatus.APPROVED
RECENT_EVENTS = 5


def _sees_everything(user) -> bool:
    """The same rule as CuratedQuerySet.visible_to, for reads that span every fact model."""
    return sees_every_state(user, *(model for _, model in CURATED_MODELS))


# --- agreements -----------------------------------------------------------------------------


def agreement_detail_queryset(*, user, include_evidence: bool = False) -> AgreementQuerySet:
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
        .prefetch_related(
            Prefetch("parties", queryset=parties),
            Prefetch("status_changes", queryset=history),
            evidence_prefetch(expanded=include_evidence),
        )
    )


def agreement_list(*, user, include_evidence: bool = False) -> AgreementQuerySet:
    """Surviving agreements with parties, status history and evidence, all visible to `user`."""
    return agreement_detail_queryset(user=user, include_evidence=include_evidence).canonical()


def status_change_list(*, user, include_evidence: bool = False) -> StatusChangeQuerySet:
    """Status changes; for non-staff only approved changes of approved agreements."""
    changes = AgreementStatusChange.objects.visible_to(user)
    if not _sees_everything(user):
        changes = changes.filter(agreement__review_status=APPROVED)
    return changes.select_related("agreement").prefetch_related(evidence_prefetch(expanded=include_evidence))


# --- relationships ------------------------------------------------------------------------


def relationship_list() -> QuerySet[Relationship]:
    return Relationship.objects.all()


@dataclass
class RelationshipSummary:
    latest_observations: list[MetricObservation]
    agreements_by_status: dict[str, int]
    recent_events: list[Event]
    counts: dict[str, int]


def relationship_summary(*, relationship: Relationship) -> RelationshipSummary:
    """The curated picture, for everyone alike: approved facts only, whoever asks.

    The latest observation of each metric and kind (latest period first, an editor's
    preferred one among conflicting reports, then the latest reported), agreements by
    current status, the most recent events and the counts of approved facts.
    """
    approved_observations = MetricObservation.objects.approved().filter(relationship=relationship)
    latest = approved_observations.filter(metric=OuterRef("metric"), kind=OuterRef("kind")).order_by(
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

CURATED_MODELS: list[tuple[str, type[CuratedModel]]] = [
    ("actor", Actor),
    ("event", Event),
    ("observation", MetricObservation),
    ("agreement", Agreement),
    ("status_change", AgreementStatusChange),
]


def evidence_list(*, user) -> QuerySet[Evidence]:
    """Evidence with its article and source; for non-staff only sentences an approved fact cites."""
    evidence = Evidence.objects.select_related("article", "article__source").defer(*ARTICLE_BODY)
    if _sees_everything(user):
        return evidence
    cited = [
        Exists(
            model.evidence.through.objects.filter(
                evidence_id=OuterRef("pk"), **{f"{model._meta.model_name}__review_status": APPROVED}
            )
        )
        for _, model in CURATED_MODELS
    ]
    return evidence.filter(functools.reduce(operator.or_, cited))


# --- changes feed ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedPosition:
    """A point in the feed: the order is (history_date, resource rank, history_id)."""

    at: datetime.datetime
    rank: int
    history_id: int


@dataclass(frozen=True)
class Change:
    position: FeedPosition
    resource: str
    object_id: int
    action: str
    review_status: str
    survivor_id: int | None


def _action(row: dict) -> str:
    status, previous = row["review_status"], row["prev_status"]
    if row["history_type"] == "-":
        return "withdrawn" if status == APPROVED else "deleted"
    if status == APPROVED and previous != APPROVED:
        return "approved"
    if status != APPROVED and previous == APPROVED:
        return "withdrawn"
    if status == APPROVED:
        merged, was_merged = row.get("merged_into_id"), row.get("prev_merged")
        if merged is not None and was_merged is None:
            return "merged"
        if merged is None and was_merged is not None:
            return "unmerged"
        return "edited"
    if row["history_type"] == "+":
        return "created"
    if status == ReviewStatus.REJECTED and previous != ReviewStatus.REJECTED:
        return "rejected"
    return "edited"


def change_settle_delay() -> datetime.timedelta:
    """Rows younger than this are held back: a long transaction may still commit earlier history."""
    return datetime.timedelta(seconds=settings.API_CHANGES_SETTLE_SECONDS)


def change_feed(*, user, after: FeedPosition | None, limit: int) -> list[Change]:
    """Up to `limit` changes after `after`, oldest first, from every fact's history.

    Non-staff users see only changes to or from the approved state (approved, edited while
    approved, merged, unmerged, withdrawn): nothing about pending or rejected content.
    One query per fact model, whatever the limit.
    """
    until = timezone.now() - change_settle_delay()
    everything = _sees_everything(user)
    changes: list[Change] = []
    for rank, (resource, model) in enumerate(CURATED_MODELS):
        history = model.history.model
        has_merge = any(f.name == "merged_into" for f in model._meta.fields)
        previous = history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id")).order_by(
            "-history_id"
        )
        rows = history.objects.filter(history_date__lte=until).annotate(
            prev_status=Subquery(previous.values("review_status")[:1])
        )
        fields = ["history_id", "history_date", "history_type", "id", "review_status", "prev_status"]
        if has_merge:
            rows = rows.annotate(prev_merged=Subquery(previous.values("merged_into_id")[:1]))
            fields += ["merged_into_id", "prev_merged"]
        if not everything:
            rows = rows.filter(Q(review_status=APPROVED) | Q(prev_status=APPROVED))
            if model is AgreementStatusChange:
                rows = rows.filter(agreement__review_status=APPROVED)
        if after is not None:
            if rank > after.rank:
                rows = rows.filter(history_date__gte=after.at)
            elif rank == after.rank:
                rows = rows.filter(
                    Q(history_date__gt=after.at) | Q(history_date=after.at, history_id__gt=after.history_id)
                )
            else:
                rows = rows.filter(history_date__gt=after.at)
        for row in rows.order_by("history_date", "history_id").values(*fields)[:limit]:
            changes.append(
                Change(
                    position=FeedPosition(row["history_date"], rank, row["history_id"]),
                    resource=resource,
                    object_id=row["id"],
                    action=_action(row),
                    review_status=row["review_status"],
                    survivor_id=row.get("merged_into_id"),
                )
            )
    changes.sort(key=lambda change: (change.position.at, change.position.rank, change.position.history_id))
    return changes[:limit]


# --- watermark -------------------------------------------------------------------------------


def _latest_sources() -> list[tuple[str, str, str]]:
    """(table, timestamp column, index to find its latest row by) for everything the API shows."""
    sources = [(model.history.model._meta.db_table, "history_date", "history_date") for _, model in CURATED_MODELS]
    sources.append((Article._meta.db_table, "ingested_at", "ingested_at"))
    # Append-only tables: the newest id is the newest row, found through the primary key.
    sources += [(model._meta.db_table, "created_at", "id") for model in (Evidence, ActorAlias, Metric, Relationship)]
    return sources


def data_watermark() -> datetime.datetime | None:
    """The latest moment anything the API serves was written, in one query of index look-ups.

    Every fact write leaves a history row (approvals, edits, merges, deletions); articles,
    evidence, aliases, metrics and relationships are append-only and carry their creation.
    """
    quote = connection.ops.quote_name
    # Identifiers come from model metadata, never from a request.
    columns = ", ".join(
        f"(SELECT {quote(column)} FROM {quote(table)} ORDER BY {quote(key)} DESC LIMIT 1)"  # noqa: S608
        for table, column, key in _latest_sources()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        row = cursor.fetchone()
    stamps = [_as_datetime(value) for value in row if value is not None]
    return max(stamps) if stamps else None


def _as_datetime(value) -> datetime.datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value
