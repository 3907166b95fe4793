"""The editorial services behind the admin: claims, edit-then-approve, bulk, merges, conflicts."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from agreements.merging import (
    agreement_merge,
    agreement_merge_candidates,
    agreement_merge_undo,
    agreements_mark_distinct,
)
from agreements.models import Agreement
from relations.conflicts import observation_conflicts, observation_mark_preferred
from relations.curation import ReviewStatus
from relations.merging import MergeError, actor_merge, actor_merge_candidates, actor_merge_undo, actors_mark_distinct
from relations.models import Actor, ActorAlias, MetricObservation
from relations.services import (
    CLAIM_TTL,
    ClaimedError,
    ReviewError,
    StaleFactError,
    fact_approve,
    fact_claim,
    fact_release,
    fact_update_and_approve,
    facts_bulk_review,
)
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    AgreementFactory,
    EventFactory,
    EvidenceFactory,
    MetricObservationFactory,
    StatusChangeFactory,
    editor,
)

pytestmark = pytest.mark.django_db


def test_a_claim_keeps_other_editors_off_until_released_or_lapsed():
    alice, bob = editor("alice"), editor("bob")
    event = EventFactory()
    fact_claim(fact=event, user=alice, expected_version=event.version)
    with pytest.raises(ClaimedError, match="claimed by alice"):
        fact_approve(fact=event, user=bob)
    with pytest.raises(ClaimedError):
        fact_claim(fact=event, user=bob)
    with pytest.raises(ClaimedError):
        fact_release(fact=event, user=bob)
    fact_release(fact=event, user=alice)
    fact_claim(fact=event, user=bob)
    # A claim left for longer than the TTL lapses.
    type(event).objects.filter(pk=event.pk).update(claimed_at=timezone.now() - CLAIM_TTL * 2)
    approved = fact_approve(fact=event, user=alice)
    assert approved.review_status == ReviewStatus.APPROVED
    assert approved.claimed_by is None


def test_claiming_does_not_bump_the_version_and_decided_facts_cannot_be_claimed():
    user = editor()
    event = EventFactory()
    claimed = fact_claim(fact=event, user=user)
    assert claimed.version == event.version
    assert claimed.claimed_by == user
    fact_approve(fact=claimed, user=user, expected_version=event.version)
    with pytest.raises(ReviewError, match="already approved"):
        fact_claim(fact=event, user=user)


def test_edit_then_approve_is_one_step_and_all_or_nothing():
    user = editor()
    observation = MetricObservationFactory()
    decided = fact_update_and_approve(
        fact=observation, user=user, changes={"value": Decimal("70000000000")}, expected_version=observation.version
    )
    assert decided.review_status == ReviewStatus.APPROVED
    assert decided.value == Decimal("70000000000")
    assert decided.history.count() == 3  # created, edited, approved
    without_evidence = MetricObservationFactory(evidence=[])
    with pytest.raises(ReviewError, match="no evidence"):
        fact_update_and_approve(fact=without_evidence, user=user, changes={"unit": "EUR"})
    without_evidence.refresh_from_db()
    assert without_evidence.unit == "USD"  # the edit rolled back with the refused approval
    with pytest.raises(StaleFactError):
        fact_update_and_approve(fact=observation, user=user, changes={"unit": "EUR"}, expected_version=1)


def test_bulk_review_decides_what_it_can_and_says_why_it_skipped_the_rest():
    alice, bob = editor("alice"), editor("bob")
    fine = MetricObservationFactory()
    no_evidence = MetricObservationFactory(evidence=[])
    claimed = EventFactory()
    fact_claim(fact=claimed, user=bob)
    decided = EventFactory()
    fact_approve(fact=decided, user=alice)
    decided.refresh_from_db()
    result = facts_bulk_review(facts=[fine, no_evidence, claimed, decided], user=alice, decision="approve")
    assert [f.pk for f in result.done] == [fine.pk]
    reasons = {type(f).__name__ + str(f.pk): why for f, why in result.skipped}
    assert "no evidence" in reasons[f"MetricObservation{no_evidence.pk}"]
    assert "claimed by bob" in reasons[f"Event{claimed.pk}"]
    assert reasons[f"Event{decided.pk}"] == "already approved"
    with pytest.raises(ReviewError, match="needs a reason"):
        facts_bulk_review(facts=[no_evidence], user=alice, decision="reject")
    rejected = facts_bulk_review(facts=[no_evidence], user=alice, decision="reject", reason="Noise")
    assert rejected.done[0].rejection_reason == "Noise"


def test_actor_merge_moves_everything_and_undo_puts_it_back():
    user = editor()
    survivor = ActorFactory(name="Vladimir Putin")
    merged = ActorFactory(name="President Putin")
    ActorAliasFactory(actor=survivor, alias="Vladimir Putin")
    alias = ActorAliasFactory(actor=merged, alias="President Putin")
    shared_event, own_event = EventFactory(), EventFactory()
    shared_event.actors.add(survivor, merged)
    own_event.actors.add(merged)
    agreement = AgreementFactory()
    agreement.parties.add(merged)
    merged_evidence = list(merged.evidence.all())

    merge = actor_merge(merged=merged, survivor=survivor, user=user)

    merged.refresh_from_db()
    assert merged.merged_into == survivor
    assert ActorAlias.objects.get(pk=alias.pk).actor == survivor
    assert set(own_event.actors.all()) == {survivor}
    assert set(shared_event.actors.all()) == {survivor}
    assert set(agreement.parties.all()) == {survivor}
    assert set(merged_evidence) <= set(survivor.evidence.all())
    assert not merged.evidence.exists()
    assert merged.history.latest().history_user == user
    with pytest.raises(MergeError, match="already merged"):
        actor_merge(merged=merged, survivor=ActorFactory(), user=user)

    actor_merge_undo(merge=merge, user=user)

    merged.refresh_from_db()
    assert merged.merged_into is None
    assert ActorAlias.objects.get(pk=alias.pk).actor == merged
    assert set(own_event.actors.all()) == {merged}
    assert set(shared_event.actors.all()) == {survivor, merged}
    assert set(agreement.parties.all()) == {merged}
    assert set(merged.evidence.all()) == set(merged_evidence)
    assert not set(merged_evidence) & set(survivor.evidence.all())
    with pytest.raises(MergeError, match="already undone"):
        actor_merge_undo(merge=merge, user=user)


def test_actors_judged_distinct_are_not_proposed_again():
    user = editor()
    first = ActorFactory(name="Vladimir Putin", country="RU")
    second = ActorFactory(name="President Putin", country="RU")
    other = ActorFactory(name="Narendra Modi", country="IN")
    pairs = {(c.first.pk, c.second.pk) for c in actor_merge_candidates()}
    assert (first.pk, second.pk) in pairs
    assert not any(other.pk in pair for pair in pairs)
    actors_mark_distinct(actor_a=second, actor_b=first, user=user)
    assert (first.pk, second.pk) not in {(c.first.pk, c.second.pk) for c in actor_merge_candidates()}


def test_agreement_merge_moves_history_rederives_status_and_undo_restores(django_capture_on_commit_callbacks):
    user = editor()
    survivor = AgreementFactory(title="AK-203 rifles", keys=["AK-203"])
    merged = AgreementFactory(title="Kalashnikov joint venture", keys=["Indo-Russian Rifles"])
    change = StatusChangeFactory(agreement=merged, status="agreed", effective_on=datetime.date(2024, 1, 1))
    party = ActorFactory()
    merged.parties.add(party)
    with django_capture_on_commit_callbacks(execute=True):
        fact_approve(fact=change, user=user)
    assert Agreement.objects.get(pk=merged.pk).current_status == "agreed"

    with django_capture_on_commit_callbacks(execute=True):
        merge = agreement_merge(merged=merged, survivor=survivor, user=user)
    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert merged.merged_into == survivor
    assert change in survivor.status_changes.all()
    assert survivor.current_status == "agreed"
    assert merged.current_status == ""
    assert party in survivor.parties.all()
    assert survivor.keys == ["AK-203", "Indo-Russian Rifles"]

    with django_capture_on_commit_callbacks(execute=True):
        agreement_merge_undo(merge=merge, user=user)
    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert merged.merged_into is None
    assert survivor.keys == ["AK-203"]
    assert change in merged.status_changes.all()
    assert merged.current_status == "agreed"
    assert survivor.current_status == ""
    assert party not in survivor.parties.all()


def test_agreements_with_a_shared_name_are_proposed_until_judged_distinct():
    user = editor()
    first = AgreementFactory(title="AK-203 rifles", keys=["AK-203"])
    second = AgreementFactory(title="Rifle plant in Amethi", keys=["ak-203"])
    assert [(c.first, c.second) for c in agreement_merge_candidates()] == [(first, second)]
    agreements_mark_distinct(agreement_a=first, agreement_b=second, user=user)
    assert agreement_merge_candidates() == []


def test_conflicting_observations_are_flagged_until_one_is_preferred():
    user = editor()
    low = MetricObservationFactory(value=Decimal("60000000000"))
    high = MetricObservationFactory(value=Decimal("68000000000"))
    close = MetricObservationFactory(value=Decimal("61000000000"))
    MetricObservationFactory(value=Decimal("10"), kind=MetricObservation.Kind.TARGET)  # another kind: no conflict
    other_year = MetricObservationFactory(
        value=Decimal("1"), period_start=datetime.date(2023, 1, 1), period_end=datetime.date(2023, 12, 31)
    )
    flagged = set(observation_conflicts())
    assert flagged == {low, high, close}
    assert other_year not in flagged
    # Within 20%, nothing conflicts.
    assert not observation_conflicts(tolerance=0.2).exists()

    observation_mark_preferred(observation=high, user=user, expected_version=high.version)
    assert not observation_conflicts().exists()
    observation_mark_preferred(observation=low, user=user)
    high.refresh_from_db()
    low.refresh_from_db()
    assert (low.is_preferred, high.is_preferred) == (True, False)
    assert high.history.latest().history_user == user


def test_a_rejected_observation_neither_conflicts_nor_can_be_preferred():
    user = editor()
    kept = MetricObservationFactory(value=Decimal("60000000000"))
    wrong = MetricObservationFactory(value=Decimal("90000000000"), evidence=[EvidenceFactory()])
    assert observation_conflicts().count() == 2
    fact_approve(fact=kept, user=user)
    from relations.services import fact_reject

    rejected = fact_reject(fact=wrong, user=user, reason="Misread")
    assert not observation_conflicts().exists()
    with pytest.raises(ReviewError, match="rejected"):
        observation_mark_preferred(observation=rejected, user=user)
    assert Actor.objects.count() == 0
