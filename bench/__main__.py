"""`python -m bench`: build the corpus, measure every path beside its floor, print and save the results.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/relations_bench
when a server answers there, else a database of the embedded PostgreSQL; it is reset, so it
must be a database of its own), BENCH_SCALE (tiny|small|medium|large,
default medium), BENCH_SEED, BENCH_ROUNDS, BENCH_LOAD_SECONDS, BENCH_INGEST_PAGES,
BENCH_EXTRACTION_ARTICLES, BENCH_REDIS_URL (default redis://127.0.0.1:6379/9).
"""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import sys
import warnings

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/relations_bench"


def setup_django() -> None:
    """The bench database, the production profile without a broker, migrated."""
    _use_bench_database()
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
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    # Kombu warns, once per in-process task, that the (deliberately empty) broker URL has no host.
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="Also print the rows as a Markdown table.")
    parser.add_argument(
        "--readme",
        action="store_true",
        help="Measure nothing: print the README's Benchmarks figures (Markdown) from the last run's results.json.",
    )
    parser.add_argument("--update", metavar="README", help="With --readme: write them into README between its markers.")
    parser.add_argument("--results", metavar="PATH", help="With --readme: the results.json to read.")
    args = parser.parse_args(argv)
    if args.readme:
        return _readme(args)
    if args.update or args.results:
        parser.error("--update and --results go with --readme")
    setup_django()
    from . import report
    from .runner import options_from_env, run

    options = options_from_env()
    info = report.machine()
    started = datetime.datetime.now(tz=datetime.UTC)
    load_before = os.getloadavg()[1]  # the 5-minute load average: how busy the machine was around the run
    print(
        f"Machine: {info['cpus']} CPUs ({info['cpu_model']}), {info['memory_gb']} GiB RAM, "
        f"PostgreSQL {info['postgresql']}, Python {info['python']}; scale {options.scale}, "
        f"{options.rounds} rounds, load {options.load_seconds} s."
    )
    phases: dict[str, float] = {}
    rows = run(options, phases=phases)
    print()
    print(report.table(rows))
    if args.markdown:
        print()
        print(report.markdown(rows))
    run_info = {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "scale": options.scale,
        "articles": options.articles,
        "rounds": options.rounds,
        "load_seconds": options.load_seconds,
        "ingest_pages": options.pages,
        "command": _command(options),
        "machine": info,
        "phases": phases,
        "load_average": [round(load_before, 1), round(os.getloadavg()[1], 1)],
        "note": os.environ.get("BENCH_NOTE", ""),
    }
    print(f"\nWrote {report.write(rows, info=run_info)}")
    missed = [r["name"] for r in rows if r["meets_goal"] is False]
    if missed:
        print(f"{len(missed)} goal(s) missed: see the MISSED rows above.")
    return 0


def _command(options) -> str:
    """The command that reproduces this run: `make bench` with whatever was not the default."""
    knobs = [f"BENCH_SCALE={options.scale}"] if options.scale != "medium" else []
    knobs_read = ("BENCH_SEED", "BENCH_ROUNDS", "BENCH_LOAD_SECONDS", "BENCH_INGEST_PAGES", "BENCH_EXTRACTION_ARTICLES")
    for name in (*knobs_read, "BENCH_REGISTRY_PAGES"):
        if os.environ.get(name):
            knobs.append(f"{name}={os.environ[name]}")
    return " ".join(["make bench", *knobs])


def _readme(args: argparse.Namespace) -> int:
    from pathlib import Path

    from . import report

    results = Path(args.results) if args.results else report.RESULTS
    if not results.exists():
        print(f"No {results}: run `make bench` first.", file=sys.stderr)
        return 1
    rows, info = report.load(results)
    section = report.readme_section(rows, info)
    if args.update:
        report.update_readme(Path(args.update), section)
        print(f"Updated the Benchmarks figures in {args.update}.")
    else:
        print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())


def _use_bench_database() -> None:
    """The benchmark database only, never the dev or test database that DATABASE_URL may name:
    BENCH_DATABASE_URL, else the default when a server answers there, else a database of the
    embedded PostgreSQL (started by this process, stopped when it exits)."""
    from config import database

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    if "BENCH_DATABASE_URL" not in os.environ and not database.answers(url):
        database.embedded("relations_bench")  # exports DATABASE_URL for the processes it starts
        return
    config = database.from_url(url)
    if "bench" not in config["NAME"]:
        raise SystemExit(f"BENCH_DATABASE_URL must name a database of its own (with 'bench' in its name), not {url}.")
    if database.create_if_missing(config):
        print(f"Created the benchmark database {config['NAME']}.")
    os.environ["DATABASE_URL"] = url
