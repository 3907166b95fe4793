"""Reads for the editorial desk: the review queue, the article reader and the dashboard.

Every read here issues a fixed number of queries whatever the page size (the tests pin
them), and none counts a large table in full.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, Count, F, Min, Model, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber, TruncMonth
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementDistinction, AgreementStatusChange
from agreements.querysets import StatusChangeQuerySet
from articles.models import Article, Evidence, IngestionFailure, IngestionRun, Source
from relations.conflicts import observation_conflicts
from relations.curation import CuratedModel, CuratedQuerySet, ReviewStatus
from relations.matching import fold
from relations.models import Actor, ActorAlias, ActorDistinction, Event, MetricObservation, Relationship
from relations.observations import GROUP_FIELDS, group_key, group_partition, same_group
from relations.services import CLAIM_TTL

from .facts import FACT_TYPES, FactType, fact_type_of
from .text import paragraph_around, safe_url

# Counts above this are shown as "N+": the backlog is counted, never the whole table.
COUNT_CAP = 1000


def capped_count(queryset: QuerySet[Any], cap: int = COUNT_CAP) -> int:
    """COUNT over at most `cap` + 1 rows: cheap on any table, exact below the cap."""
    return queryset.order_by()[: cap + 1].count()


class _Descending:
    """Sorts its value in reverse: a descending field of a Python sort key."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Descending) -> bool:
        return bool(other.value < self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and other.value == self.value


@dataclass(frozen=True)
class QueueOrder:
    """One order of the review queue. Each fact type's query orders by `fields` in SQL and
    the merged page sorts by the same fields in Python (`sort_key`), so both agree.

    A field is "confidence" (the lowest evidence confidence; none, no evidence, sorts first),
    "created_at" or "pk"; `descending` reverses every field.
    """

    key: str
    label: str
    fields: tuple[str, ...]
    descending: bool = False

    @property
    def by_confidence(self) -> bool:
        return "confidence" in self.fields

    def ordering(self, confidence: str = "confidence") -> list[Any]:
        """The SQL ordering, with the lowest confidence read from the annotation `confidence`."""
        ordering: list[Any] = []
        for name in self.fields:
            if name == "confidence":
                # Only the confidence can be missing (no evidence): it sorts first.
                lowest = F(confidence)
                ordering.append(lowest.desc(nulls_last=True) if self.descending else lowest.asc(nulls_first=True))
            else:
                # Plain dates and ids keep the order the index (review_status, created_at, id) is read in.
                ordering.append(f"-{name}" if self.descending else name)
        return ordering

    def sort_key(self, fact: CuratedModel, type_index: int) -> tuple[Any, ...]:
        """The same order in Python; ties between types go to the type listed first."""
        key: list[Any] = []
        for name in self.fields:
            value = getattr(fact, name)
            # A missing confidence sorts first, as in SQL (nulls first).
            parts = (value is not None, value or 0.0) if name == "confidence" else (value,)
            key += [_Descending(p) for p in parts] if self.descending else parts
        return (*key, type_index)


QUEUE_ORDERS = {
    order.key: order
    for order in (
        QueueOrder("oldest", "Oldest first", ("created_at", "pk")),
        QueueOrder("confidence", "Least confident first", ("confidence", "created_at", "pk")),
        QueueOrder("newest", "Newest first", ("created_at", "pk"), descending=True),
    )
}
DEFAULT_ORDER = "oldest"


def queue_order(key: str) -> QueueOrder:
    """The order named `key`, or the default for an unknown one."""
    return QUEUE_ORDERS.get(key) or QUEUE_ORDERS[DEFAULT_ORDER]


@dataclass
class QueueFilters:
    types: list[str] = field(default_factory=lambda: list(FACT_TYPES))
    status: str = ReviewStatus.PENDING
    relationship: Relationship | None = None
    sector: str = ""
    source: Source | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    max_confidence: float | None = None
    q: str = ""
    order: str = DEFAULT_ORDER  # a key of QUEUE_ORDERS
    claims: str = "available"  # available | mine | all


def _evidence_filter(fact_type: FactType, condition: Q) -> Q:
    """Facts with at least one evidence matching `condition` (a subquery: no duplicate rows)."""
    through = fact_type.model.evidence.through
    owner = f"{fact_type.model._meta.model_name}_id"
    matching = through._default_manager.filter(
        evidence_id__in=Evidence.objects.filter(condition).values("pk"),
    ).values(owner)
    return Q(pk__in=matching)


def reviewable(fact_type: FactType) -> CuratedQuerySet[Any]:
    """The type's facts the desk lists: a record merged into another is only a pointer to its survivor."""
    qs = fact_type.queryset()
    return qs.filter(merged_into__isnull=True) if fact_type.mergeable else qs


def _filtered(fact_type: FactType, filters: QueueFilters, user: Any) -> CuratedQuerySet[Any]:
    qs = reviewable(fact_type)
    if filters.status:
        qs = qs.filter(review_status=filters.status)
    if filters.relationship is not None:
        qs = qs.filter(fact_type.relationship_q(filters.relationship))
    if filters.sector:
        qs = qs.filter(**{str(fact_type.sector_path): filters.sector})
    if filters.source is not None:
        qs = qs.filter(_evidence_filter(fact_type, Q(article__source_id=filters.source.pk)))
    if filters.date_from is not None:
        qs = qs.filter(_evidence_filter(fact_type, Q(article__published_on__gte=filters.date_from)))
    if filters.date_to is not None:
        qs = qs.filter(_evidence_filter(fact_type, Q(article__published_on__lte=filters.date_to)))
    if filters.q:
        text = Q()
        for path in fact_type.search_fields:
            text |= Q(**{f"{path}__icontains": filters.q})
        qs = qs.filter(
            Q(pk__in=fact_type.model._default_manager.filter(text).values("pk"))
            | _evidence_filter(fact_type, Q(sentence__icontains=filters.q))
        )
    if filters.claims == "mine":
        qs = qs.filter(claimed_by=user, claimed_at__gte=timezone.now() - CLAIM_TTL)
    elif filters.claims == "available":
        qs = qs.filter(Q(claimed_by__isnull=True) | Q(claimed_by=user) | Q(claimed_at__lt=timezone.now() - CLAIM_TTL))
    return qs


def _types_for(filters: QueueFilters) -> list[FactType]:
    types = [FACT_TYPES[key] for key in filters.types if key in FACT_TYPES]
    if filters.sector:
        types = [t for t in types if t.sector_path is not None]
    return types


@dataclass
class EvidenceView:
    evidence: Evidence
    paragraph: str
    link: str
    reader_url: str


@dataclass
class QueueItem:
    key: str
    fact_type: FactType
    fact: CuratedModel
    evidence: list[EvidenceView]
    changes: list[tuple[str, str]]
    confidence: float | None
    admin_url: str
    claimed_by_other: str = ""
    may_decide: bool = False


@dataclass
class QueuePage:
    items: list[QueueItem]
    page: int
    per_page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def queue_page(*, filters: QueueFilters, user: Any, page: int = 1, per_page: int = 20) -> QueuePage:
    """One page of the cross-type queue, in a fixed number of queries whatever its size.

    Each fact type in the filters gives one query: its own matching facts in queue order,
    at most up to the end of the page plus one row (an index scan on (review_status,
    created_at, id) that stops there for the date orders, so the cost does not grow with
    the table), loaded with its related rows, its lowest evidence confidence and its
    evidence ids. The lists are merged in Python; one more query loads the page's
    evidence with article and source, one the observations' siblings. The row beyond the
    page tells whether there is a next page, so nothing is counted.
    """
    page = max(1, page)
    offset = (page - 1) * per_page
    window = offset + per_page + 1
    order = queue_order(filters.order)
    # Facts as the queue's query annotated them (evidence_ids, confidence, ...).
    candidates: list[tuple[tuple[Any, ...], str, Any]] = []
    for index, fact_type in enumerate(_types_for(filters)):
        for fact in _ordered(fact_type, filters, user, window):
            candidates.append((order.sort_key(fact, index), fact_type.key, fact))
    candidates.sort(key=lambda c: c[0])
    has_next = len(candidates) > offset + per_page
    chosen = [fact for _, _, fact in candidates[offset : offset + per_page]]
    evidence = _evidence_by_pk([pk for fact in chosen for pk in fact.evidence_ids])
    siblings = observation_siblings([f for f in chosen if isinstance(f, MetricObservation)])
    items = [
        _queue_item(fact, [evidence[pk] for pk in fact.evidence_ids if pk in evidence], siblings, user)
        for fact in chosen
    ]
    return QueuePage(items, page, per_page, has_next)


def _lowest_confidence(fact_type: FactType) -> Subquery:
    """The lowest extractor confidence among a fact's evidence (None without evidence)."""
    related = fact_type.model._meta.get_field("evidence").related_query_name()
    return Subquery(
        Evidence.objects.filter(**{related: OuterRef("pk")}).order_by("confidence").values("confidence")[:1]
    )


def _ordered(fact_type: FactType, filters: QueueFilters, user: Any, window: int) -> CuratedQuerySet[Any]:
    """The type's first `window` matching facts in queue order, with what the queue shows of each (one query)."""
    through = fact_type.model.evidence.through
    owner = f"{fact_type.model._meta.model_name}_id"
    order = queue_order(filters.order)
    qs = _filtered(fact_type, filters, user).annotate(confidence=_lowest_confidence(fact_type))
    if order.by_confidence:
        # Least confident first has to look at every matching fact's evidence: one grouped
        # join picks the window's ids (cheaper than a subquery per row), the rest is read
        # for those rows only. Still linear in the matching facts (see docs/admin.md).
        keys = _filtered(fact_type, filters, user).order_by().annotate(lowest=Min("evidence__confidence"))
        if filters.max_confidence is not None:
            keys = keys.filter(lowest__lte=filters.max_confidence)
        window_keys = keys.order_by(*order.ordering(confidence="lowest")).values("pk")[:window]
        qs = qs.filter(pk__in=window_keys)
    elif filters.max_confidence is not None:
        # Read in date order, so the scan stops once the window is full.
        qs = qs.filter(confidence__lte=filters.max_confidence)
    qs = qs.select_related("claimed_by", *fact_type.select_related).annotate(
        evidence_ids=ArraySubquery(through._default_manager.filter(**{owner: OuterRef("pk")}).values("evidence_id")),
    )
    if fact_type.model is AgreementStatusChange:
        qs = cast(StatusChangeQuerySet, qs).with_took_effect().annotate(previous_status=_previous_status())
    elif fact_type.model is Event:
        qs = qs.annotate(actor_names=_names(Actor.objects.filter(events=OuterRef("pk")), "name"))
    elif fact_type.model is Agreement:
        qs = qs.annotate(party_names=_names(Actor.objects.filter(agreements=OuterRef("pk")), "name"))
    elif fact_type.model is Actor:
        qs = qs.annotate(alias_names=_names(ActorAlias.objects.filter(actor=OuterRef("pk")), "alias"))
    return qs.order_by(*order.ordering())[:window]


def _names(queryset: QuerySet[Any], field_name: str) -> ArraySubquery:
    return ArraySubquery(queryset.order_by(field_name, "pk").values(field_name))


def _evidence_by_pk(pks: list[int]) -> dict[int, Evidence]:
    """The evidence of a whole page with article and source, in one query (in evidence order)."""
    if not pks:
        return {}
    return {e.pk: e for e in Evidence.objects.filter(pk__in=set(pks)).select_related("article", "article__source")}


def _previous_status() -> Subquery:
    """The approved status the agreement had before a change takes effect (as agreement_previous_status)."""
    earlier = (
        AgreementStatusChange.objects.approved()
        .filter(agreement_id=OuterRef("agreement_id"))
        .exclude(pk=OuterRef("pk"))
        .latest_first()
    )
    return Subquery(earlier.filter(took_effect__lte=OuterRef("took_effect")).values("status")[:1])


# An observation's item lists at most this many others of its group.
SIBLINGS_SHOWN = 10


class Siblings(NamedTuple):
    shown: Sequence[MetricObservation]
    more: bool  # whether there are others beyond those shown


def observation_siblings(observations: list[MetricObservation]) -> dict[int, Siblings]:
    """For each observation, up to SIBLINGS_SHOWN others of its group (`relations.observations`), in one query.

    The preferred and approved ones come first, then the latest reported; a window per
    group keeps the rows read to a few per observation however many the group has.
    """
    if not observations:
        return {}
    condition = Q()
    for o in observations:
        condition |= same_group(o)
    first = [
        F("is_preferred").desc(),
        Case(When(review_status=ReviewStatus.APPROVED, then=Value(0)), default=Value(1)).asc(),
        F("reported_on").desc(nulls_last=True),
        F("id").desc(),
    ]
    others = list(
        MetricObservation.objects.filter(condition)
        .annotate(
            period_rank=Window(RowNumber(), partition_by=group_partition(), order_by=first),  # type: ignore[arg-type]
        )
        # Two more than shown: the observation itself may be among them, and one tells there are more.
        .filter(period_rank__lte=SIBLINGS_SHOWN + 2)
        .order_by("period_rank")
    )
    result: dict[int, Siblings] = {}
    for o in observations:
        key = group_key(o)
        others_of_o = [s for s in others if group_key(s) == key and s.pk != o.pk]
        result[o.pk] = Siblings(others_of_o[:SIBLINGS_SHOWN], len(others_of_o) > SIBLINGS_SHOWN)
    return result


def _money(value: Decimal, unit: str) -> str:
    return f"{value.normalize():,f} {unit}"


def _period(observation: MetricObservation) -> str:
    if observation.period_start is None and observation.period_end is None:
        # Not charted until it has one: the editor fixes it with "Edit, then approve".
        return f"{observation.period_label or 'unknown'} (no dates: not charted until set)"
    span = f"{observation.period_start or '?'} – {observation.period_end or '?'}"
    return f"{observation.period_label} ({span})" if observation.period_label else span


def with_kind(kind: str, title: str) -> str:
    """A titled fact's label: kind "Visit" and title "Vladimir Putin" give "Visit: Vladimir Putin";
    a title that already starts with its kind ("Visit: Vladimir Putin", "visit of Modi") is left
    as it is, never "Visit: Visit: ..."."""
    folded_kind, folded_title = fold(kind), fold(title)
    if folded_kind and (folded_title == folded_kind or folded_title.startswith(folded_kind + " ")):
        return title
    return f"{kind}: {title}"


def fact_changes(fact: CuratedModel, siblings: dict[int, Siblings]) -> list[tuple[str, str]]:
    """What approving the fact would change, as (label, text) lines."""
    if isinstance(fact, AgreementStatusChange):
        choices = dict(cast("list[tuple[str, str]]", AgreementStatusChange._meta.get_field("status").choices))
        before = choices.get(cast(Any, fact).previous_status or "", "none")  # the queue's annotation
        agreement = fact.agreement.title
        if fact.agreement.review_status != ReviewStatus.APPROVED:
            # Its status only shows once the agreement itself is approved: say so next to the decision.
            agreement += f" (agreement {fact.agreement.get_review_status_display().lower()})"
        return [
            ("Agreement", agreement),
            ("Status", f"{before} → {fact.get_status_display()}"),
            # Never the article's date by default (curated.recording.sentence_effective_on): say it is unknown.
            ("Effective", str(fact.effective_on) if fact.effective_on else "date unknown (the sentence states none)"),
            ("Current status now", fact.agreement.get_current_status_display() or "none"),
        ]
    if isinstance(fact, MetricObservation):
        lines = [
            ("Metric", f"{fact.metric} ({fact.get_kind_display().lower()}, {fact.relationship})"),
            ("Value", f"{fact.qualifier + ' ' if fact.qualifier else ''}{_money(fact.value, fact.unit)}"),
            ("Period", _period(fact)),
        ]
        others = siblings.get(fact.pk, Siblings([], False))
        if others.shown:
            for other in others.shown:
                lines.append(
                    (
                        "Also observed",
                        f"{other.get_kind_display()}: {_money(other.value, other.unit)}"
                        f" ({other.get_review_status_display().lower()}{', preferred' if other.is_preferred else ''},"
                        f" reported {other.reported_on or 'undated'})",
                    )
                )
            if others.more:
                lines.append(("Also observed", "and more for this metric and period"))
        else:
            lines.append(("Also observed", "nothing else for this metric and period"))
        return lines
    if isinstance(fact, Event):
        return [
            ("Event", with_kind(fact.get_kind_display(), fact.title or "untitled")),
            ("When", f"{fact.date or 'undated'} ({fact.get_date_precision_display().lower()})"),
            ("Where", fact.place or "unknown"),
            ("Who", ", ".join(_names_of(fact, "actor_names", "actors", "name")) or "nobody linked"),
            ("Relationship", str(fact.relationship)),
        ]
    if isinstance(fact, Agreement):
        return [
            ("New agreement", fact.title),
            ("Sector", fact.get_sector_display()),
            ("Parties", ", ".join(_names_of(fact, "party_names", "parties", "name")) or "none linked"),
            ("Relationship", str(fact.relationship)),
        ]
    if isinstance(fact, Actor):
        return [
            ("New actor", f"{fact.name} ({fact.get_kind_display().lower()}, {fact.country or 'no country'})"),
            ("Aliases", ", ".join(_names_of(fact, "alias_names", "aliases", "alias")) or "none"),
        ]
    # A kind without its own lines here: its registry label and its own name, never another kind's.
    return [(fact_type_of(fact).label, str(fact))]


def _names_of(fact: CuratedModel, annotation: str, relation: str, field_name: str) -> list[str]:
    """Names the queue's query annotated on the fact, else read from the relation."""
    names: list[str] | None = getattr(fact, annotation, None)
    if names is None:
        names = [getattr(row, field_name) for row in getattr(fact, relation).all()]
    return names


def admin_change_url(fact: Model) -> str:
    meta = fact._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[fact.pk])


