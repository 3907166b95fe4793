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


def test_schema_generates_without_warnings_and_documents_every_answer():
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    paths = json.loads(out.getvalue())["paths"]
    for path, operations in paths.items():
        responses = operations.get("get", {}).get("responses")
        if responses is None:
            continue
        assert {"200", "304", "400", "401", "429"} <= set(responses), path
        if "{id}" in path:
            assert "404" in responses, path
    assert "307" in paths["/api/v1/actors/{id}/"]["get"]["responses"]
    assert "307" in paths["/api/v1/agreements/{id}/"]["get"]["responses"]
    assert "307" not in paths["/api/v1/events/{id}/"]["get"]["responses"]
    bad = paths["/api/v1/actors/"]["get"]["responses"]["400"]["content"]
    assert set(bad) == {"application/problem+json"}
    assert bad["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}


def test_each_list_documents_its_filters():
    schema = client_for().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    def params(path: str) -> set[str]:
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    assert {"relationship", "sector", "status", "actor", "key", "id", "updated_since", "search"} <= params(
        "/api/v1/agreements/"
    )
    assert {"id", "search", "updated_since"} <= params("/api/v1/relationships/")
    assert {"id", "search", "relationship", "updated_since"} <= params("/api/v1/metrics/")
    assert {"relationship", "sector", "search"} <= params("/api/v1/status-changes/")
    assert {"search", "published_after"} <= params("/api/v1/evidence/")


def test_reads_are_declared_anonymous_and_writes_are_not():
    schema = client_for().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "get":
                assert operation["security"] == [{}], path  # anonymous: Swagger UI shows no lock
            elif method == "post":
                assert {} not in operation["security"], path
                assert "405" in operation["responses"] and "413" in operation["responses"], path
    approve = schema["paths"]["/api/v1/events/{id}/approve/"]["post"]
    assert approve["summary"].startswith("Approve") and "public" in approve["description"]


def test_filters_are_typed_and_bounded():
    schema = client_for().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    def param(path: str, name: str) -> dict:
        return next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name)["schema"]

    assert param("/api/v1/agreements/", "actor") == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    assert param("/api/v1/observations/", "preferred") == {"type": "boolean"}
    assert param("/api/v1/events/", "date_known") == {"type": "boolean"}
    assert param("/api/v1/actors/", "id")["pattern"].startswith("^[1-9]")
    assert param("/api/v1/actors/", "search")["maxLength"] == 200
    for path, operations in schema["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            if parameter["name"] == "page_size":
                assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": 200}, path
    reject = schema["components"]["schemas"]["Reject"]["properties"]["reason"]
    assert reject["minLength"] == 1
    article = schema["components"]["schemas"]["Article"]["properties"]["url"]
    assert article["format"] == "uri" and article["nullable"] is True


def test_an_article_without_a_url_answers_null_not_an_empty_string():
    from tests.factories import ArticleFactory

    article = ArticleFactory(url="", canonical_url="")
    row = client_for().get(f"/api/v1/articles/{article.pk}/").json()
    assert row["url"] is None and row["canonical_url"] is None
