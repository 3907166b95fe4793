from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.api.serializers import EvidenceSerializer
from relations.models import Actor, Event, Metric, MetricObservation, Relationship

FACT_FIELDS = [
    "review_status",
    "reviewed_at",
    "version",
    "created_at",
    "updated_at",
    "evidence_ids",
    "evidence",
]


class FactSerializer(serializers.ModelSerializer):
    """What every curated fact carries: its review state, when it was reviewed, and its evidence.

    `evidence_ids` always; `evidence` (full citations) only with `?include=evidence`, so
    flat lists do not pay for the articles.
    """

    evidence_ids = serializers.SerializerMethodField()
    # Declared writable with required=False only so that the schema marks it optional:
    # these serializers never read input.
    evidence = EvidenceSerializer(many=True, required=False, help_text="Present with ?include=evidence.")

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_evidence_ids(self, obj) -> list[int]:
        return [evidence.pk for evidence in obj.evidence.all()]

    @property
    def _readable_fields(self):
        expand = self.context.get("include_evidence", False)
        for field in super()._readable_fields:
            if field.field_name != "evidence" or expand:
                yield field


class ActorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "name", "slug", "kind", "country"]
        read_only_fields = fields


class ActorSerializer(FactSerializer):
    aliases = serializers.SerializerMethodField()

    class Meta:
        model = Actor
        fields = ["id", "kind", "name", "slug", "country", "description", "aliases", *FACT_FIELDS]
        read_only_fields = [name for name in fields if name != "evidence"]

    def get_aliases(self, obj: Actor) -> list[str]:
        return [alias.alias for alias in obj.aliases.all()]


class RelationshipRefField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", read_only=True, **kwargs)


class EventSerializer(FactSerializer):
    relationship = RelationshipRefField()
    actors = ActorRefSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = ["id", "relationship", "kind", "title", "date", "date_precision", "place", "actors", *FACT_FIELDS]
        read_only_fields = [name for name in fields if name != "evidence"]


class MetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = Metric
        fields = ["id", "name", "slug", "description", "created_at"]
        read_only_fields = fields


class ObservationSerializer(FactSerializer):
    relationship = RelationshipRefField()
    metric = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    metric_name = serializers.CharField(source="metric.name", read_only=True)
    value = serializers.DecimalField(
        max_digits=30, decimal_places=4, read_only=True, help_text="In base units, as a string."
    )

    class Meta:
        model = MetricObservation
        fields = [
            "id",
            "metric",
            "metric_name",
            "relationship",
            "kind",
            "value",
            "unit",
            "qualifier",
            "period_label",
            "period_start",
            "period_end",
            "reported_on",
            "is_preferred",
            *FACT_FIELDS,
        ]
        read_only_fields = [name for name in fields if name != "evidence"]


class RelationshipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Relationship
        fields = ["id", "slug", "name", "country_a", "country_b", "created_at"]
        read_only_fields = fields
