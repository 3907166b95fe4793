"""The current status of an agreement is derived from its approved history."""

import datetime

import pytest

from agreements.models import Agreement
from agreements.services import agreement_previous_status, agreement_status_record
from relations.services import fact_approve, fact_reject
from tests.factories import AgreementFactory, EvidenceFactory, StatusChangeFactory, editor

pytestmark = pytest.mark.django_db(transaction=True)


def _status(agreement):
    agreement.refresh_from_db()
    return agreement.current_status


def test_pending_changes_do_not_count_until_approved():
    agreement = AgreementFactory()
    change = StatusChangeFactory(agreement=agreement, status="proposed")
    assert _status(agreement) == ""
    fact_approve(fact=change, user=editor())
    assert _status(agreement) == "proposed"


def test_latest_approved_change_wins_and_rejection_falls_back():
    user = editor()
    agreement = AgreementFactory()
    proposed = StatusChangeFactory(agreement=agreement, status="proposed", effective_on=datetime.date(2021, 1, 1))
    agreed = StatusChangeFactory(agreement=agreement, status="agreed", effective_on=datetime.date(2023, 6, 1))
    # Reported later but about an earlier date: it must not override the newer status.
    negotiating = StatusChangeFactory(agreement=agreement, status="negotiating", effective_on=datetime.date(2022, 3, 1))
    for change in (agreed, proposed, negotiating):
        fact_approve(fact=change, user=user)
    assert _status(agreement) == "agreed"
    assert agreement_previous_status(change=agreed) == "negotiating"
    fact_reject(fact=agreed, user=user, reason="Not signed yet")
    assert _status(agreement) == "negotiating"
    derived = Agreement.objects.with_derived_status().get(pk=agreement.pk).derived_status
    assert derived == agreement.current_status


def test_recording_a_change_needs_evidence_and_a_known_status():
    agreement = AgreementFactory()
    with pytest.raises(ValueError, match="at least one evidence"):
        agreement_status_record(agreement=agreement, status="agreed", evidence=[])
    with pytest.raises(ValueError, match="Unknown agreement status"):
        agreement_status_record(agreement=agreement, status="signed", evidence=[EvidenceFactory()])
    change = agreement_status_record(agreement=agreement, status="agreed", evidence=[EvidenceFactory()])
    assert change.review_status == "pending"
    assert _status(agreement) == ""
