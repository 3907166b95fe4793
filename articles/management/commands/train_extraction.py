"""`manage.py train_extraction`: train the learned layer on the gold corpus.

Without options, the metric model (articles/metric_training.py: each figure the rules read,
kept or dropped and its kind read again); with --sentences, the sentence models that propose
the agreements and events the rules missed (articles/training.py). Both are judged on sets
they were not trained on, against the rules alone, and written only with --write.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.extraction.learned import METRIC_MODEL
from articles.metric_training import train_metric_model
from articles.training import SENTENCE_MODELS, STRENGTH, train_sentence_models

DEFAULT_CORPUS = Path(settings.BASE_DIR) / "tests" / "extraction" / "corpus"
HELD_OUT = "heldout"  # never trained on: it measures the engine


class Command(BaseCommand):
    help = (
        "Train the metric model (with --sentences: the sentence models) on the gold corpus; "
        "print how it compares with the rules."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus", type=Path, default=DEFAULT_CORPUS, help="Folder of sets (SET/articles, SET/gold)."
        )
        parser.add_argument(
            "--write",
            action="store_true",
            help=f"Write the model ({METRIC_MODEL.name}, or {SENTENCE_MODELS.name} with --sentences).",
        )
        parser.add_argument(
            "--output", type=Path, default=None, help="Where --write writes (default: the shipped file)."
        )
        parser.add_argument(
            "--sentences",
            action="store_true",
            help=f"Train the sentence models that propose missed agreements and events ({SENTENCE_MODELS.name}).",
        )
        parser.add_argument(
            "--strength", type=float, default=STRENGTH, help=f"With --sentences: inverse regularisation C ({STRENGTH})."
        )

    def handle(
        self, *args, corpus: Path, write: bool, output: Path | None, sentences: bool, strength: float, **options
    ):
        if sentences:
            train_sentence_models(_sets(corpus), write, output or SENTENCE_MODELS, self.stdout, strength)
        else:
            train_metric_model(_sets(corpus), write, output or METRIC_MODEL, self.stdout)


def _sets(corpus: Path) -> dict[str, Path]:
    if not corpus.is_dir():
        raise CommandError(f"No corpus folder at {corpus}.")
    sets = {
        folder.name: folder
        for folder in sorted(corpus.iterdir())
        if folder.name != HELD_OUT and (folder / "gold").is_dir() and (folder / "articles").is_dir()
    }
    if not sets:
        raise CommandError(f"No sets (SET/articles and SET/gold) under {corpus}.")
    return sets
