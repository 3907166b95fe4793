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
    repeats: int  # calls per sample of the subject
    floor_repeats: int = 0  # calls per sample of the floor (0: as many as the subject)

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
    repeats = _repeats(_sample(fn, 1))
    return statistics.median(_sample(fn, repeats) for _ in range(rounds)) * 1000


def _repeats(seconds: float) -> int:
    return max(1, min(MAX_REPEATS, int(MIN_SAMPLE_SECONDS / max(seconds, 1e-9))))


def time_pair(subject: Callable[[], Any], floor: Callable[[], Any], *, rounds: int) -> Pair:
    """Time subject and floor alternately over `rounds` rounds; medians in ms per call.

    Both are warmed up first (caches, prepared plans, lazy imports). Even rounds run the
    subject first, odd rounds the floor, so neither always inherits the other's warm caches.
    Each side repeats its calls inside a sample until the sample lasts MIN_SAMPLE_SECONDS,
    counted for each side on its own: a slow page is not called as often as its fast floor.
    """
    subject()
    floor()
    subject_repeats, floor_repeats = _repeats(_sample(subject, 1)), _repeats(_sample(floor, 1))
    subject_times, floor_times = [], []
    for n in range(rounds):
        if n % 2 == 0:
            subject_times.append(_sample(subject, subject_repeats))
            floor_times.append(_sample(floor, floor_repeats))
        else:
            floor_times.append(_sample(floor, floor_repeats))
            subject_times.append(_sample(subject, subject_repeats))
    return Pair(
        subject_ms=statistics.median(subject_times) * 1000,
        floor_ms=statistics.median(floor_times) * 1000,
        rounds=rounds,
        repeats=subject_repeats,
        floor_repeats=floor_repeats,
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
        note=note
        or f"medians of {pair.rounds} alternating rounds; {pair.repeats} calls per sample of the path, "
        f"{pair.floor_repeats or pair.repeats} of the floor",
    )


def not_measured(name: str, *, goal: str, why: str) -> dict[str, Any]:
    return row(name, value=None, floor=None, ratio=None, goal=goal, meets_goal=None, note=f"not measured: {why}")


def _round(value: float | int | None) -> float | int | None:
    if value is None or isinstance(value, int):
        return value
    if value == float("inf"):
        return None
    return round(value, 3 if abs(value) < 10 else 1)
