from __future__ import annotations

from typing import Any, cast

from django.db.models import F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, TruncDate

from relations.curation import CuratedQuerySet


class StatusChangeQuerySet(CuratedQuerySet[Any]):  # no import of .models here: it imports this module
    def with_took_effect(self) -> StatusChangeQuerySet:
        """Annotate `took_effect`: its effective date, else (a sentence that states none) the
        date its earliest article was published, else the day it was found. For ordering only:
        `effective_on` itself stays empty, and the desk says "date unknown"."""
        through = self.model.evidence.through
        reported = (
            through.objects.filter(agreementstatuschange=OuterRef("pk"), evidence__article__published_on__isnull=False)
            .order_by("evidence__article__published_on")
            .values("evidence__article__published_on")[:1]
        )
        return self.annotate(took_effect=Coalesce("effective_on", Subquery(reported), TruncDate("created_at")))

    def latest_first(self) -> StatusChangeQuerySet:
        """The order in which the history is read: the latest change to take effect first
        (`with_took_effect`), ties to the later row. The timeline reads the same order forwards."""
        return self.with_took_effect().order_by(F("took_effect").desc(), "-id")


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
