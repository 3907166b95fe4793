"""Editors approve and reject through the API, with the admin's services; nobody else writes."""

from __future__ import annotations

import pytest

from relations.curation import ReviewStatus
from relations.models import MetricObservation
from relations.services import fact_update
from tests.api.builders import client_for, editor_client, review_fields, viewer_client
from tests.factories import AgreementFactory, EventFactory, MetricObservationFactory, StatusChangeFactory, editor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        ("observations", MetricObservationFactory),
        ("events", EventFactory),
        ("agreements", AgreementFactory),
        # A status change shows only within an approved agreement.
        (
            "status-changes",
            lambda: StatusChangeFactory(agreement=AgreementFactory(**review_fields(ReviewStatus.APPROVED))),
        ),
    ],
)
def test_an_editor_approves_a_pending_fact_and_anonymous_users_then_see_it(path, factory):
    fact = factory()
    anonymous = client_for()
    assert anonymous.get(f"/api/v1/{path}/{fact.pk}/").status_code == 404
    response = editor_client().post(f"/api/v1/{path}/{fact.pk}/approve/", {"version": fact.version}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["review_status"] == ReviewStatus.APPROVED
    assert response.json()["version"] == fact.version + 1
    fact.refresh_from_db()
    assert fact.review_status == ReviewStatus.APPROVED
    assert fact.history.latest().history_user.username == "api-editor"
    assert anonymous.get(f"/api/v1/{path}/{fact.pk}/").status_code == 200


def test_rejection_needs_a_reason_and_records_it():
    observation = MetricObservationFactory()
    client = editor_client()
    missing = client.post(f"/api/v1/observations/{observation.pk}/reject/", {}, format="json")
    assert missing.status_code == 400
    assert "reason" in missing.json()["errors"]
    blank = client.post(f"/api/v1/observations/{observation.pk}/reject/", {"reason": "   "}, format="json")
    assert blank.status_code == 400
    done = client.post(f"/api/v1/observations/{observation.pk}/reject/", {"reason": "Misread"}, format="json")
    assert done.status_code == 200
    observation.refresh_from_db()
    assert (observation.review_status, observation.rejection_reason) == (ReviewStatus.REJECTED, "Misread")


def test_a_stale_version_is_a_409_and_changes_nothing():
    observation = MetricObservationFactory()
    loaded = observation.version
    fact_update(fact=observation, user=editor("other"), changes={"unit": "EUR"}, expected_version=loaded)
    response = editor_client().post(
        f"/api/v1/observations/{observation.pk}/approve/", {"version": loaded}, format="json"
    )
    assert response.status_code == 409
    assert "changed by someone else" in response.json()["detail"]
    assert MetricObservation.objects.get(pk=observation.pk).review_status == ReviewStatus.PENDING


def test_a_fact_without_evidence_cannot_be_approved_through_the_api_either():
    observation = MetricObservationFactory(evidence=[])
    response = editor_client().post(f"/api/v1/observations/{observation.pk}/approve/", {}, format="json")
    assert response.status_code == 400
    assert "no evidence" in response.json()["detail"]


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_anonymous_users_get_401_and_viewers_403(action):
    observation = MetricObservationFactory()
    body = {"reason": "no"}
    anonymous = client_for().post(f"/api/v1/observations/{observation.pk}/{action}/", body, format="json")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    as_viewer = viewer_client().post(f"/api/v1/observations/{observation.pk}/{action}/", body, format="json")
    assert as_viewer.status_code == 403
    bad_token = client_for()
    bad_token.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert bad_token.post(f"/api/v1/observations/{observation.pk}/{action}/", body, format="json").status_code == 401
    observation.refresh_from_db()
    assert observation.review_status == ReviewStatus.PENDING


def test_an_approved_fact_can_be_withdrawn_by_rejecting_it():
    observation = MetricObservationFactory(**review_fields(ReviewStatus.APPROVED))
    response = editor_client().post(
        f"/api/v1/observations/{observation.pk}/reject/", {"reason": "Wrong"}, format="json"
    )
    assert response.status_code == 200
    assert client_for().get(f"/api/v1/observations/{observation.pk}/").status_code == 404


def test_a_fact_claimed_by_another_editor_is_a_409():
    from relations.services import fact_claim

    observation = MetricObservationFactory()
    fact_claim(fact=observation, user=editor("claimer"))
    response = editor_client().post(f"/api/v1/observations/{observation.pk}/approve/", {}, format="json")
    assert response.status_code == 409
    assert "claimed by claimer" in response.json()["detail"]


def test_nul_bytes_and_oversized_values_in_a_body_are_400():
    observation = MetricObservationFactory()
    client = editor_client()
    nul = client.post(f"/api/v1/observations/{observation.pk}/reject/", {"reason": "a\x00b"}, format="json")
    assert nul.status_code == 400 and "reason" in nul.json()["errors"]
    huge = client.post(f"/api/v1/observations/{observation.pk}/approve/", {"version": 10**30}, format="json")
    assert huge.status_code == 400 and "version" in huge.json()["errors"]
    broken = client.post(
        f"/api/v1/observations/{observation.pk}/approve/", "{not json", content_type="application/json"
    )
    assert broken.status_code == 400


def test_an_editor_logged_in_to_the_admin_reads_pending_facts_and_approves_with_the_csrf_token():
    """What the Swagger UI does after logging in at /admin/login/?next=/api/docs/."""
    from rest_framework.test import APIClient

    event = EventFactory()
    user = editor("session-editor")
    user.set_password("pw")
    user.save()
    client = APIClient(enforce_csrf_checks=True)
    client.get("/admin/login/")
    login = client.post(
        "/admin/login/?next=/api/docs/",
        {"username": "session-editor", "password": "pw", "csrfmiddlewaretoken": client.cookies["csrftoken"].value},
    )
    assert login.status_code == 302 and login["Location"] == "/api/docs/"
    assert event.pk in {row["id"] for row in client.get("/api/v1/events/").json()["results"]}
    url = f"/api/v1/events/{event.pk}/approve/"
    assert client.post(url, {}, format="json").status_code == 403  # no CSRF token
    response = client.post(url, {}, format="json", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert response.status_code == 200, response.content
    assert client_for().get(f"/api/v1/events/{event.pk}/").status_code == 200
