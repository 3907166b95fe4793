"""The learned layer: a linear model that reads a metric's kind again, on top of the rules.

The rules (metrics.py) decide a figure's kind from one cue in its clause; where the cue is
weak or absent they fall back to a default, and that is where most metrics are lost on real
text (docs/extraction.md). The model sees what the rules saw (the cue that decided, the
rules' kind) and the words around the figure, and was trained on the gold corpus by
``manage.py train_extraction``. A trained model is a JSON file of weights (no pickle: the
file is data, loaded without executing anything), applied here in pure Python, so the
engine needs no scientific stack at run time; with no file (none is shipped yet: it does
not beat the rules, docs/extraction.md) the rules' kinds stand.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .candidates import MetricCandidate

MODEL_DIR = Path(__file__).resolve().parent / "data"
METRIC_KIND_MODEL = MODEL_DIR / "metric_kind.json"
FORMAT = 1  # the layout of the model file; a file of another layout is ignored

_WORD = re.compile(r"[a-z][a-z\-']*|\d+")
_WINDOW = 6  # words each side of the figure that the model reads by position
_MODALS = frozenset(["will", "would", "shall", "could", "may", "might", "expected", "likely", "plans", "aims"])


def metric_features(candidate: MetricCandidate, published: dt.date | None) -> dict[str, float]:
    """Sparse features of one figure: the rules' reading plus the words of its clause.

    Only candidates the rules read from a clause have them (a stake has no learned kind)."""
    reading = candidate.reading
    if reading is None:
        return {}
    clause, figure = reading.clause, reading.figure
    before = _WORD.findall(clause.text[: max(0, figure.start - clause.start)].lower())
    after = _WORD.findall(clause.text[max(0, figure.end - clause.start) :].lower())
    features: dict[str, float] = {
        f"cue={reading.cue.split(':')[-1]}": 1.0,
        f"rule={candidate.kind}": 1.0,
        f"unit={_unit_class(candidate.unit, reading.counted)}": 1.0,
    }
    for distance, word in enumerate(reversed(before[-_WINDOW:]), start=1):
        features[f"L:{word}"] = 1.0
        if distance <= 2:
            features[f"L{distance}={word}"] = 1.0
    for distance, word in enumerate(after[:_WINDOW], start=1):
        features[f"R:{word}"] = 1.0
        if distance <= 2:
            features[f"R{distance}={word}"] = 1.0
    if any(word in _MODALS for word in before):
        features["modal_before"] = 1.0
    if published is not None and candidate.period_start is not None:
        if candidate.period_start.year > published.year:
            features["period=future"] = 1.0
        elif candidate.period_end is not None and candidate.period_end < published:
            features["period=past"] = 1.0
        else:
            features["period=current"] = 1.0
    elif candidate.period is None:
        features["period=none"] = 1.0
    return features


def _unit_class(unit: str, counted: bool) -> str:
    if not counted:
        return "percent" if unit == "percent" else "money"
    return "count"


@dataclass(frozen=True)
class LinearModel:
    """Multinomial logistic regression as weights: P(class) = softmax(bias + sum of weights)."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float  # below this probability the rules' kind stands
    version: str

    @classmethod
    def from_file(cls, path: Path) -> LinearModel | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("format") != FORMAT:
            return None
        return cls(
            classes=tuple(data["classes"]),
            bias=tuple(data["bias"]),
            weights={name: tuple(row) for name, row in data["weights"].items()},
            threshold=float(data["threshold"]),
            version=str(data["version"]),
        )

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        scores = list(self.bias)
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None:
                for i, weight in enumerate(row):
                    scores[i] += weight * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.classes, exps, strict=True)}

    def decide(self, features: dict[str, float], fallback: str) -> str:
        if not features:
            return fallback
        probabilities = self.probabilities(features)
        label = max(probabilities, key=probabilities.__getitem__)
        return label if probabilities[label] >= self.threshold else fallback


@lru_cache(maxsize=4)
def metric_kind_model(path: Path = METRIC_KIND_MODEL) -> LinearModel | None:
    """The shipped model, or None where there is none (the rules' kinds stand)."""
    return LinearModel.from_file(path)


def relabel_metrics(
    metrics: list[MetricCandidate], published: dt.date | None, model: LinearModel | None
) -> list[MetricCandidate]:
    """Each figure's kind as the model reads it, where it is confident; else the rules' kind."""
    if model is None:
        return metrics
    for candidate in metrics:
        candidate.kind = model.decide(metric_features(candidate, published), candidate.kind)
    return metrics
