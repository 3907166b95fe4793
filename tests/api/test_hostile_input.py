"""Hostile query parameters get a 400 that says what is wrong, never a 500."""

from __future__ import annotations

import pytest

from common.api.renderers import neutralise
from relations.curation import ReviewStatus
from tests.api.builders import client_for, review_fields
from tests.factories import ActorFactory, AgreementFactory, ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "params", "key"),
    [
        ("actors", {"nmae": "x"}, "nmae"),
        ("actors", {"name__startswith": "x"}, "name__startswith"),
        ("actors", {"merged_into__review_status": "pending"}, "merged_into__review_status"),
        ("events", {"date_after": "2025-13-45"}, "date_after"),
        ("events", {"date_after": "yesterday"}, "date_after"),
        ("agreements", {"updated_since": "not a date"}, "updated_since"),
        ("agreements", {"updated_since": "0001-01-01T00:00:00+15:00"}, "updated_since"),
        ("agreements", {"id": "1,2,x"}, "id"),
        ("agreements", {"id": "1;DELETE FROM agreements_agreement"}, "id"),
        ("agreements", {"id": "99999999999999999999"}, "id"),
        ("agreements", {"id": ",".join(["1"] * 201)}, "id"),
        ("agreements", {"id": "1,²"}, "id"),
        ("agreements", {"page_size": "²"}, "page_size"),
        ("agreements", {"actor": "99999999999999999999"}, "actor"),
        ("agreements", {"sector": "' OR 1=1 --"}, "sector"),
        ("agreements", {"status": "approved"}, "status"),
        ("observations", {"preferred": "maybe"}, "preferred"),
        ("actors", {"search": "x" * 1001}, "search"),
        ("actors", {"include": "everything"}, "include"),
        ("actors", {"format": "xlsx"}, "format"),
        ("changes", {"format": "AAA"}, "format"),
        ("changes", {"since": "soon"}, "since"),
        ("changes", {"cursor": "%%%"}, "cursor"),
        ("changes", {"page_size": "100000"}, "page_size"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(path, params, key):
    response = client_for().get(f"/api/v1/{path}/", params)
    assert response.status_code == 400, response.content
    body = response.json()["errors"]
    assert key in body
    assert body[key] and all(isinstance(message, str) and message for message in body[key])


@pytest.mark.parametrize("path", ["actors", "agreements", "articles", "changes", "actors/1"])
def test_nul_bytes_are_refused(path):
    response = client_for().get(f"/api/v1/{path}/", {"search": "India\x00Russia"})
    assert response.status_code == 400
    assert "NUL" in response.json()["errors"]["query"][0]


@pytest.mark.parametrize(
    "text", ["' OR '1'='1", '"); DROP TABLE articles_article; --', "!!!", "&|:*()<>", "-", "\\", "🙂"]
)
def test_injection_and_tsquery_syntax_in_search_are_just_text(text):
    AgreementFactory(title="Oil deal", **review_fields(ReviewStatus.APPROVED))
    ArticleFactory(title="Oil deal signed", text="India and Russia signed an oil deal.")
    anonymous = client_for()
    for path in ("agreements", "articles", "actors", "events"):
        response = anonymous.get(f"/api/v1/{path}/", {"search": text})
        assert response.status_code == 200, (path, response.content)
        assert response.json()["results"] == []


@pytest.mark.parametrize("path", ["actors/abc/", "actors/-1/", "actors/1.5/", "actors/99999999999999999999/"])
def test_malformed_ids_are_404_not_500(path):
    ActorFactory(**review_fields(ReviewStatus.APPROVED))
    response = client_for().get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"  # like every API error, not an HTML page
    assert response.json()["detail"] == "Not found."


def test_writes_other_than_review_are_not_allowed():
    actor = ActorFactory(**review_fields(ReviewStatus.APPROVED))
    from tests.api.builders import editor_client

    editor = editor_client()
    # Deny by default: the permission refuses before the method is even looked at.
    for method in ("put", "patch", "delete"):
        response = getattr(editor, method)(f"/api/v1/actors/{actor.pk}/", {"name": "x"}, format="json")
        assert response.status_code in (403, 405)
    assert editor.post("/api/v1/actors/", {"name": "x"}, format="json").status_code in (403, 405)
    actor.refresh_from_db()
    assert actor.name != "x"


def test_csv_cells_that_spreadsheets_would_run_are_neutralised():
    for n, title in enumerate(['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain"]):
        AgreementFactory(title=title, key=f"k{n}", **review_fields(ReviewStatus.APPROVED))
    response = client_for().get("/api/v1/agreements/", {"format": "csv", "ordering": "id"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert text.splitlines()[0].startswith("id,relationship,title,")
    for dangerous in ("=HYPERLINK", "+1", "-2", "@SUM(A1)"):
        assert f"'{dangerous}" in text
        assert f",{dangerous}" not in text
    assert ",'\tx," in text and ",plain," in text
    assert neutralise("\rx") == "'\rx" and neutralise("a=b") == "a=b"


def test_csv_and_json_exports_of_a_list_hold_the_same_rows():
    for n in range(3):
        ActorFactory(name=f"Actor {n}", slug=f"actor-{n}", **review_fields(ReviewStatus.APPROVED))
    anonymous = client_for()
    as_json = anonymous.get("/api/v1/actors/", {"format": "json"}).json()["results"]
    as_csv = anonymous.get("/api/v1/actors/", {"format": "csv"}).content.decode().splitlines()
    assert len(as_csv) == 1 + len(as_json)
    assert [line.split(",")[0] for line in as_csv[1:]] == [str(row["id"]) for row in as_json]


EXPORTED_LISTS = [
    "relationships",
    "actors",
    "agreements",
    "status-changes",
    "metrics",
    "observations",
    "events",
    "articles",
    "evidence",
    "changes",
]


@pytest.mark.parametrize("path", EXPORTED_LISTS)
def test_every_list_exports_the_same_rows_as_csv_and_json(path, settings):
    import csv
    import io

    from tests.api.builders import build_world

    settings.API_CHANGES_SETTLE_SECONDS = 0
    build_world(copies=2)
    anonymous = client_for()
    as_json = anonymous.get(f"/api/v1/{path}/", {"format": "json", "page_size": 3})
    as_csv = anonymous.get(f"/api/v1/{path}/", {"format": "csv", "page_size": 3})
    assert as_json.status_code == as_csv.status_code == 200
    assert as_csv["Content-Type"].startswith("text/csv")
    rows = as_json.json()["results"]
    assert rows, "the list must hold rows for the comparison to mean anything"
    table = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
    assert [row["id"] for row in table] == [str(row["id"]) for row in rows]
    # A CSV page has no body for `next`: the Link header carries it, as for JSON.
    if as_json.json()["next"]:
        assert as_csv["Link"] == f'<{as_json.json()["next"].replace("format=json", "format=csv")}>; rel="next"'


@pytest.mark.parametrize("param", ["updated_since", "search", "kind", "page_size", "cursor"])
def test_an_empty_value_is_a_400_not_an_unfiltered_list(param):
    response = client_for().get(f"/api/v1/actors/?{param}=")
    assert response.status_code == 400
    assert "Empty value" in response.json()["errors"][param][0]
