"""Throughput of the extraction engine against a floor measured in the same run.

    python -m bench.extraction --articles 1000

The floor is what any engine must at least do: one pass of the registry's alias matcher
(an automaton of all aliases) plus one pass of the number pattern over the same texts. Engine and
floor take turns slice by slice (50 articles of the 1,000), so that machine noise hits
both; the median rounds are compared.
Also: time with 10,000 registry aliases against 1,000, and time per word for articles
four times longer (a linear engine keeps it flat).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from articles.extraction import Registry, RegistryActor, default_registry, extract
from articles.extraction.numbers import AMOUNT

_PAIRS = (
    ("India", "Russia"),
    ("France", "Germany"),
    ("India", "Japan"),
    ("Russia", "China"),
    ("Brazil", "China"),
    ("United States", "India"),
    ("South Korea", "Japan"),
    ("Turkey", "Egypt"),
    ("Canada", "Mexico"),
)
_DEMONYM = {
    "India": "Indian",
    "Russia": "Russian",
    "France": "French",
    "Germany": "German",
    "Japan": "Japanese",
    "China": "Chinese",
    "Brazil": "Brazilian",
    "United States": "American",
    "South Korea": "South Korean",
    "Turkey": "Turkish",
    "Egypt": "Egyptian",
    "Canada": "Canadian",
    "Mexico": "Mexican",
}
_SYLLABLES = ("ka", "lo", "mi", "ra", "ven", "dor", "sha", "tin", "bel", "gor", "an", "vik", "su", "mel", "po")
_BODY = (
    "{d1} Prime Minister {p1} and {d2} President {p2} held talks in {c2} on {weekday}, agreeing to expand cooperation.",
    "Bilateral trade between {c1} and {c2} reached ${n} billion last year, officials said.",
    "The two countries aim to raise trade to ${m} billion by 2030.",
    "{c1} signed a contract worth Rs {k},000 crore for {u} {model} fighter jets with {c2}.",
    "Work continues on the {name} Nuclear Power Plant, which is expected to be completed in 2028.",
    '{p1} said the partnership was "stronger than ever" after the meeting.',
    "Talks are under way on a long-term LNG supply agreement worth about €{n} billion.",
    "Analysts say the relationship has deepened over the past decade despite outside pressure.",
    "Delivery of the {model2} air defence systems has been delayed until next year.",
    "Meanwhile, {third} announced new tariffs of {pct}% on steel imports from {third2}.",
)
_TAIL = ("Read more", "Markets rally as oil prices fall 3% on supply worries", "© 2025 All rights reserved.")


def _name(rng: random.Random, parts: int = 2) -> str:
    return " ".join(
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(parts)
    )


def corpus(articles: int, seed: int = 0, paragraphs: int = 1) -> list[str]:
    """Deterministic synthetic wire copy: headline, byline, body, boilerplate."""
    rng = random.Random(seed)
    texts = []
    for _ in range(articles):
        c1, c2 = rng.choice(_PAIRS)
        lines = [
            f"{c1} and {c2} deepen ties as leaders meet",
            f"By {_name(rng)} | March {rng.randint(1, 28)}, 2025",
            "",
        ]
        for _ in range(paragraphs):
            third, third2 = rng.sample([c for pair in _PAIRS for c in pair if c not in (c1, c2)], 2)
            slots = {
                "c1": c1,
                "c2": c2,
                "d1": _DEMONYM[c1],
                "d2": _DEMONYM[c2],
                "p1": _name(rng),
                "p2": _name(rng),
                "weekday": rng.choice(("Monday", "Tuesday", "Friday")),
                "n": rng.randint(10, 300),
                "m": rng.randint(50, 500),
                "k": rng.randint(2, 90),
                "u": rng.choice(("12", "36", "two dozen")),
                "model": f"{rng.choice('ABFKST')}{rng.choice(('u-', '-', ''))}{rng.randint(10, 999)}",
                "model2": f"{rng.choice('ABFKST')}-{rng.randint(100, 900)}",
                "name": _name(rng, 1),
                "third": third,
                "third2": third2,
                "pct": rng.randint(5, 60),
            }
            body = list(_BODY)
            rng.shuffle(body)
            lines.append(" ".join(sentence.format(**slots) for sentence in body))
        lines.extend(_TAIL)
        texts.append("\n".join(lines))
    return texts


def synthetic_registry(aliases: int, seed: int = 0) -> Registry:
    """The seed registry plus made-up people, to reach ``aliases`` aliases in all."""
    base = default_registry()
    rng = random.Random(seed + 1)
    actors = list(base.actors)
    count = sum(1 + len(a.aliases) for a in actors)
    while count < aliases:
        full = _name(rng)
        actors.append(RegistryActor(key=full, name=full, kind="person", country=None, aliases=(f"Minister {full}",)))
        count += 2
    return Registry(tuple(actors), base.relationships, base.agreements)


# Rounds of engine and floor: odd, so that the median is one round.
ROUNDS = 5
# Within a round the two sides take turns slice by slice, so that a slow spell of a shared
# host (seconds long) falls on both of them alike, not on whichever round it overlapped.
SLICES = 20


def _slices(items: list, count: int) -> list[list]:
    size = -(-len(items) // count)
    return [items[i : i + size] for i in range(0, len(items), size)]


def _interleaved(
    first: Callable[[list], object],
    first_items: list,
    second: Callable[[list], object],
    second_items: list,
    rounds: int = ROUNDS,
) -> tuple[float, float]:
    """Median round time of each side; in each round the sides alternate slice by slice
    (which goes first alternates too) over the same number of slices."""
    count = min(SLICES, len(first_items), len(second_items))
    if count == 0:
        raise ValueError("nothing to time: both sides need at least one item")
    pairs = list(zip(_slices(first_items, count), _slices(second_items, count), strict=True))
    a, b = [], []
    for round_ in range(rounds):
        total_a = total_b = 0.0
        for i, (items_a, items_b) in enumerate(pairs):
            if (round_ + i) % 2:
                total_b += _timed(second, items_b)
                total_a += _timed(first, items_a)
            else:
                total_a += _timed(first, items_a)
                total_b += _timed(second, items_b)
        a.append(total_a)
        b.append(total_b)
    return statistics.median(a), statistics.median(b)


def _timed(work: Callable[[list], object], items: list) -> float:
    started = time.perf_counter()
    work(items)
    return time.perf_counter() - started


def _floor(texts: list[str], registry: Registry) -> None:
    matcher = registry.matcher()
    for text in texts:
        matcher.actor_spans(text)  # the engine's alias pass (an automaton since the registry outgrew a regex)
        for _ in AMOUNT.finditer(text):
            pass


def _engine(texts: list[str], registry: Registry) -> None:
    for text in texts:
        extract(text, registry=registry)


def _row(name: str, value: float, floor: float, ratio: float, goal: float) -> dict:
    return {
        "name": name,
        "value": round(value, 6),
        "floor": round(floor, 6),
        "ratio": round(ratio, 3),
        "goal": goal,
        "meets_goal": ratio <= goal,
    }


def run(articles: int = 1000, seed: int = 0) -> list[dict]:
    registry = default_registry()
    texts = corpus(articles, seed)
    words = sum(len(t.split()) for t in texts)
    _engine(texts[:5], registry)  # compile patterns outside the timings
    engine, floor = _interleaved(
        lambda part: _engine(part, registry), texts, lambda part: _floor(part, registry), texts
    )
    rows = [_row("words per second (engine vs floor)", words / engine, words / floor, engine / floor, 5.0)]

    small, large = synthetic_registry(1_000, seed), synthetic_registry(10_000, seed)
    small.matcher(), large.matcher()
    sample = texts[: max(20, articles // 5)]
    t_small, t_large = _interleaved(
        lambda part: _engine(part, small), sample, lambda part: _engine(part, large), sample
    )
    rows.append(_row("seconds with 10k aliases vs 1k aliases", t_large, t_small, t_large / t_small, 1.5))

    short_texts = corpus(max(20, articles // 5), seed + 2, paragraphs=1)
    long_texts = corpus(max(20, articles // 5), seed + 2, paragraphs=4)
    w_short = sum(len(t.split()) for t in short_texts)
    w_long = sum(len(t.split()) for t in long_texts)
    t_short, t_long = _interleaved(
        lambda part: _engine(part, registry), short_texts, lambda part: _engine(part, registry), long_texts
    )
    per_short, per_long = t_short / w_short, t_long / w_long
    rows.append(_row("seconds per word, 4x longer articles vs 1x", per_long, per_short, per_long / per_short, 1.5))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    print(f"{'measure':48} {'value':>14} {'floor':>14} {'ratio':>7} {'goal':>6}  ok")
    for row in run(args.articles, args.seed):
        print(
            f"{row['name']:48} {row['value']:>14.6g} {row['floor']:>14.6g} {row['ratio']:>7.2f} {row['goal']:>6}  "
            f"{'yes' if row['meets_goal'] else 'NO'}"
        )


if __name__ == "__main__":
    main()
