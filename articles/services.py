"""Writes on articles: storing a cleaned text once, whatever route it came by."""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .models import Article, DatePrecision, Source


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
) -> StoredArticle:
    """Store a clean text once: an existing row with the same canonical URL or text hash wins.

    Safe under concurrency: the unique constraints decide, and the loser reads the winner.
    """
    if not text.strip():
        raise ValueError("An article needs some text.")
    digest = content_hash(text)
    existing = _find_existing(digest, canonical_url)
    if existing is not None:
        return StoredArticle(existing, False)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                source=source,
                url=url,
                canonical_url=canonical_url or None,
                content_hash=digest,
                title=title[:1000],
                text=text,
                raw_content=raw_content,
                published_on=published_on,
                published_precision=published_precision if published_on else DatePrecision.UNKNOWN,
                language=language,
                author=author[:500],
                site_name=site_name[:500],
            )
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
