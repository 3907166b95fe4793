"""Anonymous consumers never see a pending or rejected fact, on any endpoint or filter."""

from __future__ import annotations

import pytest

from relations.curation import ReviewStatus
from tests.api.builders import build_world, client_for, editor_client, viewer_client

pytestmark = pytest.mark.django_db

APPROVED, PENDING, REJECTED = ReviewStatus.APPROVED, ReviewStatus.PENDING, ReviewStatus.REJECTED
FACT_ENDPOINTS = {
    "actor": "actors",
    "event": "events",
    "observation": "observations",
    "agreement": "agreements",
    "status_change": "status-changes",
}


def listed_ids(client, path: str, params: dict | None = None) -> set[int]:
    response = client.get(f"/api/v1/{path}/", {"page_size": 200, **(params or {})})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("resource", list(FACT_ENDPOINTS))
def test_anonymous_lists_and_details_show_approved_facts_only(resource):
    world = build_world()
    path = FACT_ENDPOINTS[resource]
    anonymous = client_for()
    assert world.ids(resource, APPROVED) <= listed_ids(anonymous, path)
    assert not listed_ids(anonymous, path) & world.ids(resource, PENDING, REJECTED)
    for state in (PENDING, REJECTED):
        hidden = world.by_state[state][resource].pk
        assert anonymous.get(f"/api/v1/{path}/{hidden}/").status_code == 404
        # No filter can bring a hidden fact back.
        assert listed_ids(anonymous, path, {"id": str(hidden)}) == set()
        assert listed_ids(anonymous, path, {"review_status": state}) == set()
        assert listed_ids(anonymous, path, {"review_status": state, "include": "evidence"}) == set()
    approved = world.by_state[APPROVED][resource].pk
    assert anonymous.get(f"/api/v1/{path}/{approved}/").status_code == 200


@pytest.mark.parametrize("resource", list(FACT_ENDPOINTS))
def test_editors_and_viewers_with_a_token_read_every_state(resource):
    world = build_world()
    path = FACT_ENDPOINTS[resource]
    everything = world.ids(resource, APPROVED, PENDING, REJECTED)
    assert everything <= listed_ids(editor_client(), path)
    assert everything <= listed_ids(viewer_client(), path)
    assert listed_ids(editor_client("e2"), path, {"review_status": PENDING}) >= world.ids(resource, PENDING)


def test_nested_facts_obey_visibility():
    world = build_world()
    approved = world.by_state[APPROVED]
    anonymous = client_for()
    hidden_actors = world.ids("actor", PENDING, REJECTED)

    agreement = anonymous.get(f"/api/v1/agreements/{approved['agreement'].pk}/").json()
    assert {entry["review_status"] for entry in agreement["status_history"]} == {APPROVED}
    assert [entry["id"] for entry in agreement["status_history"]] == [approved["status_change"].pk]
    assert {party["id"] for party in agreement["parties"]} == {approved["actor"].pk}

    event = anonymous.get(f"/api/v1/events/{approved['event'].pk}/").json()
    assert {actor["id"] for actor in event["actors"]} == {approved["actor"].pk}

    as_editor = editor_client().get(f"/api/v1/agreements/{approved['agreement'].pk}/").json()
    assert len(as_editor["status_history"]) == 3
    assert hidden_actors <= {party["id"] for party in as_editor["parties"]}


def test_filters_by_a_hidden_actor_reveal_nothing():
    world = build_world()
    anonymous = client_for()
    for state in (PENDING, REJECTED):
        hidden = world.by_state[state]["actor"].pk
        assert listed_ids(anonymous, "agreements", {"actor": hidden}) == set()
        assert listed_ids(anonymous, "events", {"actor": hidden}) == set()
    visible = world.by_state[APPROVED]["actor"].pk
    assert listed_ids(anonymous, "agreements", {"actor": visible}) == {world.by_state[APPROVED]["agreement"].pk}


