"""Metric kinds, one sentence per rule: the guideline's four rules as metrics.py's _kind reads
them, with the cue that decided (the learned layer's feature)."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.extraction import extract

PUBLISHED = dt.date(2025, 6, 1)


def _readings(text: str) -> list[tuple[str, str, str]]:
    return [(m.kind, m.reading.figure.text, m.reading.cue) for m in extract(text, published=PUBLISHED).metrics]


@pytest.mark.parametrize(
    ("sentence", "reading"),
    [
        # Rule 1: the value or size of a specific thing.
        ("India and Russia signed a $5 billion deal for frigates.", ("other", "$5 billion", "value_before")),
        ("Russia will provide $12 billion of soft loans to India.", ("other", "$12 billion", "loans_of")),
        (
            "The Kudankulam plant built by Russia in India has a capacity of 2,000 MW.",
            ("other", "2,000", "capacity"),
        ),
        # Rule 2: a goal, target, pledge or commitment.
        (
            "India and Russia aim to raise bilateral trade to $100 billion by 2030.",
            ("target", "$100 billion", "goal"),
        ),
        (
            "Russian firms hope to bag orders worth $5 billion in India by 2025.",
            ("target", "$5 billion", "goal_worth"),
        ),
        (
            "Russia will invest $2 billion in Indian refineries, India said.",
            ("target", "$2 billion", "will_commit"),
        ),
        # Rule 3: what happened or stands now.
        (
            "Bilateral trade between India and Russia reached $68.7 billion in 2024.",
            ("actual", "$68.7 billion", "measured"),
        ),
        ("Russia has delivered 70,000 rifles to India.", ("actual", "70,000", "delivered")),
        ("India and Russia signed 20 agreements during the visit.", ("actual", "20", "pacts_signed")),
        # Rule 4: an estimate or projection.
        (
            "Bilateral trade between India and Russia is estimated at $70 billion.",
            ("other", "$70 billion", "estimate"),
        ),
    ],
)
def test_each_rule_from_its_cue(sentence: str, reading: tuple[str, str, str]) -> None:
    assert _readings(sentence) == [reading]


def test_the_value_of_a_thing_comes_before_the_goal_of_its_clause() -> None:
    # "aim to" is a goal, but the figure prices the deal (rule 1 is tried first).
    assert _readings("India and Russia aim to sign a $5 billion deal for frigates.") == [
        ("other", "$5 billion", "value_before")
    ]


def test_what_there_is_now_comes_before_the_goal_to_change_it() -> None:
    assert _readings("India and Russia plan to boost the $65 billion of bilateral trade.") == [
        ("actual", "$65 billion", "baseline")
    ]
    assert _readings("India and Russia aim to raise bilateral trade to $100 billion by 2030 from $65 billion.") == [
        ("target", "$100 billion", "goal"),
        ("actual", "$65 billion", "from"),
    ]