def evidence_views(fact: CuratedModel, evidence_list: list[Evidence] | None = None) -> list[EvidenceView]:
    views: list[EvidenceView] = []
    if evidence_list is None:
        evidence_list = list(fact.evidence.all())
    for evidence in sorted(evidence_list, key=lambda e: (e.article_id, e.start, e.pk)):
        article = evidence.article
        views.append(
            EvidenceView(
                evidence=evidence,
                paragraph=paragraph_around(article.text, evidence.start, evidence.end),
                link=safe_url(article.url or article.canonical_url),
                reader_url=reverse("admin:editorial_article_reader", args=[article.pk]) + f"#evidence-{evidence.pk}",
            )
        )
    return views


def _queue_item(fact: Any, evidence: list[Evidence], siblings: dict[int, Siblings], user: Any) -> QueueItem:
    fact_type = fact_type_of(fact)
    claimed_by_other = ""
    if (
        fact.claimed_by_id is not None
        and fact.claimed_by_id != user.pk
        and fact.claimed_at is not None
        and fact.claimed_at >= timezone.now() - CLAIM_TTL
    ):
        claimed_by_other = fact.claimed_by.get_username()
    return QueueItem(
        key=f"{fact_type.key}:{fact.pk}",
        fact_type=fact_type,
        fact=fact,
        evidence=evidence_views(fact, evidence),
        changes=fact_changes(fact, siblings),
        confidence=fact.confidence,
        admin_url=admin_change_url(fact),
        claimed_by_other=claimed_by_other,
    )


