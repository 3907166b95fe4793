from __future__ import annotations

from articles import selectors
from articles.filters import ArticleFilterSet
from common.api.views import ApiViewSet

from .serializers import ArticleDetailSerializer, ArticleSerializer


class ArticleViewSet(ApiViewSet):
    """Articles the facts cite. `?search=` is full-text, ranked, with highlighted snippets."""

    filterset_class = ArticleFilterSet
    ordering_fields = {
        "id": ("id", False),
        "published_on": ("published_on", True),
        "ingested_at": ("ingested_at", False),
    }
    default_ordering = "-ingested_at"

    def searching(self) -> bool:
        request = getattr(self, "request", None)
        return bool(request is not None and request.query_params.get("search", "").strip())

    def get_ordering_fields(self) -> dict[str, tuple[str, bool]]:
        if self.searching():
            return {**self.ordering_fields, "rank": ("rank", False)}
        return self.ordering_fields

    def get_default_ordering(self, request) -> str:
        return "-rank" if self.searching() else self.default_ordering

    def get_serializer_class(self):
        return ArticleSerializer if self.action == "list" else ArticleDetailSerializer

    def get_queryset(self):
        if self.action == "list":
            return selectors.article_list()
        return selectors.article_detail_queryset()
