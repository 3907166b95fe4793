"""Reads of articles and evidence that need nothing above this app."""

from __future__ import annotations

from .models import Article
from .querysets import ArticleQuerySet


def article_list() -> ArticleQuerySet:
    """Articles are the public record facts cite: every one is listed, their raw fetch is not."""
    return Article.objects.select_related("source").defer("raw_content", "text", "extraction_error")


def article_detail_queryset() -> ArticleQuerySet:
    return Article.objects.select_related("source").defer("raw_content", "extraction_error")
