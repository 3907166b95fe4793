"""Merged ids redirect to their survivor; a relationship's summary shows the curated picture."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from relations.curation import ReviewStatus
from relations.merging import actor_merge
from tests.api.builders import client_for, review_fields
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    EventFactory,
    MetricFactory,
    MetricObservationFactory,
    RelationshipFactory,
    editor,
)

pytestmark = pytest.mark.django_db
APPROVED = review_fields(ReviewStatus.APPROVED)


def test_a_merged_actor_redirects_to_its_survivor_and_leaves_lists():
    survivor = ActorFactory(name="Vladimir Putin", slug="putin", **APPROVED)
    merged = ActorFactory(name="V. Putin", slug="v-putin", **APPROVED)
    actor_merge(merged=merged, survivor=survivor, user=editor())
    anonymous = client_for()
    response = anonymous.get(f"/api/v1/actors/{merged.pk}/", {"include": "evidence"})
    assert response.status_code == 307  # temporary: the merge can be undone
    assert response["Location"] == f"http://testserver/api/v1/actors/{survivor.pk}/?include=evidence"
    ids = {row["id"] for row in anonymous.get("/api/v1/actors/").json()["results"]}
    assert survivor.pk in ids and merged.pk not in ids


def test_a_merged_agreement_redirects_to_its_survivor():
    from agreements.merging import agreement_merge

    survivor = AgreementFactory(**APPROVED)
    merged = AgreementFactory(**APPROVED)
    agreement_merge(merged=merged, survivor=survivor, user=editor())
    response = client_for().get(f"/api/v1/agreements/{merged.pk}/")
    assert response.status_code == 307
    assert response["Location"].endswith(f"/api/v1/agreements/{survivor.pk}/")


@pytest.mark.parametrize("query", ["format=csv", "format=json&include=evidence", "include=evidence&format=csv"])
def test_a_merged_id_redirect_carries_the_query_string_once_and_the_follow_up_answers(query):
    survivor = ActorFactory(name="Survivor", slug="survivor", **APPROVED)
    merged = ActorFactory(name="Merged", slug="merged", **APPROVED)
    actor_merge(merged=merged, survivor=survivor, user=editor())
    client = client_for()
    response = client.get(f"/api/v1/actors/{merged.pk}/?{query}")
    assert response.status_code == 307
    assert response["Location"] == f"http://testserver/api/v1/actors/{survivor.pk}/?{query}"
    followed = client.get(response["Location"])
    assert followed.status_code == 200, followed.content
    assert str(survivor.pk) in followed.content.decode()


def test_relationship_summary_holds_the_latest_approved_values_and_counts():
    relationship = RelationshipFactory()
    trade = MetricFactory()
    MetricObservationFactory(metric=trade, relationship=relationship, value=Decimal("50000000000"), **APPROVED)
    latest = MetricObservationFactory(
        metric=trade,
        relationship=relationship,
        value=Decimal("65000000000"),
        period_label="2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        **APPROVED,
    )
    target = MetricObservationFactory(
        metric=trade, relationship=relationship, kind="target", value=Decimal("100000000000"), **APPROVED
    )
    # A newer but pending figure must not show.
    MetricObservationFactory(metric=trade, relationship=relationship, period_end=datetime.date(2026, 12, 31))
    AgreementFactory(relationship=relationship, current_status="agreed", **APPROVED)
    AgreementFactory(relationship=relationship, current_status="agreed", **APPROVED)
    AgreementFactory(relationship=relationship)
    event = EventFactory(relationship=relationship, title="Summit", **APPROVED)
    EventFactory(relationship=relationship, title="Secret")

    summary = client_for().get(f"/api/v1/relationships/{relationship.pk}/").json()["summary"]
    assert {row["id"] for row in summary["latest_observations"]} == {latest.pk, target.pk}
    assert summary["agreements_by_status"] == {"agreed": 2}
    assert [row["id"] for row in summary["recent_events"]] == [event.pk]
    assert summary["counts"] == {"agreements": 2, "events": 1, "observations": 3}
