"""Training the metric model (`manage.py train_extraction`).

Each figure the rules read of the document's pair is one example: its features
(learned.metric_features) and the kind the gold gives the same figure (same value and unit),
or ``none`` where the gold lists no such figure. The model is judged the way the engine will
use it: the sets are dealt into folds, and each fold is read by a model trained on the others;
its figures, kept or dropped and kinded by the model at each pair of thresholds, are scored
against the gold (a figure is right with the gold's kind) beside the rules' own figures. The
file is written only where the model beats the rules on sets it never saw. Needs scikit-learn,
a development dependency; the engine reads the file in pure Python.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.core.management.base import CommandError

from articles.extraction import extract
from articles.extraction.learned import FORMAT, NONE, LinearModel, metric_features
from articles.extraction.scoring import same_figure
from articles.training import gold_readings

STRENGTHS = (0.3, 1.0)  # inverse regularisation (C) tried
THRESHOLDS = (0.5, 0.6, 0.7, 0.8)  # the model's kind replaces the rules' at this probability
DROP_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)  # a figure is dropped at this probability of none
FOLDS = 5
MIN_COUNT = 2  # a feature seen once is a name, not a pattern
PRUNE = 0.005  # weights smaller than this are left out of the file (and of the models judged)


class _Out(Protocol):  # a text stream, or the command's stdout wrapper
    def write(self, text: str) -> object: ...


@dataclass
class _Document:
    figures: list[tuple[dict[str, float], str, str]]  # features, the rules' kind, the gold's kind or none
    gold_count: int


def _documents(folder: Path) -> list[_Document]:
    documents = []
    for gold, text in gold_readings(folder):
        extraction = extract(text, models=False)
        remaining = list(gold.get("metrics", []))
        figures = []
        for candidate in extraction.metrics:
            if candidate.relationship is not None and candidate.relationship != extraction.relationship:
                continue  # gold lists the document's pair only
            match = next((g for g in remaining if same_figure(candidate.value, candidate.unit, g)), None)
            if match is not None:
                remaining.remove(match)
            label = match["kind"] if match is not None else NONE
            figures.append((metric_features(candidate, extraction.published), candidate.kind, label))
        documents.append(_Document(figures, len(gold.get("metrics", []))))
    return documents


def _fit(documents: list[_Document], strength: float) -> LinearModel:
    """The model as the engine applies it (its thresholds are chosen apart, on left-out folds)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [figure for document in documents for figure in document.figures]
    seen = Counter(name for features, _, _ in rows for name in features)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([{k: v for k, v in f.items() if seen[k] >= MIN_COUNT} for f, _, _ in rows])
    model = LogisticRegression(C=strength, max_iter=5000).fit(matrix, [label for _, _, label in rows])
    classes = [str(c) for c in model.classes_]
    if len(classes) == 2:  # a binary model keeps one row of weights: spread it over both classes
        coefficients, intercepts = [-model.coef_[0], model.coef_[0]], [-model.intercept_[0], model.intercept_[0]]
    else:
        coefficients, intercepts = list(model.coef_), list(model.intercept_)
    weights = {}
    for name, i in vectorizer.vocabulary_.items():
        row = tuple(round(float(coefficients[c][i]), 4) for c in range(len(classes)))
        if max(map(abs, row)) >= PRUNE:
            weights[str(name)] = row
    bias = tuple(round(float(b), 4) for b in intercepts)
    return LinearModel(tuple(classes), bias, weights, threshold=1.01, drop_threshold=1.01, version="training")


def _decide(probabilities: dict[str, float], rules_kind: str, threshold: float, drop: float) -> str | None:
    if probabilities.get(NONE, 0.0) >= drop:
        return None
    kinds = [label for label in probabilities if label != NONE] or [rules_kind]
    label = max(kinds, key=lambda k: probabilities.get(k, 0.0))
    return label if probabilities.get(label, 0.0) >= threshold else rules_kind


