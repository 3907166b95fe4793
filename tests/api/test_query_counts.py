"""Every list answers in the same number of queries at page sizes 1, 50 and 200: no N+1."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curated.feed import feed_publish
from relations.curation import ReviewStatus
from tests.api.builders import build_world, client_for, editor_client, review_fields
from tests.factories import ArticleFactory, MetricFactory, MetricObservationFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

LISTS = [
    ("relationships", {}),
    ("actors", {}),
    ("actors", {"include": "evidence"}),
    ("events", {}),
    ("events", {"include": "evidence"}),
    ("metrics", {}),
    ("observations", {}),
    ("observations", {"include": "evidence"}),
    ("agreements", {}),
    ("agreements", {"include": "evidence"}),
    ("status-changes", {}),
    ("status-changes", {"include": "evidence"}),
    ("articles", {}),
    ("articles", {"search": "India Russia"}),
    ("evidence", {}),
    ("changes", {}),
]


def query_count(client, path: str, params: dict) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/{path}/", params)
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize(("path", "params"), LISTS)
@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_query_count_does_not_grow_with_the_page(path, params, who, settings):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    build_world(copies=2)
    ArticleFactory.create_batch(2)
    RelationshipFactory(country_a="CN", country_b="IN", name="China–India", slug="cn-in")
    MetricObservationFactory(
        metric=MetricFactory(name="oil imports", slug="oil-imports"), **review_fields(ReviewStatus.APPROVED)
    )
    client = client_for() if who == "anonymous" else editor_client()
    feed_publish()  # what the writes above marked: the first read would publish it
    counts = {}
    for size in (1, 50, 200):
        counts[size], rows = query_count(client, path, {**params, "page_size": size})
        if size == 1:
            assert rows == 1
        else:
            assert rows > 1, "the page must hold several rows for the comparison to mean anything"
    assert counts[1] == counts[50] == counts[200], counts
