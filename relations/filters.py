"""FilterSets for the relations resources. Every value is parsed by a form field first:
a bad date, id or choice is a 400, and nothing from the request is spread into the ORM.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q

from common.api.filters import IdFilter, IdListFilter, StrictBooleanFilter, UtcDateTimeFilter, changed_since
from relations.curation import ReviewStatus
from relations.models import (
    Actor,
    ActorAlias,
    ActorKind,
    Event,
    EventKind,
    Metric,
    MetricObservation,
    ObservationKind,
    Relationship,
)
from relations.services import normalize_alias

# model name -> the changes feed's name of the resource
FACT_RESOURCES = {
    "actor": "actor",
    "event": "event",
    "metricobservation": "observation",
    "agreement": "agreement",
    "agreementstatuschange": "status_change",
}


class FactFilterSet(django_filters.FilterSet):
    """Shared by every curated resource: ids, incremental sync, review state (staff see all states)."""

    id = IdListFilter(field_name="id", help_text="Comma-separated ids, e.g. 1,2,3 (at most 200).")
    updated_since = UtcDateTimeFilter(
        method="filter_updated_since",
        help_text="ISO 8601; changed, or what the list shows of it changed, at or after (incremental sync).",
    )
    review_status = django_filters.ChoiceFilter(
        choices=ReviewStatus.choices, help_text="Anonymous users only ever see approved facts."
    )

    def filter_updated_since(self, queryset, name, value):
        resource = FACT_RESOURCES[queryset.model._meta.model_name]
        return queryset.filter(changed_since(field="updated_at", resource=resource, value=value))


def visible_actor_ids(request):
    """Actors the requester may see: a filter must not reveal links to a hidden actor."""
    user = getattr(request, "user", None)
    return Actor.objects.visible_to(user).values("id")


class ActorFilterSet(FactFilterSet):
    kind = django_filters.ChoiceFilter(choices=ActorKind.choices)
    country = django_filters.CharFilter(field_name="country", max_length=2, method="filter_country")
    search = django_filters.CharFilter(
        method="filter_search", max_length=200, help_text="Part of the name or of any alias."
    )

    class Meta:
        model = Actor
        fields: list[str] = []

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value.upper())

    def filter_search(self, queryset, name, value):
        normalized = normalize_alias(value)
        if not normalized:
            return queryset.filter(name__icontains=value)
        aliases = ActorAlias.objects.filter(actor=OuterRef("pk"), normalized__contains=normalized)
        return queryset.filter(Q(name__icontains=value) | Exists(aliases))


class EventFilterSet(FactFilterSet):
    relationship = django_filters.CharFilter(field_name="relationship__slug", max_length=20)
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    actor = IdFilter(method="filter_actor", help_text="Events this actor took part in.")
    date_known = StrictBooleanFilter(
        field_name="date", lookup_expr="isnull", exclude=True, help_text="Whether the event's own date is known."
    )
    date_after = django_filters.DateFilter(
        method="filter_date_range",
        help_text="On or after this day: the event's date, or for an undated event the publication date of "
        "an article its evidence comes from.",
    )
    date_before = django_filters.DateFilter(
        method="filter_date_range",
        help_text="On or before this day: the event's date, or for an undated event the publication date of "
        "an article its evidence comes from.",
    )
    search = django_filters.CharFilter(method="filter_search", max_length=200, help_text="In the title or place.")

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_actor(self, queryset, name, value):
        links = Event.actors.through.objects.filter(
            event_id=OuterRef("pk"), actor_id=value, actor__in=visible_actor_ids(self.request)
        )
        return queryset.filter(Exists(links))

    def filter_date_range(self, queryset, name, value):
        # Both bounds apply together (one article must fall within both), so the first of the
        # two filters to run does the work for both.
        if getattr(self, "_date_range_applied", False):
            return queryset
        self._date_range_applied = True
        bounds = {
            "gte": self.form.cleaned_data.get("date_after"),
            "lte": self.form.cleaned_data.get("date_before"),
        }
        bounds = {lookup: day for lookup, day in bounds.items() if day is not None}
        dated = Q(**{f"date__{lookup}": day for lookup, day in bounds.items()})
        reported = Event.evidence.through.objects.filter(
            event_id=OuterRef("pk"),
            **{f"evidence__article__published_on__{lookup}": day for lookup, day in bounds.items()},
        )
        return queryset.filter(dated | (Q(date__isnull=True) & Exists(reported)))

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value))


class MetricFilterSet(django_filters.FilterSet):
    id = IdListFilter(field_name="id", help_text="Comma-separated ids, e.g. 1,2,3 (at most 200).")
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=200)
    relationship = django_filters.CharFilter(
        method="filter_relationship",
        max_length=20,
        help_text="Metrics with a visible observation in this relationship.",
    )
    updated_since = UtcDateTimeFilter(
        method="filter_updated_since",
        help_text="ISO 8601; created, or one of its visible observations changed, at or after (incremental sync).",
    )

    class Meta:
        model = Metric
        fields: list[str] = []

    def _visible_observations(self):
        # The metric list already hides metrics with no visible observation; these filters
        # look through the same visibility, so they cannot hint at a pending observation.
        user = getattr(self.request, "user", None)
        return MetricObservation.objects.visible_to(user).filter(metric=OuterRef("pk"))

    def filter_relationship(self, queryset, name, value):
        return queryset.filter(Exists(self._visible_observations().filter(relationship__slug=value)))

    def filter_updated_since(self, queryset, name, value):
        changed = self._visible_observations().filter(updated_at__gte=value)
        return queryset.filter(changed_since(field="created_at", resource="metric", value=value) | Exists(changed))


class ObservationFilterSet(FactFilterSet):
    relationship = django_filters.CharFilter(field_name="relationship__slug", max_length=20)
    metric = django_filters.CharFilter(field_name="metric__slug", max_length=320, help_text="The metric's slug.")
    kind = django_filters.ChoiceFilter(choices=ObservationKind.choices)
    unit = django_filters.CharFilter(max_length=50)
    preferred = StrictBooleanFilter(field_name="is_preferred")
    period_after = django_filters.DateFilter(
        field_name="period_end", lookup_expr="gte", help_text="Periods ending on or after."
    )
    period_before = django_filters.DateFilter(
        field_name="period_start", lookup_expr="lte", help_text="Periods starting on or before."
    )
    reported_after = django_filters.DateFilter(field_name="reported_on", lookup_expr="gte")
    reported_before = django_filters.DateFilter(
        field_name="reported_on", lookup_expr="lte", help_text="What was known on that day."
    )
    search = django_filters.CharFilter(
        method="filter_search", max_length=200, help_text="In the metric's name, the period as stated or the qualifier."
    )

    class Meta:
        model = MetricObservation
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(metric__name__icontains=value) | Q(period_label__icontains=value) | Q(qualifier__icontains=value)
        )


class RelationshipFilterSet(django_filters.FilterSet):
    id = IdListFilter(field_name="id", help_text="Comma-separated ids, e.g. 1,2,3 (at most 200).")
    country = django_filters.CharFilter(method="filter_country", max_length=2, help_text="ISO alpha-2 code.")
    slug = django_filters.CharFilter(max_length=20)
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=200)
    updated_since = UtcDateTimeFilter(
        field_name="created_at", lookup_expr="gte", help_text="Created at or after (relationships do not change)."
    )

    class Meta:
        model = Relationship
        fields: list[str] = []

    def filter_country(self, queryset, name, value):
        return queryset.involving(value)
