"""`manage.py score_extraction OUTPUT.json GOLD_DIR`: precision, recall and F1 per kind."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.extraction import score_readings

KINDS = ("actors", "agreements", "metrics", "events")


class Command(BaseCommand):
    help = "Score the output of `manage.py extract --json` against a folder of gold readings."

    def add_arguments(self, parser):
        parser.add_argument("output", help="The JSON array printed by `manage.py extract --json`.")
        parser.add_argument("gold_dir", help="A folder of gold JSON files, one per document.")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print the scores as JSON.")

    def handle(self, *args, output, gold_dir, as_json: bool, **options):
        readings = _load(Path(output))
        if not isinstance(readings, list):
            raise CommandError(f"{output} is not a JSON array of readings.")
        gold_files = sorted(Path(gold_dir).glob("*.json"))
        if not gold_files:
            raise CommandError(f"No gold files (*.json) in {gold_dir}.")
        gold = [_load(path) for path in gold_files]
        documents = {g["document"] for g in gold}
        readings = [r for r in readings if r.get("document") in documents]
        if not readings:
            raise CommandError("None of the readings names a document of the gold folder.")
        gold = [g for g in gold if g["document"] in {r["document"] for r in readings}]
        scores = score_readings(readings, gold)
        if as_json:
            self.stdout.write(json.dumps(scores, indent=2, default=str))
            return
        self.stdout.write(f"{len(readings)} documents scored against {gold_dir}")
        self.stdout.write(f"{'kind':<12}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}{'F1':>7}")
        for kind in KINDS:
            s = scores[kind]
            self.stdout.write(
                f"{kind:<12}{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}{s['precision']:>11.3f}{s['recall']:>8.3f}{s['f1']:>7.3f}"
            )
        hits = scores.get("negatives_hit", [])
        self.stdout.write(f"negatives read: {len(hits)}")
        for hit in hits:
            self.stdout.write(f"  - {hit}")


def _load(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from exc
