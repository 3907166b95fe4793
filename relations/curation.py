"""What every curated fact shares: a review state, its reviewer, and its evidence.

Actors, events, metric observations, agreements and status changes all inherit
`CuratedModel`, and all read through `CuratedQuerySet`, so that "approved" means the same
thing in the admin, the API and the dashboard.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any, Self, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone

from articles.models import Evidence

_M = TypeVar("_M", bound=models.Model)


def fact_fingerprint(*parts: object) -> str:
    """The identity recording finds a fact by again: persisted in unique columns, so the
    formula (parts as text, joined by the unit separator, SHA-256) never changes."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


def sees_every_state(user: Any, *models: type[models.Model]) -> bool:
    """Whether `user` may read pending and rejected facts of these models: a role's permission
    to view them (the Editor and Viewer groups, desk/roles.py), not `is_staff`, which
    only opens the admin. A staff account without a role sees what anonymous users see."""
    if user is None or not user.is_authenticated:
        return False
    return user.has_perms([f"{model._meta.app_label}.view_{model._meta.model_name}" for model in models])


class CuratedQuerySet(models.QuerySet[_M]):
    def approved(self) -> Self:
        return self.filter(review_status=ReviewStatus.APPROVED)

    def pending(self) -> Self:
        return self.filter(review_status=ReviewStatus.PENDING)

    def rejected(self) -> Self:
        return self.filter(review_status=ReviewStatus.REJECTED)

    def known_on(self, day: datetime.date) -> Self:
        """Facts as the desk knew them at the end of `day` (the dashboard's "as known on").

        Approved, with the approval on or before that day, and citing at least one article
        published on or before it (an article without a publication date counts from the
        day it was ingested). The review state and the values are today's: a fact approved
        by then and rejected since is left out, one edited since shows its new values.
        """
        end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
        through = self.model._meta.get_field("evidence").remote_field.through  # type: ignore[union-attr]
        cited_by_then = through.objects.filter(
            Q(evidence__article__published_on__lte=day)
            | Q(evidence__article__published_on__isnull=True, evidence__article__ingested_at__lt=end),
            **{str(self.model._meta.model_name): OuterRef("pk")},
        )
        return self.approved().filter(reviewed_at__lt=end).filter(Exists(cited_by_then))

    def visible_to(self, user: Any) -> Self:
        """Approved facts for everyone; every state for a role that may view this model."""
        if sees_every_state(user, self.model):
            return self
        return self.approved()

    def with_evidence(self) -> Self:
        return self.prefetch_related(
            models.Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("article", "article__source"),
            )
        )

    def with_confidence(self) -> Self:
        """Annotate the lowest and highest extractor confidence among a fact's evidence."""
        return self.annotate(
            min_confidence=Min("evidence__confidence"),
            max_confidence=Max("evidence__confidence"),
        )

    def without_evidence(self) -> Self:
        """Facts that break the invariant of at least one evidence (should be none)."""
        return self.annotate(_evidence_count=Count("evidence")).filter(_evidence_count=0)

    def unclaimed_or_claimed_by(self, user: Any) -> Self:
        return self.filter(Q(claimed_by__isnull=True) | Q(claimed_by=user))


class CuratedModel(models.Model):
    review_status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    # An editor claims an item so that two editors do not review the same one.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every write through the services; a stale version means a concurrent edit.
    version = models.PositiveIntegerField(default=1)
    evidence = models.ManyToManyField("articles.Evidence", related_name="%(app_label)s_%(class)s_set", blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = CuratedQuerySet.as_manager()

    class Meta:
        abstract = True
        # The review queue reads each type in (status, oldest or newest) order with a LIMIT:
        # an index scan that stops after a page, whatever the size of the table.
        indexes = [models.Index(fields=["review_status", "created_at", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_status__in=ReviewStatus.values),
                name="%(app_label)s_%(class)s_review_status_valid",
                violation_error_message="The review status must be pending, approved or rejected.",
            ),
            # A reviewed fact records who and when; a pending one has neither.
            models.CheckConstraint(
                condition=Q(review_status=ReviewStatus.PENDING) | Q(reviewed_at__isnull=False),
                name="%(app_label)s_%(class)s_reviewed_has_time",
                violation_error_message="An approved or rejected fact needs the time it was reviewed.",
            ),
        ]

    # Registry entries (actors) may be approved on an editor's own authority; every
    # extracted fact needs a sentence to stand on.
    requires_evidence_to_approve = True

    @property
    def is_approved(self) -> bool:
        return self.review_status == ReviewStatus.APPROVED

    def on_reviewed(self) -> None:
        """Called by the review services after a decision commits; derived data updates here."""