def _count(documents: list[_Document], decided: list[list[str | None]]) -> dict[str, int]:
    tp = fp = fn = 0
    for document, kinds in zip(documents, decided, strict=True):
        kept = [(kind, label) for kind, (_, _, label) in zip(kinds, document.figures, strict=True) if kind is not None]
        right = sum(kind == label for kind, label in kept)
        tp, fp, fn = tp + right, fp + len(kept) - right, fn + document.gold_count - right
    return {"tp": tp, "fp": fp, "fn": fn}


def _f1(counts: dict[str, int]) -> float:
    return 2 * counts["tp"] / (2 * counts["tp"] + counts["fp"] + counts["fn"]) if counts["tp"] else 0.0


def _add(total: dict[str, int], counts: dict[str, int]) -> None:
    for key, value in counts.items():
        total[key] = total.get(key, 0) + value


def train_metric_model(sets: dict[str, Path], write: bool, output: Path, out: _Out) -> None:
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise CommandError("Training needs scikit-learn, a development dependency: `make setup-dev`.") from exc
    documents: dict[str, list[_Document]] = {}
    for name, folder in sets.items():
        documents[name] = _documents(folder)
        out.write(f"{name:12} {sum(len(d.figures) for d in documents[name]):4} figures\n")
    if sum(len(d.figures) for docs in documents.values() for d in docs) < 30 or len(documents) < 2:
        raise CommandError("Too few examples to train on: at least 30 figures in two sets.")

    # Sets dealt into folds: each fold is read by models that never saw it.
    names = sorted(documents)
    folds = [names[i :: min(FOLDS, len(names))] for i in range(min(FOLDS, len(names)))]
    totals: dict[Any, dict[str, int]] = {}
    for i, fold in enumerate(folds, start=1):
        held = [d for name in fold for d in documents[name]]
        train = [d for name in names if name not in fold for d in documents[name]]
        _add(totals.setdefault("rules", {}), _count(held, [[kind for _, kind, _ in d.figures] for d in held]))
        for strength in STRENGTHS:
            fitted = _fit(train, strength)
            probabilities = [[fitted.probabilities(f) for f, _, _ in d.figures] for d in held]
            for threshold in THRESHOLDS:
                for drop in DROP_THRESHOLDS:
                    decided = [
                        [_decide(p, kind, threshold, drop) for p, (_, kind, _) in zip(ps, d.figures, strict=True)]
                        for ps, d in zip(probabilities, held, strict=True)
                    ]
                    _add(totals.setdefault((strength, threshold, drop), {}), _count(held, decided))
        out.write(f"fold {i}/{len(folds)} read ({len(fold)} sets)\n")
    rules = _f1(totals["rules"])
    best = max((key for key in totals if key != "rules"), key=lambda key: (_f1(totals[key]), key[1], key[2]))
    strength, threshold, drop = best
    out.write(
        f"left-out sets, metrics F1: the rules {rules:.3f}, rules + model {_f1(totals[best]):.3f} "
        f"(C={strength}, kind at p >= {threshold}, dropped at p(none) >= {drop})\n"
    )
    if _f1(totals[best]) <= rules:
        out.write("The model does not beat the rules on sets it has not seen; ship it only to experiment.\n")
    if not write:
        return
    fitted = _fit([d for docs in documents.values() for d in docs], strength)
    payload = {
        "format": FORMAT,
        "version": dt.date.today().isoformat(),
        "classes": list(fitted.classes),
        "bias": list(fitted.bias),
        "weights": {name: list(row) for name, row in sorted(fitted.weights.items())},
        "threshold": threshold,
        "drop_threshold": drop,
        "strength": strength,
        "trained_on": {name: sum(len(d.figures) for d in docs) for name, docs in documents.items()},
        "left_out_f1": {"rules": round(rules, 4), "model": round(_f1(totals[best]), 4)},
    }
    output.write_text(json.dumps(payload, indent=0, separators=(",", ":")) + "\n", encoding="utf-8")
    out.write(f"Wrote {output} ({len(fitted.weights)} features).\n")
