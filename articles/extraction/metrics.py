"""Metrics: money and quantities with what they measure, their kind and period."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from decimal import Decimal

from .candidates import MetricCandidate, Span
from .cues import Cue, WordIndex
from .document import Document
from .numbers import WORD_NUMBERS, Amount, find_amounts
from .sentences import Sentence

# Physical flows take their kind from the sentence's tense; counted items are "other".
_FLOW_UNITS = frozenset(
    {
        "tonnes",
        "tons",
        "metric tonnes",
        "barrels",
        "barrels per day",
        "bpd",
        "cubic metres",
        "cubic meters",
        "bcm",
        "megawatts",
        "gigawatts",
        "MW",
        "GW",
        "kilolitres",
    }
)

# Abbreviated units, written out as nouns in the reading.
_UNIT_NAMES = {"bpd": "barrels per day", "bcm": "cubic metres"}
# Countable things and physical units a bilateral figure is counted in (plural forms).
COUNT_UNITS = (
    "rifles",
    "guns",
    "howitzers",
    "jets",
    "fighter jets",
    "aircraft",
    "planes",
    "helicopters",
    "submarines",
    "frigates",
    "warships",
    "ships",
    "vessels",
    "tanks",
    "missiles",
    "drones",
    "engines",
    "reactors",
    "satellites",
    "squadrons",
    "launchers",
    "shells",
    "rounds",
    "locomotives",
    "coaches",
    "trains",
    "vehicles",
    "cars",
    "units",
    "agreements",
    "memorandums",
    "MoUs",
    "deals",
    "contracts",
    "doses",
    "visas",
    "students",
    "tourists",
    "workers",
    "people",
    "jobs",
    "banks",
    "troops",
    "soldiers",
    "personnel",
    "batteries",
    "regiments",
    "battalions",
    "brigades",
    "astronauts",
    "cosmonauts",
    "documents",
    "flights",
    "passengers",
    "migrants",
    "containers",
    "scholarships",
    "apprehensions",
    "cargoes",
    "tankers",
    *_FLOW_UNITS,
)
_UNIT = re.compile(
    r"\s+(?P<mods>(?:(?!(?:of|the|and|in|to|for|by|with|from|a|an|is|was|were|are|be|on|at|per|"
    + "|".join(WORD_NUMBERS)
    + r")\b|[\d,.]+\s)[\w\-]+\s+){0,4}?)"
    r"(?P<unit>(?:[\w]+-)?(?:" + "|".join(re.escape(u) for u in sorted(COUNT_UNITS, key=len, reverse=True)) + r"))\b"
)
# "a $5 billion deal", "its 10 billion euro complex": the figure is the value of the thing named.
_VALUE_BEFORE = re.compile(
    r"\s+(?:[a-z\-]+\s+){0,2}?(?:deal|contract|order|package|project|plant|complex|factory|facility|programme|"
    r"program|pipeline|investment|acquisition|purchase|loan|fund)\b"
)
# A plural noun before the counted noun means the number counted that one ("two sides signed agreements").
_PLURAL = re.compile(r"[a-z]{3,}[^s]s")
_REFERENCE = re.compile(r"\b(?:last|first|next|previous)\s+$")
# A bare number right after a capitalised word is part of a name ("Leopard 2 tanks"), not a count.
_NAMED_BEFORE = re.compile(r"(?<=\w)\s[A-Z][a-z]+\s$")
# Patterns below are lower-case: they run on the lower-cased sentence or document (same offsets).
_YEAR_ONLY = re.compile(r"(?:19|20)\d\d")

_VALUE_OF = Cue(
    r"\b(?:worth|valued at|value of|cost(?:s|ing)?|priced at|price of|at a cost of|totall?ing)\b[^.;]{0,25}$"
)
# Money promised just before the figure ("pledged 2 trillion won", "will invest $3.6 billion"):
# what a commitment is worth, not a measured figure nor a goal.
_COMMITTED = Cue(
    r"\b(?:pledg(?:ed|es|ing)|earmark(?:ed|s|ing)?|allocat(?:ed|es|ing)|"
    r"(?:will|would|shall|set to|is to|are to) (?:invest|commit|lend|provide|contribute))\b[^.;]{0,25}$"
)
# A past verb of measurement just before the figure ("has invested a cumulative $22.4 billion",
# "bought $56bn") says it was measured, whatever cue the rest of the clause holds.
_MEASURED = Cue(
    r"\b(?:reached|invested|bought|purchased|shipped|exported|imported|traded|recorded|touched|"
    r"totall?ed|stood at|amounted to|spent|paid|received|attracted|disbursed|averaged)\b[^.;]{0,25}$"
)
# A flow right before "worth" is what the figure measures ("trade worth €176 billion").
_FLOW_BEFORE = re.compile(
    r"\b(?:trade|exports?|imports?|shipments|purchases|cargoes|deliveries|remittances)(?:\s+(?:was|were|is|are))?\s+$"
)
# "JPY 191.7 billion (approximately INR 10,900 crore)": the same figure converted.
_CONVERSION = re.compile(
    r"\s*[(\[,]\s*(?:approximately|approx\.?|about|around|roughly|or|nearly|some|equivalent to)?\s*$"
)
# "$350 billion ..., of which $200 billion ...": parts of a figure already read take its kind.
_PART_OF = re.compile(r"\b(?:of which|the remaining|the rest|including|includes|comprising)\b")
# "two people familiar with the matter": sources, not a count.
_SOURCES = re.compile(
    r"\s+(?:familiar|briefed|aware|with (?:direct )?knowledge|close to|who (?:spoke|declined|asked|were))\b"
)
_DEAL_FLOW = re.compile(r"\b(?:buy|purchase|supply|offer(?:ed|s)? to (?:supply|sell)|sell|contract(?:ed)? for)\b")
# Verbs of a deal: the items counted in its sentence are what it covers, not a measured figure.
_DEAL_VERBS = Cue(
    r"\b(?:deals?|contracts?|orders?|ordered|buy|buying|bought|purchas\w+|procure\w*|acquir\w+|agreements?|"
    r"signed|supply|supplies|deliver\w*|sell|sold|offer\w*)\b"
)
_TARGET = Cue(
    r"\b(?:target(?:s|ed|ing)?|aim(?:s|ed|ing)? to|goal|by (?:19|20)\d\d|will|would|plans? to|planned|seeks? to|"
    r"hopes? to|projected|expected to (?:reach|rise|grow|touch|hit|double|increase)|envisag\w+|set to|"
    r"ambition|objective|could reach|to reach|wants?|demands?|commit(?:s|ted)? to|pledg\w+ to|expects?|"
    r"expected)\b",
)
_ACTUAL = Cue(
    r"\b(?:reached|surpassed|stood at|stands at|was|were|totall?ed|rose|grew|fell|declined|dropped|increased|"
    r"decreased|hit|recorded|registered|disbursed|committed|shipped|exported|imported|amounted to|accounted for|"
    r"crossed|touched|climbed|jumped|last year|so far|has been|have been|in (?:fiscal |fy\s?)?(?:19|20)\d\d|"
    r"in fy\s?\d\d|slipped|slid|widened|narrowed|plunged|soared|surged|shrank|contracted|expanded|spent|built|"
    r"produced|sold|made up|opened|received|attracted)\b",
)
_PERIOD = Cue(
    r"\bbetween (?P<from>(?:19|20)\d\d) and (?P<to>(?:19|20)\d\d)"
    r"|\b(?:by|until|till|from) (?:the end of )?(?P<by>(?:19|20)\d\d)"
    r"|\b(?:in|during|for|of) (?:fiscal |fy\s?|financial year )?(?P<in>(?:19|20)\d\d(?:[-–/](?:19|20)?\d\d)?)"
    r"|\bfy\s?(?P<fy>(?:19|20)?\d\d(?:[-–/]\d\d)?)"
    r"|\b(?P<rel>last|this|next) (?:year|fiscal|financial year)"
    r"|\bover the next (?P<span>decade|five years|ten years|(?:\d+|two|three|four|five) years)",
)
_SPAN_YEARS = {"decade": 10, "five years": 5, "ten years": 10, "two years": 2, "three years": 3, "four years": 4}
# What a money figure measures, by the words of its clause (else its sentence); the first
# of these that is named wins. Whole words that never overlap, so one pass finds all named.
_NAMES = {
    "exports": r"exports?\b",
    "imports": r"imports?\b",
    "bilateral_trade": r"trade\b",
    "investment": r"invest\w*\b",
    "loan": r"(?:loan|credit line|line of credit)\b",
    "deal_value": r"(?:contract|deal|order|agreement)\b",
    "cost": r"cost\w*\b",
    "assistance": r"(?:aid|assistance|grant)\b",
}
_NAMED = Cue(r"\b(?:" + "|".join(f"(?P<{label}>{pattern})" for label, pattern in _NAMES.items()) + ")")
_NAME_ORDER = {label: rank for rank, label in enumerate(_NAMES)}


def _named(words: WordIndex, start: int, end: int) -> str | None:
    labels = {m.lastgroup for m in words.findall(_NAMED, None, start, end)}
    return min(labels, key=_NAME_ORDER.__getitem__).replace("_", " ") if labels else None


def _period(
    words: WordIndex, clause_start: int, clause_end: int, figure_end: int, published: dt.date | None
) -> tuple[str | None, dt.date | None, dt.date | None]:
    """The period a figure is for: the first one stated after it in its clause, else the last
    one before (offsets in the document)."""
    match = words.search(_PERIOD, None, figure_end, clause_end)
    if match is None:
        before = words.findall(_PERIOD, None, clause_start, min(figure_end, clause_end))
        match = before[-1] if before else None
    if not match:
        return None, None, None
    groups = match.groupdict()
    if groups["from"]:
        first, last = int(groups["from"]), int(groups["to"])
        return f"{first}-{last}", dt.date(first, 1, 1), dt.date(last, 12, 31)
    if groups["by"]:
        year = int(groups["by"])
        return str(year), dt.date(year, 1, 1), dt.date(year, 12, 31)
    if groups["fy"] and len(groups["fy"]) == 2:
        # "FY25": the fiscal year that ends in 2025, as India, Japan and the US name it.
        last = 2000 + int(groups["fy"])
        return f"{last - 1}-{last % 100:02d}", dt.date(last - 1, 1, 1), dt.date(last, 12, 31)
    text = groups["in"] or groups["fy"]
    if text:
        parts = re.split(r"[-–/]", text)
        first = int(parts[0]) if len(parts[0]) == 4 else 2000 + int(parts[0])
        last = first
        if len(parts) > 1:
            last = int(parts[1]) if len(parts[1]) == 4 else first // 100 * 100 + int(parts[1])
        return text.replace("–", "-"), dt.date(first, 1, 1), dt.date(last, 12, 31)
    if not published:
        return None, None, None
    if groups["rel"]:
        year = published.year + {"last": -1, "this": 0, "next": 1}[groups["rel"].lower()]
        return str(year), dt.date(year, 1, 1), dt.date(year, 12, 31)
    years = _SPAN_YEARS.get(groups["span"].lower()) or int(re.sub(r"\D", "", groups["span"]) or 1)
    return f"{published.year}-{published.year + years}", published, dt.date(published.year + years, 12, 31)


def _breaks(sentence: str) -> list[tuple[int, int]]:
    """Where the clause breaks of a (lower-cased) sentence are, as (start, end)."""
    found = []
    for mark in _BREAKS:
        i = sentence.find(mark)
        while i != -1:
            found.append((i, i + len(mark)))
            i = sentence.find(mark, i + 1)
    return found


def _clause(breaks: list[tuple[int, int]], length: int, offset: int) -> tuple[int, int]:
    """[start, end) of the part of the sentence around a figure, between the last break
    that ends before it and the first that starts after it."""
    left, right = -1, length
    for start, end in breaks:
        if end <= offset and start > left:
            left = start
        if start >= offset and start < right:
            right = start
    return left + 1, right


_BREAKS = (";", ", but", " but ", ", and ", ", while ")


def _count_unit(text: str, amount: Amount) -> tuple[str, str] | None:
    match = _UNIT.match(text, amount.end)
    if not match or any(_PLURAL.fullmatch(word) for word in match.group("mods").split()):
        return None
    return match.group("mods").strip(), match.group("unit")


def read_metrics(
    document: Document, sentences: list[Sentence], published: dt.date | None, currency_hint: str | None
) -> list[MetricCandidate]:
    text, words = document.text, document.words
    metrics: list[MetricCandidate] = []
    seen: set[tuple[str, Decimal, str]] = set()
    starts = [s.start for s in sentences]
    breaks_in: dict[int, list[tuple[int, int]]] = {}  # clause breaks by sentence, for its figures
    first = None  # (sentence, amount, candidate) of the first figure of the current sentence
    previous, previous_candidate = None, None
    for amount in find_amounts(text, words):  # then the sentence each figure is in
        position = bisect_right(starts, amount.start) - 1
        if position < 0 or amount.end > sentences[position].end:
            continue
        sentence = sentences[position]
        candidate = _metric(text, words, sentence, breaks_in, amount, published, currency_hint)
        if candidate is None:
            continue
        if first is not None and first[0] is sentence:
            gap = sentence.lower[previous.end - sentence.start : amount.start - sentence.start]
            if _CONVERSION.fullmatch(gap) and previous_candidate is not None:
                candidate.kind, candidate.period = previous_candidate.kind, previous_candidate.period
                candidate.period_start, candidate.period_end = (
                    previous_candidate.period_start,
                    previous_candidate.period_end,
                )
            elif _PART_OF.search(sentence.lower, first[1].end - sentence.start, amount.start - sentence.start):
                candidate.kind = first[2].kind
        if first is None or first[0] is not sentence:
            first = (sentence, amount, candidate)
        previous, previous_candidate = amount, candidate
        key = (candidate.kind, candidate.value, candidate.unit)
        if key in seen:
            continue  # the same figure repeated later in the article
        seen.add(key)
        metrics.append(candidate)
    return metrics


def _metric(
    text: str,
    words: WordIndex,
    sentence: Sentence,
    breaks_in: dict[int, list[tuple[int, int]]],
    amount: Amount,
    published: dt.date | None,
    currency_hint: str | None,
) -> MetricCandidate | None:
    local = amount.number_start - sentence.start
    before = sentence.lower[:local]
    unit = amount.currency
    count = None
    if unit == "JPY" and currency_hint == "CNY" and "¥" in text[amount.start : amount.end]:
        unit = "CNY"  # "¥" in a China story is the yuan
    if unit is None:
        count = _count_unit(text, amount)
        if count is None or _REFERENCE.search(before) or _NAMED_BEFORE.search(sentence.text, 0, local):
            return None
        if count[1] == "people" and _SOURCES.match(
            text, amount.end + len(text[amount.end :].split("people", 1)[0]) + 6
        ):
            return None
        if not amount.scaled and _YEAR_ONLY.fullmatch(text[amount.number_start : amount.end]):
            return None
        unit = _UNIT_NAMES.get(count[1], count[1])
    # A figure after all: the part of its sentence it belongs to (clause breaks are worked
    # out once per sentence, and only for one that holds a figure).
    breaks = breaks_in.get(sentence.index)
    if breaks is None:
        breaks = breaks_in[sentence.index] = _breaks(sentence.lower)
    clause_start, clause_stop = _clause(breaks, len(sentence.text), local)
    # Cue patterns are lower-case and run on the ASCII-lower-cased text (same offsets).
    clause_at, clause_end = sentence.start + clause_start, sentence.start + clause_stop  # in the document
    value = amount.value
    qualifier = amount.qualifier
    if amount.upper is not None:
        # A range: keep both ends in the qualifier, report the middle.
        qualifier = f"range {amount.value}-{amount.upper}" + (f", {qualifier}" if qualifier else "")
        value = amount.upper if qualifier.endswith("up to") else (amount.value + amount.upper) / 2
    period, period_start, period_end = _period(words, clause_at, clause_end, amount.end, published)
    value_of = words.search(_VALUE_OF, None, sentence.start, amount.number_start)
    if value_of is not None and _FLOW_BEFORE.search(words.lower, max(0, value_of.start() - 30), value_of.start()):
        value_of = None  # "bilateral trade worth €176 billion last year": what trade measured, not a deal's value
    if value_of is not None or _VALUE_BEFORE.match(sentence.lower, amount.end - sentence.start):
        kind = "other"
    elif (
        count is not None
        and unit not in _FLOW_UNITS
        and words.search(_DEAL_VERBS, None, sentence.start, sentence.end) is not None
    ):
        kind = "other"  # what a deal covers: "to buy 31 drones"
    elif count is not None and _DEAL_FLOW.search(before[-60:]):
        kind = "other"  # the volume of a deal: "a deal to buy up to 500,000 barrels a day"
    elif (
        sentence.lower[max(0, amount.start - sentence.start - 8) : amount.start - sentence.start]
        .rstrip()
        .endswith(" from")
    ):
        kind = "actual"  # "raise trade to $20 billion by 2030 from about $12.2 billion": where it starts
    elif words.search(_COMMITTED, None, clause_at, amount.number_start):
        kind = "other"
    elif words.search(_MEASURED, None, clause_at, amount.number_start):
        kind = "actual"
    elif words.search(_TARGET, None, clause_at, clause_end):
        kind = "target"
    elif words.search(_ACTUAL, None, clause_at, clause_end):
        kind = "actual"
    elif period_start is not None and published is not None and period_start.year > published.year:
        kind = "target"  # a figure for a future date: "to carry 2 million tonnes a year from 2030"
    else:
        kind = "other"
    if count is not None:
        name = f"{count[0]} {count[1]}".strip()
    else:
        name = _named(words, clause_at, clause_end) or _named(words, sentence.start, sentence.end) or "amount"
    confidence = 0.8 if amount.currency else 0.65
    return MetricCandidate(
        name=name,
        kind=kind,
        value=Decimal(int(value)) if value == value.to_integral_value() else value,
        unit=unit,
        period=period,
        period_start=period_start,
        period_end=period_end,
        qualifier=qualifier,
        evidence=Span(sentence.text, sentence.start, sentence.end),
        confidence=confidence,
    )
