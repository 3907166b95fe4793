"""The API endpoints that span every app: relationships (with their summary), evidence, and
the changes feed."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.serializers import BaseSerializer
from rest_framework.utils.urls import remove_query_param, replace_query_param

from agreements.models import FeedEntry
from articles.api.serializers import EvidenceSerializer
from articles.filters import EvidenceFilterSet
from articles.models import Evidence
from common.api.pagination import parse_page_size
from common.api.schema import ApiAutoSchema
from common.api.views import ApiMixin, ApiViewSet
from curated import selectors
from curated.registry import feed_routes
from relations import selectors as relation_selectors
from relations.api.serializers import RelationshipSerializer
from relations.filters import RelationshipFilterSet
from relations.models import Relationship

from .serializers import ChangeSerializer, RelationshipDetailSerializer


class RelationshipViewSet(ApiViewSet):
    """Pairs of countries. The detail adds the curated summary (approved facts only)."""

    filterset_class = RelationshipFilterSet
    ordering_fields = {"id": ("id", False), "slug": ("slug", False), "name": ("name", False)}
    default_ordering = "id"

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return RelationshipSerializer if self.action == "list" else RelationshipDetailSerializer

    def get_queryset(self) -> QuerySet[Relationship]:
        return relation_selectors.relationship_list()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        relationship = self.get_object()
        context = {
            **self.get_serializer_context(),
            "summary": selectors.relationship_summary(relationship=relationship),
        }
        return Response(RelationshipDetailSerializer(relationship, context=context).data)


class EvidenceViewSet(ApiViewSet):
    """Evidence sentences with offsets, article and source URL; anonymous users see those approved facts cite."""

    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilterSet
    ordering_fields = {"id": ("id", False), "created_at": ("created_at", False)}
    default_ordering = "id"

    def get_queryset(self) -> QuerySet[Evidence]:
        return selectors.evidence_list(user=self.user)


# --- changes feed --------------------------------------------------------------------------------

DETAIL_ROUTES = feed_routes()


class ChangesPageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(help_text="Always present: poll it later to get what changed after this page.")
    has_more = serializers.BooleanField(help_text="Whether `next` already holds more changes.")
    results = ChangeSerializer(many=True)


def _utc(moment: datetime.datetime, param: str) -> datetime.datetime:
    """PostgreSQL refuses some offsets Python accepts; normalise, and refuse what overflows."""
    try:
        return moment.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        raise ValidationError({param: ["Out of range."]}) from None


class OnePageSchema(ApiAutoSchema):
    """The feed's list action answers one page object, not an array."""

    def _is_list_view(self, serializer: object = None) -> bool:
        return False


class ChangesViewSet(ApiMixin, viewsets.GenericViewSet[FeedEntry]):
    """The append-only log of what anonymous readers see, in sequence order, to mirror the data.

    Each entry is one change of one object: `approved`/`published` (it entered its list),
    `edited`, `merged` (it left the list for `survivor`), `unmerged`, `withdrawn`; entries
    that leave it in a list carry `data`, the object as its list shows it. The cursor is the
    sequence number of the last entry read: start with no cursor, follow `next` until
    `has_more` is false, and poll `next` later. Nothing ever lands behind a cursor handed out.
    """

    serializer_class = ChangeSerializer
    schema = OnePageSchema()
    pagination_class = None
    filter_backends: list[type[BaseFilterBackend]] = []

    def allowed_query_params(self) -> set[str]:
        return {"cursor", "page_size", "since"}

    def _start(self, request: Request) -> tuple[int | None, datetime.datetime | None]:
        raw_cursor, raw_since = request.query_params.get("cursor"), request.query_params.get("since")
        if raw_cursor:
            if not (raw_cursor.isascii() and raw_cursor.isdigit()) or int(raw_cursor) >= 2**63:
                raise ValidationError({"cursor": ["Invalid cursor: use the `next` link of a previous page."]})
            return int(raw_cursor), None
        if raw_since:
            try:
                since = datetime.datetime.fromisoformat(raw_since)
            except ValueError:
                raise ValidationError({"since": ["An ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z."]}) from None
            if since.tzinfo is None:
                since = since.replace(tzinfo=datetime.UTC)
            return None, _utc(since, "since")
        return None, None

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "cursor",
                int,
                description="The sequence number of the last entry read (from a previous page's `next`).",
            ),
            OpenApiParameter("page_size", int, description="1 to 200 (default 50)."),
            OpenApiParameter("since", datetime.datetime, description="Start at this time instead of the beginning."),
        ],
        responses=ChangesPageSerializer,
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page_size = parse_page_size(request)
        after, since = self._start(request)
        self._last_modified()  # publishes marked writes first
        entries = list(selectors.feed_entries(after=after, since=since)[: page_size + 1])
        has_more = len(entries) > page_size
        entries = entries[:page_size]
        if entries:
            position = entries[-1].pk
        elif after is not None:
            position = after
        elif since is not None:
            # Nothing at or after `since` yet: later entries have higher numbers than the last one now.
            position = selectors.last_feed_id()
        else:
            position = 0
        # The request's own URL with the cursor replaced: `format` and `page_size` carry over, once.
        url = remove_query_param(request.build_absolute_uri(), "since")
        url = replace_query_param(url, "cursor", position)

        def url_for(entry: FeedEntry) -> str | None:
            if entry.data is None:
                return None
            route = f"api:{DETAIL_ROUTES[entry.resource]}-detail"
            return reverse(route, kwargs={"pk": entry.object_id}, request=request)

        results = ChangeSerializer(entries, many=True, context={"url_for": url_for}).data
        # The Link header too, so that a CSV page (which has no body for `next`) can be followed.
        return Response(
            {"next": url, "has_more": has_more, "results": results}, headers={"Link": f'<{url}>; rel="next"'}
        )
