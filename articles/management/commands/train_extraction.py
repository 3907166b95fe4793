"""`manage.py train_extraction`: train the learned layer on the gold corpus.

Without options, the metric-kind model; with --sentences, the sentence models that propose the
agreements and events the rules missed (articles/extraction/proposals.py).

Each figure the rules read and the gold also lists (same value and unit, whatever the kind)
is one example: its features (learned.metric_features) and the gold's kind. The model is
judged the only honest way a corpus this small allows: leave one set out, train on the
others, read the left-out set, and compare with the rules' kinds on the same figures. The
file is written only with --write, and the engine uses it only where it is confident.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.extraction import extract
from articles.extraction.learned import FORMAT, METRIC_KIND_MODEL, metric_features
from articles.extraction.scoring import same_figure
from articles.training import SENTENCE_MODELS, STRENGTH, gold_readings, train_sentence_models

DEFAULT_CORPUS = Path(settings.BASE_DIR) / "tests" / "extraction" / "corpus"
HELD_OUT = "heldout"  # never trained on: it measures the engine
THRESHOLDS = (0.5, 0.6, 0.7, 0.8)
STRENGTHS = (0.1, 0.3, 1.0)  # inverse regularisation (C) tried


class Command(BaseCommand):
    help = (
        "Train the metric-kind model (with --sentences: the sentence models) on the gold corpus; "
        "print how it compares with the rules."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus", type=Path, default=DEFAULT_CORPUS, help="Folder of sets (SET/articles, SET/gold)."
        )
        parser.add_argument(
            "--write",
            action="store_true",
            help=f"Write the model ({METRIC_KIND_MODEL.name}, or {SENTENCE_MODELS.name} with --sentences).",
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
            return
        output = output or METRIC_KIND_MODEL
        try:
            from sklearn.feature_extraction import DictVectorizer
            from sklearn.linear_model import LogisticRegression
        except ImportError as exc:
            raise CommandError("Training needs scikit-learn, a development dependency: `make setup-dev`.") from exc
        sets = _sets(corpus)
        examples = {}
        for name, folder in sets.items():
            examples[name] = list(_examples(folder))
            self.stdout.write(f"{name:12} {len(examples[name]):4} figures")
        if sum(len(v) for v in examples.values()) < 30 or len(examples) < 2:
            raise CommandError("Too few examples to train on: at least 30 figures in two sets.")

        def fit(train, strength):
            vectorizer = DictVectorizer()
            matrix = vectorizer.fit_transform([features for features, _, _ in train])
            model = LogisticRegression(C=strength, max_iter=5000)
            model.fit(matrix, [gold for _, _, gold in train])
            return vectorizer, model

        # Leave one set out: every (strength, threshold) is judged on sets it was not trained on.
        right = {(c, t): 0 for c in STRENGTHS for t in THRESHOLDS}
        rules_right = total = 0
        for held in examples:
            test = examples[held]
            if not test:
                continue
            for strength in STRENGTHS:
                vectorizer, model = fit([e for name, v in examples.items() if name != held for e in v], strength)
                rows = model.predict_proba(vectorizer.transform([features for features, _, _ in test]))
                for (_, rules_kind, gold), row in zip(test, rows, strict=True):
                    best = max(range(len(row)), key=row.__getitem__)
                    for threshold in THRESHOLDS:
                        decided = model.classes_[best] if row[best] >= threshold else rules_kind
                        right[(strength, threshold)] += decided == gold
            rules_right += sum(rules_kind == gold for _, rules_kind, gold in test)
            total += len(test)
        (strength, threshold), best_right = max(right.items(), key=lambda item: (item[1], item[0][1]))
        self.stdout.write(
            f"left-out sets, {total} figures: the rules' kind right {rules_right / total:.3f}, "
            f"rules + model (C={strength}, threshold {threshold}) {best_right / total:.3f}"
        )
        if best_right <= rules_right:
            self.stdout.write("The model does not beat the rules on sets it has not seen; ship it only to experiment.")
        if not write:
            return
        vectorizer, model = fit([e for v in examples.values() for e in v], strength)
        classes = [str(c) for c in model.classes_]
        coefficients = model.coef_ if len(classes) > 2 else [-model.coef_[0], model.coef_[0]]
        intercepts = model.intercept_ if len(classes) > 2 else [-model.intercept_[0], model.intercept_[0]]
        weights = {
            name: [round(float(coefficients[c][i]), 6) for c in range(len(classes))]
            for name, i in sorted(vectorizer.vocabulary_.items())
        }
        payload = {
            "format": FORMAT,
            "version": dt.date.today().isoformat(),
            "classes": classes,
            "bias": [round(float(b), 6) for b in intercepts],
            "weights": weights,
            "threshold": threshold,
            "trained_on": {name: len(v) for name, v in examples.items()},
            "left_out_accuracy": {"rules": round(rules_right / total, 4), "model": round(best_right / total, 4)},
        }
        output.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        self.stdout.write(f"Wrote {output} ({len(weights)} features).")


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


def _examples(folder: Path):
    """(features, the rules' kind, the gold kind) for each figure both the rules and the gold read."""
    for gold, text in gold_readings(folder):
        extraction = extract(text)
        remaining = list(gold.get("metrics", []))
        for candidate in extraction.metrics:
            if candidate.relationship is not None and candidate.relationship != extraction.relationship:
                continue  # gold lists the document's pair only
            match = next((g for g in remaining if same_figure(candidate.value, candidate.unit, g)), None)
            if match is None:
                continue
            remaining.remove(match)
            features = metric_features(candidate, extraction.published)
            if features:
                yield features, candidate.kind, match["kind"]
