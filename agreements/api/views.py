from __future__ import annotations

from agreements import selectors
from agreements.filters import AgreementFilterSet, StatusChangeFilterSet
from common.api.views import ApiViewSet
from relations.api.review import ReviewActionsMixin, fact_schema
from relations.api.views import FACT_ORDERINGS

from .serializers import AgreementSerializer, StatusChangeSerializer


@fact_schema(AgreementSerializer)
class AgreementViewSet(ReviewActionsMixin, ApiViewSet):
    """Agreements with parties, sector, current status, dated status history and evidence.

    A merged agreement's id redirects (307) to the survivor.
    """

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    redirects_merged = True
    ordering_fields = {**FACT_ORDERINGS, "title": ("title", False)}
    default_ordering = "title"

    def get_queryset(self):
        if self.action == "list":
            return selectors.agreement_list(user=self.user, include_evidence=self.include_evidence)
        return selectors.agreement_detail_queryset(user=self.user, include_evidence=self.include_evidence)


@fact_schema(StatusChangeSerializer)
class StatusChangeViewSet(ReviewActionsMixin, ApiViewSet):
    """Each reported status of an agreement, itself a reviewed fact with evidence."""

    serializer_class = StatusChangeSerializer
    filterset_class = StatusChangeFilterSet
    ordering_fields = {**FACT_ORDERINGS, "effective_on": ("effective_on", True)}
    default_ordering = "id"

    def get_queryset(self):
        return selectors.status_change_list(user=self.user, include_evidence=self.include_evidence)
