"""Turning fetched or uploaded bytes into clean article text and metadata.

Pure functions over untrusted input: they never raise on odd text, and the text
functions are idempotent (cleaning clean text changes nothing), which the property
tests check. Refusals (empty input, no article text) raise `CleaningError` with a
reason fit for the run's failure list.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime
import logging
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer
import trafilatura
from lxml import html as lxml_html

# trafilatura logs a page without an article as an ERROR; here that is an expected outcome,
# recorded on the run as the item's failure, so its own log would only be noise.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

MAX_TITLE = 1000
MIN_PAGE_WORDS = 20


class CleaningError(ValueError):
    """The input holds no article we can store; the message says why."""


@dataclass(frozen=True)
class CleanDocument:
    text: str
    title: str = ""
    published_on: datetime.date | None = None
    author: str = ""
    site_name: str = ""
    language: str = ""
    canonical_link: str = ""
    # What cleaning repaired or refused on the way (a page mixing encodings, an implausible
    # date), kept on the run's item so that a repaired text is never silently different.
    note: str = ""


# --- Text repair -----------------------------------------------------------------------

# C0/C1 controls except tab and newline; NUL is the usual offender. Also the Unicode
# non-characters and lone surrogates that PostgreSQL refuses to store.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_INLINE_SPACE = re.compile(r"[^\S\n]+")


def repair_text(text: str) -> str:
    """One spelling of a text: NFC, Unix newlines, no control characters, tidy spacing."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", _BAD_CHARS.sub("", text))
    # Normalization can compose new characters next to removed ones; a second pass settles it.
    text = unicodedata.normalize("NFC", _BAD_CHARS.sub("", text))
    lines = [_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


# --- Boilerplate ------------------------------------------------------------------------

# A line that opens the page's trailer (links to other stories, social widgets). Matched
# on the whole line, so a sentence that merely contains "read more" stays.
_SECTION_MARKER = re.compile(
    r"""^(?:
        read\ next | read\ more | read\ also | also\ read | more\ to\ read | must\ read
      | related(?:\ (?:articles?|stories|posts|news|content|reading|coverage))?
      | recent\ posts | recent\ articles | latest\ (?:news|posts|stories)
      | more\ (?:from|on|in|stories|news|articles)\b.{0,60}
      | you\ (?:may|might)\ also\ (?:like|enjoy|be\ interested\ in)
      | recommended(?:\ for\ you|\ stories|\ articles)? | trending(?:\ now|\ stories)?
      | popular\ (?:posts|stories|articles) | most\ (?:read|popular|viewed)
      | let'?s\ get\ social | follow\ us(?:\ on\ .{0,40})? | share\ this(?:\ article|\ story|\ post)?
      | (?:top|editor'?s)\ picks | don'?t\ miss | see\ also | further\ reading
    )\s*[:.!>»›-]*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Widget counters and share buttons that stand alone on a line, with or without a bullet.
_COUNTER_LINE = re.compile(
    r"""^[-–—•·*|]?\s*(?:
        \d[\d,.\s]*\s*(?:comments?|views?|shares?|likes?|reactions?|reads?|min(?:ute)?s?(?:\ read)?|minutes?\ read)
      | (?:share|tweet|print|email|e-mail|comment|comments|save|bookmark|whatsapp|facebook|twitter|linkedin)
      | share\s*[-–—:|]\s*[^\s].{0,40}
      | (?:no|leave\ a)\ comments?
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_DISCLAIMER = re.compile(r"^(?:disclaimer|editor'?s note|note to readers)\s*:", re.IGNORECASE)
# A marker in the first half of the text is more likely a heading of the article itself.
_TRAILER_FROM = 0.5


def _trim_once(text: str) -> str:
    lines = text.split("\n")
    kept: list[str] = []
    offset = 0
    cutoff = len(text) * _TRAILER_FROM
    for line in lines:
        stripped = line.strip()
        in_trailer = offset >= cutoff
        if in_trailer and (_SECTION_MARKER.match(stripped) or _DISCLAIMER.match(stripped)):
            break
        if not _COUNTER_LINE.match(stripped):
            kept.append(line)
        offset += len(line) + 1
    return repair_text("\n".join(kept))


def trim_boilerplate(text: str) -> str:
    """Drop what a web page wraps around an article: the trailer after a section marker
    ("Read next", "Recent Posts", ...) in the last half of the text, a closing
    disclaimer, and lone counters or share buttons ("0 Comments", "3 minutes read")."""
    text = repair_text(text)
    # Each pass only shortens the text; repeat until nothing changes, so trimming is idempotent.
    for _ in range(text.count("\n") + 2):
        trimmed = _trim_once(text)
        if trimmed == text:
            break
        text = trimmed
    return text


def cap_text(text: str, limit: int) -> tuple[str, bool]:
    """The text cut to at most `limit` characters, at the last paragraph (else line, else word)
    end before it; and whether it was cut. Evidence offsets index into the kept text."""
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    for boundary in ("\n\n", "\n", " "):
        end = head.rfind(boundary)
        if end > limit // 2:
            return head[:end].rstrip(), True
    return head, True


def clean_text(text: str) -> str:
    """The text as stored: repaired, then stripped of web boilerplate."""
    return trim_boilerplate(repair_text(text))


# --- Decoding -----------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


# A page that mixes encodings is UTF-8 with a few bytes of a legacy one pasted in (a quote
# from a windows-1252 CMS); beyond this many stray bytes it is not UTF-8 at all, and detection
# decides. The stray bytes are read as windows-1252, the usual culprit.
MAX_STRAY_BYTES = 200


def _mixed_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with some stray bytes of another encoding: the text with each stray byte read as
    windows-1252, and how many there were; None when the bytes are not mostly UTF-8."""
    parts: list[str] = []
    stray = 0
    position = 0
    while True:
        try:
            parts.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            parts.append(data[position : position + exc.start].decode("utf-8"))
            bad = data[position + exc.start : position + exc.end]
            stray += len(bad)
            if stray > MAX_STRAY_BYTES:
                return None
            parts.append(bad.decode("cp1252", errors="ignore"))
            position += exc.end
    text = "".join(parts)
    # Only when real UTF-8 sequences outnumber the stray bytes: a text entirely in a legacy
    # encoding (windows-1251 Cyrillic) has no valid multi-byte sequence, and is left to detection.
    valid = sum(1 for part in parts[::2] for char in part if ord(char) > 127)
    return (text, stray) if stray and valid > stray else None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: a BOM, then the declared charset (HTTP header, then <meta>), then
    UTF-8, then detection; never raises (undecodable bytes become U+FFFD, later dropped)."""
    return decode_bytes_noted(data, declared)[0]


def decode_bytes_noted(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """`decode_bytes`, with a note when the text had to be repaired: a page mixing UTF-8 with
    stray bytes of another encoding is read as UTF-8 with those bytes as windows-1252."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), ""
    meta = _META_CHARSET.search(data[:4096])
    names: list[str | None] = [_codec(declared), _codec(meta.group(1).decode("ascii")) if meta else None, "utf-8"]
    for codec in names:
        if codec:
            try:
                return data.decode(codec), ""
            except (UnicodeDecodeError, LookupError):
                continue
    if all(name in (None, "utf-8") for name in names[:2]) and (mixed := _mixed_utf8(data)) is not None:
        text, stray = mixed
        return text, f"mixed encodings: {stray} byte(s) were not UTF-8 and were read as windows-1252"
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), ""
    return data.decode("utf-8", errors="replace"), ""


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(?:html|head|body|article|p|div)[\s>]", head)
    )


# --- Documents --------------------------------------------------------------------------------


def _read_header(text: str) -> tuple[str | None, datetime.date | None]:
    """Title and date from a plain text's header lines, through the extraction package when present."""
    try:
        from articles.extraction.document import read_document
    except ImportError:  # the package is optional for ingestion: the first line still makes a title
        return None, None
    try:
        return read_document(text)
    except Exception:
        return None, None


def text_document(raw: str) -> CleanDocument:
    """A plain text: the first line is the title; the FULL text (first line included) is kept,
    since evidence offsets index into it and a first line can hold facts."""
    repaired = repair_text(raw)
    if not repaired:
        raise CleaningError("empty document")
    # Read the header before trimming: a byline date sits among the lines the trimmer drops.
    title, published = _read_header(repaired)
    text = trim_boilerplate(repaired)
    if not text:
        raise CleaningError("no article text after removing boilerplate")
    if not title:
        title = _first_line_title(text)
    return CleanDocument(text=text, title=title[:MAX_TITLE], published_on=published)


def _first_line_title(text: str) -> str:
    """The first line; when it is a whole paragraph rather than a headline, its first sentence."""
    line = text.split("\n", 1)[0].strip()
    if len(line) > 200:
        sentence = re.match(r"(.{40,300}?[.!?])\s", line)
        if sentence:
            return sentence.group(1)
    return line


# News about today's world: a date before this or after tomorrow is a parsing accident or a
# placeholder (year 1000, 9999), and would sort the article where nobody looks for it.
EARLIEST_PLAUSIBLE_DATE = datetime.date(1900, 1, 1)


def date_refusal(value: datetime.date | None, *, today: datetime.date | None = None) -> str:
    """Why a publication date cannot be right ("" when it may be)."""
    if value is None:
        return ""
    today = today or datetime.date.today()
    if value < EARLIEST_PLAUSIBLE_DATE or value > today + datetime.timedelta(days=1):
        return f"the date {value.isoformat()} was refused as implausible (kept undated)"
    return ""


def _parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _page_metadata(html_text: str) -> tuple[str, str]:
    """The page's language and canonical link (trafilatura reads neither reliably)."""
    try:
        tree = lxml_html.document_fromstring(html_text[:2_000_000])
    except Exception:
        return "", ""
    language = (tree.get("lang") or "").strip()[:12]
    canonical = ""
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        found = tree.xpath(xpath)
        if found:
            canonical = str(found[0]).strip()
            break
    return language, canonical


def html_document(html_text: str, *, url: str = "") -> CleanDocument:
    """An HTML page reduced to its article text and metadata with trafilatura."""
    html_text = html_text.replace("\x00", "")
    if not html_text.strip():
        raise CleaningError("empty document")
    try:
        doc = trafilatura.bare_extraction(
            html_text, url=url or None, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:
        raise CleaningError(f"unreadable HTML: {exc.__class__.__name__}") from exc
    text = clean_text(getattr(doc, "text", None) or "") if doc is not None else ""
    if len(text.split()) < MIN_PAGE_WORDS:
        # What remains of a page without an article is a menu item or a cookie notice.
        raise CleaningError("no article text found in the page")
    language, canonical = _page_metadata(html_text)
    title = repair_text(getattr(doc, "title", None) or "") or text.split("\n", 1)[0]
    return CleanDocument(
        text=text,
        title=title[:MAX_TITLE],
        published_on=_parse_date(getattr(doc, "date", None)),
        author=repair_text(getattr(doc, "author", None) or "")[:500],
        site_name=repair_text(getattr(doc, "sitename", None) or "")[:500],
        language=language or (getattr(doc, "language", None) or "")[:12],
        canonical_link=canonical,
    )


class NotTextError(CleaningError):
    """Bytes that are not a text (a PDF, an image, compressed or other binary data)."""


# Media types an article may come as; a declared type outside these is refused unread.
TEXT_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# Signatures of binary formats that a server or a file name may pass off as text.
BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\x1f\x8b", "gzip-compressed bytes"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x7fELF", "an executable"),
)
# Control bytes (not tab, newline, carriage return, form feed or escape) are a handful in a
# text with a stray NUL, and about a tenth of random binary data.
MAX_CONTROL_SHARE = 0.02
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"


def text_refusal(data: bytes, media_type: str = "") -> str | None:
    """Why these bytes are not an article's text, or None when they may be one: the declared
    media type, a binary format's signature, then the share of control bytes."""
    media_type = media_type.partition(";")[0].strip().lower()
    if media_type and media_type not in TEXT_MEDIA_TYPES and not media_type.startswith("text/"):
        return f"not text: the content type is {media_type}"
    head = data[:8].lstrip(b"\xef\xbb\xbf")
    for signature, what in BINARY_SIGNATURES:
        if head.startswith(signature):
            return f"not text: the bytes are {what}"
    sample = data[:65536]
    if sample:
        share = (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)
        if share > MAX_CONTROL_SHARE:
            return f"not text: {share:.0%} of the bytes are control characters (binary data)"
    return None


def bytes_document(data: bytes, *, content_type: str = "", url: str = "") -> CleanDocument:
    """Fetched or uploaded bytes: HTML by its media type or its look, plain text otherwise;
    anything that is not text is refused (NotTextError) before it is decoded."""
    if not data.strip():
        raise CleaningError("empty document")
    if (refusal := text_refusal(data, content_type)) is not None:
        raise NotTextError(refusal)
    media_type, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip()
    text, note = decode_bytes_noted(data, charset)
    media_type = media_type.strip().lower()
    if media_type in {"text/html", "application/xhtml+xml"} or (media_type != "text/plain" and looks_like_html(text)):
        doc = html_document(text, url=url)
    else:
        doc = text_document(text)
    return dataclasses.replace(doc, note=note) if note else doc
