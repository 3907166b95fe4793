"""Score contract readings against gold readings, with the contract's matching rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

KINDS = ("actors", "agreements", "metrics", "events")


# A rate is not part of the noun counted: "barrels per day" counts barrels.
_RATE = re.compile(r"\s*(?:/|\b(?:per|a|an|each)\s+)(?:day|week|month|year|annum)$")


_OF_PHRASE = re.compile(r"\s+of\s+.*$")


def _unit(unit: str) -> str:
    # The noun a unit counts: "fighter jets" and "jets" agree, as "rifles" and "rifle" do; and
    # "memorandums of understanding" counts memorandums (its head, before the of-phrase).
    unit = _OF_PHRASE.sub("", _RATE.sub("", unit.strip().lower())).rsplit(" ", 1)[-1]
    for suffix in ("es", "s"):
        if unit.endswith(suffix) and len(unit) > len(suffix) + 2:
            return unit[: -len(suffix)]
    return unit


def same_figure(value: float | Decimal | str, unit: str, gold: dict[str, Any]) -> bool:
    """The contract's match of a metric, but for its kind: the same unit, the value within 2%."""
    if _unit(unit) != _unit(gold["unit"]):
        return False
    expected = float(gold["value"])
    return abs(float(value) - expected) <= 0.02 * abs(expected)


def _actor_ids(gold_actors: list[dict[str, Any]]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for i, actor in enumerate(gold_actors):
        for alias in (actor["name"], *actor.get("aliases", ())):
            ids.setdefault(alias.lower(), i)
    return ids


def _same_actor(a: str, b: str, ids: dict[str, int]) -> bool:
    a, b = a.lower(), b.lower()
    return a == b or (a in ids and ids.get(a) == ids.get(b))


def _matchers(gold_doc: dict[str, Any]) -> dict[str, Callable[[dict[str, Any], dict[str, Any]], bool]]:
    ids = _actor_ids(gold_doc.get("actors", []))

    def actor(reading: dict[str, Any], gold: dict[str, Any]) -> bool:
        names = {n.lower() for n in (gold["name"], *gold.get("aliases", ()))}
        return reading["name"].lower() in names

    def agreement(reading: dict[str, Any], gold: dict[str, Any]) -> bool:
        haystack = f"{reading.get('title') or ''}\n{reading.get('evidence') or ''}".lower()
        return any(key.lower() in haystack for key in gold.get("keys", ()))

    def metric(reading: dict[str, Any], gold: dict[str, Any]) -> bool:
        return reading["kind"] == gold["kind"] and same_figure(reading["value"], reading["unit"], gold)

    def event(reading: dict[str, Any], gold: dict[str, Any]) -> bool:
        if reading["kind"] != gold["kind"]:
            return False
        return any(_same_actor(a, b, ids) for a in reading.get("actors", ()) for b in gold.get("actors", ()))

    return {"actors": actor, "agreements": agreement, "metrics": metric, "events": event}


def _max_matching(
    readings: list[dict[str, Any]],
    golds: list[dict[str, Any]],
    matches: Callable[[dict[str, Any], dict[str, Any]], bool],
) -> int:
    """One reading per gold item and one gold item per reading (augmenting paths)."""
    edges = [[j for j, g in enumerate(golds) if matches(r, g)] for r in readings]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(readings)))


def _ratios(counts: dict[str, int]) -> dict[str, float | int]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {**counts, "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def score_readings(readings: list[dict[str, Any]], gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Per kind tp/fp/fn, precision, recall, f1 over all documents; ``negatives_hit`` lists
    evidence of readings that is, contains or lies inside a gold negative."""
    gold_by_doc = {g["document"]: g for g in gold}
    readings_by_doc = {r["document"]: r for r in readings}
    totals = {kind: {"tp": 0, "fp": 0, "fn": 0} for kind in KINDS}
    documents: dict[str, dict[str, Any]] = {}
    negatives_hit: list[str] = []
    for name, gold_doc in gold_by_doc.items():
        reading = readings_by_doc.get(name, {})
        matchers = _matchers(gold_doc)
        documents[name] = {}
        pair = sorted(gold_doc.get("relationship") or ())
        for kind in KINDS:
            # A fact tagged with another pair is neither credited nor counted against (the guideline).
            found = [r for r in reading.get(kind, []) if "relationship" not in r or sorted(r["relationship"]) == pair]
            expected = gold_doc.get(kind, [])
            tp = _max_matching(found, expected, matchers[kind])
            counts = {"tp": tp, "fp": len(found) - tp, "fn": len(expected) - tp}
            documents[name][kind] = counts
            for key in counts:
                totals[kind][key] += counts[key]
        negatives = [n for n in gold_doc.get("negatives", ()) if n.strip()]
        for kind in ("agreements", "metrics", "events"):
            for item in reading.get(kind, []):
                if "relationship" in item and sorted(item["relationship"]) != pair:
                    continue  # another pair's fact, read from a body sentence (furniture yields none)
                evidence = item.get("evidence") or ""
                if evidence and any(n in evidence or evidence in n for n in negatives):
                    negatives_hit.append(evidence)
    result: dict[str, Any] = {kind: _ratios(totals[kind]) for kind in KINDS}
    result["negatives_hit"] = negatives_hit
    result["documents"] = documents
    return result