def backlog_counts(*, relationship: Relationship | None = None) -> list[tuple[FactType, int]]:
    """Pending facts per type (capped), for one relationship or all."""
    counts: list[tuple[FactType, int]] = []
    for fact_type in FACT_TYPES.values():
        qs = reviewable(fact_type).pending()
        if relationship is not None:
            qs = qs.filter(fact_type.relationship_q(relationship))
        counts.append((fact_type, capped_count(qs)))
    return counts


# --- The article reader ---------------------------------------------------------------


@dataclass
class ReaderEvidence:
    evidence: Evidence
    facts: list[tuple[FactType, CuratedModel, str]]


def article_reader(article: Article) -> list[ReaderEvidence]:
    """Every evidence of an article with the facts that cite it (one query per fact type)."""
    evidence = list(article.evidence.order_by("start", "id"))
    by_evidence: dict[int, list[tuple[FactType, CuratedModel, str]]] = {e.pk: [] for e in evidence}
    for fact_type in FACT_TYPES.values():
        through = fact_type.model.evidence.through
        owner = f"{fact_type.model._meta.model_name}_id"
        fact_field = owner.removesuffix("_id")
        # With what each fact's name reads (an observation's metric, a status change's agreement).
        links: QuerySet[Any] = through._default_manager.filter(evidence__article=article).select_related(
            fact_field, *(f"{fact_field}__{path}" for path in fact_type.select_related)
        )
        for link in links:
            fact = getattr(link, owner.removesuffix("_id"))
            by_evidence.setdefault(link.evidence_id, []).append((fact_type, fact, admin_change_url(fact)))
    return [ReaderEvidence(e, by_evidence.get(e.pk, [])) for e in evidence]


