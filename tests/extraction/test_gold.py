"""Quality floors on the seed gold and on the held-out gold written for this engine."""

from __future__ import annotations

import pytest

from articles.extraction import extract

from .goldsets import KINDS, evaluate, load, table

SEED_FLOORS = {"actors": 0.9, "agreements": 0.8, "metrics": 0.9, "events": 0.8}
# What the engine honestly reaches on the held-out articles, less a small margin.
HELDOUT_FLOORS = {"actors": 0.9, "agreements": 0.9, "metrics": 0.85, "events": 0.9}
# The fresh batch (8 articles, gold written before the engine first read them; first-run F1
# was actors 0.758, agreements 0.615, metrics 0.590, events 0.732): what the engine reaches
# after the general rules they prompted, less a margin.
FRESH_FLOORS = {"actors": 0.93, "agreements": 0.93, "metrics": 0.92, "events": 0.85}
# Batch 7 (9 articles in other outlets' styles and currencies, gold written by hands that never
# saw the engine; first-run F1 in docs/extraction.md): after the general rules it prompted, less a margin.
BATCH7_FLOORS = {"actors": 0.92, "agreements": 0.7, "metrics": 0.7, "events": 0.9}
# Batch 8 (6 articles written after batch 7's rules landed; its first run is the unseen-text
# figure in docs/extraction.md): after the few general rules it prompted, less a margin.
BATCH8_FLOORS = {"actors": 0.88, "agreements": 0.55, "metrics": 0.7, "events": 0.9}


@pytest.fixture(scope="module")
def seed_scores() -> dict:
    return evaluate("seed")


@pytest.fixture(scope="module")
def heldout_scores() -> dict:
    return evaluate("heldout")


def test_seed_floors(seed_scores: dict) -> None:
    print("\n" + table("seed", seed_scores))
    for kind in KINDS:
        assert seed_scores[kind]["f1"] >= SEED_FLOORS[kind], (kind, seed_scores[kind])


def test_seed_reads_nothing_from_negatives(seed_scores: dict) -> None:
    assert seed_scores["negatives_hit"] == []


def test_heldout_floors(heldout_scores: dict) -> None:
    print("\n" + table("heldout", heldout_scores))
    for kind in KINDS:
        assert heldout_scores[kind]["f1"] >= HELDOUT_FLOORS[kind], (kind, heldout_scores[kind])


def test_heldout_reads_nothing_from_negatives(heldout_scores: dict) -> None:
    assert heldout_scores["negatives_hit"] == []


@pytest.fixture(scope="module")
def fresh_scores() -> dict:
    return evaluate("fresh")


def test_fresh_floors(fresh_scores: dict) -> None:
    print("\n" + table("fresh", fresh_scores))
    for kind in KINDS:
        assert fresh_scores[kind]["f1"] >= FRESH_FLOORS[kind], (kind, fresh_scores[kind])


def test_fresh_reads_nothing_from_negatives(fresh_scores: dict) -> None:
    assert fresh_scores["negatives_hit"] == []


@pytest.fixture(scope="module")
def batch7_scores() -> dict:
    return evaluate("batch7")


def test_batch7_floors(batch7_scores: dict) -> None:
    print("\n" + table("batch7", batch7_scores))
    for kind in KINDS:
        assert batch7_scores[kind]["f1"] >= BATCH7_FLOORS[kind], (kind, batch7_scores[kind])


def test_batch7_reads_nothing_from_negatives(batch7_scores: dict) -> None:
    assert batch7_scores["negatives_hit"] == []


@pytest.fixture(scope="module")
def batch8_scores() -> dict:
    return evaluate("batch8")


def test_batch8_floors(batch8_scores: dict) -> None:
    print("\n" + table("batch8", batch8_scores))
    for kind in KINDS:
        assert batch8_scores[kind]["f1"] >= BATCH8_FLOORS[kind], (kind, batch8_scores[kind])


def test_batch8_reads_nothing_from_negatives(batch8_scores: dict) -> None:
    assert batch8_scores["negatives_hit"] == []


@pytest.mark.parametrize("name", ["seed", "heldout", "fresh", "batch7", "batch8"])
def test_title_date_and_pair_match_gold(name: str) -> None:
    for text, gold in load(name):
        reading = extract(text).to_contract(gold["document"])
        for key in ("title", "published", "relationship"):
            assert reading[key] == gold[key], (gold["document"], key, reading[key])
