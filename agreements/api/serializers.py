from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Agreement, AgreementStatus, AgreementStatusChange
from relations.api.serializers import (
    FACT_FIELDS,
    ActorRefSerializer,
    EventSerializer,
    FactSerializer,
    ObservationSerializer,
    RelationshipRefField,
    RelationshipSerializer,
)


class StatusChangeSerializer(FactSerializer):
    class Meta:
        model = AgreementStatusChange
        fields = ["id", "agreement", "status", "effective_on", *FACT_FIELDS]
        read_only_fields = [name for name in fields if name != "evidence"]


class HistoryEntrySerializer(FactSerializer):
    """A status change inside its agreement (the agreement is implied)."""

    class Meta:
        model = AgreementStatusChange
        fields = ["id", "status", "effective_on", *FACT_FIELDS]
        read_only_fields = [name for name in fields if name != "evidence"]


class AgreementSerializer(FactSerializer):
    relationship = RelationshipRefField()
    current_status = serializers.ChoiceField(
        choices=AgreementStatus.choices,
        allow_blank=True,
        read_only=True,
        help_text="The status of the latest approved change; empty when none is approved yet.",
    )
    parties = ActorRefSerializer(many=True, read_only=True)
    status_history = HistoryEntrySerializer(
        source="status_changes",
        many=True,
        read_only=True,
        help_text="Latest first; approved changes only for anonymous users.",
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "relationship",
            "title",
            "key",
            "keys",
            "sector",
            "description",
            "current_status",
            "parties",
            "status_history",
            *FACT_FIELDS,
        ]
        read_only_fields = [name for name in fields if name != "evidence"]


class SummarySerializer(serializers.Serializer):
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
    def get_summary(self, obj) -> dict:
        summary = self.context["summary"]
        return SummarySerializer(summary, context={**self.context, "include_evidence": False}).data


class ChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField(source="position.at")
    resource = serializers.ChoiceField(
        choices=["actor", "event", "observation", "agreement", "status_change"], read_only=True
    )
    id = serializers.IntegerField(source="object_id")
    action = serializers.ChoiceField(
        choices=["approved", "edited", "merged", "unmerged", "withdrawn", "created", "rejected", "deleted"],
        read_only=True,
        help_text="Anonymous users see approved, edited, merged, unmerged and withdrawn only.",
    )
    review_status = serializers.CharField()
    survivor = serializers.IntegerField(
        source="survivor_id", allow_null=True, help_text="For merged: the survivor's id."
    )
    url = serializers.SerializerMethodField(help_text="Where to read the fact now; null once withdrawn.")

    def get_url(self, change) -> str | None:
        return self.context["url_for"](change)
