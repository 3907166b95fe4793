"""Agreements between the two countries and the reviewed history of their status."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from relations.curation import CuratedModel
from relations.models import Actor, Relationship
from relations.querysets import DistinctionQuerySet

from .querysets import AgreementQuerySet, StatusChangeQuerySet


class Sector(models.TextChoices):
    DEFENSE = "defense", "Defense"
    ENERGY = "energy", "Energy"
    NUCLEAR = "nuclear", "Nuclear"
    TRADE = "trade", "Trade"
    FINANCE = "finance", "Finance"
    TECHNOLOGY = "technology", "Technology"
    SPACE = "space", "Space"
    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    DIPLOMACY = "diplomacy", "Diplomacy"
    OTHER = "other", "Other"


class AgreementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    NEGOTIATING = "negotiating", "Negotiating"
    AGREED = "agreed", "Agreed"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    STALLED = "stalled", "Stalled"


class Agreement(CuratedModel):
    """A deal, contract, MoU, joint project or proposal between the two countries."""

    relationship = models.ForeignKey(Relationship, on_delete=models.PROTECT, related_name="agreements")
    title = models.CharField(max_length=500)
    key = models.SlugField(
        max_length=200,
        blank=True,
        help_text="Slug of its most distinctive name (e.g. 'ak-203'): how extraction finds it again.",
    )
    keys = models.JSONField(default=list, blank=True, help_text="Its distinctive names, e.g. ['AK-203'].")
    sector = models.CharField(max_length=20, choices=Sector.choices, default=Sector.OTHER)
    description = models.TextField(blank=True)
    parties = models.ManyToManyField(Actor, related_name="agreements", blank=True)
    current_status = models.CharField(
        max_length=20,
        choices=AgreementStatus.choices,
        blank=True,
        help_text="Derived from the approved status history (latest approved change); never edited directly.",
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_agreements",
        help_text="Set when merged: the survivor. The row stays so that old ids still resolve.",
    )

    objects = AgreementQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: narrower than CuratedModel's
    history = HistoricalRecords()

    class Meta(CuratedModel.Meta):
        ordering = ["title", "id"]
        # The admin lists agreements in this order: an index scan that stops after a page.
        indexes = [*CuratedModel.Meta.indexes, models.Index(fields=["title", "id"], name="agreements_title_id_idx")]
        constraints = [
            *CuratedModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(sector__in=Sector.values),
                name="agreements_agreement_sector_valid",
                violation_error_message="Choose one of the listed sectors.",
            ),
            models.CheckConstraint(
                condition=Q(current_status="") | Q(current_status__in=AgreementStatus.values),
                name="agreements_agreement_status_valid",
                violation_error_message="Choose one of the listed statuses, or none.",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("id")),
                name="agreements_agreement_not_merged_into_self",
                violation_error_message="An agreement cannot be merged into itself.",
            ),
            models.UniqueConstraint(
                fields=["relationship", "key"],
                condition=~Q(key="") & Q(merged_into__isnull=True),
                name="agreements_agreement_key_unique",
                violation_error_message=(
                    "Another agreement of this relationship already has this key; merge the two or choose another key."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def current_status_refresh(self) -> str:
        """Recompute the cached current status from the approved history, and return it."""
        manager = type(self).objects
        derived = manager.with_derived_status().values_list("derived_status", flat=True).get(pk=self.pk) or ""
        if self.current_status != derived:
            # A derived column: update it without bumping the editor-facing version.
            manager.filter(pk=self.pk).update(current_status=derived)
            self.current_status = derived
        return derived


class AgreementStatusChange(CuratedModel):
    """One reported status of an agreement; itself a reviewed fact with evidence."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=AgreementStatus.choices)
    effective_on = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When it took effect, as its sentence states; empty when unknown (not the article's date).",
    )
    fingerprint = models.CharField(max_length=64, blank=True)

    objects = StatusChangeQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: narrower than CuratedModel's
    history = HistoricalRecords()

    class Meta(CuratedModel.Meta):
        ordering = ["agreement_id", "effective_on", "id"]
        constraints = [
            *CuratedModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values),
                name="agreements_statuschange_status_valid",
                violation_error_message="Choose one of the listed statuses.",
            ),
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=~Q(fingerprint=""),
                name="agreements_statuschange_fingerprint_unique",
                violation_error_message="The same status change was already recorded from this evidence.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_status_display()}"

    def on_reviewed(self) -> None:
        self.agreement.current_status_refresh()