def test_evidence_and_metrics_of_hidden_facts_are_hidden():
    world = build_world()
    anonymous = client_for()
    cited_by_approved = {ev.pk for fact in world.by_state[APPROVED].values() for ev in fact.evidence.all()}
    cited_by_hidden = {
        ev.pk for state in (PENDING, REJECTED) for fact in world.by_state[state].values() for ev in fact.evidence.all()
    }
    shown = listed_ids(anonymous, "evidence")
    assert shown == cited_by_approved
    assert not shown & cited_by_hidden
    assert listed_ids(editor_client(), "evidence") >= cited_by_hidden

    # Evidence shown inside a fact is its citation, expanded on request.
    observation = world.by_state[APPROVED]["observation"]
    body = anonymous.get(f"/api/v1/observations/{observation.pk}/", {"include": "evidence"}).json()
    assert [ev["id"] for ev in body["evidence"]] == body["evidence_ids"]
    assert body["evidence"][0]["source_url"].startswith("https://news.example.org/")
    assert body["evidence"][0]["sentence"].endswith(".")
    assert "evidence" not in anonymous.get(f"/api/v1/observations/{observation.pk}/").json()


def test_a_metric_known_only_from_hidden_observations_is_hidden():
    from tests.factories import MetricFactory, MetricObservationFactory

    secret = MetricFactory(name="secret metric", slug="secret-metric")
    MetricObservationFactory(metric=secret)
    anonymous = client_for()
    assert secret.pk not in listed_ids(anonymous, "metrics")
    assert secret.pk in listed_ids(editor_client(), "metrics")


def test_updated_since_finds_an_agreement_whose_status_history_changed():
    import datetime

    from django.utils import timezone

    from agreements.models import Agreement, AgreementStatusChange
    from tests.factories import AgreementFactory, StatusChangeFactory

    agreement = AgreementFactory(**{"review_status": APPROVED, "reviewed_at": timezone.now()})
    change = StatusChangeFactory(agreement=agreement, review_status=APPROVED, reviewed_at=timezone.now())
    past = timezone.now() - datetime.timedelta(days=2)
    Agreement.objects.filter(pk=agreement.pk).update(updated_at=past)
    AgreementStatusChange.objects.filter(pk=change.pk).update(updated_at=past)
    # Published to the changes feed two days ago too: anonymous `updated_since` reads its time.
    from agreements.models import PublishedState
    from curated.feed import feed_publish

    feed_publish()
    PublishedState.objects.update(changed_at=past)
    pending_change = StatusChangeFactory(agreement=agreement)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    anonymous = client_for()
    # The pending change was just written: it shows to editors, not to anonymous users.
    assert listed_ids(anonymous, "agreements", {"updated_since": since}) == set()
    assert listed_ids(editor_client(), "agreements", {"updated_since": since}) == {agreement.pk}
    AgreementStatusChange.objects.filter(pk=pending_change.pk).update(updated_at=past)
    AgreementStatusChange.objects.filter(pk=change.pk).update(updated_at=timezone.now())
    assert listed_ids(anonymous, "agreements", {"updated_since": since}) == {agreement.pk}


def test_actor_search_matches_names_and_aliases_of_visible_actors_only():
    from django.utils import timezone

    from tests.factories import ActorAliasFactory, ActorFactory

    putin = ActorFactory(name="Vladimir Putin", slug="putin", review_status=APPROVED, reviewed_at=timezone.now())
    ActorAliasFactory(actor=putin, alias="President Putin")
    hidden = ActorFactory(name="President Pending", slug="pending")
    anonymous = client_for()
    assert listed_ids(anonymous, "actors", {"search": "president"}) == {putin.pk}
    assert listed_ids(anonymous, "actors", {"search": "VLADIMIR"}) == {putin.pk}
    assert listed_ids(editor_client(), "actors", {"search": "president"}) == {putin.pk, hidden.pk}
