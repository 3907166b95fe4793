from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class SourceQuerySet(models.QuerySet):
    def active(self) -> SourceQuerySet:
        return self.filter(is_active=True)

    def due(self, now=None) -> SourceQuerySet:
        """Active scheduled sources whose next fetch time has come."""
        now = now or timezone.now()
        return (
            self.active().filter(interval__isnull=False).filter(Q(next_due_at__isnull=True) | Q(next_due_at__lte=now))
        )

    def failing(self) -> SourceQuerySet:
        return self.filter(Q(consecutive_failures__gt=0) | ~Q(disabled_reason=""))


class ArticleQuerySet(models.QuerySet):
    def originals(self) -> ArticleQuerySet:
        """Articles that are not near-duplicates of an earlier copy."""
        return self.filter(duplicate_of__isnull=True)

    def awaiting_extraction(self) -> ArticleQuerySet:
        return self.originals().filter(extraction_status="pending")


class EvidenceQuerySet(models.QuerySet):
    def with_article(self) -> EvidenceQuerySet:
        return self.select_related("article", "article__source")
