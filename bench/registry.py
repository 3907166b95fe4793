"""`python -m bench.registry`: ingestion throughput against a registry of 10,000 vs 100,000 articles' worth.

The extractor reads every article against a snapshot of the registry (actors, aliases,
agreement keys; `curated.recording.registry_snapshot`). The corpus generator's registry
grows with the corpus: at 100,000 articles it holds ~94,000 agreement keys. Issue 17 found
the snapshot reloaded and its matcher recompiled on every registry change (each new pending
actor or agreement a page creates, each editor decision), so ingestion slowed fivefold
from 10,000 to 100,000 articles. This measures it: the benchmark database is reset and
built to the smaller corpus, a fresh process's snapshot is dropped (a worker starting),
and `--pages` new pages are ingested in one process (read, clean, store, extract, record:
`bench.ingestion.ingest_in_process`); then the same at the larger corpus, built from
scratch. The clock includes the worker start (the first, full read of the registry).

Row: pages/s at the larger corpus against pages/s at the smaller; goal: the smaller's rate
at most 1.3x the larger's. Options: --small, --large (articles; default 10,000 and
100,000), --pages (default 200), --seed; BENCH_DATABASE_URL as for `python -m bench`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GOAL = 1.3
# Far past any corpus index and the other ingestion benchmark's: pages new to the database.
PAGES_FROM = 70_000_000


@dataclass(frozen=True)
class Measure:
    articles: int
    pages: int
    seconds: float
    first_read_seconds: float  # the worker start: the registry read whole and its matcher built
    stored: int
    actors: int
    aliases: int
    agreement_keys: int
    registry_after: tuple[int, int, int]  # actors, aliases, agreement keys once the pages are in

    @property
    def throughput(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def _registry_counts() -> tuple[int, int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM relations_actor), (SELECT count(*) FROM relations_actoralias),"
            " (SELECT coalesce(sum(jsonb_array_length(keys)), 0) FROM agreements_agreement)"
        )
        return tuple(cursor.fetchone())  # type: ignore[return-value]


def measure(*, articles: int, pages: int, seed: int, first_index: int, say=print) -> Measure:
    """Reset the database, build `articles`, then ingest `pages` new pages in one process
    starting with no snapshot, as a worker that has just started."""
    from articles.extraction import extract
    from curated import recording

    from .corpus import corpus_build, corpus_reset
    from .ingestion import ingest_in_process, ingest_inbox, write_pages

    say(f"Building a corpus of {articles:,} articles...")
    corpus_reset()
    corpus_build(articles=articles, seed=seed)
    actors, aliases, keys = _registry_counts()
    with tempfile.TemporaryDirectory(prefix="bench-registry-", dir=ingest_inbox()) as folder:  # below INGEST_ROOT
        write_pages(Path(folder), count=pages, seed=seed, first_index=first_index)
        extract("India and Russia signed a deal.")  # import-time work, not the registry's
        say(f"Ingesting {pages:,} pages against {actors:,} actors, {aliases:,} aliases, {keys:,} agreement keys...")
        recording._snapshot = None  # a worker that has just started
        started = time.perf_counter()
        recording.registry_snapshot()
        first_read = time.perf_counter() - started
        result = ingest_in_process(Path(folder), pages)
    seconds = first_read + result.seconds
    return Measure(
        articles=articles,
        pages=pages,
        seconds=seconds,
        first_read_seconds=first_read,
        stored=result.articles,
        actors=actors,
        aliases=aliases,
        agreement_keys=keys,
        registry_after=_registry_counts(),
    )


def registry_row(small: Measure, large: Measure) -> dict[str, Any]:
    from .measure import row

    ratio = small.throughput / large.throughput if large.throughput else None
    stored = small.stored == small.pages and large.stored == large.pages

    def described(m: Measure) -> str:
        after = m.registry_after
        return (
            f"{m.articles:,} articles: {m.actors:,} actors, {m.aliases:,} aliases, {m.agreement_keys:,} agreement "
            f"keys ({after[0] - m.actors:,} actors, {after[1] - m.aliases:,} aliases, {after[2] - m.agreement_keys:,} "
            f"keys added by the pages); {m.pages:,} pages in {m.seconds:.1f} s, of which {m.first_read_seconds:.2f} s "
            f"the first, full read of the registry; {m.stored:,} stored"
        )

    return row(
        f"ingestion against the registry: pages/s at {large.articles:,} vs {small.articles:,} articles",
        value=large.throughput,
        floor=small.throughput,
        ratio=ratio,
        goal=f"the rate at {small.articles:,} ≤ {GOAL:g}x the rate at {large.articles:,}",
        meets_goal=ratio is not None and ratio <= GOAL and stored,
        unit="pages/s",
        note=f"{described(small)}; {described(large)}; one process, the worker start included; ratio = the "
        "smaller corpus's rate over the larger's",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.registry", description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000, help="articles of the smaller corpus")
    parser.add_argument("--large", type=int, default=100_000, help="articles of the larger corpus")
    parser.add_argument("--pages", type=int, default=200, help="pages ingested at each size")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from .__main__ import setup_django

    setup_django()
    from . import report

    small = measure(articles=args.small, pages=args.pages, seed=args.seed, first_index=PAGES_FROM)
    print(f"  {small.throughput:.2f} pages/s ({small.seconds:.1f} s, first read {small.first_read_seconds:.2f} s)")
    large = measure(articles=args.large, pages=args.pages, seed=args.seed, first_index=PAGES_FROM + 1_000_000)
    print(f"  {large.throughput:.2f} pages/s ({large.seconds:.1f} s, first read {large.first_read_seconds:.2f} s)")
    result = registry_row(small, large)
    print()
    print(report.table([result]))
    print()
    print(
        f"pages/s at {args.small:,} articles: {small.throughput:.2f}; at {args.large:,}: {large.throughput:.2f}; "
        f"ratio {result['ratio']:.3f} (goal ≤ {GOAL:g}): {'met' if result['meets_goal'] else 'MISSED'}"
    )
    return 0 if result["meets_goal"] else 1


if __name__ == "__main__":
    sys.exit(main())