# --- The dashboard --------------------------------------------------------------------


def dashboard_relationship(relationship_id: str | None) -> Relationship | None:
    qs = Relationship.objects.all()
    if relationship_id and relationship_id.isdigit():
        found = qs.filter(pk=int(relationship_id)).first()
        if found is not None:
            return found
    primary = qs.for_pair(*settings.PRIMARY_RELATIONSHIP).first() if len(settings.PRIMARY_RELATIONSHIP) == 2 else None
    return primary or qs.first()


def _known(queryset: Any, as_of: datetime.date | None) -> Any:
    """Approved facts, or, for a past date, those known on it (`CuratedQuerySet.known_on`)."""
    return queryset.approved() if as_of is None else queryset.known_on(as_of)


def chart_time(day: datetime.date) -> int:
    """A date as the charts' x value: milliseconds since 1970 at UTC midnight (a linear axis, so
    distances are proportional to time; dashboard.js formats the ticks as dates)."""
    return int(datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC).timestamp()) * 1000


def _observations_url(o: MetricObservation) -> str:
    """The observations changelist filtered to one chart point: its metric, relationship, kind and period."""
    query = urlencode(
        {
            "metric__id__exact": o.metric_id,
            "relationship__id__exact": o.relationship_id,
            "kind__exact": o.kind,
            "period_start": cast(datetime.date, o.period_start).isoformat(),
            **({"period_end": o.period_end.isoformat()} if o.period_end else {}),
        }
    )
    return f"{reverse('admin:relations_metricobservation_changelist')}?{query}"


