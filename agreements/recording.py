"""Turn an article's extraction into pending facts linked to the registry.

This is the "record" step of the flow: it lives in the top app because it writes actors,
events and observations (relations) and agreements (here). Ingestion calls it through
`settings.EXTRACTION_RECORDER`, so `articles` never imports the apps above it.

Every write is idempotent: a fact is found again by its natural identity (an alias, an
agreement key, a fingerprint) and only gains evidence; its review state is never touched,
so re-running extraction never undoes an editor's decision. The article is marked
extracted in the same transaction as its facts.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from threading import Lock

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

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
from articles.extraction.sentences import split_document
from articles.models import Article, Evidence, ExtractionStatus
from relations.curation import ReviewStatus
from relations.models import Actor, ActorAlias, Event, Metric, MetricObservation, Relationship
from relations.services import actor_alias_add, actor_create, actor_resolve, normalize_alias, relationship_get_or_create

from .models import Agreement, AgreementStatusChange
from .services import agreement_status_record

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

_snapshot_lock = Lock()
_snapshot: tuple[tuple, Registry] | None = None


def _registry_stamp() -> tuple:
    """Changes whenever an actor, alias or agreement is added or edited."""
    return (
        Actor.objects.aggregate(m=Max("updated_at"))["m"],
        ActorAlias.objects.aggregate(m=Max("id"))["m"],
        ActorAlias.objects.count(),
        Agreement.objects.aggregate(m=Max("updated_at"))["m"],
        Relationship.objects.aggregate(m=Max("id"))["m"],
    )


def registry_snapshot() -> Registry:
    """The registry as the extractor sees it, rebuilt only when the database's registry changed.

    Compiling the alias matcher is the costly part, so one snapshot serves every article
    until an actor, alias or agreement changes.
    """
    global _snapshot
    stamp = _registry_stamp()
    with _snapshot_lock:
        if _snapshot is not None and _snapshot[0] == stamp:
            return _snapshot[1]
    aliases: dict[int, list[str]] = {}
    for actor_id, alias in ActorAlias.objects.values_list("actor_id", "alias"):
        aliases.setdefault(actor_id, []).append(alias)
    actors = tuple(
        RegistryActor(
            key=actor.pk,
            name=actor.name,
            kind=actor.kind,
            country=actor.country or None,
            aliases=tuple(aliases.get(actor.pk, ())),
        )
        # Rejected actors stay out: an editor said they are not real.
        for actor in Actor.objects.canonical()
        .exclude(review_status=ReviewStatus.REJECTED)
        .only("pk", "name", "kind", "country")
    )
    agreements = tuple(
        RegistryAgreement(key=pk, title=title, keys=tuple(keys or ()))
        for pk, title, keys in Agreement.objects.canonical()
        .exclude(review_status=ReviewStatus.REJECTED)
        .values_list("pk", "title", "keys")
    )
    relationships = tuple(Relationship.objects.values_list("country_a", "country_b"))
    registry = Registry(actors=actors, relationships=relationships, agreements=agreements)
    with _snapshot_lock:
        _snapshot = (stamp, registry)
    return registry


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


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


class _Recorder:
    def __init__(self, article: Article, extraction: Extraction) -> None:
        self.article = article
        self.extraction = extraction
        self.result = RecordResult()
        self.actors_by_name: dict[str, Actor] = {}
        self.relationship: Relationship | None = None
        self._sentences = None

    def record(self) -> RecordResult:
        if self.extraction.relationship:
            self.relationship, _ = relationship_get_or_create(
                country_1=self.extraction.relationship[0], country_2=self.extraction.relationship[1]
            )
        for candidate in self.extraction.actors:
            self._record_actor(candidate)
        if self.relationship is None:
            # Facts belong to a relationship; an article about no pair yields actors only.
            return self.result
        for candidate in self.extraction.metrics:
            self._record_metric(candidate)
        for candidate in self.extraction.agreements:
            self._record_agreement(candidate)
        for candidate in self.extraction.events:
            self._record_event(candidate)
        return self.result

    # Evidence ------------------------------------------------------------------------

    def _evidence(self, span: Span, confidence: float):
        evidence, created = Evidence.objects.get_or_create(
            article=self.article,
            start=span.start,
            end=span.end,
            extractor_name=EXTRACTOR_NAME,
            defaults={
                "sentence": span.text,
                "extractor_version": EXTRACTOR_VERSION,
                "confidence": max(0.0, min(1.0, confidence)),
            },
        )
        if not created and confidence > evidence.confidence:
            evidence.confidence = min(1.0, confidence)
            evidence.save(update_fields=["confidence"])
        return evidence

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
            actor.evidence.add(self._evidence(sentence, candidate.confidence))
            if len(seen) >= ACTOR_EVIDENCE_PER_ARTICLE:
                break

    def _actor_for(self, candidate: ActorCandidate) -> tuple[Actor | None, bool]:
        if candidate.registry_key is not None:
            actor = Actor.objects.filter(pk=candidate.registry_key).first()
            if actor is not None:
                return actor_resolve(actor), False
        hit = ActorAlias.objects.filter(normalized=normalize_alias(candidate.name)).select_related("actor").first()
        if hit is not None:
            return actor_resolve(hit.actor), False
        if candidate.kind == Actor.Kind.COUNTRY:
            existing = Actor.objects.canonical().filter(kind=Actor.Kind.COUNTRY, country=candidate.country).first()
            if existing is not None:
                actor_alias_add(actor=existing, alias=candidate.name)
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
                )
        except ValueError as exc:
            logger.warning("Actor %r not recorded: %s", candidate.name, exc)
            return None, False
        return actor, True

    def _actors(self, names: list[str]) -> list[Actor]:
        return [self.actors_by_name[name] for name in names if name in self.actors_by_name]

    # Metrics -------------------------------------------------------------------------

    def _record_metric(self, candidate: MetricCandidate) -> None:
        metric_slug = slugify(candidate.name)[:300] or "metric"
        metric, _ = Metric.objects.get_or_create(slug=metric_slug, defaults={"name": candidate.name[:300]})
        value = Decimal(candidate.value).quantize(Decimal("0.0001"))
        # One observation per stated figure: a second article reporting it corroborates it.
        fingerprint = _fingerprint(
            "observation", self.relationship.pk, metric.pk, candidate.kind, value, candidate.unit, candidate.period
        )
        observation = MetricObservation.objects.filter(fingerprint=fingerprint).first()
        created = observation is None
        if created:
            observation = MetricObservation.objects.create(
                metric=metric,
                relationship=self.relationship,
                kind=candidate.kind,
                value=value,
                unit=candidate.unit[:50],
                qualifier=(candidate.qualifier or "")[:50],
                period_label=(candidate.period or "")[:100],
                period_start=candidate.period_start,
                period_end=candidate.period_end,
                reported_on=self.article.published_on,
                fingerprint=fingerprint,
            )
        elif self.article.published_on and (
            observation.reported_on is None or self.article.published_on < observation.reported_on
        ):
            # The earliest report is when it became known.
            MetricObservation.objects.filter(pk=observation.pk).update(reported_on=self.article.published_on)
        observation.evidence.add(self._evidence(candidate.evidence, candidate.confidence))
        self.result.count("observations", created)

    # Agreements ----------------------------------------------------------------------

    def _record_agreement(self, candidate: AgreementCandidate) -> None:
        agreement, created = self._agreement_for(candidate)
        evidence = [self._evidence(candidate.evidence, candidate.confidence)]
        evidence += [self._evidence(span, candidate.confidence) for span in candidate.other_evidence]
        agreement.evidence.add(*evidence)
        parties = self._actors(candidate.parties)
        if parties:
            agreement.parties.add(*parties)
        self.result.count("agreements", created)
        fingerprint = _fingerprint("status", agreement.pk, candidate.status, self.article.pk)
        if not AgreementStatusChange.objects.filter(fingerprint=fingerprint).exists():
            agreement_status_record(
                agreement=agreement,
                status=candidate.status,
                evidence=evidence[:1],
                effective_on=self.article.published_on,
                fingerprint=fingerprint,
            )
            self.result.count("status_changes", True)

    def _agreement_for(self, candidate: AgreementCandidate) -> tuple[Agreement, bool]:
        if candidate.registry_key is not None:
            agreement = Agreement.objects.filter(pk=candidate.registry_key).first()
            if agreement is not None:
                return _agreement_resolve(agreement), False
        key = slugify(candidate.keys[0])[:200] if candidate.keys else slugify(candidate.title)[:200]
        existing = Agreement.objects.canonical().filter(relationship=self.relationship, key=key).first()
        if existing is not None:
            return existing, False
        agreement = Agreement.objects.create(
            relationship=self.relationship,
            title=candidate.title[:500],
            key=key,
            keys=list(candidate.keys),
            sector=candidate.sector,
        )
        return agreement, True

    # Events --------------------------------------------------------------------------

    def _record_event(self, candidate: EventCandidate) -> None:
        actors = self._actors(candidate.actors)
        # A dated event is the same event whoever reports it; an undated one is only
        # known to be the same within one article.
        when = candidate.date.isoformat() if candidate.date else f"article:{self.article.pk}"
        fingerprint = _fingerprint(
            "event", self.relationship.pk, candidate.kind, when, sorted(a.pk for a in actors), candidate.place or ""
        )
        event = Event.objects.filter(fingerprint=fingerprint).first()
        created = event is None
        if created:
            names = ", ".join(a.name for a in actors)
            event = Event.objects.create(
                relationship=self.relationship,
                kind=candidate.kind,
                title=f"{candidate.kind.capitalize()}: {names}"[:500] if names else candidate.kind.capitalize(),
                date=candidate.date,
                date_precision=candidate.date_precision,
                place=(candidate.place or "")[:300],
                fingerprint=fingerprint,
            )
            event.actors.add(*actors)
        event.evidence.add(self._evidence(candidate.evidence, candidate.confidence))
        self.result.count("events", created)


def _agreement_resolve(agreement: Agreement) -> Agreement:
    seen = set()
    while agreement.merged_into_id is not None and agreement.pk not in seen:
        seen.add(agreement.pk)
        agreement = agreement.merged_into
    return agreement
