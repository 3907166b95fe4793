"""The benchmark runs and reports well-formed rows (no wall-clock assertions)."""

from __future__ import annotations

from bench.extraction import run


def test_bench_rows_are_well_formed() -> None:
    rows = run(articles=20)
    assert len(rows) == 3
    for row in rows:
        assert set(row) == {"name", "value", "floor", "ratio", "goal", "meets_goal"}
        assert row["value"] > 0 and row["floor"] > 0 and row["ratio"] > 0
        assert isinstance(row["meets_goal"], bool)
