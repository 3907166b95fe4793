"""A parsed article: its sentences and a fast offset -> sentence lookup."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import TYPE_CHECKING

from .cues import WordIndex
from .dates import find_full_date
from .sentences import Line, Sentence, ascii_lower, looks_like_headline, split_document

if TYPE_CHECKING:
    from .numbers import Amount


@dataclass
class Document:
    text: str
    lower: str  # ``text`` lower-cased, same offsets (see ascii_lower)
    words: WordIndex  # where each cue pattern can start
    lines: list[Line]
    sentences: list[Sentence]
    # The figures of the whole text, found once: the metrics of the document's pair and of any
    # other pair it names are read from the same list (metrics.read_metrics).
    amounts: list[Amount] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    @classmethod
    def parse(cls, text: str) -> Document:
        lower = ascii_lower(text)
        words = WordIndex(lower)
        lines, sentences = split_document(text, lower, words)
        return cls(text, lower, words, lines, sentences)

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None


_LINE = re.compile(r"[^\n\r]+")


def read_document(text: str) -> tuple[str | None, dt.date | None]:
    """The title (a headline-like first line) and a publication date stated in the header."""
    # Only the first few non-blank lines matter, and only until a date: read no further.
    lines = islice((m.group() for m in _LINE.finditer(text, 0, 5000) if not m.group().isspace()), 8)
    head = list(islice(lines, 2))
    title = None
    if len(head) > 1 and looks_like_headline(head[0].strip()):
        title = head[0].strip()
    published = None
    # The byline block sits in the first few lines; a date further down is about an event.
    # One long line may stand before it (a standfirst, a synopsis); a second is the body.
    long_lines = 0
    for line in chain(head, lines):
        if len(line.split()) > 25:
            long_lines += 1
            if long_lines == 2:
                break
            continue
        published = find_full_date(line)
        if published:
            break
    return title, published
