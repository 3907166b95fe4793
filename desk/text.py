"""Showing untrusted text: everything escaped, only http(s) links as links."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

# How much of the paragraph around an evidence sentence the queue shows, each side.
CONTEXT_CHARS = 400


def safe_url(url: str | None) -> str:
    """The URL if it is an absolute http(s) link, else '' (so `javascript:` and friends never link)."""
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return url.strip()


def paragraph_around(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> SafeString:
    """The paragraph holding text[start:end], escaped, with that span in <mark>."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end == -1 else para_end
    before_start = max(para_start, start - context)
    after_end = min(para_end, end + context)
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        "…" if before_start > para_start else "",
        text[before_start:start],
        text[start:end],
        text[end:after_end],
        "…" if after_end < para_end else "",
    )


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    anchor: str  # the id of the element this span links to
    title: str


def highlight_spans(text: str, spans: Iterable[Span]) -> SafeString:
    """The whole text escaped, each span wrapped in a <mark> linking to its anchor.

    Overlapping spans are cut at every boundary; a piece covered by several links to the first.
    """
    spans = sorted((s for s in spans if 0 <= s.start < s.end <= len(text)), key=lambda s: (s.start, s.end))
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    pieces: list[str] = []
    for left, right in itertools.pairwise(bounds):
        covering = [s for s in spans if s.start <= left and right <= s.end]
        piece = text[left:right]
        if covering:
            first = covering[0]
            pieces.append(
                format_html(
                    '<a class="evidence-mark" href="#{}" title="{}"><mark>{}</mark></a>',
                    first.anchor,
                    first.title,
                    piece,
                )
            )
        else:
            pieces.append(escape(piece))
    # The pieces are already escaped (SafeStrings), so joining them through format_html keeps them as they are.
    return format_html_join("", "{}", ((piece,) for piece in pieces))
