from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Agreement, AgreementStatus, AgreementStatusChange, FeedAction, FeedResource
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
    seq = serializers.IntegerField(source="pk", help_text="The entry's sequence number: the cursor after it.")
    at = serializers.DateTimeField(help_text="When the change was published to the feed.")
    resource = serializers.ChoiceField(choices=FeedResource.choices, read_only=True)
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
    data = serializers.JSONField(
        allow_null=True,
        help_text="The object as its list shows it after this change (as with no `include`); "
        "null for merged and withdrawn.",
    )

    def get_url(self, change) -> str | None:
        return self.context["url_for"](change)
