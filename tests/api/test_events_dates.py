"""Events by date: `date_known`, and date ranges that place an undated event at the date of
the articles reporting it (the seed events are undated)."""

from __future__ import annotations

import datetime

import pytest

from relations.curation import ReviewStatus
from tests.api.builders import client_for, review_fields
from tests.factories import ArticleFactory, EventFactory, EvidenceFactory

pytestmark = pytest.mark.django_db
APPROVED = review_fields(ReviewStatus.APPROVED)


def reported_on(*days: datetime.date | None) -> list:
    return [EvidenceFactory(article=ArticleFactory(published_on=day)) for day in days]


@pytest.fixture
def events():
    return {
        "dated_2025": EventFactory(
            date=datetime.date(2025, 3, 1), evidence=reported_on(datetime.date(2024, 1, 1)), **APPROVED
        ),
        "dated_2024": EventFactory(
            date=datetime.date(2024, 6, 1), evidence=reported_on(datetime.date(2025, 1, 1)), **APPROVED
        ),
        "undated_reported_2025": EventFactory(date=None, evidence=reported_on(datetime.date(2025, 5, 5)), **APPROVED),
        "undated_reported_2023": EventFactory(date=None, evidence=reported_on(datetime.date(2023, 5, 5)), **APPROVED),
        "undated_unreported": EventFactory(date=None, evidence=reported_on(None), **APPROVED),
        # Reported twice, in 2023 and in 2026: no one article within 2025.
        "undated_straddling": EventFactory(
            date=None, evidence=reported_on(datetime.date(2023, 1, 1), datetime.date(2026, 1, 1)), **APPROVED
        ),
    }


def names(events, params) -> set[str]:
    response = client_for().get("/api/v1/events/", {**params, "page_size": 200})
    assert response.status_code == 200, response.content
    found = {row["id"] for row in response.json()["results"]}
    return {name for name, event in events.items() if event.pk in found}


def test_date_known_splits_dated_from_undated_events(events):
    assert names(events, {"date_known": "true"}) == {"dated_2025", "dated_2024"}
    assert names(events, {"date_known": "false"}) == {
        "undated_reported_2025",
        "undated_reported_2023",
        "undated_unreported",
        "undated_straddling",
    }


def test_a_date_range_takes_an_undated_event_at_its_articles_date(events):
    year_2025 = {"date_after": "2025-01-01", "date_before": "2025-12-31"}
    # The event's own date wins where known (dated_2024 was reported in 2025: not in 2025).
    assert names(events, year_2025) == {"dated_2025", "undated_reported_2025"}
    assert names(events, {**year_2025, "date_known": "true"}) == {"dated_2025"}
    assert names(events, {"date_after": "2025-01-01"}) == {"dated_2025", "undated_reported_2025", "undated_straddling"}
    assert names(events, {"date_before": "2023-12-31"}) == {"undated_reported_2023", "undated_straddling"}


def test_date_known_must_be_true_or_false():
    response = client_for().get("/api/v1/events/", {"date_known": "yes"})
    assert response.status_code == 400
    assert "date_known" in response.json()["errors"]
