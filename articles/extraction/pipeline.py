"""extract(): text + registry snapshot -> candidates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from .actors import ActorIndex, find_actors
from .agreements import read_agreements
from .candidates import ActorCandidate, AgreementCandidate, EventCandidate, Extraction, MetricCandidate, Span
from .currencies import CURRENCIES, SHARED_SIGNS
from .document import Document, read_document
from .events import name_participants, read_events
from .learned import metric_model, read_metrics_again
from .metrics import read_metrics
from .proposals import SentenceContext, SentenceModels, propose, sentence_contexts, sentence_models
from .registry import Registry, default_registry
from .relationship import detect_pair, in_scope, sentence_countries
from .sentences import Sentence

EXTRACTOR_NAME = "rules"
EXTRACTOR_VERSION = "1.3.0"

# The currency a shared sign ("¥") means in a story about this country.
_CURRENCY_HINT = {country: code for meant in SHARED_SIGNS.values() for country, code in meant.items()}


# Each currency's own signs, as whole signs: "S$" is Singapore's, but not inside "US$".
_OWN_SIGNS = {
    c.code: re.compile(r"(?<![A-Za-z.])(?:" + "|".join(map(re.escape, c.signs)) + ")") for c in CURRENCIES if c.signs
}


def _currency_hint(pair: tuple[str, ...] | list[str] | None, text: str) -> str | None:
    """The currency a shared sign means in a story of this pair. "$" is the US dollar wherever the
    United States is one side, and in a story that writes the other dollar with its own sign
    ("A$10 billion ($6.5 billion)": the bare sign is the US dollar beside it)."""
    countries = tuple(pair or ())
    for country in countries:
        code = _CURRENCY_HINT.get(country)
        if code is None:
            continue
        if code in SHARED_SIGNS["$"].values() and (
            "US" in countries or (code in _OWN_SIGNS and _OWN_SIGNS[code].search(text) is not None)
        ):
            continue
        return code
    return None


def extract(
    text: str,
    *,
    published: dt.date | None = None,
    registry: Registry | None = None,
    title: str | None = None,
    models: SentenceModels | bool | None = True,
) -> Extraction:
    """``models``: the learned sentence models that propose what the rules missed; True for the
    shipped ones and the shipped metric model (none where no file is shipped), False or None for
    the rules alone."""
    reading = read_with_rules(text, published=published, registry=registry, title=title)
    if models is True:
        reading.extraction.metrics = read_metrics_again(
            reading.extraction.metrics, reading.extraction.published, metric_model()
        )
    extraction = with_proposals(reading, sentence_models() if models is True else models or None)
    name_participants(extraction.events, extraction.actors)
    return extraction


@dataclass
class RulesReading:
    """The rules' facts, and what they know of each sentence they read from: what the learned
    sentence models read, in the engine and when they are trained (train_extraction --sentences)."""

    extraction: Extraction
    document: Document
    contexts: list[SentenceContext]
    pair_names: list[str]


def with_proposals(reading: RulesReading, models: SentenceModels | None) -> Extraction:
    """The rules' facts with what the models propose where the rules read none."""
    extraction = reading.extraction
    agreements, events = propose(
        reading.document,
        reading.contexts,
        models,
        reading.pair_names,
        extraction.agreements,
        extraction.events,
        extraction.published,
    )
    if not agreements and not events:
        return extraction
    return replace(
        extraction,
        agreements=sorted([*extraction.agreements, *agreements], key=lambda fact: fact.evidence.start),
        events=sorted([*extraction.events, *events], key=lambda fact: fact.evidence.start),
    )


def read_with_rules(
    text: str,
    *,
    published: dt.date | None = None,
    registry: Registry | None = None,
    title: str | None = None,
) -> RulesReading:
    registry = registry or default_registry()
    matcher = registry.matcher()
    found_title, found_published = read_document(text)
    title = title if title is not None else found_title
    published = published if published is not None else found_published

    document = Document.parse(text)
    index = find_actors(document, matcher)
    pair = detect_pair(document.sentences, index, registry.relationships)
    scoped = [s for s in document.sentences if in_scope(s, index, pair)]
    pair_names = _pair_names(index, pair)

    currency_hint = _currency_hint(pair, document.text)
    agreements = read_agreements(document, scoped, matcher, index, pair_names)
    metrics = [
        m
        for m in read_metrics(document, scoped, published, currency_hint)
        if not _one_country(m.evidence, document, index, pair) and not _many_countries(m)
    ]
    triggers: dict[int, dict[str, str]] = {}
    events = read_events(document, scoped, index, published, pair_names, triggers)
    contexts = sentence_contexts(scoped, index, pair_names, agreements, events, triggers)
    # Facts about a second pair in the same article are facts too, under their own relationship.
    for other, sentences in _other_pairs(document, index, pair, {s.index for s in scoped}).items():
        names = _pair_names(index, other)
        hint = _currency_hint(other, document.text)
        other_facts: tuple[AgreementCandidate | MetricCandidate | EventCandidate, ...] = (
            *read_agreements(document, sentences, matcher, index, names),
            *read_metrics(document, sentences, published, hint),
            *read_events(document, sentences, index, published, names, document_pair=False),
        )
        for fact in other_facts:
            fact.relationship = other
            by_type: dict[type, list[Any]] = {
                AgreementCandidate: agreements,
                MetricCandidate: metrics,
                EventCandidate: events,
            }
            by_type[type(fact)].append(fact)
    for facts in (agreements, metrics, events):
        facts.sort(key=lambda fact: fact.evidence.start)
    actors = [
        ActorCandidate(
            name=a.name,
            kind=a.kind,
            country=a.country,
            registry_key=a.key,
            mentions=[Span(text[s:e], s, e) for s, e in a.mentions],
            confidence=a.confidence,
        )
        for a in index.actors
    ]
    extraction = Extraction(
        title=title,
        published=published,
        relationship=pair,
        actors=actors,
        agreements=agreements,
        metrics=metrics,
        events=events,
    )
    return RulesReading(extraction, document, contexts, pair_names)


