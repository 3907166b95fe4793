"""Load the gold sets and score the engine on them; also a printable per-kind table.

python -m tests.extraction.goldsets      # prints the tables for both sets
"""

from __future__ import annotations

import json
from pathlib import Path

from articles.extraction import extract, score_readings

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).resolve().parent / "gold"
SETS = {
    # name: (folder of texts, folder of gold)
    "seed": (ROOT / "seeds" / "articles", GOLD / "seed"),
    "heldout": (GOLD / "heldout", GOLD / "heldout"),
    "fresh": (GOLD / "fresh", GOLD / "fresh"),
    "batch7": (GOLD / "batch7", GOLD / "batch7"),
    "batch8": (GOLD / "batch8", GOLD / "batch8"),
}
KINDS = ("actors", "agreements", "metrics", "events")


def load(name: str) -> list[tuple[str, dict]]:
    texts, golds = SETS[name]
    items = []
    for path in sorted(golds.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        items.append(((texts / gold["document"]).read_text(encoding="utf-8"), gold))
    return items


def evaluate(name: str) -> dict:
    items = load(name)
    readings = [extract(text).to_contract(gold["document"]) for text, gold in items]
    return score_readings(readings, [gold for _, gold in items])


def table(name: str, scores: dict) -> str:
    lines = [f"{name:8} {'kind':11} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
    for kind in KINDS:
        s = scores[kind]
        lines.append(
            f"{'':8} {kind:11} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4} "
            f"{s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}"
        )
    lines.append(f"{'':8} negatives hit: {len(scores['negatives_hit'])}")
    return "\n".join(lines)


if __name__ == "__main__":
    for set_name in SETS:
        print(table(set_name, evaluate(set_name)))