class AgreementDistinction(models.Model):
    """Two agreements an editor judged not to be the same."""

    agreement_low = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    agreement_high = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
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
                fields=["agreement_low", "agreement_high"],
                condition=Q(undone_at__isnull=True),
                name="agreements_distinction_unique",
                violation_error_message="These two agreements are already marked as not the same.",
            ),
            models.CheckConstraint(
                condition=Q(agreement_low__lt=F("agreement_high")),
                name="agreements_distinction_ordered",
                violation_error_message="A “not the same” judgement names two different agreements.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_low} is not {self.agreement_high}"


class AgreementMerge(models.Model):
    """A merge of one agreement into another, with what moved, so that it can be undone."""

    merged = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="merges_as_merged")
    survivor = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="merges_as_survivor")
    moved = models.JSONField(default=dict)
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


# --- the changes feed ------------------------------------------------------------------------


class FeedResource(models.TextChoices):
    """Everything the API lists to anonymous readers, as the feed names it."""

    RELATIONSHIP = "relationship", "Relationship"
    ACTOR = "actor", "Actor"
    EVENT = "event", "Event"
    METRIC = "metric", "Metric"
    OBSERVATION = "observation", "Observation"
    AGREEMENT = "agreement", "Agreement"
    STATUS_CHANGE = "status_change", "Status change"
    ARTICLE = "article", "Article"
    EVIDENCE = "evidence", "Evidence"


class FeedAction(models.TextChoices):
    APPROVED = "approved", "Approved"  # a fact became public
    PUBLISHED = "published", "Published"  # a relationship, metric, article or evidence became public
    EDITED = "edited", "Edited"
    MERGED = "merged", "Merged"
    UNMERGED = "unmerged", "Unmerged"
    WITHDRAWN = "withdrawn", "Withdrawn"


class FeedEntry(models.Model):
    """One change of what anonymous readers see: the append-only changes feed.

    `id` is the sequence number and the feed's cursor. Entries are only appended by
    `curated.feed.feed_publish`, which holds a transaction-level advisory lock until it
    commits, so entries commit in the order of their ids: no entry ever commits behind an id
    a reader has already seen.
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(help_text="When the change was published to the feed.")
    # A feed resource: a name of FeedResource, or a curated kind's key (curated/registry.py),
    # so that a kind added later needs no change here.
    resource = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=12, choices=FeedAction.choices)
    survivor_id = models.BigIntegerField(null=True, blank=True, help_text="For merged: the survivor's id.")
    data = models.JSONField(
        null=True, blank=True, help_text="The object as its anonymous list shows it; null when it left the lists."
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["at", "id"], name="agreements_feedentry_at_id")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=FeedAction.values),
                name="agreements_feedentry_action",
                violation_error_message="A feed entry’s action must be one of the listed actions.",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.resource} {self.object_id} {self.action}"


class PublishedState(models.Model):
    """What the feed last said about one object: the digest of its public form (empty when
    it is not public), so that publishing compares instead of guessing."""

    resource = models.CharField(max_length=20)  # as FeedEntry.resource
    object_id = models.BigIntegerField()
    digest = models.CharField(max_length=64, blank=True, help_text="sha256 of its public JSON; empty: not public.")
    merged_into = models.BigIntegerField(null=True, blank=True, help_text="Set while it is out of the lists as merged.")
    changed_at = models.DateTimeField(help_text="Its last public change (what `updated_since` reads).")
    entry_id = models.BigIntegerField(help_text="The feed entry of that change.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "object_id"],
                name="agreements_publishedstate_unique",
                violation_error_message="This record is already in the published state.",
            ),
        ]
        indexes = [models.Index(fields=["resource", "changed_at"], name="agreements_pubstate_changed")]

    def __str__(self) -> str:
        return f"{self.resource} {self.object_id}"


class FeedPending(models.Model):
    """An object whose public form may have changed, written by database triggers (migration
    agreements 0006) in the writing transaction, so no write path can forget it; the
    publisher consumes these rows."""

    id = models.BigAutoField(primary_key=True)
    resource = models.CharField(max_length=20, help_text="A feed resource, or 'source' (its articles).")
    object_id = models.BigIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.resource} {self.object_id}"
