"""Training the sentence models (`manage.py train_extraction --sentences`).

Each sentence the rules read from is one example per head: for the agreement head, whether the
gold lists more agreements stated in it than the rules read there; for an event head, whether
the gold lists an event of that kind stated in it. The models are judged the way the engine
will use them: leave one set out, train on the others, let them propose on the left-out set,
and score its agreements and events by the contract's matching against the rules alone. A head
is written only where it beats the rules on sets it never saw; the held-out set is never used.
Needs scikit-learn, a development dependency; the engine reads the file in pure Python.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from django.core.management.base import CommandError

from articles.extraction import score_readings
from articles.extraction.events import EVENT_KINDS
from articles.extraction.pipeline import RulesReading, read_with_rules, with_proposals
from articles.extraction.proposals import (
    AGREEMENT,
    EVENT_HEADS,
    FORMAT,
    HEADS,
    SENTENCE_MODELS,
    Head,
    SentenceModels,
    sentence_features,
)

STRENGTH = 0.3  # inverse regularisation (C); a few thousand sentences of a few hundred texts
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
MIN_COUNT = 2  # a feature seen once is a name, not a pattern
PRUNE = 0.02  # weights smaller than this are left out of the file (and of the models judged)
GROUPS = {"agreements": (AGREEMENT,), "events": tuple(EVENT_HEADS.values())}

__all__ = ["SENTENCE_MODELS", "STRENGTH", "gold_readings", "train_sentence_models"]


class _Out(Protocol):  # a text stream, or the command's stdout wrapper
    def write(self, text: str) -> object: ...


class _Document:
    def __init__(self, reading: RulesReading, gold: dict[str, Any]) -> None:
        self.reading, self.gold = reading, gold
        text = reading.document.text
        spans: list[tuple[str, int, int]] = []
        for kind in ("agreements", "events"):
            for fact in gold.get(kind, []):
                at = text.find(fact.get("evidence") or "\0")
                if at >= 0:
                    spans.append((fact["kind"] if kind == "events" else AGREEMENT, at, at + len(fact["evidence"])))
        self.rows: list[tuple[dict[str, float], set[str]]] = []
        for context in reading.contexts:
            s = context.sentence
            stated = [head for head, start, end in spans if start < s.end and end > s.start]
            labels = {EVENT_HEADS[k] for k in EVENT_KINDS if k in stated}
            if stated.count(AGREEMENT) > context.rule_agreements:
                labels.add(AGREEMENT)
            self.rows.append((sentence_features(context), labels))


def gold_readings(folder: Path) -> Iterator[tuple[dict[str, Any], str]]:
    """(gold, article text) of each gold file of a set (SET/gold/*.json, SET/articles/...); a
    file that cannot be read, or names an article that is not there, stops training, named."""
    for path in sorted((folder / "gold").glob("*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
            text = (folder / "articles" / gold["document"]).read_text(encoding="utf-8")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"Cannot read gold {path} or the article it names: {exc!r}") from exc
        yield gold, text


def _documents(folder: Path) -> list[_Document]:
    return [_Document(read_with_rules(text), gold) for gold, text in gold_readings(folder)]


def _fit(documents: list[_Document], strength: float) -> dict[str, tuple[float, dict[str, float]]]:
    """Per head, (bias, weights) of a logistic regression on the documents' sentences."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [row for document in documents for row in document.rows]
    seen = Counter(name for features, _ in rows for name in features)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([{k: v for k, v in f.items() if seen[k] >= MIN_COUNT} for f, _ in rows])
    names = vectorizer.get_feature_names_out()
    fitted = {}
    for head in HEADS:
        labels = [head in row_labels for _, row_labels in rows]
        if len(set(labels)) < 2:
            continue  # nothing of this kind to learn from
        model = LogisticRegression(C=strength, max_iter=5000).fit(matrix, labels)
        weights = {str(n): round(float(w), 3) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) >= PRUNE}
        fitted[head] = (round(float(model.intercept_[0]), 3), weights)
    return fitted


def _models(fitted: dict[str, tuple[float, dict[str, float]]], thresholds: dict[str, float]) -> SentenceModels:
    heads = {
        head: Head(bias, weights, thresholds[group])
        for group, names in GROUPS.items()
        if group in thresholds
        for head in names
        if head in fitted
        for bias, weights in [fitted[head]]
    }
    return SentenceModels(heads=heads, version="training")


def _score(documents: list[_Document], models: SentenceModels | None) -> dict[str, dict[str, int]]:
    readings = [with_proposals(d.reading, models).to_contract(d.gold["document"]) for d in documents]
    scores = score_readings(readings, [d.gold for d in documents])
    return {group: {k: scores[group][k] for k in ("tp", "fp", "fn")} for group in GROUPS}


def _f1(counts: dict[str, int]) -> float:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def train_sentence_models(
    sets: dict[str, Path], write: bool, output: Path, out: _Out, strength: float = STRENGTH
) -> None:
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise CommandError("Training needs scikit-learn, a development dependency: `make setup-dev`.") from exc
    documents = {}
    for name, folder in sets.items():
        documents[name] = _documents(folder)
        out.write(f"{name:12} {len(documents[name]):3} texts {sum(len(d.rows) for d in documents[name]):5} sentences\n")
    if len(documents) < 2:
        raise CommandError("Too few sets to judge a model on: at least two.")

    # Leave one set out: proposals on each set come from models that never saw it.
    totals: dict[Any, dict[str, dict[str, int]]] = {}
    for i, held in enumerate(documents, start=1):
        fitted = _fit([d for name, docs in documents.items() if name != held for d in docs], strength)
        runs: list[tuple[Any, SentenceModels | None]] = [("rules", None)]
        runs += [(t, _models(fitted, {group: t for group in GROUPS})) for t in THRESHOLDS]
        for key, models in runs:
            scored = _score(documents[held], models)
            for group, counts in scored.items():
                total = totals.setdefault(key, {}).setdefault(group, {"tp": 0, "fp": 0, "fn": 0})
                for k in counts:
                    total[k] += counts[k]
        out.write(f"left out {held} ({i}/{len(documents)})\n")
    chosen: dict[str, float] = {}
    for group in GROUPS:
        rules = _f1(totals["rules"][group])
        line = [f"{group}: rules {rules:.3f}"] + [f"{t}: {_f1(totals[t][group]):.3f}" for t in THRESHOLDS]
        out.write(f"left-out sets, {'  '.join(line)}\n")
        best = max(THRESHOLDS, key=lambda t: (_f1(totals[t][group]), t))
        if _f1(totals[best][group]) > rules:
            chosen[group] = best
        else:
            out.write(f"{group}: the models do not beat the rules on sets they never saw; not written.\n")
    if not write or not chosen:
        return
    fitted = _fit([d for docs in documents.values() for d in docs], strength)
    models = _models(fitted, chosen)
    payload = {
        "format": FORMAT,
        "version": dt.date.today().isoformat(),
        "strength": strength,
        "heads": {
            name: {"bias": head.bias, "threshold": head.threshold, "weights": dict(sorted(head.weights.items()))}
            for name, head in sorted(models.heads.items())
        },
        "trained_on": {name: len(docs) for name, docs in documents.items()},
        "left_out_f1": {
            group: {"rules": round(_f1(totals["rules"][group]), 4), "with_models": round(_f1(totals[t][group]), 4)}
            for group, t in chosen.items()
        },
    }
    output.write_text(json.dumps(payload, indent=0, separators=(",", ":")) + "\n", encoding="utf-8")
    out.write(f"Wrote {output} ({', '.join(sorted(models.heads))}).\n")
