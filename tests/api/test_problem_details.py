"""Every API error is RFC 9457 problem details, with DEBUG on and off."""

from __future__ import annotations

import pytest
from django.test import Client

from relations.curation import ReviewStatus
from tests.api.builders import client_for, editor_client, review_fields
from tests.factories import ActorFactory, MetricObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json", response.content[:500]
    body = response.json()
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"] and isinstance(body["title"], str)
    assert body["detail"] and isinstance(body["detail"], str)
    return body


def test_a_bad_parameter_names_it_in_errors(debug):
    body = assert_problem(client_for().get("/api/v1/actors/", {"nmae": "x", "colour": "red"}), 400)
    assert set(body["errors"]) == {"nmae", "colour"}
    body = assert_problem(client_for().get("/api/v1/actors/", {"page_size": "0"}), 400)
    assert "1 to 200" in body["errors"]["page_size"][0]
    assert "page_size" in body["detail"]


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v1/actors/abc/", "/api/v2/", "/api/v1/actors/1/x/"])
def test_unmatched_api_paths_are_a_problem_404(debug, path):
    assert_problem(client_for().get(path), 404)


def test_a_missing_object_does_not_name_its_model(debug):
    body = assert_problem(client_for().get("/api/v1/actors/987654/"), 404)
    assert "Actor" not in body["detail"]
    hidden = MetricObservationFactory()
    body = assert_problem(editor_client().post(f"/api/v1/events/{hidden.pk}/approve/", {}, format="json"), 404)
    assert "Event" not in body["detail"]


def test_too_many_parameters_is_a_400_not_a_500(debug):
    query = "&".join(f"p{n}=1" for n in range(1100))
    body = assert_problem(Client().get(f"/api/v1/actors/?{query}"), 400)
    assert "Too many parameters" in body["detail"]


def test_an_oversized_body_is_a_413(debug, settings):
    observation = MetricObservationFactory()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = editor_client().post(
        f"/api/v1/observations/{observation.pk}/reject/", {"reason": "x" * 5000}, format="json"
    )
    assert_problem(response, 413)
    observation.refresh_from_db()
    assert observation.review_status == ReviewStatus.PENDING


def test_a_post_without_the_trailing_slash_is_redirected_with_its_method(debug):
    observation = MetricObservationFactory()
    response = editor_client().post(f"/api/v1/observations/{observation.pk}/approve?x=1", {}, format="json")
    assert response.status_code == 308
    assert response["Location"] == f"/api/v1/observations/{observation.pk}/approve/?x=1"


def test_auth_errors_keep_their_headers(debug):
    observation = MetricObservationFactory()
    response = client_for().post(f"/api/v1/observations/{observation.pk}/approve/", {}, format="json")
    body = assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"
    assert "credentials" in body["detail"]


def test_a_body_error_names_the_field(debug):
    observation = MetricObservationFactory()
    response = editor_client().post(f"/api/v1/observations/{observation.pk}/reject/", {}, format="json")
    body = assert_problem(response, 400)
    assert list(body["errors"]) == ["reason"]


def test_writing_to_a_read_only_route_is_a_405_problem(debug):
    actor = ActorFactory(**review_fields(ReviewStatus.APPROVED))
    for client in (client_for(), editor_client()):
        response = client.put(f"/api/v1/actors/{actor.pk}/", {"name": "x"}, format="json")
        assert_problem(response, 405)
        assert "GET" in response["Allow"]
        assert_problem(client.post("/api/v1/actors/", {"name": "x"}, format="json"), 405)
        assert_problem(client.delete(f"/api/v1/actors/{actor.pk}/"), 405)


def test_a_server_error_is_a_problem_500(debug, monkeypatch):
    from relations.api import views

    def boom(self):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.ActorViewSet, "get_queryset", boom)
    client = Client(raise_request_exception=False)
    body = assert_problem(client.get("/api/v1/actors/"), 500)
    assert "secret" not in body["detail"]


def test_pages_outside_the_api_keep_django_pages(debug):
    response = Client().get("/admin/nothing-here/")
    assert "problem" not in response.get("Content-Type", "")
