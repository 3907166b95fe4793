"""One compiled pattern for many literal strings.

Python's ``re`` tries the branches of an alternation one after another, so a flat
``a|b|c...`` of 10,000 aliases costs 10,000 attempts per position. Folding the
literals into a trie first makes the pattern branch on one character at a time:
the cost per position no longer grows with the number of aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_END = ""


def _build_trie(words: Iterable[str]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = True
    return root


def _to_regex(node: dict[str, Any]) -> str:
    ends = _END in node
    branches = [re.escape(char) + _to_regex(child) for char, child in sorted(node.items()) if char != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy optional: the longer alias is tried first, the shorter one on backtrack.
    return f"(?:{body})?" if ends else body


def alternation(words: Iterable[str]) -> str:
    """A regex (no boundaries) matching any of ``words``, folded into a trie: several times
    faster than ``a|b|c`` when it is tried at every position of a text."""
    unique = sorted({w for w in words if w})
    return f"(?:{_to_regex(_build_trie(unique))})"


def literal_pattern(words: Iterable[str], *, flags: int = 0) -> re.Pattern[str] | None:
    """A pattern matching any of ``words`` as whole words, longest first."""
    words = [w for w in words if w]
    if not words:
        return None
    return re.compile(rf"(?<!\w){alternation(words)}(?!\w)", flags)
