"""The OpenAPI schema and the Swagger UI, served from our own static files."""

from __future__ import annotations

import pytest

from tests.api.builders import client_for

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_with_every_resource():
    response = client_for().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ("relationships", "actors", "agreements", "metrics", "observations", "events", "articles", "evidence"):
        assert f"/api/v1/{path}/" in schema["paths"]
    assert "/api/v1/changes/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/agreements/{id}/approve/"]


def test_swagger_ui_is_served_without_a_cdn():
    response = client_for().get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()
    assert client_for().get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200
