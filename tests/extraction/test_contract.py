"""The contract shape of a reading, and the vocabularies it may use."""

from __future__ import annotations

import datetime as dt
import json

from articles.extraction import EXTRACTOR_NAME, EXTRACTOR_VERSION, extract

from .goldsets import load

ACTOR_KINDS = {"country", "person", "organization"}
SECTORS = {
    "defense",
    "energy",
    "nuclear",
    "trade",
    "finance",
    "technology",
    "space",
    "infrastructure",
    "diplomacy",
    "other",
}
STATUSES = {"proposed", "negotiating", "agreed", "in_progress", "completed", "stalled"}
METRIC_KINDS = {"actual", "target", "other"}
EVENT_KINDS = {"visit", "meeting", "summit", "call", "statement", "other"}


def test_names_are_exported() -> None:
    assert EXTRACTOR_NAME and EXTRACTOR_VERSION


def test_contract_shape_on_every_gold_text() -> None:
    for name in ("seed", "heldout", "fresh"):
        for text, gold in load(name):
            result = extract(text)
            reading = json.loads(json.dumps(result.to_contract(gold["document"])))
            assert set(reading) == {
                "document",
                "title",
                "published",
                "relationship",
                "actors",
                "agreements",
                "metrics",
                "events",
            }
            assert reading["relationship"] == sorted(reading["relationship"])
            assert all(a["kind"] in ACTOR_KINDS for a in reading["actors"])
            for agreement in reading["agreements"]:
                assert agreement["sector"] in SECTORS and agreement["status"] in STATUSES
            for metric in reading["metrics"]:
                assert metric["kind"] in METRIC_KINDS and isinstance(metric["value"], int | float)
            assert all(e["kind"] in EVENT_KINDS for e in reading["events"])
            for candidate in [*result.agreements, *result.metrics, *result.events]:
                span = candidate.evidence
                assert text[span.start : span.end] == span.text
            for agreement in result.agreements:
                assert all(text[s.start : s.end] == s.text for s in agreement.other_evidence)
            for actor in result.actors:
                assert all(text[s.start : s.end] == s.text for s in actor.mentions)
                assert 0 <= actor.confidence <= 1


def test_values_are_whole_numbers_in_base_units() -> None:
    text = "India and Russia agreed on the joint production of 6.1 lakh AK-203 assault rifles worth ₹19,000 crore."
    reading = extract(text).to_contract("x.txt")
    values = {(m["value"], m["unit"]) for m in reading["metrics"]}
    assert (610000, "rifles") in values and (190000000000, "INR") in values


def test_overrides_win_over_what_the_text_says() -> None:
    text = "A Headline Here\nBy Someone | May 13, 2025\n\nIndia and Russia held talks in Moscow."
    result = extract(text, title="Given", published=dt.date(2020, 1, 2))
    assert (result.title, result.published) == ("Given", dt.date(2020, 1, 2))
    assert extract(text).published == dt.date(2025, 5, 13)
