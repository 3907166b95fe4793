"""Fuzzy matching of names and titles, for the desk's possible duplicates.

Names are folded first (accents dropped through NFKD, case-folded, punctuation removed,
"S-400" kept as one code "s400") and stripped of words that say nothing about which record
it is ("the", "agreement", "deal"...), plurals made singular. Two names are alike when rapidfuzz's
`token_set_ratio` of their folded words reaches `THRESHOLD`, they share some content
(`MIN_SHARED_CHARS` letters of common words, or a common code), and their codes do not
contradict each other ("S-400" is not "S-500", "2021-2031" is not "2011-2020").
`tests/relations/test_matching.py` holds the table of pairs that must and must not match.

Blocking keeps the work linear: only names that share a word are compared, and a word
found in more than `MAX_BLOCK` names (too common to tell records apart) nominates no pair.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

# token_set_ratio at or above this proposes a pair: "Kudankulam nuclear power project" and
# "... plant" score 89, "India-Russia trade deal" and "India-Russia defence deal" 80.
THRESHOLD = 85.0
# Common words must add up to this many letters (or include a code) for a pair to count:
# "Trade" alone inside "Trade in rupees and roubles" is not enough.
MIN_SHARED_CHARS = 8
# A word in more names than this nominates no pair by itself.
MAX_BLOCK = 50

STOPWORDS = frozenset({"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "the", "to", "with", "between"})
# Words of an agreement's title that name its genre, not the agreement.
AGREEMENT_WORDS = frozenset(
    {
        "accord",
        "agreement",
        "agreements",
        "contract",
        "contracts",
        "deal",
        "deals",
        "memorandum",
        "mou",
        "pact",
        "protocol",
        "treaty",
        "understanding",
    }
)


def fold(text: str) -> str:
    """Accents dropped, case-folded, one space between words: "Zvézda  Shipyard" -> "zvezda shipyard"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    # A hyphen touching a digit is part of a code: "S-400" and "S400" are one name.
    plain = re.sub(r"(?<=\w)[-‐‑–](?=\d)|(?<=\d)[-‐‑–](?=\w)", "", plain)
    return " ".join(re.findall(r"\w+", plain))


@dataclass(frozen=True)
class Comparable:
    """A name prepared once for many comparisons."""

    words: frozenset[str]
    text: str  # the content words, space-separated, as rapidfuzz compares them
    codes: frozenset[str]  # words with a digit: model numbers, years


def _singular(word: str) -> str:
    """A crude singular ("missiles" -> "missile"), the same on both sides of a comparison."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and not any(c.isdigit() for c in word):
        return word[:-1]
    return word


def prepare(name: str, *, generic: frozenset[str] = frozenset()) -> Comparable:
    words = [_singular(w) for w in fold(name).split() if w not in STOPWORDS and w not in generic]
    return Comparable(frozenset(words), " ".join(words), frozenset(w for w in words if any(c.isdigit() for c in w)))


def similarity(a: Comparable, b: Comparable) -> float:
    """0 to 100: how alike two prepared names are (0 when they share too little or their codes differ)."""
    shared = a.words & b.words
    if not shared:
        return 0.0
    if a.codes and b.codes and not a.codes & b.codes:
        return 0.0
    if sum(len(w) for w in shared) < MIN_SHARED_CHARS and not shared & a.codes:
        return 0.0
    return float(fuzz.token_set_ratio(a.text, b.text, processor=None))


@dataclass(frozen=True)
class PairSearch:
    """Pairs of alike names (indices into the list searched, low first) and how many pairs were scored."""

    pairs: list[tuple[int, int, float]]
    compared: int


def blocked_pairs(prepared: Sequence[Comparable], *, max_block: int = MAX_BLOCK) -> set[tuple[int, int]]:
    """The pairs worth scoring: those that share a word found in at most `max_block` names."""
    by_word: dict[str, list[int]] = {}
    for index, name in enumerate(prepared):
        for word in name.words:
            by_word.setdefault(word, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for members in by_word.values():
        if 1 < len(members) <= max_block:
            pairs.update(itertools.combinations(members, 2))
    return pairs


def similar_pairs(
    names: Iterable[str],
    *,
    generic: frozenset[str] = frozenset(),
    threshold: float = THRESHOLD,
    max_block: int = MAX_BLOCK,
) -> PairSearch:
    """The pairs of `names` alike at `threshold` or more, best first, in one call."""
    prepared = [prepare(name, generic=generic) for name in names]
    candidates = blocked_pairs(prepared, max_block=max_block)
    found = []
    for first, second in candidates:
        score = similarity(prepared[first], prepared[second])
        if score >= threshold:
            found.append((first, second, score))
    found.sort(key=lambda pair: (-pair[2], pair[0], pair[1]))
    return PairSearch(found, len(candidates))
