"""Whole-word literal matching over an Aho-Corasick automaton, updated without a rebuild.

The alias and agreement-key matchers used to be one regex each (a trie folded into an
alternation, `trie.literal_pattern`). At 100,000 articles the registry holds ~94,000
agreement keys and tens of thousands of aliases: compiling that regex took seconds, and it
was recompiled whenever the registry changed. An automaton (pyahocorasick, in C) is built
from the same words in a fraction of that, and a word added later goes into a small second
automaton instead of a rebuild of the first.

`Literals.spans` returns exactly what ``literal_pattern(words).finditer(text)`` yields
(tests/extraction/test_automaton.py holds it to the regex on every gold corpus and on
random texts): at each position not preceded by a word character, the longest word that is
not followed by one; matches do not overlap, and scanning resumes where one ends. The
automaton reports every occurrence of every word; the boundary rule and the leftmost-longest
walk are applied to those reports here.

Words and text go through the same fold, which keeps the text's length so offsets hold:
`fold_accents` for aliases (case kept, "Erdoğan" reads as "Erdogan"), `fold_case` for
agreement keys (what ``re.IGNORECASE`` treats as equal).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

import ahocorasick

# A word added after the base automaton was built goes into a small second one; past this
# share of the base (or this many words), both are merged into a new base.
_EXTRA_SHARE = 8
_EXTRA_MIN = 512


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` means in a str pattern


# --- Folds: same length as the text, so a match's offsets are the original's ---------------


class _CharFold:
    """How characters fold, learnt as texts show them: ``table`` maps each character that
    changes to its fold; ``special`` holds those a text must be translated for. Grown, never
    changed: the sets are replaced rather than mutated, as another thread may be iterating
    them (a set's isdisjoint walks the smaller set)."""

    def __init__(self, fold: Callable[[str], str], special: Callable[[str, str], bool]) -> None:
        self._fold, self._is_special = fold, special
        self.table: dict[int, str] = {}
        self._seen: frozenset[str] = frozenset()
        self.special: frozenset[str] = frozenset()

    def learn(self, chars: set[str]) -> None:
        unseen = chars - self._seen
        if not unseen:
            return
        special = set()
        for char in unseen:
            folded = self._fold(char)
            if folded != char:
                self.table[ord(char)] = folded
            if self._is_special(char, folded):
                special.add(char)
        self.special = self.special | special
        self._seen = self._seen | unseen


def _accent_base(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and all(unicodedata.combining(mark) for mark in decomposed[1:]):
        return decomposed[0]
    return char


_ACCENTS = _CharFold(_accent_base, lambda char, folded: folded != char)


def fold_accents(text: str) -> str:
    """The text with each accented letter as its base letter ("ğ" → "g"), one character
    for one: case and everything else kept."""
    if text.isascii():
        return text
    chars = set(text)
    _ACCENTS.learn(chars)
    # Curly quotes and dashes make most real texts non-ASCII; few hold an accented letter.
    return text if chars.isdisjoint(_ACCENTS.special) else text.translate(_ACCENTS.table)


def _case_classes() -> dict[int, str]:
    # `re.IGNORECASE` compares the lower-case forms (`_sre.unicode_tolower`), and treats a
    # few of them as one more ("i"/"ı", "s"/"ſ", "µ"/"μ" ...: re._casefix).
    from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]  # private stdlib: no stubs

    return {lo: chr(min(lo, *others)) for lo, others in _EXTRA_CASES.items()}


_CASE_CLASSES = _case_classes()


def _case_char(char: str) -> str:
    import _sre  # type: ignore[import-not-found]  # private stdlib: no stubs

    lower: int = _sre.unicode_tolower(ord(char))
    return _CASE_CLASSES.get(lower, chr(lower))


# Special: "İ" (lower() gives two characters), "ſ", "ı" ...; and "Σ", which str.lower() writes
# as a final sigma at the end of a word, unlike re.
_CASES = _CharFold(_case_char, lambda char, folded: folded != char.lower() or char == "\u03a3")


def fold_case(text: str) -> str:
    """The text as ``re.IGNORECASE`` compares it, one character for one."""
    lowered = text.lower()
    if text.isascii():
        return lowered
    chars = set(text)
    _CASES.learn(chars)
    if len(lowered) == len(text) and chars.isdisjoint(_CASES.special):
        return lowered
    return text.translate(_CASES.table)


# --- The automaton --------------------------------------------------------------------------


def _automaton(words: Iterable[str]) -> ahocorasick.Automaton | None:
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


class Literals:
    """An immutable set of folded words and their whole-word matcher.

    `changed` returns a new set that shares this one's base automaton: added words go into a
    small extra automaton, removed ones are masked, and only when those grow past a share of
    the base are both rebuilt into one.
    """

    __slots__ = ("_base", "_base_words", "_extra", "_extra_words", "_removed", "fold")

    def __init__(self, words: Iterable[str], fold: Callable[[str], str]) -> None:
        self.fold = fold
        self._base_words = frozenset(w for w in words if w)
        self._base = _automaton(self._base_words)
        self._extra_words: frozenset[str] = frozenset()
        self._extra = None
        self._removed: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self._base_words) - len(self._removed) + len(self._extra_words)

    def __contains__(self, word: str) -> bool:
        return word in self._extra_words or (word in self._base_words and word not in self._removed)

    def words(self) -> frozenset[str]:
        return (self._base_words - self._removed) | self._extra_words

    def changed(self, *, added: Iterable[str] = (), removed: Iterable[str] = ()) -> Literals:
        added_set = {w for w in added if w}
        removed_set = set(removed) - added_set
        extra = (self._extra_words - removed_set) | (added_set - self._base_words)
        masked = (self._removed | (removed_set & self._base_words)) - added_set
        if extra == self._extra_words and masked == self._removed:
            return self
        new = object.__new__(Literals)
        new.fold = self.fold
        if len(extra) + len(masked) > max(_EXTRA_MIN, len(self._base_words) // _EXTRA_SHARE):
            new._base_words = frozenset((self._base_words - masked) | extra)
            new._base = _automaton(new._base_words)
            new._extra_words, new._extra, new._removed = frozenset(), None, frozenset()
            return new
        new._base_words, new._base = self._base_words, self._base
        new._extra_words = frozenset(extra)
        new._extra = self._extra if extra == self._extra_words else _automaton(extra)
        new._removed = frozenset(masked)
        return new

    def spans(self, text: str, folded: str | None = None) -> list[tuple[int, int, str]]:
        """(start, end, folded word) of each match, as the whole-word regex finds them."""
        if folded is None:
            folded = self.fold(text)
        size = len(text)
        longest: dict[int, tuple[int, str]] = {}
        removed = self._removed
        for automaton in (self._base, self._extra):
            if automaton is None:
                continue
            for last, word in automaton.iter(folded):
                end = last + 1
                start = end - len(word)
                if start and _is_word(text[start - 1]):
                    continue
                if end < size and _is_word(text[end]):
                    continue
                if removed and automaton is self._base and word in removed:
                    continue
                found = longest.get(start)
                if found is None or end > found[0]:
                    longest[start] = (end, word)
        out: list[tuple[int, int, str]] = []
        position = 0
        for start in sorted(longest):
            if start >= position:
                end, word = longest[start]
                out.append((start, end, word))
                position = end
        return out
