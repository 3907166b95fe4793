"""`manage.py extract FILE... --json`: the extraction contract (shared/contracts/extraction.md)."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from articles.extraction import Registry, default_registry, extract, read_document


class Command(BaseCommand):
    help = "Extract actors, agreements, metrics and events from files and print them as JSON. Writes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="Print the contract's JSON array (the default).")
        parser.add_argument("--indent", type=int, default=2)

    def handle(self, *args: Any, files: list[str], indent: int, **options: Any) -> None:
        registry = self._registry()
        readings: list[dict[str, Any]] = []
        failures: list[str] = []
        for name in files:
            try:
                raw = Path(name).read_bytes()
            except OSError as exc:
                failures.append(f"{name}: {exc.strerror or exc}")
                continue
            text = raw.decode("utf-8", errors="replace")
            title, published = read_document(text)
            extraction = extract(text, published=published, registry=registry, title=title)
            readings.append(extraction.to_contract(Path(name).name))
        sys.stdout.write(json.dumps(readings, ensure_ascii=False, indent=indent) + "\n")
        if failures:
            raise CommandError("Could not read: " + "; ".join(failures))

    def _registry(self) -> Registry:
        """The database's registry when there is one, else the seed registry."""
        try:
            from curated.recording import registry_snapshot

            registry = registry_snapshot()
        except DatabaseError as exc:
            self.stderr.write(f"No database registry ({exc.__class__.__name__}); using the seed registry.")
            return default_registry()
        if not registry.actors:
            self.stderr.write("The database registry is empty; using the seed registry.")
            return default_registry()
        return registry
