"""Split a plain-text article into lines and sentences with exact offsets.

Each sentence keeps ``start``/``end`` into the original text, so evidence is always
``text[start:end]``. Lines are classified first (title, header, heading, bullet,
boilerplate) because news pages carry a lot of non-article text and its shape — short
lines, counters, "Read next" markers — says more than its words.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple

from .cues import Cue, WordIndex
from .currencies import SIGN_CHARACTERS

_BULLET = re.compile(r"[-*•·▪►–—]\s+|\d{1,2}[.)]\s+(?=\S)")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "hon",
        "rev",
        "no",
        "nos",
        "vol",
        "inc",
        "ltd",
        "co",
        "corp",
        "bros",
        "vs",
        "etc",
        "al",
        "approx",
        "est",
        "dept",
        "univ",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "fig",
        "op",
        "pp",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "u.s.a",
    ]
)
# After "U.S." a capitalised word usually continues the sentence ("the U.S. President"),
# except these, which usually start a new one.
_SENTENCE_STARTERS = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "In",
        "But",
        "And",
        "A",
        "An",
        "However",
        "Meanwhile",
        "Its",
        "Their",
    ]
)
# "[.!?][.!?]*" rather than "[.!?]+": a pattern that opens with a class lets ``re`` skip
# straight to the next stop; one that opens with a repeat is tried at every character.
# (and a full stop with no space after it, between words, as some pages run sentences together:
# "transport vehicles.Sources familiar with ...", "by 2024.Each division", "its subsidiary.OVL will pay")
_BOUNDARY = re.compile(
    r"[.!?][.!?]*[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|(?:(?<=[a-z]{3})|(?<=\d{4}))\.(?=[A-Z][a-z]{2}|[A-Z]{2,6}\s+[a-z])"
)
_CUT_MARKERS = re.compile(
    r"(?:read next|read more|also read|read also|related|related (?:stories|articles|news|posts|content)|"
    r"recent posts|more from .{1,40}|more stories|most read|most popular|most viewed|trending(?: now| stories)?|"
    r"recommended(?: stories| for you)?|you may also like|you might also like|latest news|top stories|"
    r"popular posts|further reading|see also|more on this(?: story| topic)?|don't miss|what to read next|"
    r"more articles|more news|related topics|other stories)",
    re.IGNORECASE,
)
_INLINE_MARKERS = re.compile(
    r"(?:read more|also read|read also|see also|related|more from this section)", re.IGNORECASE
)
_BOILERPLATE = re.compile(
    r"(?:disclaimer|©|\(c\)|copyright|all rights reserved|follow us|share\b|subscribe|sign up|click here|"
    r"our standards|\(?\s*reporting by|\(?\s*editing by|\(?\s*additional reporting|written by|also read|read more|"
    r"associated press (?:writers?|reporters?)|"
    r"read next|read also|advertisement|comments?\b|terms of use|privacy policy|cookie|"
    r"updated\s*:|published\s*:|posted (?:on|by)|last updated|image:|photo:|file photo|tags?:|"
    r"\[\s*(?:photo|image|picture)|photo caption|caption:|notes? to editors|"
    r"\d[\d,.]*\s*(?:comments?|views?|shares?|likes?|reads?)\b|\d+\s*min(?:ute)?s?\s+read|"
    # A wire's exchange-rate line: "($1 = 5.6740 reais)".
    r"\(\s*(?:[" + re.escape(SIGN_CHARACTERS) + r"]|[A-Z]{3}\s?)\s?1\s*=)",
    re.IGNORECASE,
)
# Lower-case, run on the ASCII-lower-cased line (see ascii_lower).
_BOILERPLATE_ANYWHERE = Cue(
    r"\b(?=[a-z])(?:syndicated feed|auto-generated|all rights reserved|reproduction without permission|"
    r"people are reading|for informational purposes only|does not constitute|views expressed|"
    r"support us|support our (?:journalism|work|newsroom)|"
    # an appeal, not copy about giving ("would donate equipment", "make a contribution to the abandonment fund")
    r"(?:make|making) a (?:donation|contribution)(?= (?:today|now|here|to us|to our)\b|\W*$)|"
    r"donate (?:here|now|today)\b|"
    r"min(?:ute)?s? read\b|in this (?:image|photo|picture|handout)|file (?:photo|picture|image)\b|handout photo|"
    r"(?:an\s+)?artist(?:ic|['’]s) impression|"
    # a video player's fallback text: "To view this video please enable JavaScript ... HTML5 video"
    r"enable javascript|supports html5 video|browser does not support)"
)
# Who stands where in a picture: the mark of a photo caption.
_CAPTION = re.compile(r"\((?:left|right|centre|center|L|R|C|2nd left|2nd right|second left|second right)\)")
# A picture's credit closing a line that describes it: "... shake hands (Cabinet Public Affairs Office)".
_CREDIT_END = re.compile(r"\((?:[A-Z][\w.&'’\-]*\s*){1,6}\)\s*$")
_PICTURED = re.compile(
    r"\b(?:shak\w+ hands|pose[sd]?|posing|smil\w+|look(?:s|ed)? on|wav\w+|gestur\w+|embrac\w+|"
    r"hug(?:s|ged|ging)?|seated|sitting|having a seat|facing)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
# A lower-cased copy with every offset valid lets the cue patterns run without
# re.IGNORECASE, which makes them several times slower. str.lower can lengthen a text ("İ"
# becomes two characters) but never shortens one, so an unchanged length means aligned offsets.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    lowered = text.lower()  # many times faster than translate
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


# Immutable records made by the thousand per article: named tuples build several times
# faster than frozen dataclasses.
class Line(NamedTuple):
    index: int  # type: ignore[assignment]  # a field that shadows tuple.index, as named since the start
    start: int  # content start, after indentation and any bullet marker
    end: int
    kind: str  # title | header | heading | body | boilerplate
    bullet: bool


class Sentence(NamedTuple):
    index: int  # type: ignore[assignment]  # a field that shadows tuple.index, as named since the start
    start: int
    end: int
    text: str
    line: int
    kind: str  # the kind of its line
    bullet: bool
    lower: str  # ``text`` with ASCII letters lower-cased, same length

    @property
    def is_fact_source(self) -> bool:
        """Facts are read from body text only: not from titles, headers, headings or boilerplate."""
        return self.kind == "body"


_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_NOT_A_TITLE = re.compile(r"(?:summary|article|abstract|highlights|by)\b", re.IGNORECASE)


def _raw_lines(text: str) -> list[tuple[int, int, bool]]:
    lines: list[tuple[int, int, bool]] = []
    wrapped = _hard_wrapped(text)
    for match in _LINE.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        bullet = _BULLET.match(text, start, end)
        if bullet and bullet.end() < end:
            lines.append((bullet.end(), end, True))
        elif (
            lines
            and text[lines[-1][1] - 1] not in _ENDS_A_LINE
            and not _CREDIT_AT_END.search(text, max(lines[-1][0], lines[-1][1] - 40), lines[-1][1])
            and (
                _GOES_ON.match(text, start, end)
                # In a text wrapped at a fixed width a line goes on even with a name
                # ("... for President\nPutin's visit"), unless it opens a numbered paragraph.
                or (wrapped and text[match.start() - 2 : match.start()] != "\n\n" and not _NUMBERED.match(text, start))
            )
        ):
            # A hard-wrapped paragraph ("... six nuclear blocks in India\nin 20 years."): the
            # line goes on the one before, which stopped mid-sentence.
            lines[-1] = (lines[-1][0], end, lines[-1][2])
        else:
            lines.append((start, end, False))
    return lines


_NUMBERED = re.compile(r"(?:\d{1,2}|[ivx]{1,4}|[a-h])[.)]\s")
# A picture's credit closes its caption's line, wrapped text or not: "... June 9, 2006. -Xinhua".
_CREDIT_AT_END = re.compile(r"[.)]\s+[-–—/]\s?[A-Z][A-Za-z]+$")
_WRAP_WIDTH = range(55, 90)


def _hard_wrapped(text: str) -> bool:
    """A text wrapped at a fixed width (a wire copy, a speech as an embassy prints it): most of
    its lines are about as long and many stop mid-sentence."""
    lines = [line.rstrip() for line in text[:20000].splitlines()]
    filled = [line for line in lines if line]
    # a line of the width that stops mid-sentence, the next one going on in lower case
    wrapped = sum(
        1
        for line, after in pairwise(lines)
        if len(line) in _WRAP_WIDTH and line[-1] not in _ENDS_A_LINE and _GOES_ON.match(after.lstrip())
    )
    return len(filled) >= 8 and wrapped >= max(3, len(filled) // 5)


_ENDS_A_LINE = frozenset('.!?:;"”’)|')
# A line that goes on a sentence opens with a lower-case word (not a link: "https://...").
_GOES_ON = re.compile(r"[a-z][a-z'’\-]*(?:[\s,;]|$)")


# "At least n words", without visiting the rest of a long line (possessive: no backtracking).
_AT_LEAST = {n: re.compile(rf"(?:\W*+\w++){{{n}}}") for n in (15, 23)}


def _word_count(text: str, up_to: int | None = None) -> int:
    """Words in ``text``, counted no further than ``up_to`` (15 or 23: a body line is long)."""
    if up_to is None:
        return len(_WORD.findall(text))
    # A short line is counted outright; a long one only as far as the limit.
    if len(text) > 120 and _AT_LEAST[up_to].match(text):
        return up_to
    return min(len(_WORD.findall(text)), up_to)


def looks_like_headline(line: str) -> bool:
    words = _word_count(line, up_to=23)
    return (
        1 <= words <= 22
        and not line.endswith((".", ",", ";", ":"))
        and not _NOT_A_TITLE.match(line)
        and not _BOILERPLATE.match(line)
        and line[:1].isupper()
    )


def classify_lines(text: str, lower: str | None = None, cues: WordIndex | None = None) -> list[Line]:
    lower = ascii_lower(text) if lower is None else lower
    cues = WordIndex(lower) if cues is None else cues
    raw = _raw_lines(text)
    lines: list[Line] = []
    cut: str | None = None  # after a marker of links: "block" to the end, "inline" until prose resumes
    in_header = False
    listing = False  # inside a list of items a line ending with a colon opened
    body_seen = False
    for index, (start, end, bullet) in enumerate(raw):
        content = text[start:end]
        words = _word_count(content, up_to=15)  # compared with 12 and 14 below
        ends_sentence = content.endswith((".", "!", "?", '"', "”", "’", ")"))
        if index == 0 and not bullet and looks_like_headline(content) and len(raw) > 1:
            kind = "title"
            in_header = True
        elif cut == "inline" and ends_sentence and words >= 12 and not _BOILERPLATE.match(content):
            cut = None  # prose again after the link a marker inside the copy introduced
            kind = "body"
        elif cut:
            kind = "boilerplate"
        elif _CUT_MARKERS.fullmatch(marker := content.strip(" :|-–—>»")):
            # A bare "Read next" / "Related" line opens a block of links to other stories. "Also read"
            # set inside the copy links one story: the article goes on at its next line of prose.
            # Before the copy has begun, "Related News" labels a sidebar over the story: the story
            # still starts at the first line of prose.
            cut = "inline" if _INLINE_MARKERS.fullmatch(marker) or not body_seen else "block"
            kind = "boilerplate"
        elif _BOILERPLATE.match(content) or cues.search(_BOILERPLATE_ANYWHERE, lower, start, end):
            kind = "boilerplate"
        elif "(" in content and _CAPTION.search(content):
            kind = "boilerplate"  # a photo caption: "Obama (right) and Netanyahu (left) shake hands"
        elif content.endswith(")") and _CREDIT_END.search(content) and _PICTURED.search(content):
            kind = "boilerplate"  # "Two leaders who shake hands with a smile ... (Cabinet Public Affairs Office)"
        elif not ends_sentence and _COURTESY.search(content):
            kind = "boilerplate"  # "Planned site for the new plant ... Courtesy of Korea Hydro & Nuclear Power"
        elif listing and bullet:
            kind = "body"  # an item of a list its paragraph opens ("signed the following agreements:")
        elif in_header and words < 12 and not ends_sentence:
            kind = "header"  # bylines, datelines, counters under a headline
        elif not ends_sentence and words <= 14 and not content.endswith(":"):
            kind = "heading"
        else:
            kind = "body"
        if kind in ("body", "heading") or (kind == "header" and words >= 12):
            in_header = False
        body_seen = body_seen or kind == "body"
        listing = (kind == "body" and content.endswith(":")) or (listing and bullet)
        if kind == "body":
            note = _EDITORS_NOTE.match(content)
            if note and note.end() < len(content):
                start += note.end()  # "(Eds: Updating with more details)": the wire's word to editors
                content = content[note.end() :]
            dateline = _DATELINE.match(content) or _AGENCY_DATELINE.match(content)
            if dateline and dateline.end() < len(content):
                start += dateline.end()  # "KUALA LUMPUR, Oct 31 (Reuters) - " is not part of the sentence
        lines.append(Line(index, start, end, kind, bullet))
    return lines


# A wire dateline opening the first paragraph: "NEW DELHI, Sept 17 (Reuters) - ", "GYEONGJU -- ".
# Also an agency tag before it ("(ANSA) - ROME, MAR 3 - ") or after it ("MOSCOW, September 17. /TASS/. ").
_DATELINE = re.compile(
    r"(?:\([A-Za-z]{2,12}\)\s*(?:--?|—|–)\s*)?"
    r"[A-Z][A-Z.'’\-]{2,}(?:[ /][A-Z][A-Z.'’\-]+){0,3}(?:,\s+[A-Z][A-Za-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?"
    r"(?:\s*(?:\([^()\n]{2,40}\))?\s*(?:--?|—|–)|\.\s*/[A-Za-z\-]{2,12}/\.?)\s+(?=[A-Z\"“])"
)


# "New Delhi, Oct 5 (PTI) ": a dateline in title case, closed by the agency's name.
_AGENCY_DATELINE = re.compile(
    r"[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,2},?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?\s+"
    r"\((?:PTI|IANS|ANI|UNI|Reuters|AP|AFP|Xinhua|TASS|Bloomberg|Yonhap|Kyodo|Bernama|ANSA|dpa|WAM|SPA|IRNA)\)"
    r"\s*(?:--?|—|–|:)?\s*(?=[A-Z\"“])"
)
# A wire's note to editors opening its copy: "(Eds: Updating with more details, changing slug)".
_EDITORS_NOTE = re.compile(
    r"\((?:Eds?|Editors?|Adds|Updates|Recasts|Corrects|Refiles)\b[^()\n]{0,150}\)\s*"
    # and an agency's tag opening the copy: "(MENAFN) India is negotiating ..."
    r"|\([A-Z]{2,10}\)\s+(?=[A-Z])"
)
_COURTESY = re.compile(r"\b(?:Courtesy of|Photo courtesy|Photo credit|Image credit|Photo by)\b", re.IGNORECASE)


_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_FOLLOWING_WORD = re.compile(r"\s+[\"“]?(\w+)")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the '.' at ``dot`` ends an abbreviation rather than a sentence."""
    # The word before the dot: usually everything after the last space, checked in one go.
    word_start = text.rfind(" ", 0, dot) + 1
    if not text[word_start:dot].replace(".", "").isalpha():
        word_start = dot
        while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
            word_start -= 1
    token = text[word_start:dot]
    if not token:
        return False
    if len(token) == 1 and token.isupper():
        return True  # an initial: "S. Jaishankar"
    if _DOTTED.fullmatch(token):
        # "U.S." and the like: a boundary only before a typical sentence opener.
        following = _FOLLOWING_WORD.match(text[dot + 1 : dot + 40])
        return not (following and following.group(1) in _SENTENCE_STARTERS)
    return token.lower() in _ABBREVIATIONS


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        dot = match.start()
        if text[dot] == "." and match.end() - dot == 1 and _is_abbreviation(text, dot):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end:
        spans.append((cursor, end))
    return [(s, e) for s, e in spans if e > s]


def split_document(
    text: str, lower: str | None = None, words: WordIndex | None = None
) -> tuple[list[Line], list[Sentence]]:
    # The lower-cased copy is made once for the whole text (same length) and sliced per
    # line and sentence; the word index is built once and shared by every reader.
    lower = ascii_lower(text) if lower is None else lower
    words = WordIndex(lower) if words is None else words
    lines = classify_lines(text, lower, words)
    sentences: list[Sentence] = []
    for line in lines:
        for s, e in split_sentences(text, line.start, line.end):
            sentences.append(Sentence(len(sentences), s, e, text[s:e], line.index, line.kind, line.bullet, lower[s:e]))
    return lines, sentences