def metric_series(
    relationship: Relationship, *, as_of: datetime.date | None = None, limit: int = 5000
) -> list[dict[str, Any]]:
    """Approved observations over time (Chart.js data): one chart per metric, one series per kind and unit.

    Each point is one period (x: its start, `chart_time`), where the preferred observation
    wins, else the latest reported; it links to the period's observations and says whether
    they are in an unresolved conflict (several approved figures that disagree). With `as_of`,
    only what was known on that date counts, conflicts included.
    """
    known = _known(MetricObservation.objects.filter(relationship=relationship), as_of)
    observations = known.filter(period_start__isnull=False).for_series()[:limit]
    in_conflict = {group_key(o) for o in observation_conflicts(among=known).select_related(None).only(*GROUP_FIELDS)}
    charts: dict[int, dict[str, Any]] = {}
    for o in observations:
        chart = charts.setdefault(o.metric_id, {"metric": o.metric.name, "series": {}})
        points = chart["series"].setdefault((o.kind, o.unit), {})
        start = cast(datetime.date, o.period_start)  # filtered on: never null here
        slot = (start, o.period_end)
        # Observations come oldest reported first: a later one replaces it, unless it is preferred.
        if slot in points and points[slot]["preferred"] and not o.is_preferred:
            continue
        points[slot] = {
            "x": chart_time(start),
            "y": float(o.value),
            "period": o.period_label or start.isoformat(),
            "url": _observations_url(o),
            "conflict": group_key(o) in in_conflict,
            "preferred": o.is_preferred,
        }
    kind_labels = dict(MetricObservation.Kind.choices)
    kind_order = list(kind_labels)
    result: list[dict[str, Any]] = []
    for chart in charts.values():
        units = sorted({unit for _, unit in chart["series"]})
        series = []
        series_keys = sorted(chart["series"], key=lambda key: (kind_order.index(key[0]), key[1]))
        for kind, unit in series_keys:
            points = chart["series"][(kind, unit)]
            label = kind_labels.get(kind, kind) + (f" ({unit})" if len(units) > 1 else "")
            by_period = sorted(points.items(), key=lambda item: (item[0][0], item[0][1] or datetime.date.max))
            data = [{k: v for k, v in p.items() if k != "preferred"} for _, p in by_period]
            series.append({"kind": kind, "unit": unit, "label": label, "data": data})
        result.append(
            {
                "title": f"{chart['metric']} ({', '.join(units)})",
                "series": series,
                "conflicts": sum(p["conflict"] for s in series for p in s["data"]),
            }
        )
    return result


