"""Dates stated in article text, resolved against the publication date.

Plain regexes cover the forms news copy uses ("October 14, 2025", "11 November 2025",
"03.09.2025", "on Tuesday", "in December", "last year"); resolution needs the publication
date, and a date the text does not state stays unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The same, as a name is written: "the Union Cabinet on Wednesday", "agreements on May 13".
DATE_WORDS = frozenset(word.capitalize() for word in (*MONTHS, *WEEKDAYS))
_MONTH_WORDS = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_MONTH = rf"(?P<month>{_MONTH_WORDS})\.?"
# Datelines and bylines also write months in capitals ("17 SEP 2025", "JUNE 3, 2025").
_MONTH_ANY_CASE = rf"(?P<month>(?i:{_MONTH_WORDS}))\.?"
_FULL_DATE = re.compile(
    rf"\b(?:{_MONTH_ANY_CASE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_ANY_CASE.replace('month', 'month2')},?\s+(?P<year2>(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d)"
    r"|(?P<y4>(?:19|20)\d\d)[./](?P<m4>\d{1,2})[./](?P<d4>\d{1,2})"
    r"|(?P<d3>\d{1,2})[./](?P<m3>\d{1,2})[./](?P<y3>(?:19|20)\d\d))\b"
)


@dataclass(frozen=True)
class StatedDate:
    date: dt.date | None
    precision: str  # day | month | year | unknown


UNKNOWN = StatedDate(None, "unknown")


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# Every full date holds a year: a text without one (most sentences) skips the full pattern,
# whose many branches are tried at every word.
_YEAR = re.compile(r"(?:19|20)\d\d")


def find_full_date(text: str) -> dt.date | None:
    """The first complete calendar date written in ``text``."""
    if not _YEAR.search(text):
        return None
    for match in _FULL_DATE.finditer(text):
        groups = match.groupdict()
        if groups["iso"]:
            year, month, day = (int(x) for x in groups["iso"].split("-"))
        elif groups["y4"]:
            year, month, day = int(groups["y4"]), int(groups["m4"]), int(groups["d4"])
        elif groups["y3"]:
            year, month, day = int(groups["y3"]), int(groups["m3"]), int(groups["d3"])
            if month > 12 >= day:
                month, day = day, month  # "09/18/2025": American order, told by the day past 12
        elif groups["year"]:
            year, month, day = int(groups["year"]), MONTHS[groups["month"].lower().rstrip(".")], int(groups["day"])
        else:
            year, month, day = int(groups["year2"]), MONTHS[groups["month2"].lower().rstrip(".")], int(groups["day2"])
        found = _safe_date(year, month, day)
        if found:
            return found
    return None


_EVENT_DATE = re.compile(
    rf"\b(?:on\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    rf"|\b(?:on\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    rf"|\b(?:on\s+)?(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH.replace('month', 'month2')}"
    rf"(?:,?\s+(?P<year2>(?:19|20)\d\d))?"
    rf"|\bin\s+{_MONTH.replace('month', 'month3')}(?:\s+(?P<year3>(?:19|20)\d\d))?\b"
    r"|\b(?P<rel>today|yesterday|tomorrow)\b"
    r"|\b(?P<relyear>last|next|this) year\b"
    r"|\b(?P<relmonth>last|next|this) month\b"
    r"|\b(?P<relweek>last|next|this) week\b"
    r"|\bin\s+(?P<year4>(?:19|20)\d\d)\b"
)
_RELATIVE = {"last": -1, "this": 0, "next": 1, "yesterday": -1, "today": 0, "tomorrow": 1}
_FUTURE = re.compile(
    r"\b(?:will|is expected to|are expected to|is due to|are due to|is set to|plans? to|upcoming|next)\b", re.IGNORECASE
)


# Where one clause of a sentence ends: "met in October, and may meet again next year".
_CLAUSE_BREAK = re.compile(
    r";|,\s*(?:and|but|while|whereas)\b|\s(?:and|but)\s(?=(?:\w+\s)?(?:will|may|might|would|could|plans?|is|are)\b)"
)


def _clause_of(sentence: str, start: int, end: int) -> str:
    """The clause of ``sentence`` that holds [start, end): tense is read there, not sentence-wide."""
    left, right = 0, len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            right = m.start()
            break
    return sentence[left:right]


def event_date(sentence: str, published: dt.date | None) -> StatedDate:
    """The date an event in ``sentence`` happened (or will), with its precision."""
    full = find_full_date(sentence)
    if full:
        return StatedDate(full, "day")
    match = _EVENT_DATE.search(sentence)
    if not match:
        return UNKNOWN
    groups = match.groupdict()
    future = bool(_FUTURE.search(_clause_of(sentence, match.start(), match.end())))
    if groups["weekday"]:
        if not published:
            return UNKNOWN
        delta = (published.weekday() - WEEKDAYS.index(groups["weekday"].lower())) % 7
        if future:
            return StatedDate(published + dt.timedelta(days=(7 - delta) % 7), "day")
        return StatedDate(published - dt.timedelta(days=delta), "day")
    if groups["rel"]:
        if not published:
            return UNKNOWN
        offset = _RELATIVE[groups["rel"].lower()]
        return StatedDate(published + dt.timedelta(days=offset), "day")
    if groups["relyear"]:
        if not published:
            return UNKNOWN
        offset = _RELATIVE[groups["relyear"].lower()]
        return StatedDate(dt.date(published.year + offset, 1, 1), "year")
    if groups["relmonth"]:
        if not published:
            return UNKNOWN
        month = published.month - 1 + _RELATIVE[groups["relmonth"].lower()]
        return StatedDate(dt.date(published.year + month // 12, month % 12 + 1, 1), "month")
    if groups["relweek"]:
        if not published:
            return UNKNOWN
        # A week is not a day: say the month it falls in.
        day = published + dt.timedelta(days=7 * _RELATIVE[groups["relweek"].lower()])
        return StatedDate(day.replace(day=1), "month")
    if groups["year4"]:
        return StatedDate(dt.date(int(groups["year4"]), 1, 1), "year")
    month_name = groups["month"] or groups["month2"] or groups["month3"]
    month = MONTHS[month_name.lower().rstrip(".")]
    year_text = groups["year"] or groups["year2"] or groups["year3"]
    day_text = groups["day"] or groups["day2"]
    if year_text:
        year = int(year_text)
    elif published:
        year = published.year
        # A month later in the year than publication is last year's, unless the event is ahead.
        if not future and month > published.month:
            year -= 1
        if future and month < published.month:
            year += 1
    else:
        return UNKNOWN
    if day_text:
        found = _safe_date(year, month, int(day_text))
        if found and published and not year_text and not future and found > published:
            found = _safe_date(year - 1, month, int(day_text))  # a past event later in the calendar: last year's
        return StatedDate(found, "day") if found else UNKNOWN
    return StatedDate(dt.date(year, month, 1), "month")
