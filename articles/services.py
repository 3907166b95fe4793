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
from .models import Article, ArticleBand, DatePrecision, Source


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
