"""The candidate types the engine returns (the shapes of the extraction contract)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple


class Span(NamedTuple):  # made for every mention and every piece of evidence
    text: str
    start: int
    end: int


@dataclass
class ActorCandidate:
    name: str
    kind: str
    country: str | None
    registry_key: str | int | None
    mentions: list[Span]
    confidence: float


@dataclass
class AgreementCandidate:
    title: str
    keys: list[str]
    sector: str
    status: str
    parties: list[str]
    evidence: Span
    other_evidence: list[Span]
    registry_key: str | int | None
    confidence: float
    # Set only on a fact about another pair than the article's ("India and Russia ..." in an
    # India-Japan story); None means the article's pair.
    relationship: tuple[str, str] | None = None


@dataclass(frozen=True)
class MetricReading:
    """How the rules read a figure: what a learned layer needs to read it again (learned.py)."""

    figure: Span  # the amount as written ("$4.5 billion", "two squadrons")
    clause: Span  # the part of the sentence the figure stands in
    counted: bool  # a count of things, not money
    cue: str  # the rule that decided the kind ("goal", "value_before", "past_period", ...)

    def follow(self, leader: MetricReading | None, why: str) -> MetricReading:
        """The kind was taken from an earlier figure ("$350 billion, of which $200 billion")."""
        cue = f"{why}:{leader.cue}" if leader is not None else why
        return MetricReading(self.figure, self.clause, self.counted, cue)


@dataclass
class MetricCandidate:
    name: str
    kind: str
    value: Decimal
    unit: str
    period: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    qualifier: str | None
    evidence: Span
    confidence: float
    # Set only on a fact about another pair than the article's ("India and Russia ..." in an
    # India-Japan story); None means the article's pair.
    relationship: tuple[str, str] | None = None
    reading: MetricReading | None = field(default=None, repr=False, compare=False)


@dataclass
class EventCandidate:
    kind: str
    actors: list[str]
    place: str | None
    date: dt.date | None
    date_precision: str
    evidence: Span
    confidence: float
    # Set only on a fact about another pair than the article's ("India and Russia ..." in an
    # India-Japan story); None means the article's pair.
    relationship: tuple[str, str] | None = None


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class Extraction:
    title: str | None
    published: dt.date | None
    relationship: tuple[str, str] | None
    actors: list[ActorCandidate] = field(default_factory=list)
    agreements: list[AgreementCandidate] = field(default_factory=list)
    metrics: list[MetricCandidate] = field(default_factory=list)
    events: list[EventCandidate] = field(default_factory=list)

    def to_contract(self, document: str) -> dict[str, Any]:
        """The JSON object of contracts/extraction.md for this reading; a fact about another pair
        than the article's carries its own "relationship"."""

        def pair(fact: AgreementCandidate | MetricCandidate | EventCandidate) -> dict[str, Any]:
            if fact.relationship is None or fact.relationship == self.relationship:
                return {}
            return {"relationship": list(fact.relationship)}

        return {
            "document": document,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "relationship": list(self.relationship) if self.relationship else None,
            "actors": [{"name": a.name, "kind": a.kind, "country": a.country} for a in self.actors],
            "agreements": [
                {"title": a.title, "sector": a.sector, "status": a.status, "evidence": a.evidence.text, **pair(a)}
                for a in self.agreements
            ],
            "metrics": [
                {
                    "name": m.name,
                    "kind": m.kind,
                    "value": _number(m.value),
                    "unit": m.unit,
                    "period": m.period,
                    "evidence": m.evidence.text,
                    **pair(m),
                }
                for m in self.metrics
            ],
            "events": [
                {
                    "kind": e.kind,
                    "actors": list(e.actors),
                    "place": e.place,
                    "date": _stated(e.date, e.date_precision),
                    "evidence": e.evidence.text,
                    **pair(e),
                }
                for e in self.events
            ],
        }


def _stated(date: dt.date | None, precision: str) -> str | None:
    """A date as precise as the text states it: "2025-09-16", "2025-11", "2026"."""
    if date is None:
        return None
    return {"month": date.isoformat()[:7], "year": date.isoformat()[:4]}.get(precision, date.isoformat())
