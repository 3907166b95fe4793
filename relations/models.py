"""The registry and the facts about a relationship: actors, events, metrics."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from articles.models import DatePrecision

from .curation import CuratedModel
from .querysets import ActorQuerySet, DistinctionQuerySet, MetricObservationQuerySet, RelationshipQuerySet

ISO_ALPHA2 = r"^[A-Z]{2}$"


class Relationship(models.Model):
    """An unordered pair of countries, stored once with its codes in alphabetical order."""

    country_a = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2; the alphabetically first.")
    country_b = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2; the alphabetically second.")
    name = models.CharField(max_length=200, help_text="For display, e.g. 'India–Russia'.")
    slug = models.SlugField(max_length=20, unique=True, help_text="e.g. 'in-ru'.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["country_a", "country_b"],
                name="relations_relationship_pair_unique",
                violation_error_message="A relationship between these two countries already exists.",
            ),
            # Storing the pair sorted makes (IN, RU) and (RU, IN) the same row.
            models.CheckConstraint(
                condition=Q(country_a__lt=F("country_b")),
                name="relations_relationship_sorted",
                violation_error_message="The two countries must differ, the first in alphabetical order.",
            ),
            models.CheckConstraint(
                condition=Q(country_a__regex=ISO_ALPHA2) & Q(country_b__regex=ISO_ALPHA2),
                name="relations_relationship_iso_codes",
                violation_error_message="Both countries must be two-letter ISO codes, e.g. IN and RU.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def countries(self) -> tuple[str, str]:
        return (self.country_a, self.country_b)


class ActorKind(models.TextChoices):
    COUNTRY = "country", "Country"
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"


class Actor(CuratedModel):
    Kind = ActorKind

    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=300, help_text="Canonical name, e.g. 'Vladimir Putin'.")
    slug = models.SlugField(max_length=320, unique=True)
    country = models.CharField(
        max_length=2,
        blank=True,
        help_text="ISO alpha-2 code: the country itself for a country, the one it belongs to otherwise.",
    )
    description = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_actors",
        help_text="Set when merged: the survivor. The row stays so that old ids still resolve.",
    )

    objects = ActorQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: narrower than CuratedModel's
    history = HistoricalRecords()

    requires_evidence_to_approve = False

    class Meta(CuratedModel.Meta):
        ordering = ["name", "id"]
        constraints = [
            *CuratedModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=ActorKind.values),
                name="relations_actor_kind_valid",
                violation_error_message="Choose one of the listed kinds of actor.",
            ),
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=ISO_ALPHA2),
                name="relations_actor_country_iso",
                violation_error_message="The country must be a two-letter ISO code, e.g. IN, or left empty.",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("id")),
                name="relations_actor_not_merged_into_self",
                violation_error_message="An actor cannot be merged into itself.",
            ),
            # One country actor per country code.
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(kind="country"),
                name="relations_actor_one_per_country",
                violation_error_message="This country already has its actor; edit that one instead.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ActorAlias(models.Model):
    """A name an actor goes by; its normalized form belongs to one actor only."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300, help_text="As written, e.g. 'President Putin'.")
    normalized = models.CharField(
        max_length=300, unique=True, help_text="Case-folded, whitespace-collapsed form; unique across actors."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["actor_id", "alias"]
        verbose_name_plural = "actor aliases"
        constraints = [
            models.CheckConstraint(
                condition=~Q(normalized=""),
                name="relations_actoralias_not_empty",
                violation_error_message="An alias cannot be empty.",
            ),
        ]

    def __str__(self) -> str:
        return self.alias


class ActorDistinction(models.Model):
    """Two actors an editor judged not to be the same: never propose merging them again."""

    actor_low = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    actor_high = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    # Taking the judgement back keeps the row (who judged, who took it back, when and why).
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undo_reason = models.CharField(max_length=500, blank=True)

    objects = DistinctionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["actor_low", "actor_high"],
                condition=Q(undone_at__isnull=True),
                name="relations_actordistinction_unique",
                violation_error_message="These two actors are already marked as not the same.",
            ),
            models.CheckConstraint(
                condition=Q(actor_low__lt=F("actor_high")),
                name="relations_actordistinction_ordered",
                violation_error_message="A “not the same” judgement names two different actors.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_low} is not {self.actor_high}"


class ActorMerge(models.Model):
    """A merge of one actor into another, with what moved, so that it can be undone."""

    merged = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="merges_as_merged")
    survivor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="merges_as_survivor")
    moved = models.JSONField(default=dict, help_text="Ids of the rows moved to the survivor, by kind.")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.merged} into {self.survivor}"


class EventKind(models.TextChoices):
    VISIT = "visit", "Visit"
    MEETING = "meeting", "Meeting"
    SUMMIT = "summit", "Summit"
    CALL = "call", "Call"
    STATEMENT = "statement", "Statement"
    OTHER = "other", "Other"


class Event(CuratedModel):
    Kind = EventKind

    relationship = models.ForeignKey(Relationship, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=500, blank=True)
    date = models.DateField(null=True, blank=True, db_index=True)
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN)
    place = models.CharField(max_length=300, blank=True)
    actors = models.ManyToManyField(Actor, related_name="events", blank=True)
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="Identity of an extracted event, so re-extraction finds it again."
    )

    history = HistoricalRecords()

    class Meta(CuratedModel.Meta):
        ordering = ["-date", "-id"]
        # The API's default order: latest first, undated last.
        indexes = [
            *CuratedModel.Meta.indexes,
            models.Index(F("date").desc(nulls_last=True), F("id").desc(), name="relations_event_date_desc"),
        ]
        constraints = [
            *CuratedModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values),
                name="relations_event_kind_valid",
                violation_error_message="Choose one of the listed kinds of event.",
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="relations_event_precision_valid",
                violation_error_message="Choose one of the listed date precisions.",
            ),
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=~Q(fingerprint=""),
                name="relations_event_fingerprint_unique",
                violation_error_message="The same event was already recorded from this evidence.",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} ({self.date or 'undated'})"


