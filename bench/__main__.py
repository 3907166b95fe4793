"""`python -m bench`: build the corpus, measure every path beside its floor, print and save the results.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/relations_bench;
it is reset, so it must be a database of its own), BENCH_SCALE (tiny|small|medium|large,
default medium), BENCH_SEED, BENCH_ROUNDS, BENCH_LOAD_SECONDS, BENCH_INGEST_PAGES,
BENCH_EXTRACTION_ARTICLES, BENCH_REDIS_URL (default redis://127.0.0.1:6379/9).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import warnings

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/relations_bench"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="Also print the rows as a Markdown table.")
    args = parser.parse_args(argv)
    # The benchmark database only, never the dev or test database that DATABASE_URL may name.
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DEBUG"] = "false"  # what production runs; DEBUG also keeps a log of every query
    os.environ["CELERY_BROKER_URL"] = ""  # in-process, except where the ingestion benchmark starts workers
    # Anonymous throttling would make the API benchmark a benchmark of the throttle.
    os.environ["API_ANON_RATE"] = "100000000/minute"
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    # WhiteNoise warns that STATIC_ROOT is empty; the benchmark serves no static files.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    # Kombu warns, once per in-process task, that the (deliberately empty) broker URL has no host.
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)
    from . import report
    from .runner import options_from_env, run

    options = options_from_env()
    info = report.machine()
    print(
        f"Machine: {info['cpus']} CPUs ({info['cpu_model']}), {info['memory_gb']} GB RAM, "
        f"PostgreSQL {info['postgresql']}, Python {info['python']}; scale {options.scale}, "
        f"{options.rounds} rounds, load {options.load_seconds} s."
    )
    rows = run(options)
    print()
    print(report.table(rows))
    if args.markdown:
        print()
        print(report.markdown(rows))
    print(f"\nWrote {report.write(rows)}")
    missed = [r["name"] for r in rows if r["meets_goal"] is False]
    if missed:
        print(f"{len(missed)} goal(s) missed: see the MISSED rows above.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
