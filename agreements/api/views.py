from __future__ import annotations

import datetime

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse

from agreements import selectors
from agreements.filters import AgreementFilterSet, RelationshipFilterSet, StatusChangeFilterSet
from articles.api.serializers import EvidenceSerializer
from articles.filters import EvidenceFilterSet
from config.api.pagination import decode_cursor, encode_cursor, parse_page_size
from config.api.schema import ApiAutoSchema
from config.api.views import ApiMixin, ApiViewSet, ReviewActionsMixin, fact_schema
from relations.api.serializers import RelationshipSerializer
from relations.api.views import FACT_ORDERINGS

from .serializers import AgreementSerializer, ChangeSerializer, RelationshipDetailSerializer, StatusChangeSerializer


@fact_schema(AgreementSerializer)
class AgreementViewSet(ReviewActionsMixin, ApiViewSet):
    """Agreements with parties, sector, current status, dated status history and evidence.

    A merged agreement's id redirects (307) to the survivor.
    """

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    redirects_merged = True
    ordering_fields = {**FACT_ORDERINGS, "title": ("title", False)}
    default_ordering = "title"

    def get_queryset(self):
        if self.action == "list":
            return selectors.agreement_list(user=self.user, include_evidence=self.include_evidence)
        return selectors.agreement_detail_queryset(user=self.user, include_evidence=self.include_evidence)


@fact_schema(StatusChangeSerializer)
class StatusChangeViewSet(ReviewActionsMixin, ApiViewSet):
    """Each reported status of an agreement, itself a reviewed fact with evidence."""

    serializer_class = StatusChangeSerializer
    filterset_class = StatusChangeFilterSet
    ordering_fields = {**FACT_ORDERINGS, "effective_on": ("effective_on", True)}
    default_ordering = "id"

    def get_queryset(self):
        return selectors.status_change_list(user=self.user, include_evidence=self.include_evidence)


class RelationshipViewSet(ApiViewSet):
    """Pairs of countries. The detail adds the curated summary (approved facts only)."""

    filterset_class = RelationshipFilterSet
    ordering_fields = {"id": ("id", False), "slug": ("slug", False), "name": ("name", False)}
    default_ordering = "id"

    def get_serializer_class(self):
        return RelationshipSerializer if self.action == "list" else RelationshipDetailSerializer

    def get_queryset(self):
        return selectors.relationship_list()

    def retrieve(self, request, *args, **kwargs):
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

    def get_queryset(self):
        return selectors.evidence_list(user=self.user)


# --- changes feed --------------------------------------------------------------------------------

DETAIL_ROUTES = {
    "actor": "actor",
    "event": "event",
    "observation": "observation",
    "agreement": "agreement",
    "status_change": "status-change",
}


class ChangesPageSerializer(serializers.Serializer):
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

    def _is_list_view(self, serializer=None) -> bool:
        return False


class ChangesViewSet(ApiMixin, viewsets.GenericViewSet):
    """What was approved, edited, merged or withdrawn, oldest first, to mirror the data.

    Start with no cursor (or `?since=`), then follow `next` until `has_more` is false,
    and poll `next` later. Changes younger than a few seconds are held back so that a
    transaction still committing cannot be skipped.
    """

    serializer_class = ChangeSerializer
    schema = OnePageSchema()
    pagination_class = None
    filter_backends: list = []

    def allowed_query_params(self) -> set[str]:
        return {"cursor", "page_size", "since"}

    def _start(self, request) -> selectors.FeedPosition | None:
        raw_cursor, raw_since = request.query_params.get("cursor"), request.query_params.get("since")
        if raw_cursor:
            payload = decode_cursor(raw_cursor)
            try:
                position = selectors.FeedPosition(
                    at=datetime.datetime.fromisoformat(payload["t"]),
                    rank=int(payload["r"]),
                    history_id=int(payload["h"]),
                )
            except (KeyError, TypeError, ValueError):
                raise ValidationError({"cursor": ["Invalid cursor: use the `next` link of a previous page."]}) from None
            if position.at.tzinfo is None or not 0 <= position.history_id < 2**63:
                raise ValidationError({"cursor": ["Invalid cursor position."]})
            return selectors.FeedPosition(
                at=_utc(position.at, "cursor"), rank=position.rank, history_id=position.history_id
            )
        if raw_since:
            try:
                since = datetime.datetime.fromisoformat(raw_since)
            except ValueError:
                raise ValidationError({"since": ["An ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z."]}) from None
            if since.tzinfo is None:
                since = since.replace(tzinfo=datetime.UTC)
            return selectors.FeedPosition(at=_utc(since, "since"), rank=-1, history_id=0)
        return None

    @extend_schema(
        parameters=[
            OpenApiParameter("cursor", str, description="From a previous page's `next`."),
            OpenApiParameter("page_size", int, description="1 to 200 (default 50)."),
            OpenApiParameter("since", datetime.datetime, description="Start at this time instead of the beginning."),
        ],
        responses=ChangesPageSerializer,
    )
    def list(self, request, *args, **kwargs):
        page_size = parse_page_size(request)
        start = self._start(request)
        changes = selectors.change_feed(user=request.user, after=start, limit=page_size + 1)
        has_more = len(changes) > page_size
        changes = changes[:page_size]
        position = changes[-1].position if changes else start
        url = reverse("api:changes-list", request=request)
        if position is not None:
            token = encode_cursor({"t": position.at.isoformat(), "r": position.rank, "h": position.history_id})
            url = f"{url}?cursor={token}"
        if "page_size" in request.query_params:
            url += f"{'&' if '?' in url else '?'}page_size={page_size}"
        if request.query_params.get("format") in ("json", "csv"):
            url += f"{'&' if '?' in url else '?'}format={request.query_params['format']}"

        def url_for(change) -> str | None:
            if change.action in ("withdrawn", "deleted"):
                return None
            return reverse(
                f"api:{DETAIL_ROUTES[change.resource]}-detail", kwargs={"pk": change.object_id}, request=request
            )

        results = ChangeSerializer(changes, many=True, context={"url_for": url_for}).data
        # The Link header too, so that a CSV page (which has no body for `next`) can be followed.
        return Response(
            {"next": url, "has_more": has_more, "results": results}, headers={"Link": f'<{url}>; rel="next"'}
        )
