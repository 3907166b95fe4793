"""Filters for agreements and their status changes."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef

from agreements.models import Agreement, AgreementStatus, AgreementStatusChange, Sector
from common.api.filters import IdFilter, UtcDateTimeFilter, changed_since
from relations.curation import sees_every_state
from relations.filters import FactFilterSet, visible_actor_ids


class AgreementFilterSet(FactFilterSet):
    relationship = django_filters.CharFilter(field_name="relationship__slug", max_length=20)
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    status = django_filters.ChoiceFilter(
        field_name="current_status", choices=AgreementStatus.choices, help_text="The current (derived) status."
    )
    actor = IdFilter(method="filter_actor", help_text="Agreements this actor is a party to.")
    key = django_filters.CharFilter(max_length=200, help_text="Its distinctive slug, e.g. ak-203.")
    search = django_filters.CharFilter(field_name="title", lookup_expr="icontains", max_length=200)
    updated_since = UtcDateTimeFilter(
        method="filter_updated_since",
        help_text="ISO 8601; the agreement or any of its status changes changed at or after (incremental sync).",
    )

    class Meta:
        model = Agreement
        fields: list[str] = []

    def filter_updated_since(self, queryset, name, value):
        public = changed_since(field="updated_at", resource="agreement", value=value)
        user = getattr(self.request, "user", None)
        if not sees_every_state(user, AgreementStatusChange):
            # The public form (status history, current status) moves with the changes feed only:
            # a pending status change decided out of sight moves nothing.
            return queryset.filter(public)
        # A reviewed status change moves `current_status` without saving the agreement.
        changes = AgreementStatusChange.objects.filter(agreement=OuterRef("pk"), updated_at__gte=value)
        return queryset.filter(public | Exists(changes))

    def filter_actor(self, queryset, name, value):
        links = Agreement.parties.through.objects.filter(
            agreement_id=OuterRef("pk"), actor_id=value, actor__in=visible_actor_ids(self.request)
        )
        return queryset.filter(Exists(links))


class StatusChangeFilterSet(FactFilterSet):
    agreement = IdFilter(field_name="agreement_id")
    relationship = django_filters.CharFilter(field_name="agreement__relationship__slug", max_length=20)
    sector = django_filters.ChoiceFilter(field_name="agreement__sector", choices=Sector.choices)
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices)
    search = django_filters.CharFilter(
        field_name="agreement__title", lookup_expr="icontains", max_length=200, help_text="In the agreement's title."
    )
    effective_after = django_filters.DateFilter(field_name="effective_on", lookup_expr="gte")
    effective_before = django_filters.DateFilter(field_name="effective_on", lookup_expr="lte")

    class Meta:
        model = AgreementStatusChange
        fields: list[str] = []
