"""Filters for articles and evidence; `search` is full-text on PostgreSQL (see ArticleQuerySet.search)."""

from __future__ import annotations

import django_filters

from articles.models import Article, Evidence
from common.api.filters import ChangedSinceFilter, IdFilter, IdListFilter


class ArticleFilterSet(django_filters.FilterSet):
    id = IdListFilter(field_name="id", help_text="Comma-separated ids, e.g. 1,2,3 (at most 200).")
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=300,
        help_text='Full-text search (web syntax: "quoted phrase", or, -word), ranked by relevance.',
    )
    published_after = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")
    updated_since = ChangedSinceFilter(
        field_name="ingested_at",
        resource="article",
        help_text="ISO 8601; ingested, or what the list shows of it changed, at or after (incremental sync).",
    )
    source = IdFilter(field_name="source_id")
    language = django_filters.CharFilter(max_length=12)

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class EvidenceFilterSet(django_filters.FilterSet):
    id = IdListFilter(field_name="id", help_text="Comma-separated ids, e.g. 1,2,3 (at most 200).")
    article = IdFilter(field_name="article_id")
    search = django_filters.CharFilter(
        field_name="sentence", lookup_expr="icontains", max_length=200, help_text="In the sentence."
    )
    published_after = django_filters.DateFilter(field_name="article__published_on", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="article__published_on", lookup_expr="lte")
    updated_since = ChangedSinceFilter(
        field_name="created_at",
        resource="evidence",
        help_text="ISO 8601; created, or made public, withdrawn or changed (its article), at or after.",
    )

    class Meta:
        model = Evidence
        fields: list[str] = []
