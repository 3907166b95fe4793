"""Amounts written in news copy: "$65 billion", "₹19,000 crore", "6.1 lakh", "two billion"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from re import _constants as sre  # type: ignore[attr-defined]  # the parser's vocabulary; stable since 3.11
from re import _parser  # type: ignore[attr-defined]  # private modules: no stubs
from typing import NamedTuple

from .cues import Needles, WordIndex
from .currencies import BY_SIGN, BY_WORD, CODE_PATTERN, CODES, SIGN_PATTERNS
from .sentences import ascii_lower

SCALES = {
    "dozen": Decimal(12),  # "two dozen"
    "hundred": Decimal(100),  # "five hundred"
    "thousand": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
    "lakh": Decimal(10) ** 5,
    "lakhs": Decimal(10) ** 5,
    "million": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "mln": Decimal(10) ** 6,  # wire style: "$450 mln"
    "m": Decimal(10) ** 6,
    "crore": Decimal(10) ** 7,
    "crores": Decimal(10) ** 7,
    "cr": Decimal(10) ** 7,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "bln": Decimal(10) ** 9,
    "b": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
    "trln": Decimal(10) ** 12,
    "lakh crore": Decimal(10) ** 12,
}
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
# "twenty-five jets": the tens joined to a unit by a hyphen.
WORD_NUMBERS.update(
    {
        f"{tens}-{unit}": WORD_NUMBERS[tens] + WORD_NUMBERS[unit]
        for tens in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
        for unit in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    }
)
# Currencies: signs and codes before a figure, words after it, all from the one table.
PREFIX_CURRENCIES = BY_SIGN  # keyed by the sign as written, spaces removed
# After a figure: the words in any case, the codes in capitals as before one ("5 billion USD").
SUFFIX_CURRENCIES = {**BY_WORD, **{code: code for code in CODES}}
# What a currency is called in a lower-cased sentence ("... to pay in yuan", "in usd").
CURRENCY_WORDS = frozenset({*BY_WORD, *(code.lower() for code in CODES)})
_WORD = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
# (and the Indian grouping of lakhs and crores: "7,38,024 barrels a day")
# (and a decimal comma before a scale, as South African and European copy writes it: "$14,7 billion")
_DIGITS = (
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3},\d{1,2}(?=\s?(?:million|billion|trillion|bn)\b)|\d+)"
    r"(?:\.\d+)?"
)
_DECIMAL_COMMA = re.compile(r"\d{1,3},\d{1,2}")
_PREFIXES = (*SIGN_PATTERNS, *CODES)
_PREFIX = "(?:" + "|".join(_PREFIXES) + ")"
_SCALE = r"(?:lakh crore|dozen|hundred|thousand|million|billion|trillion|lakhs?|crores?|trln|bln|mln|bn|mn|tn|cr|m|k|b)"
_SUFFIX = "(?i:" + "|".join(re.escape(s) for s in sorted(BY_WORD, key=len, reverse=True)) + ")|" + CODE_PATTERN
_QUALIFIERS = (
    *("nearly", "almost", "about", "around", "over", "more than", "less than", "fewer than", "up to", "at least"),
    *("at most", "approximately", "roughly", "some", "an estimated", "estimated", "close to", "just over"),
    *("just under", "under", "below", "above", "in excess of", "upwards of"),
)
_QUALIFIER = "(?:" + "|".join(_QUALIFIERS) + ")"
# What a figure may not follow directly: AMOUNT's look-behind, and the anchored scan's test.
_STUCK_TO = r"[\w\-/.]"
AMOUNT = re.compile(
    rf"(?:(?P<qualifier>{_QUALIFIER})\s+)?"
    rf"(?<!{_STUCK_TO})(?P<prefix>{_PREFIX})?\s?"
    # Atomic: "508-km" or "25%" must not match as "50" or "2" by giving digits back.
    rf"(?P<number>(?>{_DIGITS})|(?i:{_WORD})\b)"
    rf"(?:\s?(?:-|–|to)\s?(?P<upper_prefix>{_PREFIX})?\s?(?P<upper>(?>{_DIGITS})))?"
    rf"(?:(?:\s?|-)(?P<scale>(?i:{_SCALE}))(?![\w]))?"  # "$4.5-billion loan", "Rs 6,000-crore"
    rf"(?:\s(?P<suffix>{_SUFFIX})(?!\w))?"
    # Nothing stuck to the figure ("25-year", "508-km", "a 10-million-strong diaspora"), but a sum's
    # scale may open a compound: "a $5 billion-plus deal", "The $ 10 billion-Russian Direct Investment Fund".
    # ("a 50-member delegation": a count of people, read as such by the metrics' count units)
    rf"(?!\s?(?:%|per\s?cent|percent|pct\b))(?(prefix)(?(scale)|(?![\w-][\w]))|(?:(?=-member\b)|(?![\w-][\w])))"
)


_BULK_AFTER = re.compile(r"\s*(?:metric\s+)?(?:tonnes|tons|barrels|bpd|cubic met(?:re|er)s)\b", re.IGNORECASE)


class Amount(NamedTuple):  # made for every number of every article: cheaper than a frozen dataclass
    start: int
    end: int
    value: Decimal
    upper: Decimal | None  # the top of a range ("$5-7 billion")
    currency: str | None
    scaled: bool
    written: bool  # spelled out ("two")
    qualifier: str | None
    number_start: int


def _decimal(text: str) -> Decimal | None:
    if text.lower() in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[text.lower()])
    if _DECIMAL_COMMA.fullmatch(text):
        return Decimal(text.replace(",", "."))
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


# AMOUNT opens with optional words and signs, so ``re`` tries it at every character: one
# pass costs as much as all the rest of reading a figure. But every figure holds a number,
# digits or a number word, and what may come before one is short: a currency sign, a space,
# a qualifier ("nearly"). So the document's word index records where numbers start (see
# `Needles`), and AMOUNT is tried only at the few places before each where it can start.
NUMBERS = Needles(WORD_NUMBERS, digits=True)
_STUCK = re.compile(_STUCK_TO).match
_NO_SPACE = re.compile(r"\s")


def _edges(sign: str) -> tuple[str, set[str]]:
    """The character a sign pattern opens with, and those it can close with."""
    items = list(_parser.parse(sign))
    if items[0][0] is not sre.LITERAL:
        raise ValueError(f"a currency sign must open with a literal: {sign!r}")
    last = set()
    for op, av in reversed(items):
        if op is sre.MAX_REPEAT and av[0] == 0 and len(av[2]) == 1 and av[2][0][0] is sre.LITERAL:
            last.add(chr(av[2][0][1]))  # optional ("Rs\\.?"): the one before may close it too
            continue
        if op is not sre.LITERAL:
            raise ValueError(f"a currency sign must close with a literal: {sign!r}")
        last.add(chr(av))
        break
    return chr(items[0][1]), last


_SIGN_OPENERS = frozenset(_edges(sign)[0] for sign in _PREFIXES)
_SIGN_CLOSERS = frozenset(char for sign in _PREFIXES for char in _edges(sign)[1])
_SIGN_REACH = 7  # the longest sign, "U.S. $", and the space that may follow it


def _amount_starts(text: str, words: WordIndex) -> list[int]:
    """Every position where AMOUNT may match (and some where it will not), in order."""
    found = set()
    for number in words.starts(NUMBERS):
        if number and _STUCK(text[number - 1]) and text[number - 1] not in _SIGN_CLOSERS:
            continue  # neither a boundary, a space nor a currency sign before it: no figure has it
        openers = [number]  # where the part after a qualifier can open: the number or a sign
        before = number
        if number and text[number - 1].isspace():
            before = number - 1  # the optional space before the number
            if not before or not _STUCK(text[before - 1]):
                found.add(before)
        if before and text[before - 1] in _SIGN_CLOSERS:
            window = range(max(0, number - _SIGN_REACH), before)
            openers.extend(k for k in window if text[k] in _SIGN_OPENERS)
        found.update(openers)
        for opener in openers:
            space = opener
            while space and text[space - 1].isspace():
                space -= 1
            if space < opener and text.endswith(_QUALIFIERS, 0, space):
                found.update(space - len(q) for q in _QUALIFIERS if text.endswith(q, 0, space))
    return sorted(found)


def _amount_matches(text: str, words: WordIndex) -> list[re.Match[str]]:
    """What ``AMOUNT.finditer(text)`` yields."""
    matches = []
    start = 0
    for position in _amount_starts(text, words):
        if position >= start:  # else inside the previous figure
            match = AMOUNT.match(text, position)
            if match is not None:
                matches.append(match)
                start = match.end()
    return matches


def find_amounts(text: str, words: WordIndex | None = None) -> list[Amount]:
    """The figures in ``text``; ``words`` is the index of ``ascii_lower(text)`` when the caller has it."""
    words = WordIndex(ascii_lower(text)) if words is None else words
    found = []
    one = Decimal(1)
    for match in _amount_matches(text, words):
        qualifier, prefix, number, upper_text, scale, suffix = match.group(
            "qualifier", "prefix", "number", "upper", "scale", "suffix"
        )
        written = number.lower() in WORD_NUMBERS
        value = Decimal(WORD_NUMBERS[number.lower()]) if written else _decimal(number)
        if value is None:
            continue
        currency = None
        if prefix:
            currency = PREFIX_CURRENCIES.get(_NO_SPACE.sub("", prefix))
        if suffix:
            currency = SUFFIX_CURRENCIES.get(suffix) or SUFFIX_CURRENCIES.get(suffix.lower(), currency)
        scale_key = scale.lower() if scale else None
        # "5 m" / "3 k" / "2 b" are only scales right after a currency sign ("$5m"), or before
        # goods counted in bulk ("a record 1.29m tonnes").
        if scale_key in ("m", "k", "b") and not prefix and not _BULK_AFTER.match(text, match.end("scale")):
            scale_key = None
        multiplier = SCALES.get(scale_key, one) if scale_key else one
        upper = _decimal(upper_text) if upper_text else None
        number_start = match.start("prefix") if prefix else match.start("number")
        if suffix:
            amount_end = match.end("suffix")
        elif scale_key:
            amount_end = match.end("scale")
        else:
            amount_end = match.end("upper") if upper is not None else match.end("number")
        start = match.start("qualifier") if qualifier else number_start
        if upper is not None and not prefix and match.group("upper_prefix"):
            # "from $8 billion in 2021 to $16 billion in 2022", "between February 24 and May 26 to
            # $6.4 billion": a range's ends share their sign, so a sign on the second alone opens a sum
            found.append(Amount(start, match.end("number"), value, None, None, False, False, None, number_start))
            start = number_start = match.start("upper_prefix")
            value, upper, qualifier = upper, None, None
            currency = PREFIX_CURRENCIES.get(_NO_SPACE.sub("", match.group("upper_prefix")), currency)
        if (
            upper is not None
            and "to" in text[match.end("number") : match.start("upper")]
            and _CHANGE_FROM.search(text, max(0, start - 6), start)
        ):
            # "rose from 8,000 to 10,000": where a change starts and where it ends, two figures.
            low = value * multiplier
            found.append(
                Amount(
                    start,
                    match.end("number"),
                    low,
                    None,
                    currency,
                    scale_key is not None,
                    written,
                    qualifier.lower() if qualifier else None,
                    number_start,
                )
            )
            start = number_start = match.start("upper")
            value, upper = upper, None
        found.append(
            Amount(
                start,
                amount_end,
                value * multiplier,
                upper * multiplier if upper is not None else None,
                currency,
                scale_key is not None,
                written,
                qualifier.lower() if qualifier else None,
                number_start,
            )
        )
    return _join_ranges(text, found)


_RANGE_JOIN = re.compile(r"\s?(?:-|–|to)\s?$")
# A level a change starts from, named as what is raised: "triple the bilateral trade of $7 billion to ..."
RAISED_OF = (
    r"\b(?:tripl|doubl|quadrupl|rais|increas|boost|lift|tak|bring|enhanc|expand)[a-z]*\s+(?:[\w\-]+\s+){1,5}?of\s+$"
)
# "between $8 billion and $10 billion", "between 20 and 21 cargoes": a range too.
_AND_JOIN = re.compile(r"\sand\s$")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
# "from X to Y" is a change between two figures, not a range, also with words between "from" and
# the first figure ("from the present $50 billion to $100 billion", "from about $8 billion to").
_CHANGE_FROM = re.compile(
    r"\bfrom\s+(?:(?:the|its|their|a|current|present|existing|about|around|nearly|roughly|some|over|under|"
    r"just|only|less\s+than|more\s+than)\s+){0,3}$"
    # "to triple the modest bilateral trade of $7 billion to $20 billion": a level raised to another
    r"|" + RAISED_OF,
    re.IGNORECASE,
)


_YEARS = re.compile(r"(?:19|20)\d\d\s(?:and|to)\s(?:19|20)\d\d")  # "between 2019 and 2021": a period


def _join_ranges(text: str, amounts: list[Amount]) -> list[Amount]:
    """ "$12 billion to $13 billion": two amounts of one currency and scale joined by "to" or a dash,
    or by "and" after "between"."""
    joined: list[Amount] = []
    for amount in amounts:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.upper is None
            and previous.currency == amount.currency
            and previous.scaled == amount.scaled
            and amount.start - previous.end <= 5
            and (
                _RANGE_JOIN.search(text, previous.end, amount.start)
                or (
                    _AND_JOIN.match(text, previous.end, amount.start)
                    and _BETWEEN_BEFORE.search(text, max(0, previous.start - 10), previous.start)
                    and (
                        previous.currency is not None
                        or previous.scaled
                        or not _YEARS.fullmatch(text, previous.start, amount.end)
                    )
                )
            )
            and not _CHANGE_FROM.search(text, max(0, previous.start - 40), previous.start)
        ):
            joined[-1] = Amount(
                previous.start,
                amount.end,
                previous.value,
                amount.value,
                previous.currency,
                previous.scaled,
                previous.written,
                previous.qualifier,
                previous.number_start,
            )
            continue
        joined.append(amount)
    return joined
