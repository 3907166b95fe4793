from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Actor, ActorAlias, Event, Metric, MetricObservation, Relationship


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ["name", "country_a", "country_b", "slug"]


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 0
    fields = ["alias", "normalized"]
    readonly_fields = ["normalized"]


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "review_status", "merged_into"]
    list_filter = ["kind", "review_status"]
    search_fields = ["name", "aliases__alias"]
    inlines = [ActorAliasInline]
    raw_id_fields = ["merged_into", "reviewed_by", "claimed_by"]
    filter_horizontal = ["evidence"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "relationship", "date", "place", "review_status"]
    list_filter = ["kind", "review_status", "relationship"]
    list_select_related = ["relationship"]
    raw_id_fields = ["evidence", "reviewed_by", "claimed_by"]
    filter_horizontal = ["actors"]


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MetricObservation)
class MetricObservationAdmin(SimpleHistoryAdmin):
    list_display = ["metric", "relationship", "kind", "value", "unit", "period_label", "reported_on", "review_status"]
    list_filter = ["kind", "review_status", "relationship", "metric"]
    list_select_related = ["metric", "relationship"]
    raw_id_fields = ["evidence", "reviewed_by", "claimed_by"]
