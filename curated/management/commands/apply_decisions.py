"""`manage.py apply_decisions [FILE]`: editors' decisions on extracted facts, from a file."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from curated.seeding import decisions_apply


class Command(BaseCommand):
    help = (
        "Apply a decisions file (default seeds/decisions.json) through the review services as the seed "
        "editor. Idempotent; decisions that match no fact, and facts already decided otherwise, are listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(settings.SEEDS_DIR / "decisions.json"))

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        report = decisions_apply(data)
        self.stdout.write(
            f"Decisions {file}: {len(report.applied)} applied, {len(report.already)} already in place, "
            f"{len(report.conflicts)} left as is, {len(report.unmatched)} matched no fact."
        )
        for line in report.conflicts:
            self.stdout.write(self.style.WARNING(f"  left as is: {line}"))
        for line in report.unmatched:
            self.stdout.write(
                self.style.WARNING(f"  matched no fact (the extractor reads it differently now?): {line}")
            )
