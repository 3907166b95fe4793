"""Turn an article's extraction into pending facts linked to the registry.

This is the "record" step of the flow: it lives in curated/, above the apps, because it
writes actors, events and observations (relations) and agreements. Ingestion calls it through
`settings.EXTRACTION_RECORDER`, so `articles` never imports the apps above it.

Every write is idempotent: a fact is found again by its natural identity (an alias, an
agreement key, a fingerprint) and only gains evidence; its review state is never touched,
so re-running extraction never undoes an editor's decision. The article is marked
extracted in the same transaction as its facts.

Recording does not depend on the order articles arrive in: articles are read against
approved registry entries only, and where two readings of one fact differ in a field
outside its identity, the first-ranking reading wins (docs/architecture.md, "Recording is
reproducible").
"""

from __future__ import annotations

import bisect
import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from threading import Lock
from typing import Any, TypeVar, cast

from django.db import connection, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agreements.models import Agreement, AgreementStatus, AgreementStatusChange
from articles.extraction import (
    EXTRACTOR_NAME,
    EXTRACTOR_VERSION,
    ActorCandidate,
    AgreementCandidate,
    EventCandidate,
    Extraction,
    MetricCandidate,
    Registry,
    RegistryActor,
    RegistryAgreement,
    Span,
    extract,
)
from articles.extraction.dates import event_date
from articles.extraction.sentences import Sentence, split_document
from articles.models import Article, Evidence, ExtractionStatus
from relations.curation import CuratedModel, ReviewStatus, fact_fingerprint
from relations.history import EXTRACTED, REREAD
from relations.models import Actor, ActorAlias, Event, Metric, MetricObservation, Relationship
from relations.observations import observation_fingerprint
from relations.services import actor_alias_add, actor_create, actor_resolve, normalize_alias, relationship_get_or_create

logger = logging.getLogger(__name__)

# How many sentences of an article stand as evidence for one actor's mentions.
ACTOR_EVIDENCE_PER_ARTICLE = 3


@dataclass
class RecordResult:
    skipped: bool = False
    created: dict[str, int] = field(default_factory=dict)
    linked: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.linked
        bucket[kind] = bucket.get(kind, 0) + 1


# --- The registry snapshot ------------------------------------------------------------

# Past this many logged changes since the last read, the snapshot is read whole again.
SNAPSHOT_MAX_CHANGES = 5_000


@dataclass(frozen=True)
class _Snapshot:
    registry: Registry
    last_change: int  # the highest change log id read
    xmin: int  # transactions from this one on were open when it was read: their changes may commit later
    applied: frozenset[tuple[int, int]]  # (change id, txid) from those transactions, already applied
    own_txid: int | None  # the reading transaction, when it had written (its own changes are in)


_F = TypeVar("_F", bound=CuratedModel)

_snapshot_lock = Lock()
_snapshot: _Snapshot | None = None


