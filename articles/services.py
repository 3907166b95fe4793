"""Writes on articles: storing a cleaned text once, whatever route it came by (an ingestion
item, a seed, a test). The ingestion pipeline that gets texts here is `articles/ingestion/`."""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from . import neardup
from .extraction.sentences import split_document
from .models import Article, ArticleBand, DatePrecision, Evidence, Source


def normalize_for_hash(text: str) -> str:
    """The form two copies of one text share: NFKC, case-folded, punctuation-blind, one space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredArticle:
    article: Article
    created: bool


def article_store(
    *,
    text: str,
    title: str = "",
    source: Source | None = None,
    url: str = "",
    canonical_url: str | None = None,
    raw_content: str = "",
    published_on: datetime.date | None = None,
    published_precision: str = DatePrecision.UNKNOWN,
    language: str = "",
    author: str = "",
    site_name: str = "",
    url_verified: bool = False,
    canonical_hint: str = "",
    etag: str = "",
    last_modified: str = "",
    source_updated: str = "",
    revision_of: Article | None = None,
) -> StoredArticle:
    """Store a clean text once: an existing row with the same canonical URL or text hash wins.

    A new text that nearly matches an earlier original (the same wire story on another
    site) is stored linked to it (`duplicate_of`) and marked skipped for extraction.
    Safe under concurrency: the unique constraints decide, and the loser reads the winner.
    A revision (the newer text of a URL whose earlier text, `revision_of`, is stored) is never
    a near-duplicate of that earlier text: it is extracted in its own right.
    """
    if not text.strip():
        raise ValueError("An article needs some text.")
    normalized = normalize_for_hash(text)
    digest = hashlib.sha256(normalized.encode("utf-8")).hexdigest()
    existing = _find_existing(digest, canonical_url)
    if existing is not None:
        return StoredArticle(existing, False)
    shingle_set = neardup.shingles(normalized)
    band_keys = neardup.bands(shingle_set)
    original = None if revision_of is not None else _near_duplicate_of(shingle_set, band_keys)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                source=source,
                url=url[:2000],
                canonical_url=canonical_url or None,
                url_verified=bool(canonical_url) and url_verified,
                canonical_hint=canonical_hint[:2000],
                content_hash=digest,
                title=title[:1000],
                text=text,
                raw_content=raw_content,
                published_on=published_on,
                published_precision=published_precision if published_on else DatePrecision.UNKNOWN,
                language=language[:12],
                author=author[:500],
                site_name=site_name[:500],
                etag=etag[:500],
                last_modified=last_modified[:100],
                source_updated=source_updated[:40],
                duplicate_of=original,
                revision_of=revision_of,
                extraction_status=Article.ExtractionStatus.SKIPPED if original else Article.ExtractionStatus.PENDING,
            )
            ArticleBand.objects.bulk_create([ArticleBand(article=article, value=key) for key in set(band_keys)])
    except IntegrityError:
        existing = _find_existing(digest, canonical_url)
        if existing is None:
            raise
        return StoredArticle(existing, False)
    return StoredArticle(article, True)


def _find_existing(digest: str, canonical_url: str | None) -> Article | None:
    if canonical_url:
        hit = Article.objects.filter(canonical_url=canonical_url).first()
        if hit is not None:
            return hit
    return Article.objects.filter(content_hash=digest).first()


def _near_duplicate_of(shingle_set: set[int], band_keys: list[int]) -> Article | None:
    """The earliest original whose text is at least THRESHOLD similar, if any."""
    if not band_keys:
        return None
    candidates = (
        Article.objects.originals().filter(bands__value__in=band_keys).distinct().order_by("id").only("id", "text")[:50]
    )
    candidate: Article
    for candidate in candidates:
        if neardup.jaccard(shingle_set, neardup.shingles(normalize_for_hash(candidate.text))) >= neardup.THRESHOLD:
            return candidate
    return None


# --- Evidence an editor points at ------------------------------------------------------

EDITOR_EXTRACTOR = "editor"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole sentence(s) holding text[start:end] (a click gives start == end): evidence is
    always a whole sentence, as the extractor records it. ValueError on offsets outside the text."""
    if not (0 <= start <= end <= len(text)) or not text.strip():
        raise ValueError(f"The span {start}–{end} is not inside the article's text ({len(text)} characters).")
    _, sentences = split_document(text)
    if start == end:  # a click: the sentence under it, or the next one when it fell between two
        touched = [s for s in sentences if s.end > start][:1] or [s for s in sentences if s.start <= start][-1:]
    else:
        touched = [s for s in sentences if s.start < end and s.end > start]
    if not touched:
        raise ValueError("The selection holds no sentence of the article; select text inside a sentence.")
    return touched[0].start, touched[-1].end


def evidence_for_span(*, article: Article, start: int, end: int) -> Evidence:
    """The editor's evidence row for the sentence around text[start:end], made once per sentence."""
    sentence_start, sentence_end = sentence_bounds(article.text, start, end)
    evidence, _ = Evidence.objects.get_or_create(
        article=article,
        start=sentence_start,
        end=sentence_end,
        extractor_name=EDITOR_EXTRACTOR,
        defaults={"sentence": article.text[sentence_start:sentence_end], "confidence": 1.0},
    )
    return evidence
