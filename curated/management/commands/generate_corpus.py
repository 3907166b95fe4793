"""Build the synthetic benchmark corpus: `manage.py generate_corpus --scale medium` or `--articles N`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench.corpus import SCALES, CorpusError, corpus_build, corpus_reset


class Command(BaseCommand):
    help = (
        "Fill a PostgreSQL benchmark database with a realistic synthetic corpus (about ten facts per article, "
        "with evidence and history), or grow an existing one. Never point it at a database you care about."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        size = parser.add_mutually_exclusive_group()
        size.add_argument("--articles", type=int, help="Number of articles the corpus should hold.")
        size.add_argument("--scale", choices=list(SCALES), help=", ".join(f"{k}={v}" for k, v in SCALES.items()))
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same corpus (default 0).")
        parser.add_argument(
            "--reset", action="store_true", help="Empty the domain tables first (benchmark and test databases only)."
        )

    def handle(
        self, *args: Any, articles: int | None, scale: str | None, seed: int, reset: bool, **options: Any
    ) -> None:
        target = articles if articles is not None else SCALES[scale or "small"]
        if target < 1:
            raise CommandError("--articles must be at least 1.")
        verbosity = options.get("verbosity", 1)

        def progress(done: int, total: int) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  {done:,} / {total:,} articles")

        try:
            if reset:
                corpus_reset()
            report = corpus_build(articles=target, seed=seed, progress=progress)
        except CorpusError as exc:
            raise CommandError(str(exc)) from exc
        if report.articles_before >= target:
            self.stdout.write(f"The corpus already holds {report.articles_before:,} articles; nothing to add.")
        written = sum(report.rows.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Corpus: {report.articles_after:,} articles (+{report.articles_after - report.articles_before:,}), "
                f"{report.facts:,} new facts, {written:,} rows written in {report.seconds:.1f} s."
            )
        )
