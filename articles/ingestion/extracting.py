"""Extraction bookkeeping: one delivery of an article's extraction, counted in the database,
through the recorder named by `settings.EXTRACTION_RECORDER`, and its failure for good.
(Queueing it is `dispatch.article_extraction_queue`.)"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from articles.models import Article

from . import retries
from .retries import RetryLater, retry_delay

logger = logging.getLogger(__name__)


def article_extraction_begin(*, article_id: int, max_attempts: int = retries.MAX_ATTEMPTS) -> int | None:
    """Count one delivery of an article's extraction; None when there is nothing to do.

    The count commits before the work starts, so a worker killed mid-extraction still
    used up a delivery: a text that crashes the worker every time ends failed, not looping.
    """
    with transaction.atomic():
        article = (
            Article.objects.select_for_update()
            .filter(pk=article_id, extraction_status=Article.ExtractionStatus.PENDING)
            .first()
        )
        if article is None:
            return None
        article.extraction_attempts += 1
        article.save(update_fields=["extraction_attempts"])
    if article.extraction_attempts > max_attempts:
        article_extraction_fail(article_id=article_id, error=f"gave up after {max_attempts} deliveries")
        return None
    return article.extraction_attempts


def article_extract(*, article_id: int) -> object:
    """One delivery of an article's extraction through the configured recorder.

    Raises RetryLater while deliveries are left; after the last, records the failure.
    """
    attempt = article_extraction_begin(article_id=article_id)
    if attempt is None:
        return None
    try:
        return import_string(settings.EXTRACTION_RECORDER)(article_id=article_id)
    except Exception as exc:
        error = f"{exc.__class__.__name__}: {exc}"
        if attempt >= retries.MAX_ATTEMPTS:
            article_extraction_fail(article_id=article_id, error=error)
            return None
        raise RetryLater(error, retry_delay(attempt)) from exc


def article_extraction_fail(*, article_id: int, error: str) -> None:
    """Record that extraction failed for good; an article already done stays done."""
    failed = Article.objects.filter(pk=article_id, extraction_status=Article.ExtractionStatus.PENDING).update(
        extraction_status=Article.ExtractionStatus.FAILED, extraction_error=error[:5000]
    )
    if failed:
        # An editor has to look at it; say so where an operator reads (the command, the worker log).
        logger.warning("extraction of article %s failed for good: %s", article_id, error[:500])
