"""The learned layer: a linear model that reads each figure the rules found again, on top of them.

The rules (metrics.py) decide a figure's kind from one cue in its clause; where the cue is
weak or absent they fall back to a default, and that is where most metrics are lost on real
text (docs/extraction.md). The model sees what the rules saw (the cue that decided, the
rules' kind), the words around the figure and the words of its sentence, and answers one of
the kinds or ``none``: no figure a reader of the guideline would list (a one-country figure,
a specification, a figure of another story). It was trained on the gold corpus by
``manage.py train_extraction`` and judged on sets it was not trained on. A trained model is a
JSON file of weights (no pickle: the file is data, loaded without executing anything),
applied here in pure Python, so the engine needs no scientific stack at run time; with no
file, or with ``extract(..., models=False)``, the rules' figures and kinds stand.
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
METRIC_MODEL = MODEL_DIR / "metric_model.json"
FORMAT = 2  # the layout of the model file; a file of another layout is ignored
NONE = "none"  # the class of a figure no reader would list

_WORD = re.compile(r"[a-z][a-z\-']*|\d+")
# A sentence's words as cues: lower-case words only. A number is another figure, and a name (a
# country, a person, a company) would tie the model to the pairs and people of its corpus.
_SENTENCE_WORD = re.compile(r"(?<![\w\-'])[a-z][a-z\-']*")
_WINDOW = 6  # words each side of the figure that the model reads by position
_MODALS = frozenset(["will", "would", "shall", "could", "may", "might", "expected", "likely", "plans", "aims"])


def metric_features(candidate: MetricCandidate, published: dt.date | None) -> dict[str, float]:
    """Sparse features of one figure: the rules' reading, the words of its clause by position,
    and the words of its sentence (whom and what the sentence is about decides whether the
    figure is one of the pair's at all)."""
    sentence = dict.fromkeys(_sentence_features(candidate.evidence.text), 1.0)
    reading = candidate.reading
    if reading is None:  # read by a reader of its own (a stake, a capacity): no clause cue
        return {f"rule={candidate.kind}": 1.0, "cue=none": 1.0, **sentence}
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
    features.update(sentence)
    return features


@lru_cache(maxsize=256)
def _sentence_features(sentence: str) -> tuple[str, ...]:
    """The sentence-word features, once per sentence: its figures share them."""
    return tuple(f"S:{word}" for word in _SENTENCE_WORD.findall(sentence))


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
    drop_threshold: float  # at or above this probability of ``none`` the figure is dropped
    version: str

    @classmethod
    def from_file(cls, path: Path) -> LinearModel | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        try:
            model = cls(
                classes=tuple(data["classes"]),
                bias=tuple(map(float, data["bias"])),
                weights={str(name): tuple(map(float, row)) for name, row in data["weights"].items()},
                threshold=float(data["threshold"]),
                drop_threshold=float(data["drop_threshold"]),
                version=str(data["version"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # a field missing or of the wrong type: the rules' figures stand
        width = len(model.classes)
        if not width or len(model.bias) != width or any(len(row) != width for row in model.weights.values()):
            return None  # weights that do not fit the classes would fail on the first figure read
        return model

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        # Features are present (1.0) or absent, so a class's score is its bias plus the weights of
        # the features present: summed column by column in C (zip, sum), not weight by weight.
        rows = [row for row in map(self.weights.get, features) if row is not None]
        scores = list(map(sum, zip(self.bias, *rows, strict=True)))
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.classes, exps, strict=True)}

    def decide(self, features: dict[str, float], fallback: str) -> str | None:
        """The kind the model is confident of, else the rules' (``fallback``); None to drop."""
        probabilities = self.probabilities(features)
        if probabilities.get(NONE, 0.0) >= self.drop_threshold:
            return None
        kinds = [label for label in self.classes if label != NONE]
        label = max(kinds, key=probabilities.__getitem__)
        return label if probabilities[label] >= self.threshold else fallback


@lru_cache(maxsize=4)
def metric_model(path: Path = METRIC_MODEL) -> LinearModel | None:
    """The shipped model, or None where there is none (the rules' figures and kinds stand)."""
    return LinearModel.from_file(path)


def read_metrics_again(
    metrics: list[MetricCandidate], published: dt.date | None, model: LinearModel | None
) -> list[MetricCandidate]:
    """The figures the model keeps, each with the kind it reads where it is confident (else the
    rules' kind); all of them, as the rules read them, where there is no model."""
    if model is None:
        return metrics
    kept = []
    for candidate in metrics:
        kind = model.decide(metric_features(candidate, published), candidate.kind)
        if kind is not None:
            candidate.kind = kind
            kept.append(candidate)
    return kept
