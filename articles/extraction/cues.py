"""Cue patterns tried only where their first word occurs.

Python's ``re`` tries a pattern at every position of a text, and a pattern that opens with
a list of words ("signed|agreed|delayed|...") pays for a failed attempt at each of them:
a dozen such scans cost the engine several times the floor. A cue pattern, though, can
only start at the start of a word, and only of a word from a short list. So the document is
cut into words once (`WordIndex`), each distinct word is classified once (and remembered
across documents) by which cues it can open, and each cue is then tried with ``match``
only at those positions.

The words a cue can open with are read off the compiled pattern itself (`Cue.prefixes`),
never listed by hand, so a cue and its index cannot drift apart. `WordIndex.findall`
returns exactly what ``pattern.finditer(text, start, end)`` yields.

The same pass records `Needles`: strings wherever they occur, inside words too, and runs
of digits, for patterns that cannot be told by their first word but must hold one of
those (a figure holds a number: see numbers.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate, compress
from re import _constants as sre  # type: ignore[attr-defined]  # the parser's vocabulary; stable since 3.11
from re import _parser  # type: ignore[attr-defined]  # private modules: no stubs
from typing import Any

_TOKEN = re.compile(r"\w+")
# Prefixes longer than this add no selectivity worth their expansion.
_MAX_PREFIX = 6
# Word classes kept across documents: news vocabulary repeats, and a bounded cache keeps
# a hostile stream of unique words from growing it without end.
_MAX_CACHED_WORDS = 200_000
_MAX_CACHED_CHUNK = 64  # a text without spaces is one huge chunk: not worth keeping


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _starts(items: list[Any], length: int = 0) -> set[str]:
    """Word-character strings one of which every match of the sequence ``items`` begins with
    ("" when it can begin with anything else). A trailing space marks a whole word ("in "
    for "in limbo"). Shorter is always safe: a prefix is only a necessary condition."""
    if not items:
        return {""}
    if length >= _MAX_PREFIX:
        return {""}
    op, av = items[0]
    rest = items[1:]
    if op is sre.AT and av in (sre.AT_BOUNDARY, sre.AT_UNI_BOUNDARY) and length:
        return {" "}  # after word characters, a boundary ends the word
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # zero-width: look past it
        return _starts(rest, length)
    if op is sre.LITERAL:
        char = chr(av).lower()
        if not _is_word(char):
            return {" "} if length else {""}
        return {char + tail for tail in _starts(rest, length + 1)}
    if op is sre.IN and len(av) <= 8 and all(item_op is sre.LITERAL for item_op, _ in av):
        return set().union(*(_starts([(sre.LITERAL, value), *rest], length) for _, value in av))
    if op is sre.SUBPATTERN:
        return _starts([*av[-1], *rest], length)
    if op is sre.ATOMIC_GROUP:
        return _starts([*av, *rest], length)
    if op is sre.BRANCH:
        return set().union(*(_starts([*branch, *rest], length) for branch in av[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, body = av
        first = _starts([*body, *rest] if high == 1 else list(body), length)
        return first | _starts(rest, length) if low == 0 else first
    return {""}


def _at_word_start(items: list[Any]) -> bool:
    """Whether every match of ``items`` opens with a word boundary or a lookbehind that
    refuses a word character before it."""
    if not items:
        return False
    op, av = items[0]
    if op is sre.AT:
        return av in (sre.AT_BOUNDARY, sre.AT_UNI_BOUNDARY)
    if op is sre.ASSERT_NOT and av[0] == -1:  # (?<!...) refusing \w
        words = {(sre.CATEGORY, sre.CATEGORY_WORD), (sre.CATEGORY, sre.CATEGORY_UNI_WORD)}
        return any(item_op is sre.IN and words.intersection(item_av) for item_op, item_av in av[1])
    if op is sre.SUBPATTERN:
        return _at_word_start([*av[-1], *items[1:]])
    if op is sre.BRANCH:
        return all(_at_word_start([*branch, *items[1:]]) for branch in av[1])
    return False


def word_prefixes(pattern: re.Pattern[str]) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """The words (lower-cased) every match of ``pattern`` opens with: whole words, and
    prefixes of words; None unless every match opens at the start of a word with a literal
    letter (not with a class, a digit run or a non-word character)."""
    parsed = list(_parser.parse(pattern.pattern, pattern.flags))
    if not _at_word_start(parsed):
        return None
    found = _starts(parsed)
    if "" in found or " " in found:
        return None
    prefixes = sorted((p for p in found if not p.endswith(" ")), key=len)
    # A prefix that a shorter one covers adds nothing; neither does a whole word that one covers.
    prefixes = [p for i, p in enumerate(prefixes) if not p.startswith(tuple(prefixes[:i]))]
    words = frozenset(w.rstrip() for w in found if w.endswith(" ") and not w.startswith(tuple(prefixes)))
    return words, tuple(prefixes)


_CUES: list[Cue] = []
_NEEDLES: list[Needles] = []
# Cue ids by the whole words and by the prefixes that open them, for classifying a new word
# with a few look-ups instead of a test per cue.
_BY_WORD: dict[str, set[int]] = {}
_BY_PREFIX: dict[str, set[int]] = {}
_WORD_CUES: dict[str, tuple[int, ...]] = {}
_CHUNK_CUES: dict[str, tuple[tuple[int, int], ...]] = {}


class Cue:
    """A pattern whose every match starts at one of ``words`` or at a word that opens with
    one of ``prefixes``; refused (ValueError) when that cannot be read off the pattern."""

    def __init__(self, pattern: str | re.Pattern[str], flags: int = 0) -> None:
        self.pattern = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags)
        opening = word_prefixes(self.pattern)
        if opening is None:
            raise ValueError(f"a cue must open with a word boundary and a literal word: {self.pattern.pattern[:50]!r}")
        self.words, self.prefixes = opening
        self.id = len(_CUES)
        _CUES.append(self)
        for word in self.words:
            _BY_WORD.setdefault(word, set()).add(self.id)
        for prefix in self.prefixes:
            _BY_PREFIX.setdefault(prefix, set()).add(self.id)
        _WORD_CUES.clear()  # classifications made before this cue existed are incomplete
        _CHUNK_CUES.clear()


class Needles:
    """Strings recorded wherever they occur, inside words too, when no word character follows
    them (as ``(?i:...)\\b`` would find them), and, if asked, every run of digits: what a
    pattern that can open anywhere must hold (the number of a figure: "$120bn", "two")."""

    def __init__(self, strings: Iterable[str], digits: bool = False) -> None:
        self.strings = tuple(sorted({_fold(s) for s in strings}))
        # One search for any of them first: most new chunks hold none, and then the strings are
        # not looked for one by one (a hundred str.find calls a chunk, 5% of the engine's time).
        self.any_string = re.compile("|".join(map(re.escape, self.strings))) if self.strings else None
        self.digits = digits
        self.id = -1 - len(_NEEDLES)  # apart from the cues' ids
        _NEEDLES.append(self)
        _CHUNK_CUES.clear()


# Characters (?i) takes for an ASCII letter that str.lower does not turn into one.
_CASE_EXTRAS = str.maketrans({"ı": "i", "ſ": "s", "K": "k"})
_DIGIT_RUN = re.compile(r"\d+")


def _fold(word: str) -> str:
    """Lower-cased per character, as the regex engine folds case: "İ" is "i" to (?i), though
    "İ".lower() is two characters, and so are "ı" and "ſ", though they have no upper case."""
    if word.isascii():
        return word.lower()
    return "".join(char.lower()[:1] for char in word).translate(_CASE_EXTRAS)


def _needles_in(chunk: str) -> list[tuple[int, int]]:
    folded = _fold(chunk)
    found: list[tuple[int, int]] = []
    for needle in _NEEDLES:
        at = {m.start() for m in _DIGIT_RUN.finditer(chunk)} if needle.digits else set()
        strings = needle.strings if needle.any_string is not None and needle.any_string.search(folded) else ()
        for string in strings:
            position = folded.find(string)
            while position != -1:
                after = position + len(string)
                if after == len(chunk) or not _is_word(chunk[after]):
                    at.add(position)
                position = folded.find(string, position + 1)
        found.extend((position, needle.id) for position in sorted(at))
    return found


def _cues_opened_by(word: str) -> tuple[int, ...]:
    found = _WORD_CUES.get(word)
    if found is None:
        folded = _fold(word)
        ids = set(_BY_WORD.get(folded, ()))
        for size in range(1, min(len(folded), _MAX_PREFIX) + 1):
            ids.update(_BY_PREFIX.get(folded[:size], ()))
        found = tuple(sorted(ids))
        if len(_WORD_CUES) >= _MAX_CACHED_WORDS:
            _WORD_CUES.clear()
        _WORD_CUES[word] = found
    return found


def _openings(chunk: str) -> tuple[tuple[int, int], ...]:
    """(offset, cue id) of every cue a word of ``chunk`` (text between two spaces) can open."""
    found = _CHUNK_CUES.get(chunk)
    if found is None:
        found = tuple(
            (word.start(), cue)
            for word in _TOKEN.finditer(chunk)
            for cue in _WORD_CUES.get(word.group()) or _cues_opened_by(word.group())
        )
        if _NEEDLES:
            found += tuple(_needles_in(chunk))
        if len(chunk) <= _MAX_CACHED_CHUNK:
            if len(_CHUNK_CUES) >= _MAX_CACHED_WORDS:
                _CHUNK_CUES.clear()
            _CHUNK_CUES[chunk] = found
    return found


class WordIndex:
    """Where each cue can start in one document: word starts, from one tokenisation."""

    def __init__(self, lower: str) -> None:
        self.lower = lower
        at: dict[int, list[int]] = {}
        # Splitting on single spaces keeps every offset computable (each chunk starts one
        # past the end of the previous one) and runs in C, as do the cache look-ups below;
        # Python code runs only for the few chunks that hold a cue word.
        chunks = lower.split(" ")
        openings = list(map(_CHUNK_CUES.get, chunks))
        # Chunks never seen before are few (names, figures): found by list.index, in C.
        new = -1
        try:
            while True:
                new = openings.index(None, new + 1)
                openings[new] = _openings(chunks[new])
        except ValueError:
            pass
        if any(openings):
            ends = list(accumulate(map(len, chunks), initial=0))
            for i in compress(range(len(chunks)), openings):
                chunk_start = ends[i] + i
                for offset, cue in openings[i] or ():  # compress kept the chunks with openings
                    if cue in at:
                        at[cue].append(chunk_start + offset)
                    else:
                        at[cue] = [chunk_start + offset]
        self._at = at

    def starts(self, cue: Cue | Needles) -> list[int]:
        """Where the cue's first word occurs (where it may match; not yet tried), or the needles."""
        return self._at.get(cue.id, [])

    def has(self, cue: Cue) -> bool:
        """Whether the cue's first word occurs at all (a cheap necessary condition)."""
        return cue.id in self._at

    def findall(self, cue: Cue, text: str | None = None, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        """The matches ``cue.pattern.finditer(text, start, end)`` yields, as a list; ``text`` is
        the lower-cased document unless given (the original, for a case-sensitive cue; the
        offsets are the same)."""
        text = self.lower if text is None else text
        end = len(text) if end is None else end
        found = []
        candidates = self._candidates(cue, start, end)
        if candidates:
            match_at = cue.pattern.match
            for position in candidates:
                if position < start:
                    continue  # inside the previous match
                match = match_at(text, position, end)
                if match is not None:
                    start = match.end()
                    found.append(match)
        return found

    def search(self, cue: Cue, text: str | None = None, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        """The first match in [start, end), as ``cue.pattern.search`` would find it."""
        text = self.lower if text is None else text
        end = len(text) if end is None else end
        match_at = cue.pattern.match
        for position in self._candidates(cue, start, end):
            match = match_at(text, position, end)
            if match is not None:
                return match
        return None

    def _candidates(self, cue: Cue, start: int, end: int) -> list[int]:
        """The positions in [start, end) where the cue may match, in order."""
        if start >= end:
            return []  # as finditer(text, start, end): an empty range has no match
        positions = self._at.get(cue.id)
        if positions:
            first = bisect_left(positions, start)
            found = positions[first : bisect_left(positions, end, first)]
        else:
            found = []
        lower = self.lower
        if 0 < end < len(lower) and _is_word(lower[end]) and _is_word(lower[end - 1]):
            # ``end`` cuts a word: the piece before it can be a whole word the cue opens with
            # ("mou" of "mou2025" when the text ends there) though the word itself is not.
            piece = end - 1
            while piece > start and _is_word(lower[piece - 1]):
                piece -= 1
            at_word_start = not piece or not _is_word(lower[piece - 1])
            if at_word_start and _fold(lower[piece:end]) in cue.words and (not found or found[-1] != piece):
                found.append(piece)
        return found
