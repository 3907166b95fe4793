"""The benchmark runs and reports well-formed rows (no wall-clock assertions)."""

from __future__ import annotations

import pytest

from bench.extraction import SLICES, _interleaved, run


def test_bench_rows_are_well_formed() -> None:
    rows = run(articles=20)
    assert len(rows) == 3
    for row in rows:
        assert set(row) == {"name", "value", "floor", "ratio", "goal", "meets_goal"}
        assert row["value"] > 0 and row["floor"] > 0 and row["ratio"] > 0
        assert isinstance(row["meets_goal"], bool)


def test_engine_and_floor_take_turns_slice_by_slice() -> None:
    """Noise on a shared host comes in spells: both sides must be timed through the same
    stretch of time, each round covering every item once, taking turns slice by slice."""
    calls: list[tuple[str, tuple[int, ...]]] = []
    first_items, second_items = list(range(100)), list(range(100, 140))
    _interleaved(
        lambda part: calls.append(("a", tuple(part))),
        first_items,
        lambda part: calls.append(("b", tuple(part))),
        second_items,
        rounds=3,
    )
    slices = min(SLICES, len(second_items))
    assert len(calls) == 3 * 2 * slices
    for round_ in range(3):
        block = calls[round_ * 2 * slices : (round_ + 1) * 2 * slices]
        for i in range(slices):
            pair = block[2 * i : 2 * i + 2]
            assert {side for side, _ in pair} == {"a", "b"}  # one slice of each side, back to back
        assert sorted(x for side, part in block if side == "a" for x in part) == first_items
        assert sorted(x for side, part in block if side == "b" for x in part) == second_items
    # Which side goes first alternates, so neither always runs on a warmer cache.
    assert calls[0][0] != calls[2][0]


def test_timing_nothing_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="nothing to time"):
        _interleaved(lambda part: None, [], lambda part: None, [1])