def agreements_by_status(relationship: Relationship, *, as_of: datetime.date | None = None) -> dict[str, list[Any]]:
    """Canonical approved agreements by status; with `as_of`, those known on that date, each by
    the latest status change known then."""
    agreements = _known(Agreement.objects.canonical().filter(relationship=relationship), as_of)
    if as_of is None:
        agreements = agreements.annotate(status=F("current_status"))
    else:
        latest = AgreementStatusChange.objects.known_on(as_of).filter(agreement=OuterRef("pk")).latest_first()
        agreements = agreements.annotate(status=Coalesce(Subquery(latest.values("status")[:1]), Value("")))
    rows = agreements.values("status").annotate(n=Count("id")).order_by("status")
    labels = dict(cast("list[tuple[str, str]]", Agreement._meta.get_field("current_status").choices))
    return {
        "labels": [labels.get(r["status"], "No approved status") for r in rows],
        "data": [r["n"] for r in rows],
    }


def _months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def events_by_month(
    relationship: Relationship, *, months: int = 24, as_of: datetime.date | None = None
) -> dict[str, list[Any]]:
    """Approved dated events per month over the `months` before today (or `as_of`), from the first
    month with an event to the last, the empty months between them included as zeros."""
    end = as_of or timezone.localdate()
    since = end.replace(day=1)
    for _ in range(months - 1):
        since = (since - datetime.timedelta(days=1)).replace(day=1)
    rows = (
        _known(Event.objects.filter(relationship=relationship, date__gte=since), as_of)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    counts = {r["month"]: r["n"] for r in rows}
    filled = _months_between(min(counts), max(counts)) if counts else []
    return {
        "labels": [m.strftime("%Y-%m") for m in filled],
        "x": [chart_time(m) for m in filled],
        "data": [counts.get(m, 0) for m in filled],
    }


def recent_events(relationship: Relationship, *, limit: int = 15, as_of: datetime.date | None = None) -> list[Event]:
    return list(
        _known(Event.objects.filter(relationship=relationship), as_of)
        .order_by(F("date").desc(nulls_last=True), "-id")
        .prefetch_related("actors")[:limit]
    )


def conflict_groups(*, as_of: datetime.date | None = None, limit: int = 200) -> list[list[MetricObservation]]:
    """Unresolved conflicts (`relations.conflicts`), one list per group, with each observation's
    evidence, article and source; with `as_of`, among the observations known on that date."""
    among = MetricObservation.objects.known_on(as_of) if as_of else None
    evidence = Prefetch("evidence", queryset=Evidence.objects.select_related("article", "article__source"))
    groups: list[list[MetricObservation]] = []
    keys: list[tuple[Any, ...]] = []
    for o in observation_conflicts(among=among).prefetch_related(evidence)[:limit]:
        key = group_key(o)
        if keys and keys[-1] == key:
            groups[-1].append(o)
        else:
            groups.append([o])
            keys.append(key)
    return groups


def latest_runs(*, limit: int = 10) -> list[IngestionRun]:
    return list(IngestionRun.objects.select_related("source").order_by("-started_at", "-id")[:limit])


def failing_sources(*, limit: int = 20) -> list[Source]:
    """Sources failing now, each with `last_failure`: the reason of its latest failed input or run."""
    latest_failing_run = (
        IngestionRun.objects.filter(source_id=OuterRef(OuterRef("pk")))
        .filter(Q(failed__gt=0) | Q(status="failed"))
        .order_by("-started_at", "-id")
        .values("pk")[:1]
    )
    last_reason = (
        IngestionFailure.objects.filter(run_id=Subquery(latest_failing_run)).order_by("-id").values("reason")[:1]
    )
    last_message = (
        IngestionRun.objects.filter(source_id=OuterRef("pk"))
        .filter(Q(failed__gt=0) | Q(status="failed"))
        .exclude(message="")
        .order_by("-started_at", "-id")
        .values("message")[:1]
    )
    return list(
        Source.objects.failing()
        .annotate(last_failure=Coalesce(Subquery(last_reason), Subquery(last_message)))
        .order_by("-consecutive_failures", "name")[:limit]
    )


def quiet_sources(*, limit: int = 20) -> list[Source]:
    """Active scheduled sources with no new article for longer than INGEST_QUIET_AFTER."""
    return list(Source.objects.quiet().order_by(F("last_new_article_at").asc(nulls_first=True))[:limit])


@dataclass(frozen=True)
class IngestionAttention:
    """What the admin home tells editors about sources, so that a silent feed is noticed."""

    failing: int
    disabled: int
    quiet: int

    def __bool__(self) -> bool:
        return bool(self.failing or self.quiet)


def ingestion_attention() -> IngestionAttention:
    counts = Source.objects.aggregate(
        failing=Count("pk", filter=Q(pk__in=Source.objects.failing().values("pk"))),
        disabled=Count("pk", filter=Q(is_active=False) & ~Q(disabled_reason="")),
        quiet=Count("pk", filter=Q(pk__in=Source.objects.quiet().values("pk"))),
    )
    return IngestionAttention(**counts)


# --- Possible duplicates ----------------------------------------------------------------

# The duplicates page lists at most this many "not the same" judgements per kind, latest first.
DISMISSED_SHOWN = 50


def dismissed_actor_pairs(*, limit: int = DISMISSED_SHOWN) -> list[ActorDistinction]:
    """Standing "not the same" judgements on actors, latest first, with both actors and the editor (one query)."""
    return list(
        ActorDistinction.objects.standing()
        .select_related("actor_low", "actor_high", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


def dismissed_agreement_pairs(*, limit: int = DISMISSED_SHOWN) -> list[AgreementDistinction]:
    """Standing "not the same" judgements on agreements, latest first (one query)."""
    return list(
        AgreementDistinction.objects.standing()
        .select_related("agreement_low", "agreement_high", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )
