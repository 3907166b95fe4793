"""Decisions can be taken back: fact_reopen, the queue's Reopen (plain and JSON), the admin's
Reopen, a history revert that brings the review state back, and bulk-on-filters that previews
before it acts."""

import pytest
from django.urls import reverse

from agreements.models import FeedEntry
from relations.curation import ReviewStatus
from relations.merging import actor_merge
from relations.models import Event, MetricObservation
from relations.services import ReviewError, StaleFactError, fact_approve, fact_reject, fact_reopen, fact_update
from tests.api.builders import client_for
from tests.factories import ActorFactory, EventFactory, MetricObservationFactory, StatusChangeFactory, editor, viewer

pytestmark = pytest.mark.django_db

DECIDE = reverse("admin:editorial_decide")
BULK = reverse("admin:editorial_bulk")
QUEUE = reverse("admin:editorial_queue")
JSON = {"HTTP_ACCEPT": "application/json"}


def _state(fact):
    """The stored review status and version (the object passed in is left as it was)."""
    return tuple(type(fact).objects.filter(pk=fact.pk).values_list("review_status", "version").get())


# --- The service ----------------------------------------------------------------------------


def test_reopening_an_approved_fact_clears_the_decision_bumps_the_version_and_records_who_and_why():
    alice, bob = editor("alice"), editor("bob")
    event = fact_approve(fact=EventFactory(), user=alice)
    reopened = fact_reopen(fact=event, user=bob, reason="wrong date", expected_version=event.version)
    assert reopened.review_status == ReviewStatus.PENDING
    assert (reopened.reviewed_by, reopened.reviewed_at, reopened.rejection_reason) == (None, None, "")
    assert reopened.version == event.version + 1
    latest = reopened.history.latest()
    assert latest.history_user == bob
    assert latest.history_change_reason == "reopened: wrong date"
    assert latest.review_status == ReviewStatus.PENDING


def test_reopening_a_rejected_fact_clears_its_reason_and_it_can_be_decided_again():
    user = editor()
    observation = fact_reject(fact=MetricObservationFactory(), user=user, reason="Duplicate")
    reopened = fact_reopen(fact=observation, user=user, reason="not a duplicate after all")
    assert (reopened.review_status, reopened.rejection_reason) == (ReviewStatus.PENDING, "")
    approved = fact_approve(fact=reopened, user=user, expected_version=reopened.version)
    assert approved.review_status == ReviewStatus.APPROVED


def test_reopen_refuses_a_pending_fact_a_stale_version_and_an_empty_reason():
    user = editor()
    event = EventFactory()
    with pytest.raises(ReviewError, match="pending"):
        fact_reopen(fact=event, user=user, reason="why")
    approved = fact_approve(fact=event, user=user)
    with pytest.raises(StaleFactError):
        fact_reopen(fact=approved, user=user, reason="why", expected_version=approved.version - 1)
    with pytest.raises(ReviewError, match="needs a reason"):
        fact_reopen(fact=approved, user=user, reason="  ")
    assert _state(approved) == (ReviewStatus.APPROVED, approved.version)


def test_reopening_a_status_change_refreshes_its_agreements_current_status(django_capture_on_commit_callbacks):
    user = editor()
    change = StatusChangeFactory(status="agreed")
    with django_capture_on_commit_callbacks(execute=True):
        fact_approve(fact=change.agreement, user=user)
        change = fact_approve(fact=change, user=user)
    change.agreement.refresh_from_db()
    assert change.agreement.current_status == "agreed"
    with django_capture_on_commit_callbacks(execute=True):
        fact_reopen(fact=change, user=user, reason="not agreed yet")
    change.agreement.refresh_from_db()
    assert change.agreement.current_status != "agreed"