def _other_pairs(
    document: Document, index: ActorIndex, pair: tuple[str, str] | None, read: set[int]
) -> dict[tuple[str, str], list[Sentence]]:
    """Body sentences about exactly one other pair of countries, both named ("India and Russia
    signed ..." in an India-Japan story), by that pair."""
    if pair is None:
        return {}
    found: dict[tuple[str, str], list[Sentence]] = {}
    for sentence in document.sentences:
        if not sentence.is_fact_source or sentence.index in read:
            continue
        codes = sentence_countries(sentence, index)
        if len(codes) != 2 or codes == set(pair):
            continue
        found.setdefault(tuple(sorted(codes)), []).append(sentence)  # type: ignore[arg-type]
    return found


# "India plans to add 64 gigawatts to its power-generating capacity": one country about itself.
_ITS_OWN = re.compile(
    r"\bits (?:[a-z\-]+ ){0,2}?(?:own|domestic|total|overall|power|power-generating|energy|military|defen[cs]e|"
    r"armed|economy|gdp|national|nuclear|installed)\b"
    # "Overall Indian coal imports ... were 23.8m tonnes": a country's trade with the world
    r"|\b(?:overall|total)\s+(?:[a-z]+\s+){0,3}(?:imports|exports)\b(?!\s+(?:to|from|of)\b)"
    # "India is the world's eighth-largest importer of LNG": a country measured against the world
    r"|\bworld['’]s\s+(?:[a-z]+-)?(?:largest|biggest|top)\s+(?:[a-z]+\s+)?(?:importer|exporter|consumer|producer|buyer)",
    re.IGNORECASE,
)


# "India ... plans to reach a nuclear power capacity of 63,000 megawatts": a country's own
# capacity, when no joint project or deal is named with it.
_NATIONAL_CAPACITY = re.compile(r"\b(?:power|generating|generation|installed|nuclear|energy) capacity\b", re.IGNORECASE)
_JOINT_WORK = re.compile(
    r"\b(?:project|plant|unit|reactor|deal|agreement|contract|pact|joint|build|built|supply|supplied)s?\b",
    re.IGNORECASE,
)


def _one_country(evidence: Span, document: Document, index: ActorIndex, pair: tuple[str, str] | None) -> bool:
    """A figure of one country of the pair about itself is no figure of the relationship (the guideline)."""
    if pair is None:
        return False
    own = _ITS_OWN.search(evidence.text) or (
        _NATIONAL_CAPACITY.search(evidence.text) and not _JOINT_WORK.search(evidence.text)
    )
    if not own:
        return False
    sentence = next(s for s in document.sentences if s.start == evidence.start)
    codes = sentence_countries(sentence, index)
    # ("Overall fertiliser imports increased 82%": no country named, the article's country's own)
    return not codes or (len(codes) == 1 and bool(codes & set(pair)))


# "92 Special Rupee Vostro Accounts of partner banks from 22 countries": a figure of many countries.
_MANY_COUNTRIES = re.compile(
    r"\b(?:from|of|in|with|across|among)\s+(?:\d{1,3}|three|four|five|six|seven|eight|nine|ten|several|many|dozens of)"
    r"\s+(?:other\s+|partner\s+|foreign\s+)?(?:countries|nations|states)\b",
    re.IGNORECASE,
)


def _many_countries(metric: MetricCandidate) -> bool:
    clause = metric.reading.clause.text if metric.reading is not None else metric.evidence.text
    return _MANY_COUNTRIES.search(clause) is not None


def _pair_names(index: ActorIndex, pair: tuple[str, str] | None) -> list[str]:
    if pair is None:
        return []
    names = {a.country: a.name for a in index.actors if a.kind == "country"}
    return [names[code] for code in pair if code in names]
