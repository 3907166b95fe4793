import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relations.services import registry_load


class Command(BaseCommand):
    help = "Load a registry file (relationships, actors and aliases) as approved entries. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.SEEDS_DIR / "registry.json"))

    def handle(self, *args, path, **options):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read the registry {path}: {exc}") from exc
        try:
            counts = registry_load(data)
        except (KeyError, ValueError) as exc:
            raise CommandError(f"The registry {path} is not valid: {exc}") from exc
        self.stdout.write(
            f"Registry {path}: {counts['relationships']} new relationships, "
            f"{counts['actors']} new actors, {counts['aliases']} new aliases."
        )
