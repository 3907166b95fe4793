"""The changes feed: what was approved, edited, merged or withdrawn, to mirror the data."""

from __future__ import annotations

import pytest

from relations.curation import ReviewStatus
from relations.merging import actor_merge
from relations.services import fact_approve, fact_reject, fact_update
from tests.api.builders import client_for, editor_client, review_fields
from tests.factories import ActorFactory, AgreementFactory, MetricObservationFactory, StatusChangeFactory, editor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_settle_delay(settings):
    settings.API_CHANGES_SETTLE_SECONDS = 0


def feed(client, url="/api/v1/changes/", params=None, limit=20) -> tuple[list[tuple[str, int, str]], str]:
    entries = []
    response = client.get(url, params or {})
    for _ in range(limit):
        assert response.status_code == 200, response.content
        body = response.json()
        entries += [(row["resource"], row["id"], row["action"]) for row in body["results"]]
        if not body["has_more"]:
            return entries, body["next"]
        response = client.get(body["next"])
    raise AssertionError("feed did not end")


def test_anonymous_feed_shows_approvals_edits_merges_and_withdrawals_only():
    user = editor()
    observation = MetricObservationFactory()
    pending_forever = MetricObservationFactory()
    rejected = MetricObservationFactory()
    fact_reject(fact=rejected, user=user, reason="No")
    fact_update(fact=pending_forever, user=user, changes={"unit": "EUR"})
    observation = fact_approve(fact=observation, user=user)
    observation = fact_update(fact=observation, user=user, changes={"unit": "EUR"})
    survivor = ActorFactory(name="Survivor", slug="survivor", **review_fields(ReviewStatus.APPROVED))
    merged = ActorFactory(name="Merged", slug="merged", **review_fields(ReviewStatus.APPROVED))
    actor_merge(merged=merged, survivor=survivor, user=user)
    fact_reject(fact=observation, user=user, reason="Withdrawn")

    entries, _ = feed(client_for())
    observation_actions = [
        action for resource, pk, action in entries if (resource, pk) == ("observation", observation.pk)
    ]
    assert observation_actions == ["approved", "edited", "withdrawn"]
    assert ("actor", merged.pk, "merged") in entries
    hidden = {pending_forever.pk, rejected.pk}
    assert not [entry for entry in entries if entry[0] == "observation" and entry[1] in hidden]

    # Editors see the pending and rejected history too.
    editor_entries, _ = feed(editor_client())
    assert ("observation", rejected.pk, "rejected") in editor_entries
    assert ("observation", pending_forever.pk, "created") in editor_entries


def test_the_next_cursor_resumes_after_what_was_read_and_pages_do_not_overlap():
    user = editor()
    facts = [MetricObservationFactory() for _ in range(5)]
    for fact in facts[:3]:
        fact_approve(fact=fact, user=user)
    anonymous = client_for()
    first, resume = feed(anonymous, params={"page_size": 2})
    assert [pk for _, pk, _ in first] == [fact.pk for fact in facts[:3]]
    # Nothing new: polling `next` is empty, and hands back a cursor to poll again.
    body = anonymous.get(resume).json()
    assert body["results"] == [] and body["has_more"] is False and body["next"] == resume
    for fact in facts[3:]:
        fact_approve(fact=fact, user=user)
    later, _ = feed(anonymous, url=resume)
    assert [pk for _, pk, _ in later] == [fact.pk for fact in facts[3:]]


def test_status_changes_of_hidden_agreements_stay_out_of_the_anonymous_feed():
    user = editor()
    hidden = StatusChangeFactory(agreement=AgreementFactory())
    fact_approve(fact=hidden, user=user)
    shown = StatusChangeFactory(agreement=AgreementFactory(**review_fields(ReviewStatus.APPROVED)))
    fact_approve(fact=shown, user=user)
    entries, _ = feed(client_for())
    assert ("status_change", shown.pk, "approved") in entries
    assert not [entry for entry in entries if entry[:2] == ("status_change", hidden.pk)]


def test_recent_changes_are_held_back_until_they_settle(settings):
    settings.API_CHANGES_SETTLE_SECONDS = 3600
    fact_approve(fact=MetricObservationFactory(), user=editor())
    assert client_for().get("/api/v1/changes/").json()["results"] == []


def test_urls_point_to_the_fact_and_not_to_withdrawn_ones():
    user = editor()
    observation = fact_approve(fact=MetricObservationFactory(), user=user)
    fact_reject(fact=observation, user=user, reason="No")
    rows = client_for().get("/api/v1/changes/").json()["results"]
    assert rows[0]["url"] == f"http://testserver/api/v1/observations/{observation.pk}/"
    assert rows[1]["action"] == "withdrawn" and rows[1]["url"] is None
