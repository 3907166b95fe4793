"""Cue patterns tried only at their first words find exactly what a full scan finds."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import articles.extraction  # noqa: F401  (registers every cue of the engine)
from articles.extraction import cues
from articles.extraction.cues import Cue, WordIndex, word_prefixes
from articles.extraction.sentences import ascii_lower


def test_opening_words_are_read_off_the_pattern() -> None:
    words, prefixes = word_prefixes(re.compile(r"\b(?:stall\w*|on hold|delay\b|(?:tele)?phone call)"))
    # "on hold" opens with the whole word "on", not with every word starting "on".
    assert words == {"on", "delay", "phone"}
    assert set(prefixes) == {"stall", "teleph"}  # six characters are enough to tell words apart


def test_a_case_insensitive_cue_opens_with_lower_case_words() -> None:
    words, prefixes = word_prefixes(re.compile(r"\b(?:The\s|Prime Minister)", re.IGNORECASE))
    assert words == {"prime"}
    assert prefixes == ("the",)  # \s is not a literal: any word opening with "the" may match


@pytest.mark.parametrize(
    "pattern",
    [
        r"stall\w*",  # no boundary: could match inside a word
        r"\bstall|delay",  # one branch without a boundary
        r"\b[a-z]+ment",  # opens with a class, not a word
        r"\b\d+ crore",  # opens with digits
        r"(?<![\w-])'s",  # opens with a non-word character
    ],
)
def test_a_pattern_that_can_open_anywhere_is_refused(pattern: str) -> None:
    assert word_prefixes(re.compile(pattern)) is None
    with pytest.raises(ValueError):
        Cue(pattern)


def _vocabulary() -> list[str]:
    """Words that open the engine's cues, and what tends to follow them, in several cases."""
    found = {"the", "and", "in", "of", "2025", "$5", "billion", "India", "Prime", "Minister", "Rs", "said", "İts", "İN"}
    for cue in cues._CUES:
        for word in (*cue.words, *cue.prefixes):
            found.update({word, word.upper(), word.capitalize(), word + "s", word + "ed", word + "ing"})
    return sorted(found)


_WORDS = _vocabulary()
_GLUE = [" ", " ", " ", "  ", "\n", "\t", "-", ", ", ". ", "; ", "'s ", "’", "(", ")", '"', "İ", "ß", "_"]
_TEXTS = st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_GLUE), st.text(max_size=6)), max_size=60).map(
    "".join
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS, st.data())
def test_every_cue_finds_what_a_full_scan_finds(text: str, data) -> None:
    note(repr(text))
    lower = ascii_lower(text)
    index = WordIndex(lower)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for cue in cues._CUES:
        for subject in (lower, text):  # cues run on the lower-cased copy or on the original
            expected = [m.span() for m in cue.pattern.finditer(subject, start, end)]
            assert [m.span() for m in index.findall(cue, subject, start, end)] == expected, cue.pattern.pattern
            first = cue.pattern.search(subject, start, end)
            found = index.search(cue, subject, start, end)
            assert (found.span() if found else None) == (first.span() if first else None)
        if cue.pattern.search(lower):
            assert index.has(cue)
        if start < end:  # a reversed range finds nothing, as with finditer
            assert index.findall(cue, text, end, start) == [] == list(cue.pattern.finditer(text, end, start))
            assert index.search(cue, text, end, start) is None


def test_findall_covers_a_whole_article() -> None:
    text = (
        "Delivery of the S-400 systems has been delayed, officials said on Tuesday.\n"
        "Talks are under way on a supply deal; the two sides also signed an MoU in 2025."
    )
    index = WordIndex(ascii_lower(text))
    for cue in cues._CUES:
        lower = ascii_lower(text)
        assert [m.span() for m in index.findall(cue)] == [m.span() for m in cue.pattern.finditer(lower)]


def test_long_runs_without_spaces_are_not_kept_in_the_word_cache() -> None:
    blob = "x" * 5000 + "signed"
    WordIndex(blob)
    assert blob not in cues._CHUNK_CUES
    assert all(len(chunk) <= 64 for chunk in cues._CHUNK_CUES)


def test_folding_matches_what_ignorecase_takes_for_an_ascii_letter() -> None:
    # Under (?i) a few other characters match an ASCII letter ("ſ" is "s", "K" is "k", "İ"
    # is "i"); words are classified, and needles found, on the folded text, so it folds them all.
    anyletter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(128, sys.maxunicode + 1):
        char = chr(code)
        if anyletter.fullmatch(char):
            for seen in {char, ascii_lower(char)}:  # as the document's lower-cased copy may hold it
                folded = cues._fold(seen)
                assert folded.isascii() and re.fullmatch(folded, char, re.IGNORECASE), (hex(code), char, folded)
