"""Amounts written in news copy: "$65 billion", "₹19,000 crore", "6.1 lakh", "two billion"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

SCALES = {
    "thousand": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
    "lakh": Decimal(10) ** 5,
    "lakhs": Decimal(10) ** 5,
    "million": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "crore": Decimal(10) ** 7,
    "crores": Decimal(10) ** 7,
    "cr": Decimal(10) ** 7,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "b": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
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
PREFIX_CURRENCIES = {
    "us$": "USD",
    "u.s.$": "USD",
    "$": "USD",
    "usd": "USD",
    "a$": "AUD",
    "c$": "CAD",
    "s$": "SGD",
    "hk$": "HKD",
    "r$": "BRL",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "cny": "CNY",
    "rmb": "CNY",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "inr": "INR",
    "₽": "RUB",
    "rub": "RUB",
    "brl": "BRL",
    "₩": "KRW",
    "krw": "KRW",
    "aed": "AED",
    "sar": "SAR",
    "chf": "CHF",
    "aud": "AUD",
    "cad": "CAD",
}
SUFFIX_CURRENCIES = {
    "us dollars": "USD",
    "dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "roubles": "RUB",
    "rubles": "RUB",
    "rouble": "RUB",
    "ruble": "RUB",
    "rupees": "INR",
    "rupee": "INR",
    "reais": "BRL",
    "won": "KRW",
    "dirhams": "AED",
    "riyals": "SAR",
    "rand": "ZAR",
    "usd": "USD",
    "eur": "EUR",
    "inr": "INR",
    "rub": "RUB",
    "cny": "CNY",
    "jpy": "JPY",
    "gbp": "GBP",
    "brl": "BRL",
}
_WORD = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_PREFIX = (
    r"(?:US\$|U\.S\.\s?\$|A\$|C\$|S\$|HK\$|R\$|\$|€|£|¥|₹|₽|₩|Rs\.?"
    r"|USD|EUR|GBP|JPY|CNY|RMB|INR|RUB|BRL|KRW|AED|SAR|CHF|AUD|CAD)"
)
_SCALE = r"(?:lakh crore|thousand|million|billion|trillion|lakhs?|crores?|bn|mn|tn|cr|m|k|b)"
_SUFFIX = "|".join(re.escape(s) for s in sorted(SUFFIX_CURRENCIES, key=len, reverse=True))
_QUALIFIER = (
    r"(?:nearly|almost|about|around|over|more than|less than|fewer than|up to|at least|at most|approximately|"
    r"roughly|some|an estimated|estimated|close to|just over|just under|under|below|above|in excess of|upwards of)"
)
AMOUNT = re.compile(
    rf"(?:(?P<qualifier>{_QUALIFIER})\s+)?"
    rf"(?<![\w\-/.])(?P<prefix>{_PREFIX})?\s?"
    # Atomic: "508-km" or "25%" must not match as "50" or "2" by giving digits back.
    rf"(?P<number>(?>{_DIGITS})|(?i:{_WORD})\b)"
    rf"(?:\s?(?:-|–|to)\s?(?:{_PREFIX})?\s?(?P<upper>(?>{_DIGITS})))?"
    rf"(?:\s?(?P<scale>(?i:{_SCALE}))(?![\w]))?"
    rf"(?:\s(?P<suffix>(?i:{_SUFFIX}))(?!\w))?"
    rf"(?!\s?(?:%|per\s?cent|percent))(?![\w-][\w])"
)


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
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def find_amounts(text: str, start: int = 0, end: int | None = None) -> list[Amount]:
    end = len(text) if end is None else end
    found = []
    one = Decimal(1)
    for match in AMOUNT.finditer(text, start, end):
        qualifier, prefix, number, upper_text, scale, suffix = match.group(
            "qualifier", "prefix", "number", "upper", "scale", "suffix"
        )
        written = number.lower() in WORD_NUMBERS
        value = Decimal(WORD_NUMBERS[number.lower()]) if written else _decimal(number)
        if value is None:
            continue
        currency = None
        if prefix:
            currency = PREFIX_CURRENCIES.get(prefix.lower().replace(" ", ""))
        if suffix:
            currency = SUFFIX_CURRENCIES.get(suffix.lower(), currency)
        scale_key = scale.lower() if scale else None
        # "5 m" / "3 k" / "2 b" are only scales right after a currency sign ("$5m").
        if scale_key in ("m", "k", "b") and not prefix:
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
        found.append(
            Amount(
                match.start("qualifier") if qualifier else number_start,
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


def _join_ranges(text: str, amounts: list[Amount]) -> list[Amount]:
    """ "$12 billion to $13 billion": two amounts of one currency and scale joined by "to" or a dash."""
    joined: list[Amount] = []
    for amount in amounts:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.upper is None
            and previous.currency == amount.currency
            and previous.scaled == amount.scaled
            and amount.start - previous.end <= 4
            and _RANGE_JOIN.search(text, previous.end, amount.start)
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
