"""`/observations/?metric=...&format=csv` is a time series: one row per observation."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest

from relations.curation import ReviewStatus
from tests.api.builders import client_for, review_fields
from tests.factories import (
    ArticleFactory,
    EvidenceFactory,
    MetricFactory,
    MetricObservationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
APPROVED = review_fields(ReviewStatus.APPROVED)


def test_a_metric_series_as_csv_has_one_flat_row_per_observation():
    trade = MetricFactory(name="Bilateral trade", slug="bilateral-trade")
    tass = ArticleFactory(source=SourceFactory(name="TASS feed"), site_name="TASS", url="https://tass.example/1")
    hindu = ArticleFactory(source=SourceFactory(name="The Hindu feed"), site_name="", url="https://hindu.example/2")
    first = MetricObservationFactory(
        metric=trade,
        value=Decimal("65000000000"),
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        reported_on=datetime.date(2025, 2, 1),
        is_preferred=True,
        evidence=[EvidenceFactory(article=tass), EvidenceFactory(article=hindu)],
        **APPROVED,
    )
    target = MetricObservationFactory(
        metric=trade,
        kind="target",
        value=Decimal("100000000000"),
        period_label="2030",
        period_start=datetime.date(2030, 1, 1),
        period_end=datetime.date(2030, 12, 31),
        is_preferred=False,
        evidence=[EvidenceFactory(article=tass, extractor_name="second")],
        **APPROVED,
    )
    MetricObservationFactory(metric=MetricFactory(slug="oil"), **APPROVED)  # another metric: not in the series

    response = client_for().get(
        "/api/v1/observations/", {"metric": "bilateral-trade", "format": "csv", "ordering": "period_start"}
    )
    assert response.status_code == 200, response.content
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["id"] for row in rows] == [str(first.pk), str(target.pk)]
    row = rows[0]
    assert {
        key: row[key]
        for key in ("period_start", "period_end", "kind", "value", "unit", "reported_on", "is_preferred", "source")
    } == {
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "kind": "actual",
        "value": "65000000000.0000",
        "unit": "USD",
        "reported_on": "2025-02-01",
        "is_preferred": "true",
        "source": "TASS; The Hindu feed",
    }
    assert row["source_url"] == "https://tass.example/1; https://hindu.example/2"
    assert rows[1]["is_preferred"] == "false" and rows[1]["kind"] == "target"
    # No JSON in any cell.
    assert not any(cell.startswith(("[", "{")) for table_row in rows for cell in table_row.values())
    assert len(row["evidence_ids"].split("; ")) == 2


def test_the_json_list_keeps_its_shape():
    MetricObservationFactory(**APPROVED)
    row = client_for().get("/api/v1/observations/").json()["results"][0]
    assert isinstance(row["is_preferred"], bool) and isinstance(row["evidence_ids"], list)
    assert "source" not in row
