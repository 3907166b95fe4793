"""Which pair of countries an article is about, and which sentences are about that pair."""

from __future__ import annotations

import re
from itertools import combinations

from .actors import ActorIndex
from .sentences import Sentence


def sentence_countries(sentence: Sentence, index: ActorIndex) -> frozenset[str]:
    """Countries a sentence names, directly or through its people and capitals."""
    return index.countries_in(sentence.start, sentence.end)


_KNOWN_WEIGHT = 2.0  # how much the pair the instance follows counts (detect_pair)


def detect_pair(
    sentences: list[Sentence], index: ActorIndex, known_pairs: tuple[tuple[str, str], ...] = ()
) -> tuple[str, str] | None:
    counts: dict[str, int] = {}  # in first-seen order, which breaks ties
    together: dict[tuple[str, str], int] = {}
    body_seen = 0
    index.note_countries([(s.start, s.end) for s in sentences])
    for sentence in sentences:
        if sentence.kind not in ("title", "body", "heading"):
            continue
        codes = sentence_countries(sentence, index)
        if sentence.kind == "title":
            weight = 3
        elif sentence.kind == "body" and body_seen < 3:
            weight = 2  # the lead says what the story is about
        else:
            weight = 1
        if sentence.kind == "body":
            body_seen += 1
        for code in codes:
            counts[code] = counts.get(code, 0) + weight
        for pair in combinations(sorted(codes), 2):
            together[pair] = together.get(pair, 0) + weight
    candidates = set(together)
    top = sorted(counts, key=counts.__getitem__, reverse=True)[:2]  # a stable sort: ties stay first-seen
    if len(top) == 2:
        candidates.add(tuple(sorted(top)))  # type: ignore[arg-type]
    if not candidates:
        return None
    known = {tuple(sorted(p)) for p in known_pairs}

    def score(pair: tuple[str, str]) -> tuple[float, int]:
        a, b = pair
        # The relationship the instance follows counts twice: a story of India's Russian oil that
        # also names Ukraine or Singapore more often, or an INSTC story that names Iran more, is
        # still India-Russia's (as its readers read it), while a short story of another pair that
        # names India and Russia in passing stays that pair's (a fixed bonus could not tell the
        # two apart: one large enough for the first turned the second).
        weight = _KNOWN_WEIGHT if pair in known else 1.0
        return (2 * together.get(pair, 0) + min(counts[a], counts[b])) * weight, counts[a] + counts[b]

    best = max(sorted(candidates), key=score)
    return best


def in_scope(sentence: Sentence, index: ActorIndex, pair: tuple[str, str] | None) -> bool:
    """A fact is read from a body sentence unless it is about another pair of countries:
    it names a third country and not both of the pair ("...a third country's tariff")."""
    if not sentence.is_fact_source or sentence.text.rstrip(" \"”’'").endswith("?"):
        return False  # (a question asks, it states nothing: "What specific agreements were signed?")
    if pair is None:
        return True
    codes = sentence_countries(sentence, index)
    if (
        not codes
        and _TOPIC_SHIFT.match(sentence.text)
        and not any(m.actor.country in pair for m in index.in_span(sentence.start, sentence.end))
    ):
        return False  # "Meanwhile, Brent crude rose ...": another topic, and nobody of the pair in it
    third = codes - set(pair)
    if not third or len(codes & set(pair)) == 2:
        return True
    # A third country named only as where something happened ("in the Malaysian capital",
    # "at Kuala Lumpur") does not make the sentence about another pair, when a person of
    # the pair is in it.
    places: set[str | None] = set()
    others: set[str | None] = set()
    pair_person = False
    for mention in index.in_span(sentence.start, sentence.end):
        actor = mention.actor
        if actor.kind == "person" and actor.country in pair:
            pair_person = True
        if actor.kind == "country" and actor.country not in pair:
            lead = sentence.text[max(0, mention.start - sentence.start - 16) : mention.start - sentence.start]
            (places if _PLACE_LEAD.search(lead) else others).add(actor.country)
        elif actor.kind == "person" and actor.country and actor.country not in pair:
            others.add(actor.country)
    return pair_person and not others and bool(places)


_PLACE_LEAD = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")
_TOPIC_SHIFT = re.compile(r"(?:Meanwhile|Elsewhere|In other news|Separately|On a different note)\b")
