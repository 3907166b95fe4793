from __future__ import annotations

from common.api.views import ApiViewSet
from relations import selectors
from relations.filters import ActorFilterSet, EventFilterSet, MetricFilterSet, ObservationFilterSet

from .review import ReviewActionsMixin, fact_schema
from .serializers import (
    ActorSerializer,
    EventSerializer,
    MetricSerializer,
    ObservationRowSerializer,
    ObservationSerializer,
)

FACT_ORDERINGS = {"id": ("id", False), "updated_at": ("updated_at", False), "created_at": ("created_at", False)}


@fact_schema(ActorSerializer)
class ActorViewSet(ReviewActionsMixin, ApiViewSet):
    """Countries, people and organizations, with their aliases. A merged actor's id redirects (307) to the survivor."""

    serializer_class = ActorSerializer
    filterset_class = ActorFilterSet
    redirects_merged = True
    ordering_fields = {**FACT_ORDERINGS, "name": ("name", False)}
    default_ordering = "name"

    def get_queryset(self):
        if self.action == "list":
            return selectors.actor_list(user=self.user, include_evidence=self.include_evidence)
        return selectors.actor_detail_queryset(user=self.user, include_evidence=self.include_evidence)


@fact_schema(EventSerializer)
class EventViewSet(ReviewActionsMixin, ApiViewSet):
    """Visits, meetings, summits, calls and statements, with the (visible) actors involved."""

    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    ordering_fields = {**FACT_ORDERINGS, "date": ("date", True)}
    default_ordering = "-date"

    def get_queryset(self):
        return selectors.event_list(user=self.user, include_evidence=self.include_evidence)


class MetricViewSet(ApiViewSet):
    """What is measured; its values are the observations (`/observations/?metric=<slug>`)."""

    serializer_class = MetricSerializer
    filterset_class = MetricFilterSet
    ordering_fields = {"id": ("id", False), "name": ("name", False), "created_at": ("created_at", False)}
    default_ordering = "name"

    def get_queryset(self):
        return selectors.metric_list(user=self.user)


@fact_schema(ObservationSerializer)
class ObservationViewSet(ReviewActionsMixin, ApiViewSet):
    """Metric observations as time series: actual or target values in base units, per period."""

    serializer_class = ObservationSerializer
    filterset_class = ObservationFilterSet
    ordering_fields = {
        **FACT_ORDERINGS,
        "period_start": ("period_start", True),
        "period_end": ("period_end", True),
        "reported_on": ("reported_on", True),
        "value": ("value", False),
    }
    default_ordering = "period_start"

    @property
    def as_table(self) -> bool:
        """A CSV list is a time series: one flat row per observation (ObservationRowSerializer)."""
        renderer = getattr(getattr(self, "request", None), "accepted_renderer", None)
        return self.action == "list" and getattr(renderer, "format", None) == "csv"

    def get_serializer_class(self):
        return ObservationRowSerializer if self.as_table else ObservationSerializer

    def get_queryset(self):
        # The rows name each observation's sources: the evidence comes with its articles.
        return selectors.observation_list(user=self.user, include_evidence=self.include_evidence or self.as_table)
