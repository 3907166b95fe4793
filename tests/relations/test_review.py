"""Review transitions: who decided, when, and never silently over someone else's edit."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from relations.curation import ReviewStatus
from relations.models import MetricObservation
from relations.services import ReviewError, StaleFactError, fact_approve, fact_reject, fact_update
from tests.factories import MetricObservationFactory, editor

pytestmark = pytest.mark.django_db


def test_approval_records_reviewer_time_and_history():
    user = editor()
    observation = MetricObservationFactory()
    approved = fact_approve(fact=observation, user=user, expected_version=observation.version)
    approved.refresh_from_db()
    assert approved.review_status == ReviewStatus.APPROVED
    assert approved.reviewed_by == user
    assert approved.reviewed_at is not None
    assert approved.version == observation.version + 1
    latest = approved.history.latest()
    assert latest.history_user == user
    assert latest.review_status == ReviewStatus.APPROVED
    assert MetricObservation.objects.approved().filter(pk=observation.pk).exists()
    assert not MetricObservation.objects.pending().filter(pk=observation.pk).exists()


def test_rejection_needs_a_reason_and_keeps_it():
    user = editor()
    observation = MetricObservationFactory()
    with pytest.raises(ReviewError, match="needs a reason"):
        fact_reject(fact=observation, user=user, reason="  ")
    rejected = fact_reject(fact=observation, user=user, reason="Misread figure")
    assert rejected.review_status == ReviewStatus.REJECTED
    assert rejected.rejection_reason == "Misread figure"
    assert MetricObservation.objects.rejected().get().pk == observation.pk


def test_a_stale_version_is_detected_not_overwritten():
    first, second = editor("a"), editor("b")
    observation = MetricObservationFactory()
    loaded_version = observation.version
    fact_update(
        fact=observation, user=first, changes={"value": Decimal("66000000000")}, expected_version=loaded_version
    )
    with pytest.raises(StaleFactError, match="changed by someone else"):
        fact_approve(fact=observation, user=second, expected_version=loaded_version)
    observation.refresh_from_db()
    assert observation.value == Decimal("66000000000")
    assert observation.review_status == ReviewStatus.PENDING


def test_a_fact_without_evidence_cannot_be_approved():
    observation = MetricObservationFactory(evidence=[])
    with pytest.raises(ReviewError, match="no evidence"):
        fact_approve(fact=observation, user=editor())


def test_review_fields_change_only_through_review():
    observation = MetricObservationFactory()
    with pytest.raises(ReviewError, match="only through review"):
        fact_update(fact=observation, user=editor(), changes={"review_status": "approved"})


def test_database_refuses_a_reviewed_fact_without_a_time():
    observation = MetricObservationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricObservation.objects.filter(pk=observation.pk).update(review_status="approved", reviewed_at=None)


def test_database_refuses_negative_values():
    observation = MetricObservationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricObservation.objects.filter(pk=observation.pk).update(value=Decimal("-1"))
