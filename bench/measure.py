"""Timing a path beside its floor, and the rows the benchmark reports.

The machine is noisy, so a figure is never an absolute time on its own: each path is timed
with its floor in the same run, the two alternating round by round (and swapping which
goes first), and the report gives medians and their ratio.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ROW_KEYS = ("name", "value", "floor", "ratio", "goal", "meets_goal")
# A sample shorter than this is repeated inside the sample, so timer resolution and one-off
# hiccups weigh less; the per-call time is the sample divided by the repeats.
MIN_SAMPLE_SECONDS = 0.02
MAX_REPEATS = 50


@dataclass(frozen=True)
class Pair:
    """Medians of a subject and its floor, in milliseconds per call."""

    subject_ms: float
    floor_ms: float
    rounds: int
    repeats: int

    @property
    def ratio(self) -> float:
        return self.subject_ms / self.floor_ms if self.floor_ms > 0 else float("inf")


def _sample(fn: Callable[[], Any], repeats: int) -> float:
    started = time.perf_counter()
    for _ in range(repeats):
        fn()
    return (time.perf_counter() - started) / repeats


def time_one(fn: Callable[[], Any], *, rounds: int) -> float:
    """Median milliseconds per call of one callable (after a warm-up call)."""
    fn()
    first = _sample(fn, 1)
    repeats = max(1, min(MAX_REPEATS, int(MIN_SAMPLE_SECONDS / max(first, 1e-9))))
    return statistics.median(_sample(fn, repeats) for _ in range(rounds)) * 1000


def time_pair(subject: Callable[[], Any], floor: Callable[[], Any], *, rounds: int) -> Pair:
    """Time subject and floor alternately over `rounds` rounds; medians in ms per call.

    Both are warmed up first (caches, prepared plans, lazy imports). Even rounds run the
    subject first, odd rounds the floor, so neither always inherits the other's warm caches.
    """
    subject()
    floor()
    quickest = min(_sample(subject, 1), _sample(floor, 1))
    repeats = max(1, min(MAX_REPEATS, int(MIN_SAMPLE_SECONDS / max(quickest, 1e-9))))
    subject_times, floor_times = [], []
    for n in range(rounds):
        if n % 2 == 0:
            subject_times.append(_sample(subject, repeats))
            floor_times.append(_sample(floor, repeats))
        else:
            floor_times.append(_sample(floor, repeats))
            subject_times.append(_sample(subject, repeats))
    return Pair(
        subject_ms=statistics.median(subject_times) * 1000,
        floor_ms=statistics.median(floor_times) * 1000,
        rounds=rounds,
        repeats=repeats,
    )


def row(
    name: str,
    *,
    value: float | int | None,
    floor: float | int | None,
    ratio: float | None,
    goal: str,
    meets_goal: bool | None,
    unit: str = "",
    note: str = "",
) -> dict[str, Any]:
    """One result row: `meets_goal` is None only where nothing could be measured."""
    return {
        "name": name,
        "value": _round(value),
        "floor": _round(floor),
        "ratio": _round(ratio),
        "goal": goal,
        "meets_goal": meets_goal,
        "unit": unit,
        "note": note,
    }


def ratio_row(name: str, pair: Pair, *, limit: float, goal: str, note: str = "") -> dict[str, Any]:
    """A subject/floor row whose goal is a ratio at most `limit`."""
    return row(
        name,
        value=pair.subject_ms,
        floor=pair.floor_ms,
        ratio=pair.ratio,
        goal=goal,
        meets_goal=pair.ratio <= limit,
        unit="ms",
        note=note or f"medians of {pair.rounds} alternating rounds × {pair.repeats} calls",
    )


def not_measured(name: str, *, goal: str, why: str) -> dict[str, Any]:
    return row(name, value=None, floor=None, ratio=None, goal=goal, meets_goal=None, note=f"not measured: {why}")


def _round(value: float | int | None) -> float | int | None:
    if value is None or isinstance(value, int):
        return value
    if value == float("inf"):
        return None
    return round(value, 3 if abs(value) < 10 else 1)
