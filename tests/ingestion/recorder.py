"""A small extraction recorder for ingestion tests, standing in for the real one where a
test is about ingestion rather than extraction: one evidence row per article, recorded
in the same transaction as the "done" mark, idempotent like the real recorder."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from articles.models import Article, Evidence


def record_extraction(*, article_id: int) -> dict[str, int]:
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.extraction_status == Article.ExtractionStatus.DONE:
            return {"evidence": 0}
        if "EXPLODE" in article.text:
            raise RuntimeError("the extractor choked on this text")
        end = article.text.find(".") + 1 or len(article.text)
        Evidence.objects.create(
            article=article,
            sentence=article.text[:end],
            start=0,
            end=end,
            extractor_name="test-recorder",
            confidence=0.5,
        )
        article.extraction_status = Article.ExtractionStatus.DONE
        article.extracted_at = timezone.now()
        article.save(update_fields=["extraction_status", "extracted_at"])
    return {"evidence": 1}
