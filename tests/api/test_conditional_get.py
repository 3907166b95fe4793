"""ETag and Last-Modified, and the 304s they allow."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from agreements.models import FeedEntry
from articles.models import Article, Evidence
from curated.feed import feed_publish
from curated.registry import curated_models
from curated.selectors import data_watermark
from relations.curation import ReviewStatus
from relations.models import ActorAlias, Metric, Relationship
from relations.services import fact_update
from tests.api.builders import client_for, editor_client, review_fields
from tests.factories import ActorFactory, MetricObservationFactory, editor

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def age_all_data() -> None:
    """Move every timestamp the watermark reads an hour back, as if nothing changed since."""
    for model in curated_models():
        model.history.model.objects.update(history_date=F("history_date") - HOUR)
    Article.objects.update(ingested_at=F("ingested_at") - HOUR)
    for model in (Evidence, ActorAlias, Metric, Relationship):
        model.objects.update(created_at=F("created_at") - HOUR)
    feed_publish()
    FeedEntry.objects.update(at=F("at") - HOUR)


def test_etag_gives_304_until_the_data_changes():
    observation = MetricObservationFactory(**review_fields(ReviewStatus.APPROVED))
    anonymous = client_for()
    first = anonymous.get("/api/v1/observations/")
    etag = first["ETag"]
    assert etag.startswith('"') and first["Vary"].count("Authorization") == 1
    again = anonymous.get("/api/v1/observations/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # A withdrawn fact changes the body, so the tag no longer matches.
    editor_client().post(f"/api/v1/observations/{observation.pk}/reject/", {"reason": "Wrong"}, format="json")
    changed = anonymous.get("/api/v1/observations/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["results"] == []
    assert changed["ETag"] != etag


def test_etag_differs_between_json_and_csv_and_detail_works_too():
    actor = ActorFactory(**review_fields(ReviewStatus.APPROVED))
    anonymous = client_for()
    as_json = anonymous.get(f"/api/v1/actors/{actor.pk}/")
    as_csv = anonymous.get(f"/api/v1/actors/{actor.pk}/", {"format": "csv"})
    assert as_json["ETag"] != as_csv["ETag"]
    assert anonymous.get(f"/api/v1/actors/{actor.pk}/", HTTP_IF_NONE_MATCH=as_json["ETag"]).status_code == 304


def test_last_modified_answers_304_without_running_the_list_and_changes_invalidate_it():
    observation = MetricObservationFactory()
    age_all_data()
    anonymous = client_for()
    first = anonymous.get("/api/v1/observations/")
    last_modified = first["Last-Modified"]
    assert last_modified == http_date(int(data_watermark().timestamp()) + 1)
    with CaptureQueriesContext(connection) as queries:
        cached = anonymous.get("/api/v1/observations/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert cached.status_code == 304
    assert len(queries) == 2, "only the pending marks and the watermark are read"
    # Approving the pending observation writes history now: no Last-Modified promise yet, full answer.
    editor_client().post(f"/api/v1/observations/{observation.pk}/approve/", {}, format="json")
    fresh = anonymous.get("/api/v1/observations/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert fresh.status_code == 200
    assert [row["id"] for row in fresh.json()["results"]] == [observation.pk]
    assert "Last-Modified" not in fresh


def test_last_modified_of_anonymous_readers_moves_only_with_public_changes():
    pending = MetricObservationFactory()
    public = MetricObservationFactory(**review_fields(ReviewStatus.APPROVED))
    age_all_data()
    anonymous, staff = client_for(), editor_client()
    seen, seen_by_staff = anonymous.get("/api/v1/observations/"), staff.get("/api/v1/observations/")
    fact_update(fact=pending, user=editor(), changes={"unit": "EUR"})
    # The pending edit is no public change: anonymous readers are still current, editors are not.
    assert anonymous.get("/api/v1/observations/", HTTP_IF_MODIFIED_SINCE=seen["Last-Modified"]).status_code == 304
    again = anonymous.get("/api/v1/observations/")
    assert again["ETag"] == seen["ETag"] and again["Last-Modified"] == seen["Last-Modified"]
    assert staff.get("/api/v1/observations/", HTTP_IF_MODIFIED_SINCE=seen_by_staff["Last-Modified"]).status_code == 200
    fact_update(fact=public, user=editor(), changes={"unit": "EUR"})
    assert anonymous.get("/api/v1/observations/", HTTP_IF_MODIFIED_SINCE=seen["Last-Modified"]).status_code == 200


def test_if_none_match_wins_over_if_modified_since():
    MetricObservationFactory(**review_fields(ReviewStatus.APPROVED))
    age_all_data()
    anonymous = client_for()
    first = anonymous.get("/api/v1/observations/")
    response = anonymous.get(
        "/api/v1/observations/", HTTP_IF_NONE_MATCH='"stale"', HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert response.status_code == 200