def test_an_approved_fact_reopened_is_withdrawn_from_the_changes_feed():
    user = editor()
    anonymous = client_for()
    observation = fact_approve(fact=MetricObservationFactory(), user=user)
    assert anonymous.get("/api/v1/changes/").status_code == 200
    assert [e.action for e in FeedEntry.objects.filter(resource="observation", object_id=observation.pk)] == [
        "approved"
    ]
    fact_reopen(fact=observation, user=user, reason="period is wrong")
    assert anonymous.get("/api/v1/changes/").status_code == 200
    actions = list(
        FeedEntry.objects.filter(resource="observation", object_id=observation.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["approved", "withdrawn"]
    listed = anonymous.get("/api/v1/observations/").json()
    assert observation.pk not in [row["id"] for row in listed["results"]]


# --- The queue ------------------------------------------------------------------------------


def test_the_queue_reopens_a_decision_with_a_default_reason(client):
    user = editor()
    event = fact_reject(fact=EventFactory(), user=user, reason="Off topic")
    client.force_login(user)
    html = client.get(QUEUE, {"status": "rejected"}).content.decode()
    assert 'value="reopen"' in html
    assert "Off topic" in html  # the rejection reason shows on the rejected card
    response = client.post(DECIDE, {"fact": f"event:{event.pk}", "version": event.version, "action": "reopen"})
    assert response.status_code == 302
    assert _state(event) == (ReviewStatus.PENDING, event.version + 1)
    assert event.history.latest().history_change_reason == "reopened: reopened from the queue"


def test_decide_answers_json_with_the_new_state_and_refusals_as_json(client):
    user = editor()
    event = EventFactory()
    client.force_login(user)
    key = f"event:{event.pk}"
    answer = client.post(DECIDE, {"fact": key, "version": event.version, "action": "approve"}, **JSON)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["ok"], body["status"], body["version"], body["fact"]) == (True, "approved", event.version + 1, key)
    # The same version again is stale: refused with the reason, as JSON, nothing changed.
    stale = client.post(DECIDE, {"fact": key, "version": event.version, "action": "reject", "reason": "x"}, **JSON)
    assert stale.status_code == 409
    assert stale.json()["ok"] is False and "changed by someone else" in stale.json()["error"]
    bad = client.post(DECIDE, {"fact": "nonsense", "version": 1, "action": "approve"}, **JSON)
    assert bad.status_code == 400 and "Not a fact reference" in bad.json()["error"]
    undo = client.post(DECIDE, {"fact": key, "version": event.version + 1, "action": "reopen"}, **JSON)
    assert undo.json()["status"] == "pending"
    rejected = client.post(
        DECIDE, {"fact": key, "version": event.version + 2, "action": "reject", "reason": "Dup"}, **JSON
    ).json()
    assert (rejected["status"], rejected["rejection_reason"]) == ("rejected", "Dup")
    assert _state(event) == (ReviewStatus.REJECTED, event.version + 3)


def test_a_viewer_cannot_reopen_nor_decide_through_json(client):
    event = fact_approve(fact=EventFactory(), user=editor())
    other = EventFactory()
    client.force_login(viewer())
    html = client.get(QUEUE, {"status": "approved"}).content.decode()
    assert 'value="reopen"' not in html
    reopen = {"fact": f"event:{event.pk}", "version": event.version, "action": "reopen", "reason": "x"}
    assert client.post(DECIDE, reopen).status_code == 403
    assert client.post(DECIDE, reopen, **JSON).status_code == 403
    approve = {"fact": f"event:{other.pk}", "version": other.version, "action": "approve"}
    assert client.post(DECIDE, approve, **JSON).status_code == 403
    assert _state(event) == (ReviewStatus.APPROVED, event.version)
    assert _state(other) == (ReviewStatus.PENDING, other.version)
    change = reverse("admin:relations_event_change", args=[event.pk])
    assert client.post(change, {"_reopen": "1"}).status_code == 403
    changelist = reverse("admin:relations_event_changelist")
    client.post(changelist, {"action": "reopen_selected", "_selected_action": [event.pk], "reason": "x"})
    assert _state(event) == (ReviewStatus.APPROVED, event.version)


# --- Bulk on the filters: preview, then confirm exactly the keys previewed ----------------


def test_bulk_on_the_filters_previews_first_and_confirms_only_the_previewed_keys(client):
    user = editor()
    first, second = EventFactory(place="Kazan"), EventFactory(place="Kazan")
    observation = MetricObservationFactory()
    client.force_login(user)
    preview = client.post(
        BULK, {"types": ["event"], "decision": "reject", "reason": "Off topic", "scope": "matching", "next": QUEUE}
    )
    assert preview.status_code == 200
    html = preview.content.decode()
    assert '<strong class="bulk-count">2</strong>' in html
    assert f'value="event:{first.pk}"' in html and f'value="event:{second.pk}"' in html
    assert f"observation:{observation.pk}" not in html
    assert first.evidence.get().sentence in html
    # Nothing changed before the confirmation.
    assert {_state(first)[0], _state(second)[0]} == {ReviewStatus.PENDING}
    # A fact that starts matching after the preview is not touched by the confirmation.
    late = EventFactory(place="Kazan")
    confirm = {
        "facts": [f"event:{first.pk}", f"event:{second.pk}"],
        "decision": "reject",
        "reason": "Off topic",
        "scope": "selected",
        "next": QUEUE,
    }
    assert client.post(BULK, confirm).status_code == 302
    assert {_state(first)[0], _state(second)[0]} == {ReviewStatus.REJECTED}
    assert _state(late)[0] == ReviewStatus.PENDING
    assert _state(observation)[0] == ReviewStatus.PENDING


def test_bulk_preview_with_nothing_matching_says_so(client):
    client.force_login(editor())
    response = client.post(BULK, {"types": ["event"], "decision": "approve", "scope": "matching", "q": "zzz-none"})
    assert response.status_code == 200
    assert "No fact matches the filters" in response.content.decode()


# --- The admin: Reopen on the change page and as an action; history revert ---------------


def test_the_change_page_and_the_changelist_reopen_a_decided_fact(client):
    user = editor()
    event = fact_approve(fact=EventFactory(), user=user)
    other = fact_reject(fact=EventFactory(), user=user, reason="No")
    pending = EventFactory()
    client.force_login(user)
    change = reverse("admin:relations_event_change", args=[event.pk])
    assert 'name="_reopen"' in client.get(change).content.decode()
    pending_page = client.get(reverse("admin:relations_event_change", args=[pending.pk])).content.decode()
    assert 'name="_reopen"' not in pending_page
    reopen = {"_reopen": "1", "reopen_reason": "date is wrong", "expected_version": event.version}
    response = client.post(change, reopen)
    assert response.status_code == 302
    assert _state(event) == (ReviewStatus.PENDING, event.version + 1)
    assert event.history.latest().history_change_reason == "reopened: date is wrong"
    changelist = reverse("admin:relations_event_changelist")
    client.post(changelist, {"action": "reopen_selected", "_selected_action": [other.pk, pending.pk], "reason": ""})
    assert _state(other) == (ReviewStatus.PENDING, other.version + 1)
    assert other.history.latest().history_change_reason == "reopened: reopened in the admin"
    assert _state(pending) == (ReviewStatus.PENDING, pending.version)


def test_reverting_to_a_pending_version_reopens_the_fact_through_the_service(client):
    user = editor()
    observation = MetricObservationFactory(unit="USD")
    pending_version = observation.history.earliest()
    observation = fact_update(fact=observation, user=user, changes={"unit": "EUR"})
    observation = fact_approve(fact=observation, user=user)
    client.force_login(user)
    revert_url = reverse(
        "admin:relations_metricobservation_simple_history", args=[observation.pk, pending_version.history_id]
    )
    data = {
        "metric": observation.metric_id,
        "relationship": observation.relationship_id,
        "kind": "actual",
        "value": "65000000000",
        "unit": "USD",
        "period_label": "2024",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "reported_on": "2025-12-03",
        "expected_version": observation.version,
    }
    assert client.post(revert_url, data).status_code == 302
    reverted = MetricObservation.objects.get(pk=observation.pk)
    # The fields and the review state are those of the old version; two writes, both recorded.
    assert (reverted.unit, reverted.review_status, reverted.reviewed_at) == ("USD", ReviewStatus.PENDING, None)
    assert reverted.version == observation.version + 2
    latest = reverted.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (user, "reopened: reverted to an earlier version")


def test_reverting_a_pending_fact_to_its_rejected_version_rejects_it_again_with_the_old_reason(client):
    user = editor()
    event = fact_reject(fact=EventFactory(place="Kazan"), user=user, reason="Not a visit")
    rejected_version = event.history.latest()
    event = fact_reopen(fact=event, user=user, reason="look again")
    client.force_login(user)
    revert_url = reverse("admin:relations_event_simple_history", args=[event.pk, rejected_version.history_id])
    form = client.get(revert_url)
    assert form.status_code == 200
    data = {
        "relationship": event.relationship_id,
        "kind": event.kind,
        "title": event.title,
        "date": "2025-12-04",
        "date_precision": "day",
        "place": "Kazan",
        "expected_version": event.version,
    }
    response = client.post(revert_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    reverted = Event.objects.get(pk=event.pk)
    assert (reverted.review_status, reverted.rejection_reason) == (ReviewStatus.REJECTED, "Not a visit")


def test_bulk_preview_says_when_more_match_than_one_decision_covers(client, monkeypatch):
    from desk.views import queue

    monkeypatch.setattr(queue, "BULK_LIMIT", 2)
    events = EventFactory.create_batch(3)
    client.force_login(editor())
    html = client.post(BULK, {"types": ["event"], "decision": "approve", "scope": "matching"}).content.decode()
    assert '<strong class="bulk-count">2</strong>' in html
    assert "the first 2; the rest stay as they are" in html
    assert html.count('name="facts"') == 2
    assert {_state(e)[0] for e in events} == {ReviewStatus.PENDING}


# --- Found in review: long reasons, merged-away records, a fact edited after its preview ---------


def test_a_reopen_reason_longer_than_the_history_column_is_kept_whole_in_the_queue_log(client):
    user = editor()
    event = fact_approve(fact=EventFactory(), user=user)
    reason = "The date is the signing's, not the visit's; " * 8  # about 360 characters
    reopened = fact_reopen(fact=event, user=user, reason=reason)
    assert reopened.review_status == ReviewStatus.PENDING
    assert reopened.history.latest().history_change_reason == f"reopened: {reason.strip()}"[:100]


def test_a_merged_away_record_can_be_neither_decided_nor_reopened():
    user = editor()
    survivor, merged = ActorFactory(name="Rosneft"), ActorFactory(name="Rosneft Oil")
    fact_approve(fact=merged, user=user)
    actor_merge(survivor=survivor, merged=merged, user=user)
    merged.refresh_from_db()
    with pytest.raises(ReviewError, match="merged into another"):
        fact_reopen(fact=merged, user=user, reason="wrong")
    with pytest.raises(ReviewError, match="merged into another"):
        fact_reject(fact=merged, user=user, reason="wrong")


def test_a_fact_edited_after_the_preview_is_left_alone_by_the_confirmation(client):
    user = editor()
    shown, edited = EventFactory(place="Kazan"), EventFactory(place="Kazan")
    client.force_login(user)
    preview = client.post(BULK, {"types": ["event"], "decision": "approve", "scope": "matching", "next": QUEUE})
    assert f'name="version:event:{edited.pk}" value="{edited.version}"' in preview.content.decode()
    fact_update(fact=edited, user=editor("bob"), changes={"place": "Sochi"})
    confirm = {
        "facts": [f"event:{shown.pk}", f"event:{edited.pk}"],
        f"version:event:{shown.pk}": shown.version,
        f"version:event:{edited.pk}": edited.version,
        "decision": "approve",
        "scope": "selected",
        "next": QUEUE,
    }
    response = client.post(BULK, confirm, follow=True)
    assert _state(shown)[0] == ReviewStatus.APPROVED
    assert _state(edited)[0] == ReviewStatus.PENDING
    assert "changed after the preview" in response.content.decode()
