"""`make bench` at a tiny scale, in-process against the test database, so that it cannot rot.

It runs every step of the harness for real (corpus, API and admin pages, search,
extraction, gunicorn under wrk, Celery workers on Redis) and checks that each row is well
formed and that no step failed. Figures on a test run mean nothing: no timing is asserted.
"""

import json
import numbers
import re

import pytest
from django.conf import settings

from bench import report
from bench.measure import ROW_KEYS
from bench.runner import Options, run

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _well_formed(r: dict) -> None:
    assert set(ROW_KEYS) <= r.keys(), r
    assert isinstance(r["name"], str) and r["name"], r
    assert isinstance(r["goal"], str) and r["goal"], r
    assert r["meets_goal"] in (True, False, None), r
    for key in ("value", "floor", "ratio"):
        assert r[key] is None or isinstance(r[key], numbers.Real), r
    if r["meets_goal"] is None:
        # Nothing to judge: either not measured (and why), or a figure reported without a threshold.
        assert (r["value"] is None and r["note"].startswith("not measured: ")) or r["floor"] is None, r
    assert not r.get("note", "").startswith("failed:"), f"{r['name']}: {r['note']}"


def test_the_whole_benchmark_runs_at_tiny_scale_and_every_row_is_well_formed(tmp_path, monkeypatch):
    # Two gunicorn workers (not 2 x cores + 1) still serve concurrently and boot in half the time.
    monkeypatch.setenv("BENCH_GUNICORN_WORKERS", "2")
    options = Options(
        scale="tiny",
        rounds=2,
        load_seconds=2,
        load_connections=10,
        ingest_pages=4,
        registry_pages_given=4,
        extraction_articles=20,
        redis_url=settings.REDIS_URL,
    )
    said, phases = [], {}
    rows = run(options, say=said.append, phases=phases)
    print("phases (s):", phases)  # shown with -rA: where the smoke test spends its time

    for r in rows:
        _well_formed(r)
    names = " | ".join(r["name"] for r in rows)
    for expected in (
        "corpus: generate 100 articles",
        "API list page of 50: agreements with evidence",
        "API list page of 50: observations",
        "API list page of 50: articles",
        "admin changelist: agreements",
        "admin review queue",
        "queries per request",
        "cost at 100 vs 10 articles",
        "article full-text search",
        "search vs icontains scan",
        "search plan uses the GIN index",
        "extraction",
        "HTTP load",
        "ingestion of 4 local HTML pages",
        "ingestion against the registry: pages/s at 100 vs 10 articles",
        "ingestion with 10% slow sources",
    ):
        assert expected in names, f"no row for {expected!r}"
    assert said[-1].startswith("Benchmark done")
    assert set(phases) >= {
        "corpus, smaller size",
        "pages, full size",
        "search",
        "HTTP load",
        "ingestion",
        "slow sources",
        "registry",
        "total",
    }
    registry = next(r for r in rows if r["name"].startswith("ingestion against the registry"))
    assert not re.search(r"\b0 stored", registry["note"]), registry["note"]  # its pages were ingested at both sizes
    stored_once = next(r for r in rows if r["name"].endswith("every page stored once"))
    assert stored_once["meets_goal"] is True
    load_errors = next(r for r in rows if r["name"].startswith("HTTP load") and r["name"].endswith("errors"))
    assert load_errors["value"] == 0

    path = report.write(rows, tmp_path / "results.json")
    assert json.loads(path.read_text(encoding="utf-8")) == rows
    assert report.table(rows).count("\n") >= len(rows)