def registry_stamp() -> int:
    """The registry's staleness stamp: the last change the change log holds (RegistryChange,
    written by triggers when a name, alias, key, merge or whether it is approved changes; not
    by a re-approval, a claim or anything else that only bumps updated_at)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM relations_registrychange")
        stamp: int = cursor.fetchone()[0]
        return stamp


def registry_snapshot() -> Registry:
    """The registry as the extractor sees it, kept up to date from the change log.

    Only what editors stand behind is in it: approved actors (the seed registry, countries,
    actors an editor approved) and approved agreements. A pending actor or agreement is one
    article's reading, not knowledge: were it in the snapshot, every later article would be
    read against it (a pending agreement keyed "agreement" matched the word in every text, a
    pending actor "President" every president), so what an article yields would depend on
    which articles were recorded before it, and re-reading an article would find more in it
    than its first reading did. An article's reading therefore depends only on its text and
    on editors' decisions.

    Read whole once per process; after that, only the actors, agreements and relationships
    the change log names since the last read are read again and applied to the registry
    (`Registry.changed`), whose matcher is updated rather than compiled again. Changes of
    transactions that were still open at the last read are read once more when they commit,
    so a change that commits out of order is not lost; reading one twice is harmless.
    """
    global _snapshot
    with _snapshot_lock:
        snapshot = _snapshot
    with connection.cursor() as cursor:
        # One round trip: the stamp, the reader's transaction horizon, and the changes to apply
        # (after a full read: those of transactions still open, to know them when they commit).
        cursor.execute(
            "SELECT coalesce(max(id), 0), EXISTS (SELECT 1 FROM relations_registrychange WHERE id = %(last)s),"
            " txid_snapshot_xmin(txid_current_snapshot()), txid_current_if_assigned(),"
            " (SELECT json_agg(json_build_array(id, entity, object_id, txid) ORDER BY id) FROM ("
            "   SELECT id, entity, object_id, txid FROM relations_registrychange"
            "   WHERE id > %(after)s OR txid >= coalesce(%(xmin)s, txid_snapshot_xmin(txid_current_snapshot()))"
            "   ORDER BY id LIMIT %(limit)s) AS changes)"
            " FROM relations_registrychange",
            {
                "last": snapshot.last_change if snapshot else 0,
                "after": snapshot.last_change if snapshot else 2**62,
                "xmin": snapshot.xmin if snapshot else None,
                "limit": SNAPSHOT_MAX_CHANGES + 1,
            },
        )
        last, last_kept, xmin, own, logged = cursor.fetchone()
        logged = [tuple(row) for row in logged or ()]
        if snapshot is not None and (last < snapshot.last_change or (snapshot.last_change and not last_kept)):
            snapshot = None  # the log was emptied or cut back (a test database flushed): read it all
        if snapshot is not None and snapshot.own_txid is not None and snapshot.own_txid != own:
            # Read inside a transaction that has ended since: its changes count only if it committed.
            cursor.execute("SELECT txid_status(%s)", [snapshot.own_txid])
            if cursor.fetchone()[0] != "committed":
                snapshot = None
    rows: list[tuple[Any, ...]] = []
    if snapshot is not None:
        seen = {change for change, _ in snapshot.applied}
        rows = [row for row in logged if row[0] not in seen]
        if len(logged) > SNAPSHOT_MAX_CHANGES:
            snapshot = None
    if snapshot is None:
        # Logged before the registry is read below, so it is in what that reads.
        applied = {(row[0], row[3]) for row in logged if row[3] >= xmin and row[0] <= last}
        registry = _registry_read()
        registry.matcher()  # built now, so that later changes update it rather than build another
    else:
        if not rows and snapshot.xmin == xmin and snapshot.own_txid == own:
            return snapshot.registry
        registry = _registry_changed(snapshot.registry, rows) if rows else snapshot.registry
        last = max([snapshot.last_change, *(row[0] for row in logged)])
        applied = {*snapshot.applied, *((row[0], row[3]) for row in rows)}
    # Only transactions open at this read (txid >= xmin) can still commit changes below `last`.
    new = _Snapshot(registry, last, xmin, frozenset(a for a in applied if a[1] >= xmin), own)
    with _snapshot_lock:
        _snapshot = new
    return registry


def _registry_actor(actor: Actor, aliases: dict[int, list[str]]) -> RegistryActor:
    return RegistryActor(
        key=actor.pk,
        name=actor.name,
        kind=actor.kind,
        country=actor.country or None,
        aliases=tuple(aliases.get(actor.pk, ())),
    )


def _aliases_of(actor_ids: set[int] | None = None) -> dict[int, list[str]]:
    aliases: dict[int, list[str]] = {}
    rows = ActorAlias.objects.order_by("pk")
    if actor_ids is not None:
        rows = rows.filter(actor_id__in=actor_ids)
    for actor_id, alias in rows.values_list("actor_id", "alias"):
        aliases.setdefault(actor_id, []).append(alias)
    return aliases


def _registry_read() -> Registry:
    """The whole registry, in id order: where two actors claim one alias, the later wins."""
    aliases = _aliases_of()
    actors = tuple(
        _registry_actor(actor, aliases)
        for actor in Actor.objects.canonical().approved().only("pk", "name", "kind", "country").order_by("pk")
    )
    agreements = tuple(
        RegistryAgreement(key=pk, title=title, keys=tuple(keys or ()))
        for pk, title, keys in Agreement.objects.canonical()
        .approved()
        .order_by("pk")
        .values_list("pk", "title", "keys")
    )
    relationships = tuple(Relationship.objects.order_by("pk").values_list("country_a", "country_b"))
    return Registry(actors=actors, relationships=relationships, agreements=agreements)


def _registry_changed(registry: Registry, rows: list[tuple[Any, ...]]) -> Registry:
    """The registry with the logged objects read again: kept when they are canonical and
    approved, removed otherwise (pending, merged, rejected, deleted)."""
    ids: dict[str, set[int]] = {}
    for _, entity, object_id, _ in rows:
        ids.setdefault(entity, set()).add(object_id)
    actor_ids, agreement_ids = ids.get("actor", set()), ids.get("agreement", set())
    aliases = _aliases_of(actor_ids) if actor_ids else {}
    actors = [
        _registry_actor(actor, aliases)
        for actor in Actor.objects.canonical()
        .approved()
        .filter(pk__in=actor_ids)
        .only("pk", "name", "kind", "country")
        .order_by("pk")
    ]
    agreements = [
        RegistryAgreement(key=pk, title=title, keys=tuple(keys or ()))
        for pk, title, keys in Agreement.objects.canonical()
        .approved()
        .filter(pk__in=agreement_ids)
        .order_by("pk")
        .values_list("pk", "title", "keys")
    ]
    relationships = None
    if "relationship" in ids:
        relationships = tuple(Relationship.objects.order_by("pk").values_list("country_a", "country_b"))
    return registry.changed(
        actors=actors,
        removed_actors=actor_ids - {a.key for a in actors},
        agreements=agreements,
        removed_agreements=agreement_ids - {a.key for a in agreements},
        relationships=relationships,
    )


# --- Recording ----------------------------------------------------------------------


def record_extraction(*, article_id: int, force: bool = False) -> RecordResult:
    """Extract one article and record what it says as pending facts; safe to run twice.

    `force` re-reads an article already extracted (e.g. after the extractor improved): new
    facts are added, existing ones only gain evidence, and no decision is reset.
    """
    registry = registry_snapshot()
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.extraction_status == ExtractionStatus.DONE and not force:
            return RecordResult(skipped=True)
        if article.duplicate_of_id is not None:
            # A near-duplicate corroborates the first copy; it is not read again.
            article.extraction_status = ExtractionStatus.SKIPPED
            article.save(update_fields=["extraction_status"])
            return RecordResult(skipped=True)
        extraction = extract(
            article.text, published=article.published_on, registry=registry, title=article.title or None
        )
        result = _Recorder(article, extraction).record()
        article.extraction_status = ExtractionStatus.DONE
        article.extracted_at = timezone.now()
        article.extractor_version = EXTRACTOR_VERSION
        article.extraction_error = ""
        article.save(update_fields=["extraction_status", "extracted_at", "extractor_version", "extraction_error"])
    logger.info("Article %s extracted: created %s, linked %s", article_id, result.created, result.linked)
    return result


# A status change takes effect on a day, or in a month, the sentence states; a bare year
# ("in 2018") would read as 1 January, so it is left unknown like no date at all.
EFFECTIVE_PRECISIONS = frozenset({"day", "month"})


def sentence_effective_on(sentence: str, published: datetime.date | None) -> datetime.date | None:
    """When a status change reported in `sentence` took effect: the date the sentence itself
    states (read as the extractor reads an event's date, relative dates against `published`),
    else None, shown to editors as "date unknown". Never the article's date by default: an
    article of March reporting a 2018 signing would date the signing March."""
    stated = event_date(sentence, published)
    return stated.date if stated.precision in EFFECTIVE_PRECISIONS else None


def _request_history_user() -> Any:
    """The user django-simple-history would credit a save with: the request's, if signed in."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _create_with_history(model: type[_F], objs: list[_F], *, history_user: Any) -> list[_F]:
    """Insert new facts in one statement, with their creation history rows in one more.

    `bulk_create` sends no `post_save`, so the history rows a `save()` would have written
    are written here, credited to whom a `save()` would have credited them.
    """
    if not objs:
        return objs
    for obj in objs:
        obj._history_user = history_user  # type: ignore[attr-defined]  # simple_history reads it off the instance
    created: list[_F] = bulk_create_with_history(objs, model, default_change_reason=EXTRACTED)
    return created


def _untouched(fact: CuratedModel) -> bool:
    """Pending and never edited, reviewed or merged: recording may still refine how it reads.

    Every editor's write goes through a service that bumps `version`, so version 1 means no
    editor has touched the fact; a fact not saved yet (no pk) is this article's own.
    """
    if fact.pk is None:
        return True
    return (
        fact.review_status == ReviewStatus.PENDING
        and fact.version == 1
        and getattr(fact, "merged_into_id", None) is None
    )


# What recording may refine on an untouched fact when another reading of the same fact (the
# same identity: alias, agreement key, fingerprint) reads it differently, and the order that
# decides between two readings: the reading that ranks first wins, whichever article came
# first, so the fields end the same in every order. Each rank covers every field it decides.
def _actor_rank(values: dict[str, Any]) -> tuple[Any, ...]:
    return (values["country"] == "", values["country"], values["kind"])


def _agreement_rank(values: dict[str, Any]) -> tuple[Any, ...]:
    return (values["title"].casefold(), values["title"], values["sector"], tuple(values["keys"]))


def _observation_rank(values: dict[str, Any]) -> tuple[Any, ...]:
    start, end = values["period_start"], values["period_end"]
    return (
        values["qualifier"] == "",
        values["qualifier"],
        start is None,
        start or datetime.date.min,
        end is None,
        end or datetime.date.min,
    )


def _event_rank(values: dict[str, Any]) -> tuple[Any, ...]:
    return (values["title"].casefold(), values["title"], values["date_precision"])


_RANKS: dict[type[CuratedModel], tuple[tuple[str, ...], Callable[[dict[str, Any]], tuple[Any, ...]]]] = {
    Actor: (("kind", "country"), _actor_rank),
    Agreement: (("title", "sector", "keys"), _agreement_rank),
    MetricObservation: (("qualifier", "period_start", "period_end"), _observation_rank),
    Event: (("title", "date_precision"), _event_rank),
}


class _Recorder:
    """Records one extraction in a fixed number of statements per kind of fact.

    Lookups (actors by alias, agreements by key, facts by fingerprint) are batched per
    kind; new facts go in with one insert per model; evidence sentences are collected as
    they are needed and written at the end, with every fact-evidence link, in a few
    statements. Only new actors are created one by one (through `actor_create`, which
    validates them and picks a unique slug); an article names few unknown ones.
    """

    def __init__(self, article: Article, extraction: Extraction) -> None:
        self.article = article
        self.extraction = extraction
        self.result = RecordResult()
        self.actors_by_name: dict[str, Actor] = {}
        self.relationship: Relationship | None = None
        self._sentences: list[Sentence] | None = None
        self._sentence_starts: list[int] = []
        self.history_user = _request_history_user()
        # Read before: its facts may since have been merged by editors (see `_record_events`).
        self.rereading = article.extracted_at is not None
        # A revision (the newer text of a URL, `revision_of`) tells of the same undated events
        # as the text it replaced: they are known by the first version's id.
        self.identity_pk = _first_version_pk(article)
        # (start, end) -> [text, highest confidence asked for], in the order first asked.
        self._spans: dict[tuple[int, int], list[Any]] = {}
        # through model -> (fact field, other field) and the (fact id, other id or span) pairs to link.
        self._links: dict[type[Model], tuple[str, str, list[tuple[int, object]]]] = {}
        # model -> {pk: fact} whose fields another reading refined; written at the end.
        self._refined: dict[type[CuratedModel], dict[int, CuratedModel]] = {}

    @property
    def _relationship_pk(self) -> int:
        """The relationship whose facts are being recorded (`record` sets it before any fact)."""
        assert self.relationship is not None
        return self.relationship.pk

    def record(self) -> RecordResult:
        self._record_actors(self.extraction.actors)
        # Facts belong to a relationship: the article's, or their own when a sentence is about
        # another pair; an article about no pair yields actors only.
        for pair, (metrics, agreements, events) in self._facts_by_pair().items():
            self.relationship, _ = relationship_get_or_create(country_1=pair[0], country_2=pair[1])
            self._record_metrics(metrics)
            self._record_agreements(agreements)
            self._record_events(events)
        self._write_evidence_and_links()
        self._write_refinements()
        return self.result

    # Refinements ---------------------------------------------------------------------

    def _refine(self, fact: CuratedModel, reading: dict[str, Any]) -> None:
        """Give an untouched fact this reading's fields when this reading ranks first."""
        if not _untouched(fact):
            return
        fields, rank = _RANKS[type(fact)]
        current = {name: getattr(fact, name) for name in fields}
        if rank(reading) >= rank(current):
            return
        for name in fields:
            setattr(fact, name, reading[name])
        if fact.pk is not None:
            self._refined.setdefault(type(fact), {})[fact.pk] = fact

    def _write_refinements(self) -> None:
        for model, facts in self._refined.items():
            fields, _ = _RANKS[model]
            bulk_update_with_history(
                list(facts.values()),
                model,
                list(fields),
                default_user=self.history_user,
                default_change_reason=REREAD,
            )

    def _facts_by_pair(self) -> dict[tuple[str, str], tuple[list[Any], list[Any], list[Any]]]:
        extraction = self.extraction
        groups: dict[tuple[str, str], tuple[list[Any], list[Any], list[Any]]] = {}
        if extraction.relationship:
            groups[_pair(extraction.relationship)] = ([], [], [])  # the article's pair first
        kinds: tuple[Sequence[Any], ...] = (extraction.metrics, extraction.agreements, extraction.events)
        for position, facts in enumerate(kinds):
            for fact in facts:
                pair = fact.relationship or extraction.relationship
                if pair:
                    groups.setdefault(_pair(pair), ([], [], []))[position].append(fact)
        return groups

    # Evidence and links --------------------------------------------------------------

    def _evidence(self, span: Span, confidence: float) -> tuple[int, int]:
        """Ask for a sentence as evidence; it is written (or found) by `_write_evidence_and_links`."""
        key = (span.start, span.end)
        wanted = self._spans.get(key)
        if wanted is None:
            self._spans[key] = [span.text, confidence]
        elif confidence > wanted[1]:
            wanted[1] = confidence
        return key

    def _link(self, relation: Any, fact_id: int, others: Iterable[object]) -> None:
        """Queue rows of a many-to-many relation (e.g. `Event.actors`) from one fact."""
        through = relation.through
        field = relation.field
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        entry = self._links.setdefault(through, (source, target, []))
        entry[2].extend((fact_id, other) for other in others)

    def _write_evidence_and_links(self) -> None:
        evidence_ids: dict[tuple[int, int], int] = {}
        if self._spans:
            existing = {
                (e.start, e.end): e
                for e in Evidence.objects.filter(
                    article=self.article, extractor_name=EXTRACTOR_NAME, start__in={s for s, _ in self._spans}
                )
            }
            new: list[Evidence] = []
            raised: list[Evidence] = []
            for (start, end), (text, confidence) in self._spans.items():
                evidence = existing.get((start, end))
                if evidence is None:
                    evidence = Evidence(
                        article=self.article,
                        start=start,
                        end=end,
                        extractor_name=EXTRACTOR_NAME,
                        sentence=text,
                        extractor_version=EXTRACTOR_VERSION,
                        confidence=max(0.0, min(1.0, confidence)),
                    )
                    new.append(evidence)
                    existing[(start, end)] = evidence
                elif confidence > evidence.confidence:
                    # A stronger reading raises the confidence; a weaker one never lowers it.
                    evidence.confidence = min(1.0, confidence)
                    raised.append(evidence)
            Evidence.objects.bulk_create(new)
            if raised:
                Evidence.objects.bulk_update(raised, ["confidence"])
            evidence_ids = {key: evidence.pk for key, evidence in existing.items()}
        for through, (source, target, pairs) in self._links.items():
            rows: list[Model] = []
            seen: set[tuple[int, object]] = set()
            for fact_id, other in pairs:
                other_id = evidence_ids[other] if isinstance(other, tuple) else other
                if (fact_id, other_id) not in seen:
                    seen.add((fact_id, other_id))
                    rows.append(through(**{f"{source}_id": fact_id, f"{target}_id": other_id}))
            # Rows already there are left alone, as `.add()` would.
            through._default_manager.bulk_create(rows, ignore_conflicts=True)

    def _sentence_around(self, span: Span) -> Span:
        """The sentence that contains a mention: evidence is always a whole sentence."""
        if self._sentences is None:
            _, sentences = split_document(self.article.text)
            self._sentences = sentences
            self._sentence_starts = [s.start for s in sentences]
        index = bisect.bisect_right(self._sentence_starts, span.start) - 1
        if index >= 0:
            sentence = self._sentences[index]
            if sentence.start <= span.start and span.end <= sentence.end:
                return Span(sentence.text, sentence.start, sentence.end)
        return span

    # Actors --------------------------------------------------------------------------

    def _record_actors(self, candidates: list[ActorCandidate]) -> None:
        if not candidates:
            return
        keys = {str(c.registry_key) for c in candidates if c.registry_key is not None}
        self._actors_by_key = {str(a.pk): a for a in Actor.objects.filter(pk__in=keys)} if keys else {}
        normalized = {normalize_alias(c.name) for c in candidates}
        self._actors_by_alias = {
            hit.normalized: hit.actor
            for hit in ActorAlias.objects.filter(normalized__in=normalized).select_related("actor")
        }
        countries = {c.country for c in candidates if c.kind == Actor.Kind.COUNTRY and c.country}
        self._countries = {
            actor.country: actor
            for actor in Actor.objects.canonical().filter(kind=Actor.Kind.COUNTRY, country__in=countries)
        }
        for candidate in candidates:
            self._record_actor(candidate)

    def _record_actor(self, candidate: ActorCandidate) -> None:
        actor, created = self._actor_for(candidate)
        if actor is None:
            return
        self.actors_by_name[candidate.name] = actor
        self.result.count("actors", created)
        seen: set[tuple[int, int]] = set()
        for mention in candidate.mentions:
            sentence = self._sentence_around(mention)
            if (sentence.start, sentence.end) in seen:
                continue
            seen.add((sentence.start, sentence.end))
            self._link(Actor.evidence, actor.pk, [self._evidence(sentence, candidate.confidence)])
            if len(seen) >= ACTOR_EVIDENCE_PER_ARTICLE:
                break

    def _actor_for(self, candidate: ActorCandidate) -> tuple[Actor | None, bool]:
        if candidate.registry_key is not None:
            actor = self._actors_by_key.get(str(candidate.registry_key))
            if actor is not None:
                return actor_resolve(actor), False
        normalized = normalize_alias(candidate.name)
        hit = self._actors_by_alias.get(normalized)
        if hit is not None:
            actor = actor_resolve(hit)
            if Actor.Kind.COUNTRY not in (actor.kind, candidate.kind):
                # Articles disagree on what a name is ("President": a person, an office), or
                # only some say where it is from: the first-ranking reading wins.
                self._refine(actor, {"kind": candidate.kind, "country": (candidate.country or "").upper()})
            return actor, False
        if candidate.kind == Actor.Kind.COUNTRY:
            existing = self._countries.get(candidate.country)
            if existing is not None:
                actor_alias_add(actor=existing, alias=candidate.name)
                self._actors_by_alias[normalized] = existing
                return existing, False
        try:
            with transaction.atomic():
                actor = actor_create(
                    kind=candidate.kind,
                    name=candidate.name,
                    country=candidate.country or "",
                    # A country named by ISO 3166 needs no editor to exist; people and
                    # organizations found in text wait for review.
                    approved=candidate.kind == Actor.Kind.COUNTRY,
                    change_reason=EXTRACTED,
                )
        except ValueError as exc:
            logger.warning("Actor %r not recorded: %s", candidate.name, exc)
            return None, False
        # Later candidates of this article find it as they would find it in the database.
        self._actors_by_alias[normalized] = actor
        if actor.kind == Actor.Kind.COUNTRY:
            self._countries.setdefault(actor.country, actor)
        return actor, True

    def _actors(self, names: list[str]) -> list[Actor]:
        return [self.actors_by_name[name] for name in names if name in self.actors_by_name]

    # Metrics -------------------------------------------------------------------------

    def _record_metrics(self, candidates: list[MetricCandidate]) -> None:
        if not candidates:
            return
        names: dict[str, str] = {}
        for candidate in candidates:
            names.setdefault(slugify(candidate.name)[:300] or "metric", candidate.name[:300])
        metrics = {m.slug: m for m in Metric.objects.filter(slug__in=names)}
        for slug, name in names.items():
            if slug not in metrics:
                metrics[slug], _ = Metric.objects.get_or_create(slug=slug, defaults={"name": name})

        planned = []
        for candidate in candidates:
            metric = metrics[slugify(candidate.name)[:300] or "metric"]
            value = Decimal(candidate.value).quantize(Decimal("0.0001"))
            # One observation per stated figure: a second article reporting it corroborates it.
            fingerprint = observation_fingerprint(
                metric_id=metric.pk,
                relationship_id=self._relationship_pk,
                kind=candidate.kind,
                value=value,
                unit=candidate.unit,
                period=candidate.period,
            )
            planned.append((candidate, metric, value, fingerprint))
        found = {o.fingerprint: o for o in MetricObservation.objects.filter(fingerprint__in={p[3] for p in planned})}
        published = self.article.published_on
        if found and published:
            # The earliest report is when it became known.
            MetricObservation.objects.filter(pk__in=[o.pk for o in found.values()]).filter(
                Q(reported_on__isnull=True) | Q(reported_on__gt=published)
            ).update(reported_on=published)

        new, created = [], []
        for candidate, metric, value, fingerprint in planned:
            observation = found.get(fingerprint)
            created.append(observation is None)
            if observation is None:
                observation = found[fingerprint] = MetricObservation(
                    metric=metric,
                    relationship=self.relationship,
                    kind=candidate.kind,
                    value=value,
                    unit=candidate.unit[:50],
                    qualifier=(candidate.qualifier or "")[:50],
                    period_label=(candidate.period or "")[:100],
                    period_start=candidate.period_start,
                    period_end=candidate.period_end,
                    reported_on=published,
                    fingerprint=fingerprint,
                )
                new.append(observation)
            else:
                # Reports of one figure that differ in a qualifier or period bounds ("up to"):
                # the first-ranking reading wins, whichever article came first.
                self._refine(
                    observation,
                    {
                        "qualifier": (candidate.qualifier or "")[:50],
                        "period_start": candidate.period_start,
                        "period_end": candidate.period_end,
                    },
                )
        _create_with_history(MetricObservation, new, history_user=self.history_user)
        for (candidate, _, _, fingerprint), was_created in zip(planned, created, strict=True):
            evidence = self._evidence(candidate.evidence, candidate.confidence)
            self._link(MetricObservation.evidence, found[fingerprint].pk, [evidence])
            self.result.count("observations", was_created)

    # Agreements ----------------------------------------------------------------------

    def _record_agreements(self, candidates: list[AgreementCandidate]) -> None:
        if not candidates:
            return
        for candidate in candidates:
            if candidate.status not in AgreementStatus.values:
                raise ValueError(
                    f"Unknown agreement status {candidate.status!r}; "
                    f"expected one of {', '.join(AgreementStatus.values)}."
                )
        keys = {str(c.registry_key) for c in candidates if c.registry_key is not None}
        by_pk = {str(a.pk): a for a in Agreement.objects.filter(pk__in=keys)} if keys else {}
        slugs = [self._agreement_key(c) for c in candidates]
        # Merged agreements too: an agreement an editor merged away is found again under its
        # key and stands for its survivor; re-reading must not bring the merged one back.
        by_key: dict[str, Agreement] = {}
        for found in Agreement.objects.filter(relationship=self.relationship, key__in=set(slugs)).order_by("pk"):
            if found.merged_into_id is None:
                by_key[found.key] = found
            else:
                by_key.setdefault(found.key, _agreement_resolve(found))

        agreements, created, new = [], [], []
        for candidate, key in zip(candidates, slugs, strict=True):
            agreement = by_pk.get(str(candidate.registry_key)) if candidate.registry_key is not None else None
            if agreement is not None:
                agreement, was_created = _agreement_resolve(agreement), False
            elif key in by_key:
                agreement, was_created = by_key[key], False
                # Two readings of one agreement (the same key) name it differently: the
                # first-ranking title, sector and keys win, whichever article came first.
                self._refine(
                    agreement,
                    {"title": candidate.title[:500], "sector": candidate.sector, "keys": list(candidate.keys)},
                )
            else:
                agreement = by_key[key] = Agreement(
                    relationship=self.relationship,
                    title=candidate.title[:500],
                    key=key,
                    keys=list(candidate.keys),
                    sector=candidate.sector,
                )
                new.append(agreement)
                was_created = True
            agreements.append(agreement)
            created.append(was_created)
        _create_with_history(Agreement, new, history_user=self.history_user)

        # One status change per agreement, status and article: re-reading adds none.
        fingerprints = [
            fact_fingerprint("status", agreement.pk, candidate.status, self.article.pk)
            for candidate, agreement in zip(candidates, agreements, strict=True)
        ]
        # What this article already reported, by its natural identity too (agreement and
        # status): a merge moves an article's status change to the survivor under the
        # fingerprint it had, and re-reading must find it there.
        recorded: set[object] = set()
        for fingerprint, agreement_id, status in AgreementStatusChange.objects.filter(
            Q(fingerprint__in=set(fingerprints))
            | Q(agreement__in={a.pk for a in agreements}, evidence__article=self.article)
        ).values_list("fingerprint", "agreement_id", "status"):
            recorded.update((fingerprint, (agreement_id, status)))
        changes = []
        for candidate, agreement, was_created, fingerprint in zip(
            candidates, agreements, created, fingerprints, strict=True
        ):
            evidence = [self._evidence(candidate.evidence, candidate.confidence)]
            evidence += [self._evidence(span, candidate.confidence) for span in candidate.other_evidence]
            self._link(Agreement.evidence, agreement.pk, evidence)
            parties = self._actors(candidate.parties)
            if parties:
                self._link(Agreement.parties, agreement.pk, [a.pk for a in parties])
            self.result.count("agreements", was_created)
            if fingerprint not in recorded and (agreement.pk, candidate.status) not in recorded:
                recorded.update((fingerprint, (agreement.pk, candidate.status)))
                change = AgreementStatusChange(
                    agreement=agreement,
                    status=candidate.status,
                    effective_on=sentence_effective_on(candidate.evidence.text, self.article.published_on),
                    fingerprint=fingerprint,
                )
                changes.append((change, evidence[0]))
                self.result.count("status_changes", True)
        # As `agreement_status_record` does for an extracted (pending) change: no acting user.
        _create_with_history(AgreementStatusChange, [c for c, _ in changes], history_user=None)
        for change, first_evidence in changes:
            self._link(AgreementStatusChange.evidence, change.pk, [first_evidence])

    @staticmethod
    def _agreement_key(candidate: AgreementCandidate) -> str:
        return slugify(candidate.keys[0])[:200] if candidate.keys else slugify(candidate.title)[:200]

    # Events --------------------------------------------------------------------------

    def _record_events(self, candidates: list[EventCandidate]) -> None:
        if not candidates:
            return
        planned = []
        for candidate in candidates:
            actors = self._actors(candidate.actors)
            fingerprint = self._event_fingerprint(
                candidate.kind, candidate.date, [a.pk for a in actors], (candidate.place or "")[:300]
            )
            planned.append((candidate, actors, fingerprint))
        found = {e.fingerprint: e for e in Event.objects.filter(fingerprint__in={p[2] for p in planned})}
        # This article's events by what they are now: an actor merge moves an event to the
        # survivor under the fingerprint it had, and re-reading must find it there.
        if self.rereading:
            for known in Event.objects.filter(
                relationship=self.relationship, evidence__article=self.article
            ).prefetch_related("actors"):
                identity = self._event_fingerprint(
                    known.kind, known.date, [a.pk for a in known.actors.all()], known.place
                )
                found.setdefault(identity, known)
        new: list[tuple[Event, list[Actor]]] = []
        created: list[bool] = []
        for candidate, actors, fingerprint in planned:
            event = found.get(fingerprint)
            created.append(event is None)
            names = ", ".join(a.name for a in actors)
            reading = {
                "title": f"{candidate.kind.capitalize()}: {names}"[:500] if names else candidate.kind.capitalize(),
                "date_precision": candidate.date_precision,
            }
            if event is None:
                event = found[fingerprint] = Event(
                    relationship=self.relationship,
                    kind=candidate.kind,
                    date=candidate.date,
                    place=(candidate.place or "")[:300],
                    fingerprint=fingerprint,
                    **reading,
                )
                new.append((event, actors))
            else:
                # Reports list the actors in another order, or state the date less precisely:
                # the first-ranking reading wins, whichever article came first.
                self._refine(event, reading)
        _create_with_history(Event, [e for e, _ in new], history_user=self.history_user)
        for event, actors in new:
            self._link(Event.actors, event.pk, [a.pk for a in actors])
        for (candidate, _, fingerprint), was_created in zip(planned, created, strict=True):
            self._link(
                Event.evidence, found[fingerprint].pk, [self._evidence(candidate.evidence, candidate.confidence)]
            )
            self.result.count("events", was_created)

    def _event_fingerprint(self, kind: str, date: datetime.date | None, actor_ids: list[int], place: str) -> str:
        # A dated event is the same event whoever reports it; an undated one is only known to
        # be the same within one article.
        when = date.isoformat() if date else f"article:{self.identity_pk}"
        return fact_fingerprint("event", self._relationship_pk, kind, when, sorted(actor_ids), place)


def _pair(countries: Sequence[str]) -> tuple[str, str]:
    return cast("tuple[str, str]", tuple(countries))


def _first_version_pk(article: Article) -> int:
    """The id of the first stored text of this article's URL: itself (no query) unless it is a revision."""
    pk, earlier, seen = article.pk, article.revision_of_id, {article.pk}
    while earlier is not None and earlier not in seen:
        seen.add(earlier)
        pk = earlier
        earlier = Article.objects.filter(pk=pk).values_list("revision_of_id", flat=True).first()
    return pk


def _agreement_resolve(agreement: Agreement) -> Agreement:
    seen = set()
    while agreement.merged_into_id is not None and agreement.pk not in seen:
        seen.add(agreement.pk)
        agreement = cast(Agreement, agreement.merged_into)  # merged_into_id is set
    return agreement
