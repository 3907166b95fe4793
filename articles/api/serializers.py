from __future__ import annotations

from django.utils.html import escape
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article, Evidence
from articles.querysets import HEADLINE_START, HEADLINE_STOP


def snippet_html(headline: str | None) -> str | None:
    """ts_headline returns article text as is: escape it all, then put back our <mark> tags."""
    if headline is None:
        return None
    return escape(headline).replace(HEADLINE_START, "<mark>").replace(HEADLINE_STOP, "</mark>")


class EvidenceSerializer(serializers.ModelSerializer):
    """The citation: the verbatim sentence, where it sits in the article, and where to read it."""

    article_title = serializers.CharField(source="article.title", read_only=True)
    source_url = serializers.SerializerMethodField(
        help_text="The article's canonical URL, else the URL fetched; null for pasted text and files."
    )
    source_name = serializers.SerializerMethodField(help_text="The site, else the configured source's name.")
    published_on = serializers.DateField(source="article.published_on", read_only=True, allow_null=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "sentence",
            "start",
            "end",
            "confidence",
            "extractor_name",
            "article",
            "article_title",
            "source_url",
            "source_name",
            "published_on",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_source_url(self, obj: Evidence) -> str | None:
        return obj.article.canonical_url or obj.article.url or None

    def get_source_name(self, obj: Evidence) -> str:
        article = obj.article
        source = article.source if article.source_id else None
        return article.site_name or (source.name if source is not None else "")


class OptionalUrlField(serializers.URLField):
    """A URL, or null where the article has none (pasted text, a file): never `""` for `format: uri`."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class ArticleSerializer(serializers.ModelSerializer):
    url = OptionalUrlField(help_text="The URL it was fetched from; null for pasted text and files.")
    canonical_url = OptionalUrlField(help_text="The page's canonical URL; null when unknown.")
    source_name = serializers.SerializerMethodField()
    rank = serializers.SerializerMethodField(help_text="Search relevance (higher is better); null when not searching.")
    snippet = serializers.SerializerMethodField(
        help_text="Search hits in context as HTML: the text is escaped, hits are wrapped in <mark>. "
        "Null when not searching."
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "canonical_url",
            "published_on",
            "published_precision",
            "language",
            "author",
            "site_name",
            "source_name",
            "duplicate_of",
            "ingested_at",
            "rank",
            "snippet",
        ]
        read_only_fields = fields

    def get_source_name(self, obj: Article) -> str:
        source = obj.source if obj.source_id else None
        return source.name if source is not None else ""

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_rank(self, obj: Article) -> float | None:
        return getattr(obj, "rank", None)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_snippet(self, obj: Article) -> str | None:
        return snippet_html(getattr(obj, "headline", None))


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text"]
        read_only_fields = fields
