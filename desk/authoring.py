"""Reads for "a new fact from this sentence": what the form is pre-filled with, read from the
selected span with the extractor's own parsers (figures, dates), never new ones.

The pre-filled values are computed again when the form is saved, so that the correction log
records which fields the editor changed from them (what the extractor should have read).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from agreements.models import Agreement, AgreementStatus, Sector
from articles.extraction.dates import event_date
from articles.extraction.numbers import find_amounts
from articles.models import Article
from articles.services import sentence_bounds
from curated.recording import sentence_effective_on
from relations.models import Event, EventKind, MetricObservation, ObservationKind, Relationship

# The kinds a fact can be made from a sentence as, in the reader's order (registry keys).
SENTENCE_KINDS: dict[str, str] = {
    "agreement": "Agreement",
    "status_change": "Status change",
    "observation": "Observation",
    "event": "Event",
}

# The first of these words in the span names the event's kind (the editor corrects it).
_EVENT_CUES: tuple[tuple[str, str], ...] = (
    ("summit", EventKind.SUMMIT),
    ("visit", EventKind.VISIT),
    ("met ", EventKind.MEETING),
    ("meeting", EventKind.MEETING),
    ("talks", EventKind.MEETING),
    ("call", EventKind.CALL),
    ("spoke", EventKind.CALL),
    ("said", EventKind.STATEMENT),
    ("statement", EventKind.STATEMENT),
)
_STATUS_CUES: tuple[tuple[str, str], ...] = (
    ("completed", AgreementStatus.COMPLETED),
    ("delivered", AgreementStatus.COMPLETED),
    ("stalled", AgreementStatus.STALLED),
    ("suspended", AgreementStatus.STALLED),
    ("signed", AgreementStatus.AGREED),
    ("agreed", AgreementStatus.AGREED),
    ("negotiat", AgreementStatus.NEGOTIATING),
    ("talks", AgreementStatus.NEGOTIATING),
    ("under way", AgreementStatus.IN_PROGRESS),
    ("progress", AgreementStatus.IN_PROGRESS),
    ("propos", AgreementStatus.PROPOSED),
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class SentenceSelection:
    """What the editor selected: the span as given, and the whole sentence(s) around it."""

    article: Article
    start: int
    end: int
    sentence_start: int
    sentence_end: int

    @property
    def span_text(self) -> str:
        """The selected text, or the whole sentence for a click (an empty selection)."""
        selected = self.article.text[self.start : self.end].strip()
        return selected or self.sentence

    @property
    def sentence(self) -> str:
        return self.article.text[self.sentence_start : self.sentence_end]


def sentence_selection(article: Article, start: int, end: int) -> SentenceSelection:
    """ValueError, with a message for the editor, when the span is not inside the text."""
    sentence_start, sentence_end = sentence_bounds(article.text, start, end)
    return SentenceSelection(article, start, end, sentence_start, sentence_end)


def article_relationship(article: Article) -> Relationship | None:
    """The relationship the article's facts are about (the first found), else the primary one."""
    for model in (Event, MetricObservation, Agreement):
        found = model.objects.filter(evidence__article=article).values_list("relationship_id", flat=True).first()
        if found is not None:
            return Relationship.objects.filter(pk=found).first()
    pair = settings.PRIMARY_RELATIONSHIP
    primary = Relationship.objects.for_pair(*pair).first() if len(pair) == 2 else None
    return primary or Relationship.objects.first()


def _first_cue(text: str, cues: tuple[tuple[str, str], ...], default: str) -> str:
    lower = text.lower()
    return next((value for word, value in cues if word in lower), default)


def prefill(kind: str, selection: SentenceSelection, relationship: Relationship | None) -> dict[str, Any]:
    """The form's initial values for a fact of `kind` read from the selection."""
    span, sentence = selection.span_text, selection.sentence
    published: datetime.date | None = selection.article.published_on
    if kind == "agreement":
        return {"relationship": relationship, "title": span[:500], "sector": Sector.OTHER}
    if kind == "status_change":
        # The sentence's own date or none: never the article's date unflagged.
        return {
            "status": _first_cue(sentence, _STATUS_CUES, AgreementStatus.PROPOSED),
            "effective_on": sentence_effective_on(sentence, published),
        }
    if kind == "observation":
        amounts = find_amounts(span) or find_amounts(sentence)
        year = _YEAR.search(sentence)
        values: dict[str, Any] = {
            "relationship": relationship,
            "kind": ObservationKind.ACTUAL,
            "period_label": year.group(0) if year else "",
            # A year the sentence names is the period (the dashboard charts dated periods only).
            "period_start": datetime.date(int(year.group(0)), 1, 1) if year else None,
            "period_end": datetime.date(int(year.group(0)), 12, 31) if year else None,
            "reported_on": published,
        }
        if amounts:
            amount = amounts[0]
            values.update(value=amount.value, unit=amount.currency or "", qualifier=amount.qualifier or "")
        return values
    if kind == "event":
        stated = event_date(sentence, published)
        return {
            "relationship": relationship,
            "kind": _first_cue(span, _EVENT_CUES, EventKind.OTHER),
            "title": span[:500],
            "date": stated.date,
            "date_precision": stated.precision if stated.date else "unknown",
        }
    raise ValueError(f"Unknown kind {kind!r}; choose one of {', '.join(SENTENCE_KINDS)}.")
