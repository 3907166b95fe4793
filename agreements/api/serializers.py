from __future__ import annotations

from rest_framework import serializers

from agreements.models import Agreement, AgreementStatus, AgreementStatusChange
from relations.api.serializers import (
    FACT_FIELDS,
    ActorRefSerializer,
    FactSerializer,
    RelationshipRefField,
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