class Metric(models.Model):
    """What is measured, e.g. bilateral trade, oil imports, a deal's value, units delivered."""

    name = models.CharField(max_length=300, unique=True)
    slug = models.SlugField(max_length=320, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ObservationKind(models.TextChoices):
    ACTUAL = "actual", "Actual"
    TARGET = "target", "Target"
    OTHER = "other", "Other"


class MetricObservation(CuratedModel):
    Kind = ObservationKind

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="observations")
    relationship = models.ForeignKey(Relationship, on_delete=models.PROTECT, related_name="observations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.DecimalField(
        max_digits=30, decimal_places=4, help_text="In base units: $65 billion is 65000000000 with unit USD."
    )
    unit = models.CharField(max_length=50, help_text="ISO 4217 code for money, else the counted noun ('rifles').")
    qualifier = models.CharField(max_length=50, blank=True, help_text="As stated: 'nearly', 'over', 'about'...")
    period_label = models.CharField(max_length=100, blank=True, help_text="The period as stated, e.g. '2030'.")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    reported_on = models.DateField(
        null=True, blank=True, db_index=True, help_text="When it was reported: its article's publication date."
    )
    is_preferred = models.BooleanField(
        default=False, help_text="Chosen by an editor among conflicting observations of one metric and period."
    )
    fingerprint = models.CharField(max_length=64, blank=True)

    objects = MetricObservationQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: narrower than CuratedModel's
    history = HistoricalRecords()

    class Meta(CuratedModel.Meta):
        ordering = ["metric_id", "period_start", "id"]
        # The admin lists observations in this order, the API by period: index scans that stop after a page.
        indexes = [
            *CuratedModel.Meta.indexes,
            models.Index(fields=["metric", "period_start", "id"], name="relations_obs_metric_period"),
            models.Index(fields=["period_start", "id"], name="relations_obs_period_id"),
        ]
        constraints = [
            *CuratedModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=ObservationKind.values),
                name="relations_observation_kind_valid",
                violation_error_message="Choose one of the listed kinds of observation.",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="relations_observation_value_non_negative",
                violation_error_message="The value cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="relations_observation_period_ordered",
                violation_error_message="The period cannot end before it starts.",
            ),
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=~Q(fingerprint=""),
                name="relations_observation_fingerprint_unique",
                violation_error_message="The same observation was already recorded from this evidence.",
            ),
        ]

    def __str__(self) -> str:
        value: Decimal | str = self.value
        if isinstance(value, Decimal):
            # 100000000000.0000 reads as 100,000,000,000: editors scan these titles all day.
            value = f"{value.normalize():,f}"
        period = f" ({self.period_label})" if self.period_label else ""
        return f"{self.metric} {self.get_kind_display().lower()}: {value} {self.unit}{period}"


class RegistryChange(models.Model):
    """A change to what the extractor's registry snapshot reads (an actor's names, kind,
    country, merge or rejection; its aliases; an agreement's title, keys, merge or rejection;
    a relationship), one row per changed object, written by database triggers (migrations
    relations 0006, agreements 0005), so no write path can forget it. An editor's approval
    or claim writes none: the snapshot's staleness stamp moves only when the matcher would
    read something new (`curated.recording.registry_snapshot`)."""

    class Entity(models.TextChoices):
        ACTOR = "actor", "Actor"
        AGREEMENT = "agreement", "Agreement"
        RELATIONSHIP = "relationship", "Relationship"

    id = models.BigAutoField(primary_key=True)
    entity = models.CharField(max_length=12, choices=Entity.choices)
    object_id = models.BigIntegerField(help_text="The changed actor's, agreement's or relationship's id.")
    txid = models.BigIntegerField(
        db_index=True,
        help_text="The writing transaction (txid_current()): a reader re-reads changes of transactions "
        "still open when it last read, whose rows may commit after later ones.",
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(entity__in=["actor", "agreement", "relationship"]),
                name="relations_registrychange_entity_valid",
                violation_error_message="A registry change is about an actor, an agreement or a relationship.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.object_id}"


class CorrectionSource(models.TextChoices):
    DESK = "desk", "Editorial desk"
    ADMIN = "admin", "Admin change form"
    API = "api", "API"


class Correction(models.Model):
    """One field of one fact changed by a person: who changed what, from what to what.

    Written by the services (`fact_update`, the evidence-span correction, a fact made from a
    sentence), never by hand; these rows are the labelled examples the extractor will learn
    from (`manage.py export_corrections --jsonl`). The fact is named by content type and id,
    not a foreign key, so that one table serves every curated kind.
    """

    Source = CorrectionSource
    # `field` of the row that records a creation (its new value is every field as saved).
    CREATED = "__created__"

    id = models.BigAutoField(primary_key=True)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.BigIntegerField(help_text="The fact's id in its own table.")
    field = models.CharField(
        max_length=100, help_text="The changed field ('evidence' for a moved span, '__created__' for a new fact)."
    )
    old_value = models.JSONField(
        null=True, blank=True, help_text="As JSON: dates and decimals as text, relations as ids."
    )
    new_value = models.JSONField(null=True, blank=True, help_text="As JSON, like the old value.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=10, choices=CorrectionSource.choices, default=CorrectionSource.DESK)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="relations_correction_fact")]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=CorrectionSource.values),
                name="relations_correction_source_valid",
                violation_error_message="A correction comes from the desk, the admin or the API.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}: {self.field}"
