from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, FloatField, Q, TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone

# Full-text search: how many best matches are ranked, and how headlines are cut and marked.
SEARCH_CANDIDATES = 1000
HEADLINE_TEXT_LIMIT = 100_000
# Private-use characters: they do not occur in news text, so they can only be our markers.
HEADLINE_START, HEADLINE_STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS = (
    f"StartSel={HEADLINE_START}, StopSel={HEADLINE_STOP}, MaxWords=35, MinWords=12, "
    "MaxFragments=2, FragmentDelimiter= … "
)


class SourceQuerySet(models.QuerySet):
    def active(self) -> SourceQuerySet:
        return self.filter(is_active=True)

    def due(self, now: datetime.datetime | None = None) -> SourceQuerySet:
        """Active scheduled sources whose next fetch time has come."""
        now = now or timezone.now()
        return (
            self.active().filter(interval__isnull=False).filter(Q(next_due_at__isnull=True) | Q(next_due_at__lte=now))
        )

    def failing(self) -> SourceQuerySet:
        return self.filter(Q(consecutive_failures__gt=0) | ~Q(disabled_reason=""))

    def quiet(self, now: datetime.datetime | None = None) -> SourceQuerySet:
        """Active scheduled sources with nothing new for longer than INGEST_QUIET_AFTER.

        A source that never yielded anything counts from its creation, so a feed that was
        broken from day one is flagged too.
        """
        cutoff = (now or timezone.now()) - settings.INGEST_QUIET_AFTER
        return self.active().filter(
            Q(last_new_article_at__lt=cutoff) | Q(last_new_article_at__isnull=True, created_at__lt=cutoff),
            interval__isnull=False,
        )


class ArticleQuerySet(models.QuerySet[Any]):  # no import of .models here: it imports this module
    def originals(self) -> ArticleQuerySet:
        """Articles that are not near-duplicates of an earlier copy."""
        return self.filter(duplicate_of__isnull=True)

    def awaiting_extraction(self) -> ArticleQuerySet:
        return self.originals().filter(extraction_status="pending")

    def search(self, query: str, *, candidates: int = SEARCH_CANDIDATES) -> ArticleQuerySet:
        """Full-text search, annotating `rank` (higher is better) and `headline` (raw, with markers).

        On PostgreSQL it matches the stored, GIN-indexed `search_vector` with
        websearch_to_tsquery (quotes, OR and -word work; no syntax error is possible) and
        keeps only the `candidates` best-ranked matches, so the cost of ranking and of
        ts_headline stays bounded however common the words are. `headline` marks each hit
        between HEADLINE_START and HEADLINE_STOP and is NOT escaped: it is article text.
        """
        query = query.strip()
        best = RawSQL(
            "SELECT id FROM articles_article WHERE search_vector @@ websearch_to_tsquery('english', %s) "
            "ORDER BY ts_rank(search_vector, websearch_to_tsquery('english', %s)) DESC, id DESC LIMIT %s",
            (query, query, candidates),
        )
        return self.filter(id__in=best).annotate(
            rank=RawSQL(
                "ts_rank(articles_article.search_vector, websearch_to_tsquery('english', %s))::float8",
                (query,),
                output_field=FloatField(),
            ),
            headline=RawSQL(
                "ts_headline('english', articles_article.title || E'\\n' || left(articles_article.text, %s), "
                "websearch_to_tsquery('english', %s), %s)",
                (HEADLINE_TEXT_LIMIT, query, HEADLINE_OPTIONS),
                output_field=TextField(),
            ),
        )

    def with_corroboration(self) -> ArticleQuerySet:
        """`corroboration_count`: how many other sites carried the same story (its near-duplicates)."""
        return self.annotate(corroboration_count=Count("near_duplicates", distinct=True))


class EvidenceQuerySet(models.QuerySet):
    def with_article(self) -> EvidenceQuerySet:
        return self.select_related("article", "article__source")


class IngestionRunQuerySet(models.QuerySet):
    def with_source(self) -> IngestionRunQuerySet:
        return self.select_related("source")

    def unfinished(self) -> IngestionRunQuerySet:
        return self.filter(finished_at__isnull=True)


class IngestionItemQuerySet(models.QuerySet):
    def pending(self) -> IngestionItemQuerySet:
        return self.filter(status="pending")

    def stale(self, now: datetime.datetime | None = None) -> IngestionItemQuerySet:
        """Pending items whose task was queued long ago: its message was lost (a broker restart)."""
        cutoff = (now or timezone.now()) - settings.INGEST_ITEM_STALE_AFTER
        return self.pending().filter(Q(queued_at__isnull=True) | Q(queued_at__lt=cutoff))
