"""Facts as sets of natural keys (titles, kinds, values, evidence sentences), never ids.

Two recordings are the same when these sets are equal, whatever ids, slugs or creation
order the rows got.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from agreements.models import Agreement, AgreementStatusChange
from articles.models import Article, Evidence
from articles.services import article_store
from relations.models import Actor, ActorAlias, Event, MetricObservation

CORPUS = Path(__file__).resolve().parents[1] / "extraction" / "corpus"


def corpus_article(name: str) -> tuple[str, str, datetime.date | None]:
    """(text, title, published) of a real corpus article, the title and date from its gold."""
    for folder in sorted(CORPUS.iterdir()):
        path = folder / "articles" / f"{name}.txt"
        if path.exists():
            gold_path = folder / "gold" / f"{name}.json"
            gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.exists() else {}
            published = gold.get("published")
            return (
                path.read_text(encoding="utf-8"),
                gold.get("title") or "",
                datetime.date.fromisoformat(published) if published else None,
            )
    raise FileNotFoundError(name)


def store_corpus_articles(names: list[str]) -> list[Article]:
    articles = []
    for name in names:
        text, title, published = corpus_article(name)
        articles.append(article_store(text=text, title=title, published_on=published).article)
    return articles


def _evidence(fact) -> frozenset:
    return frozenset((e.article.content_hash[:12], e.sentence) for e in fact.evidence.all())


def _pair(relationship) -> str:
    return f"{relationship.country_a}-{relationship.country_b}" if relationship else ""


def fact_set() -> dict[str, set]:
    """Every fact recording writes, by natural key, with its review state and evidence."""
    actors = {
        (a.name, a.kind, a.country, a.review_status, a.merged_into.name if a.merged_into else "", _evidence(a))
        for a in Actor.objects.select_related("merged_into").prefetch_related("evidence__article")
    }
    aliases = {(alias.actor.name, alias.normalized) for alias in ActorAlias.objects.select_related("actor")}
    agreements = {
        (
            _pair(a.relationship),
            a.title,
            a.key,
            tuple(sorted(a.keys)),
            a.sector,
            a.review_status,
            a.merged_into.title if a.merged_into else "",
            frozenset(p.name for p in a.parties.all()),
            _evidence(a),
        )
        for a in Agreement.objects.select_related("relationship", "merged_into").prefetch_related(
            "parties", "evidence__article"
        )
    }
    changes = {
        (c.agreement.key, c.agreement.title, c.status, c.effective_on, c.review_status, _evidence(c))
        for c in AgreementStatusChange.objects.select_related("agreement").prefetch_related("evidence__article")
    }
    observations = {
        (
            _pair(o.relationship),
            o.metric.name,
            o.kind,
            o.value,
            o.unit,
            o.qualifier,
            o.period_label,
            o.period_start,
            o.period_end,
            o.reported_on,
            o.review_status,
            _evidence(o),
        )
        for o in MetricObservation.objects.select_related("metric", "relationship").prefetch_related(
            "evidence__article"
        )
    }
    events = {
        (
            _pair(e.relationship),
            e.kind,
            e.title,
            e.date,
            e.date_precision,
            e.place,
            e.review_status,
            frozenset(a.name for a in e.actors.all()),
            _evidence(e),
        )
        for e in Event.objects.select_related("relationship").prefetch_related("actors", "evidence__article")
    }
    evidence = {
        (e.article.content_hash[:12], e.start, e.end, e.sentence, e.confidence)
        for e in Evidence.objects.select_related("article")
    }
    return {
        "actors": actors,
        "aliases": aliases,
        "agreements": agreements,
        "status changes": changes,
        "observations": observations,
        "events": events,
        "evidence": evidence,
    }


def row_counts() -> dict[str, int]:
    """How many rows of each kind exist: a re-reading that adds none leaves these alone."""
    return {
        "actors": Actor.objects.count(),
        "aliases": ActorAlias.objects.count(),
        "agreements": Agreement.objects.count(),
        "status changes": AgreementStatusChange.objects.count(),
        "observations": MetricObservation.objects.count(),
        "events": Event.objects.count(),
        "evidence": Evidence.objects.count(),
        **{
            f"{model.__name__} evidence links": model.evidence.through.objects.count()
            for model in (Actor, Agreement, AgreementStatusChange, MetricObservation, Event)
        },
        "event actors": Event.actors.through.objects.count(),
        "agreement parties": Agreement.parties.through.objects.count(),
    }


def differences(first: dict[str, set], second: dict[str, set]) -> dict[str, dict[str, list]]:
    """What one fact set has that the other lacks, kind by kind (empty when they are equal)."""
    found = {}
    for kind in first:
        only_first, only_second = first[kind] - second[kind], second[kind] - first[kind]
        if only_first or only_second:
            found[kind] = {
                "only in the first": sorted(map(repr, only_first)),
                "only in the second": sorted(map(repr, only_second)),
            }
    return found
