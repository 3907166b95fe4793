"""The API's forms of what spans every app: a relationship's summary and the changes feed."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import FeedAction, FeedEntry
from curated.registry import feed_routes
from relations.api.serializers import EventSerializer, ObservationSerializer, RelationshipSerializer
from relations.models import Relationship


class SummarySerializer(serializers.Serializer[Any]):
    latest_observations = ObservationSerializer(
        many=True, help_text="The latest approved value of each metric and kind."
    )
    agreements_by_status = serializers.DictField(child=serializers.IntegerField())
    recent_events = EventSerializer(many=True)
    counts = serializers.DictField(child=serializers.IntegerField())


class RelationshipDetailSerializer(RelationshipSerializer):
    summary = serializers.SerializerMethodField()

    class Meta(RelationshipSerializer.Meta):
        fields = [*RelationshipSerializer.Meta.fields, "summary"]
        read_only_fields = fields

    @extend_schema_field(SummarySerializer)
    def get_summary(self, obj: Relationship) -> dict[str, Any]:
        summary = self.context["summary"]
        return SummarySerializer(summary, context={**self.context, "include_evidence": False}).data


class ChangeSerializer(serializers.Serializer[Any]):
    seq = serializers.IntegerField(source="pk", help_text="The entry's sequence number: the cursor after it.")
    at = serializers.DateTimeField(help_text="When the change was published to the feed.")
    resource = serializers.ChoiceField(choices=list(feed_routes()), read_only=True)
    id = serializers.IntegerField(source="object_id")
    action = serializers.ChoiceField(
        choices=FeedAction.choices,
        read_only=True,
        help_text="approved (a fact) or published (anything else): it entered its list; edited: its list "
        "form changed; merged: it left the list for `survivor`; unmerged: it is back; withdrawn: it left.",
    )
    survivor = serializers.IntegerField(
        source="survivor_id", allow_null=True, help_text="For merged: the survivor's id."
    )
    url = serializers.SerializerMethodField(help_text="Where to read it now; null once out of its list.")
    # A field named `data` shadows Serializer.data in the stubs.
    data = serializers.JSONField(  # type: ignore[assignment]
        allow_null=True,
        help_text="The object as its list shows it after this change (as with no `include`); "
        "null for merged and withdrawn.",
    )

    def get_url(self, change: FeedEntry) -> str | None:
        url: str | None = self.context["url_for"](change)
        return url
