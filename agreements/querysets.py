from __future__ import annotations

from typing import Any, cast

from django.db.models import F, OuterRef, Prefetch, Subquery

from relations.curation import CuratedQuerySet


class StatusChangeQuerySet(CuratedQuerySet[Any]):  # no import of .models here: it imports this module
    def latest_first(self) -> StatusChangeQuerySet:
        """The order in which the history is read: the latest effective change first.

        An undated change counts as older than any dated one, and ties go to the later row.
        """
        return self.order_by(F("effective_on").desc(nulls_last=True), "-id")


class AgreementQuerySet(CuratedQuerySet[Any]):
    def canonical(self) -> AgreementQuerySet:
        return self.filter(merged_into__isnull=True)

    def with_derived_status(self) -> AgreementQuerySet:
        """Annotate `derived_status`: the status of the latest approved change, or None."""
        changes = cast("type[Any]", self.model._meta.get_field("status_changes").related_model)
        latest = changes.objects.approved().filter(agreement=OuterRef("pk")).latest_first()
        return self.annotate(derived_status=Subquery(latest.values("status")[:1]))

    def with_details(self) -> AgreementQuerySet:
        changes = cast("type[Any]", self.model._meta.get_field("status_changes").related_model)
        return self.select_related("relationship").prefetch_related(
            "parties",
            Prefetch("status_changes", queryset=changes.objects.latest_first()),
        )
