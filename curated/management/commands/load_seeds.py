"""`manage.py load_seeds`: the seed registry, the seed articles and the editors' decisions."""

import json
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from curated.seeding import article_sources_apply


class Command(BaseCommand):
    help = (
        "Load seeds/registry.json, ingest seeds/articles/ as the 'Seed articles' source, give the seed "
        "articles their known URLs and dates (seeds/article_sources.json), and apply seeds/decisions.json. "
        "Running it twice changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        seeds = settings.SEEDS_DIR
        call_command("load_registry", stdout=self.stdout)
        call_command(
            "ingest", str(seeds / "articles"), folder_source="Seed articles", no_progress=True, stdout=self.stdout
        )
        sources = json.loads((seeds / "article_sources.json").read_text(encoding="utf-8"))
        changed = article_sources_apply(folder=seeds / "articles", sources=sources)
        self.stdout.write(f"Seed article sources: {changed} articles given their URL, site or date.")
        call_command("apply_decisions", str(seeds / "decisions.json"), stdout=self.stdout)
