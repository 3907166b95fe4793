"""The figure scan tries AMOUNT only before numbers, and finds exactly what a full scan finds."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.extraction import numbers
from articles.extraction.cues import WordIndex
from articles.extraction.numbers import AMOUNT, WORD_NUMBERS, find_amounts
from articles.extraction.sentences import ascii_lower

# Every currency sign as written ("Rs" and "Rs." for "Rs\\.?", both spacings of "U.S. $").
_SIGNS = [
    *(re.sub(r"\\(.)", r"\1", p).replace("?", "") for p in numbers._PREFIXES if "\\s" not in p),
    *("Rs.", "Dh", "U.S.$", "U.S. $", "U.S.\t$"),
]
_WORDS = sorted(
    {
        *WORD_NUMBERS,
        *(w.upper() for w in WORD_NUMBERS),
        *(w.capitalize() for w in WORD_NUMBERS),
        *(q for q in numbers._QUALIFIERS),
        *_SIGNS,
        "U.S. $ ",
        *numbers.SCALES,
        *numbers.SUFFIX_CURRENCIES,
        *("5", "12", "2,500", "19,000", "1.5", "2030", "٣", "S-400", "25%", "per cent", "508-km", "-", "–", "to"),
        *("someone", "often", "moreover", "U.S.", "ſix", "İ", "K", "ı"),
    }
)
_GLUE = [" ", " ", "  ", "\n", "\t", "\u00a0", "-", ", ", ". ", "/", "(", "_", "$", "x"]
_TEXTS = st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_GLUE), st.text(max_size=4)), max_size=40).map(
    "".join
)


def _spans(matches) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in matches]


def _found(text: str) -> list[tuple]:
    return _spans(numbers._amount_matches(text, WordIndex(ascii_lower(text))))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS)
def test_the_anchored_scan_finds_what_finditer_finds(text: str) -> None:
    assert _found(text) == _spans(AMOUNT.finditer(text))


def test_every_sign_qualifier_and_spacing_before_a_number_is_found() -> None:
    for qualifier in ("", *numbers._QUALIFIERS):
        for sign in ("", *_SIGNS):
            for space in ("", " ", "\n "):
                text = f"{space}{qualifier}{space if qualifier else ''} {sign}{space}5 and {sign}{space}two"
                assert _found(text) == _spans(AMOUNT.finditer(text)), text


def test_a_number_word_inside_a_word_is_no_figure_unless_a_sign_precedes_it() -> None:
    assert [a.value for a in numbers.find_amounts("someone often weighs eight")] == [8]
    (amount,) = numbers.find_amounts("Rstwo crore")
    assert amount.currency == "INR" and amount.value == 20_000_000


def test_a_sign_on_the_second_number_alone_opens_a_sum_of_its_own() -> None:
    # A range's ends share their sign ("$5-7 billion"); "2021 to $16 billion" is a year, then a sum.
    text = "Trade doubled from $8 billion in 2021 to $16 billion in 2022, and stood at $5-7 billion before."
    found = [(text[a.start : a.end], a.value, a.upper, a.currency) for a in numbers.find_amounts(text)]
    assert ("$16 billion", 16_000_000_000, None, "USD") in found
    assert ("2021", 2021, None, None) in found
    assert ("$5-7 billion", 5_000_000_000, 7_000_000_000, "USD") in found


def test_between_one_figure_and_another_is_a_range_but_two_years_are_a_period() -> None:
    assert [(a.value, a.upper, a.currency) for a in find_amounts("hovering between $8 billion and $10 billion")] == [
        (Decimal("8000000000"), Decimal("10000000000"), "USD")
    ]
    assert [(a.value, a.upper) for a in find_amounts("will deliver between 20 and 21 cargoes")] == [
        (Decimal("20"), Decimal("21"))
    ]
    assert [a.upper for a in find_amounts("deliveries between 2019 and 2021")] == [None, None]
