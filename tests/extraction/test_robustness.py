"""Any text returns a reading whose evidence is exactly the text at its offsets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.extraction import Extraction, extract

from .goldsets import load


def check(text: str) -> Extraction:
    result = extract(text)
    for candidate in [*result.agreements, *result.metrics, *result.events]:
        span = candidate.evidence
        assert text[span.start : span.end] == span.text
    for actor in result.actors:
        assert all(text[s.start : s.end] == s.text for s in actor.mentions)
    result.to_contract("x")
    return result


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_any_unicode_text(text: str) -> None:
    check(text)


_PIECES = st.sampled_from(
    [
        "India",
        "Russia’s",
        "U.S.",
        "$65 billion",
        "₹19,000 crore",
        "6.1 lakh",
        "AK-203",
        "signed",
        "visited",
        "Moscow",
        "President Putin",
        "\n",
        "\n- ",
        ". ",
        "Read next\n",
        "\u0000",
        "\u202e",
        "🇮🇳",
        "e\u0301",
        "Prime Minister",
        "(SCO)",
        "Ministry of",
        "by 2030",
        "on Tuesday",
        " ",
        "“",
        "”",
        "’s",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=200).map("".join))
def test_newsy_fragments(text: str) -> None:
    check(text)


def test_one_megabyte_article() -> None:
    text, _ = load("heldout")[0]
    big = (text + "\n") * (1_000_000 // (len(text) + 1) + 1)
    result = check(big[:1_000_000])
    assert result.relationship is not None


def test_one_megabyte_single_line_and_odd_bytes() -> None:
    check("India and Russia " * 60_000)
    check("\u0000" * 200_000 + "$5 billion" + "\u202e" * 200_000)
    check(("😀" * 1000 + "e\u0301" * 1000 + "\n") * 300)
