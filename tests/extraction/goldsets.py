"""Load the gold sets and score the engine on them; also a printable per-kind table.

python -m tests.extraction.goldsets                    # every set's table
python -m tests.extraction.goldsets dev batch-a        # some sets, with the macro F1
python -m tests.extraction.goldsets batch-c --diff metrics   # what was missed and what was extra
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from articles.extraction import extract, score_readings
from articles.extraction.scoring import _matchers

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).resolve().parent / "gold"
CORPUS = Path(__file__).resolve().parent / "corpus"
SETS = {
    # name: (folder of texts, folder of gold)
    "seed": (ROOT / "seeds" / "articles", GOLD / "seed"),
    "heldout": (GOLD / "heldout", GOLD / "heldout"),
    "fresh": (GOLD / "fresh", GOLD / "fresh"),
    "batch7": (GOLD / "batch7", GOLD / "batch7"),
    "batch8": (GOLD / "batch8", GOLD / "batch8"),
}
# The real corpus: published texts as the pages print them, gold by readers who never saw the
# engine (tests/extraction/corpus/*/SOURCES.md). "real-heldout" is never developed on.
REAL_SETS = (
    "dev",
    "batch-a",
    "batch-b",
    "batch-c",
    "batch-d",
    "batch-f",
    "batch-g",
    "batch-h",
    "batch-i",
    "batch-j",
    "batch-k",
    "batch-l",
    "batch-m",
    "batch-n",
    "batch-o",
    "batch-p",
    "batch-q",
    "batch-r",
    "batch-s",
    "batch-t",
    "batch-u",
    "batch-v",
    "batch-w",
    "batch-x",
    "batch-y",
    "batch-z",
    "batch-zz",
    "batch-aa",
    "batch-ab",
    "batch-ac",
    "batch-ad",
    "batch-ae",
    "batch-af",
    "batch-ag",
    "batch-ah",
    "batch-ai",
    "batch-aj",
    "batch-ak",
    "batch-al",
    "batch-am",
    "batch-an",
    "batch-ao",
    "batch-ap",
    "batch-aq",
    "batch-ar",
    "batch-as",
    "batch-at",
    "batch-au",
    "batch-av",
    "batch-aw",
    "batch-ax",
    "batch-ay",
    "batch-az",
    "batch-ba",
    "batch-bb",
    "batch-bc",
    "batch-bd",
    "batch-be",
    "batch-bf",
    "batch-bg",
    "batch-bh",
    "batch-bi",
    "batch-bj",
    "batch-bk",
    "batch-bl",
    "batch-bm",
    "batch-bn",
    "batch-bo",
    "batch-bp",
    "batch-bq",
    "batch-br",
    "batch-bs",
    "batch-bt",
    "batch-bu",
    "batch-bv",
    "batch-bw",
    "batch-bx",
    "batch-by",
    "batch-bz",
    "batch-ca",
    "batch-cb",
    "batch-cc",
    "batch-cd",
    "batch-ce",
    "batch-cf",
    "batch-cg",
    "batch-ch",
    "batch-ci",
    "batch-cj",
    "batch-ck",
    "batch-cl",
    "batch-cm",
    "batch-cn",
    "batch-co",
    "batch-cp",
    "batch-cq",
    "batch-cr",
    "batch-cs",
    "batch-ct",
    "batch-cu",
    "batch-cv",
    "batch-cw",
    "batch-cx",
    "batch-cy",
    "batch-cz",
    "batch-da",
    "batch-db",
    "batch-dc",
    "batch-dd",
    "batch-de",
    "batch-df",
    "batch-dg",
    "batch-dh",
    "batch-di",
    "batch-dj",
    "batch-dk",
    "batch-dl",
    "batch-dm",
    "batch-dn",
    "batch-do",
    "batch-dp",
    "batch-dq",
    "batch-dr",
    "batch-ds",
    "batch-dt",
    "batch-du",
    "batch-dv",
    "batch-dw",
    "batch-dx",
    "batch-dy",
    "batch-dz",
    "batch-ea",
    "batch-eb",
    "batch-ec",
    "batch-ed",
    "batch-ee",
    "batch-ef",
    "batch-eg",
    "batch-eh",
    "batch-ei",
    "batch-ej",
    "batch-ek",
    "batch-el",
    "batch-em",
    "batch-en",
    "batch-eo",
    "batch-ep",
    "batch-eq",
    "batch-er",
    "batch-es",
    "batch-et",
    "batch-eu",
    "batch-ew",
    "batch-ex",
    "batch-ez",
    "batch-fa",
    "batch-fb",
    "batch-fc",
    "batch-fd",
    "batch-fe",
    "batch-ff",
    "batch-fg",
    "batch-fh",
    "batch-fi",
    "batch-fj",
    "batch-fk",
    "batch-fl",
    "batch-fm",
    "batch-fn",
    "batch-fo",
    "batch-fp",
    "batch-fq",
    "batch-fr",
    "batch-fs",
    "batch-ft",
    "batch-fu",
    "batch-fv",
    "batch-fw",
    "batch-fx",
    "batch-fy",
    "batch-fz",
    "batch-ga",
    "batch-gb",
    "batch-gc",
    "batch-gd",
    "batch-ge",
    "batch-gf",
    "batch-gg",
    "batch-gh",
    "batch-gi",
    "batch-gj",
    "batch-gk",
    "batch-gl",
    "batch-gm",
    "batch-gn",
    "batch-go",
    "batch-gp",
    "batch-gq",
    "batch-gr",
    "batch-gs",
    "batch-gt",
    "batch-gu",
    "batch-gv",
    "batch-gw",
    "batch-gx",
    "batch-gy",
    "batch-gz",
    "batch-ha",
    "batch-hb",
    "batch-hc",
    "real-heldout",
)
for _name in REAL_SETS:
    _folder = CORPUS / ("heldout" if _name == "real-heldout" else _name)
    SETS[_name] = (_folder / "articles", _folder / "gold")
KINDS = ("actors", "agreements", "metrics", "events")


def load(name: str) -> list[tuple[str, dict]]:
    texts, golds = SETS[name]
    items = []
    for path in sorted(golds.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        items.append(((texts / gold["document"]).read_text(encoding="utf-8"), gold))
    return items


def readings(name: str) -> list[tuple[dict, dict]]:
    return [(extract(text).to_contract(gold["document"]), gold) for text, gold in load(name)]


def evaluate(name: str) -> dict:
    pairs = readings(name)
    return score_readings([r for r, _ in pairs], [g for _, g in pairs])


def macro(scores: dict) -> float:
    return sum(scores[kind]["f1"] for kind in KINDS) / len(KINDS)


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


def _brief(kind: str, item: dict) -> str:
    if kind == "metrics":
        return f"{item['kind']:6} {item['value']} {item['unit']} ({item.get('name')}) | {item['evidence'][:150]}"
    if kind == "events":
        return f"{item['kind']:9} {item['actors']} | {item['evidence'][:150]}"
    if kind == "agreements":
        title = item.get("title") or item.get("keys")
        return f"{item.get('status')} {title} | {(item.get('evidence') or '')[:150]}"
    return f"{item['name']} ({item.get('kind')})"


def diff(name: str, kind: str) -> str:
    """Per document, the readings no gold item matched (+) and the gold items nothing matched (-)."""
    lines = []
    for reading, gold in readings(name):
        matches = _matchers(gold)[kind]
        found, expected = list(reading.get(kind, [])), list(gold.get(kind, []))
        extra = [r for r in found if not any(matches(r, g) for g in expected)]
        missed = [g for g in expected if not any(matches(r, g) for r in found)]
        if extra or missed:
            lines.append(f"== {gold['document']}")
            lines += [f"  + {_brief(kind, r)}" for r in extra]
            lines += [f"  - {_brief(kind, g)}" for g in missed]
    return "\n".join(lines)


def agreement(name: str) -> dict:
    """A second blind reading of a set (SET/second-reading/), scored against its gold by the same
    matching: how far two careful readers of the guideline agree, the ceiling the engine aims under."""
    _, golds = SETS[name]
    second = golds.parent / "second-reading"
    firsts, seconds = [], []
    for path in sorted(second.glob("*.json")):
        seconds.append(json.loads(path.read_text(encoding="utf-8")))
        firsts.append(json.loads((golds / path.name).read_text(encoding="utf-8")))
    return score_readings(seconds, firsts)


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--agreement" in args:
        for set_name in [a for a in args if a != "--agreement"]:
            result = agreement(set_name)
            print(table(set_name, result) + f"\n{'':8} macro F1: {macro(result):.3f} (second reading against the gold)")
        sys.exit(0)
    kind = None
    if "--diff" in args:
        at = args.index("--diff")
        kind = args[at + 1]
        del args[at : at + 2]
    chosen = args or list(SETS)
    if kind:
        for set_name in chosen:
            print(diff(set_name, kind))
    else:
        pooled = []
        for set_name in chosen:
            pairs = readings(set_name)
            pooled += pairs
            result = score_readings([r for r, _ in pairs], [g for _, g in pairs])
            print(table(set_name, result) + f"\n{'':8} macro F1: {macro(result):.3f}")
        if len(chosen) > 1:
            result = score_readings([r for r, _ in pooled], [g for _, g in pooled])
            print(table("pooled", result) + f"\n{'':8} macro F1: {macro(result):.3f}")
