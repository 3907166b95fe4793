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
    metric: serializers.SlugRelatedField[Metric] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
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


class ObservationRowSerializer(serializers.ModelSerializer):
    """One observation as one row of a time series (`/observations/?metric=...&format=csv`):
    the period, kind, value and unit, who reported it and when, and where it was read."""

    relationship = RelationshipRefField()
    metric: serializers.SlugRelatedField[Metric] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    metric_name = serializers.CharField(source="metric.name", read_only=True)
    value = serializers.DecimalField(max_digits=30, decimal_places=4, read_only=True)
    # A field named `source` shadows Field.source (str | None) in the stubs.
    source = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text="The sites (or configured sources) that reported it."
    )
    source_url = serializers.SerializerMethodField(help_text="The articles it was read in.")
    evidence_ids = serializers.SerializerMethodField()

    class Meta:
        model = MetricObservation
        fields = [
            "id",
            "metric",
            "metric_name",
            "relationship",
            "period_start",
            "period_end",
            "period_label",
            "kind",
            "value",
            "unit",
            "qualifier",
            "is_preferred",
            "reported_on",
            "source",
            "source_url",
            "review_status",
            "version",
            "updated_at",
            "evidence_ids",
        ]
        read_only_fields = fields

    def _articles(self, obj: MetricObservation) -> list:
        seen: dict[int, object] = {}
        for evidence in obj.evidence.all():
            seen.setdefault(evidence.article_id, evidence.article)
        return list(seen.values())

    def get_source(self, obj: MetricObservation) -> list[str]:
        names = (
            article.site_name or (article.source.name if article.source_id else "") for article in self._articles(obj)
        )
        return list(dict.fromkeys(name for name in names if name))

    def get_source_url(self, obj: MetricObservation) -> list[str]:
        urls = (article.canonical_url or article.url for article in self._articles(obj))
        return list(dict.fromkeys(url for url in urls if url))

    def get_evidence_ids(self, obj: MetricObservation) -> list[int]:
        return [evidence.pk for evidence in obj.evidence.all()]


class RelationshipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Relationship
        fields = ["id", "slug", "name", "country_a", "country_b", "created_at"]
        read_only_fields = fields
