"""The pieces of the harness that need no corpus: timing, rows, the wrk report parser, the table."""

import json

import pytest

from bench import report
from bench.load import parse_wrk
from bench.measure import ROW_KEYS, not_measured, ratio_row, row, time_pair

WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:40000
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   120.50ms   30.10ms 400.00ms   70.00%
    Req/Sec   200.00     20.00   250.00     60.00%
  Latency Distribution
     50%  110.25ms
     75%  140.00ms
     90%  180.00ms
     99%    1.20s
  812 requests in 2.01s, 4.10MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    404.00
Transfer/sec:      2.04MB
"""


def test_parse_wrk_reads_percentiles_in_any_unit_and_counts_every_kind_of_error():
    figures = parse_wrk(WRK_OUTPUT)
    assert figures["p50_ms"] == pytest.approx(110.25)
    assert figures["p99_ms"] == pytest.approx(1200.0)
    assert figures["requests"] == 812
    assert figures["throughput"] == pytest.approx(404.0)
    assert figures["socket_errors"] == 3
    assert figures["non_2xx"] == 4


def test_parse_wrk_refuses_a_report_without_latency():
    with pytest.raises(ValueError, match="50%"):
        parse_wrk("Running 2s test\n  0 requests in 2.00s, 0B read\n")


def test_time_pair_alternates_subject_and_floor_and_reports_medians():
    calls = []
    pair = time_pair(lambda: calls.append("s"), lambda: calls.append("f"), rounds=4)
    assert pair.rounds == 4
    assert calls.count("s") == calls.count("f")
    # After the warm-up, even rounds start with the subject and odd rounds with the floor.
    timed = calls[4:]
    assert timed[0] == "s" and timed[pair.repeats + pair.floor_repeats] == "f"
    assert pair.subject_ms > 0 and pair.floor_ms > 0


def test_a_slow_path_is_not_repeated_as_often_as_its_fast_floor():
    import time

    pair = time_pair(lambda: time.sleep(0.03), lambda: None, rounds=2)
    assert pair.repeats == 1  # one call already fills a sample
    assert pair.floor_repeats > 1
    assert pair.subject_ms >= 30


def test_rows_carry_every_key_and_a_missed_goal_says_so():
    class Pair:
        subject_ms, floor_ms, ratio, rounds, repeats, floor_repeats = 30.0, 10.0, 3.0, 5, 1, 2

    missed = ratio_row("page", Pair(), limit=2.0, goal="≤ 2x")
    met = ratio_row("page", Pair(), limit=3.0, goal="≤ 3x")
    absent = not_measured("later", goal="≤ 2x", why="the endpoint has not landed")
    for r in (missed, met, absent):
        assert set(ROW_KEYS) <= r.keys()
    assert (missed["meets_goal"], met["meets_goal"], absent["meets_goal"]) == (False, True, None)
    assert absent["note"] == "not measured: the endpoint has not landed"
    assert "MISSED" in report.table([missed]) and "n/a" in report.table([absent])


def test_results_are_written_as_a_json_list_of_rows(tmp_path):
    rows = [row("x", value=1.5, floor=1.0, ratio=1.5, goal="≤ 2x", meets_goal=True, unit="ms")]
    path = report.write(rows, tmp_path / "results.json")
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert loaded == rows
    assert "| x | 1.500 ms | 1.000 ms | 1.500 | ≤ 2x | yes |" in report.markdown(rows)


def _info(**extra):
    return {
        "date": "2026-01-02 03:04 UTC",
        "scale": "medium",
        "articles": 10_000,
        "rounds": 7,
        "command": "make bench",
        "machine": {"cpus": 2, "cpu_model": "AMD EPYC", "memory_gb": 23.5, "postgresql": "15.20", "python": "3.11.7"},
        "phases": {"search": 3.0, "total": 600.0},
        "load_average": [9.5, 11.0],
        **extra,
    }


def test_the_readme_section_renders_from_results_json_and_names_every_missed_goal(tmp_path):
    rows = [
        row("fast page", value=1.0, floor=1.0, ratio=1.0, goal="≤ 2x", meets_goal=True, unit="ms"),
        row("slow page", value=9.0, floor=1.0, ratio=9.0, goal="≤ 3x", meets_goal=False, unit="ms", note="why"),
        not_measured("later", goal="≤ 2x", why="the endpoint has not landed"),
    ]
    path = report.write(rows, tmp_path / "results.json", info=_info())
    loaded, info = report.load(path)
    section = report.readme_section(loaded, info)

    assert section.startswith(report.README_START) and section.endswith(report.README_END)
    assert "2026-01-02 03:04 UTC" in section and "2 CPU cores" in section and "PostgreSQL 15.20" in section
    assert "Reproduce: `make bench`" in section
    assert "| slow page | 9.000 ms | 1.000 ms | 9.000 | ≤ 3x | MISSED |" in section
    assert "- slow page: 9.000 against ≤ 3x (why)" in section
    assert "fast page:" not in section  # met goals are not listed as missed
    assert "- not measured: later" in section
    assert "total 600 s" in section
    assert "9.5 when the run started, 11 when it ended" in section


def test_the_readme_section_says_plainly_when_every_goal_was_met():
    rows = [row("fast page", value=1.0, floor=1.0, ratio=1.0, goal="≤ 2x", meets_goal=True, unit="ms")]
    assert "Every goal was met in this run." in report.readme_section(rows, _info())


def test_update_readme_replaces_only_the_text_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n## Benchmarks\n{report.README_START}\nold\n{report.README_END}\n\n## Next\n")
    report.update_readme(readme, f"{report.README_START}\nnew\n{report.README_END}")
    assert (
        readme.read_text() == f"# Title\n\n## Benchmarks\n{report.README_START}\nnew\n{report.README_END}\n\n## Next\n"
    )
    readme.write_text("# no markers\n")
    with pytest.raises(ValueError, match="markers"):
        report.update_readme(readme, "x")


def test_python_m_bench_readme_prints_the_section_without_measuring(tmp_path, capsys):
    from bench.__main__ import main

    rows = [row("page", value=2.0, floor=1.0, ratio=2.0, goal="≤ 2x", meets_goal=True, unit="ms")]
    path = report.write(rows, tmp_path / "results.json", info=_info())
    assert main(["--readme", "--results", str(path)]) == 0
    assert "| page | 2.000 ms | 1.000 ms | 2.000 | ≤ 2x | yes |" in capsys.readouterr().out
    assert main(["--readme", "--results", str(tmp_path / "missing.json")]) == 1


def test_the_ingestion_cap_applies_unless_a_page_count_is_given(monkeypatch):
    from bench.runner import INGEST_SECONDS, options_from_env

    for name in ("BENCH_INGEST_PAGES", "BENCH_INGEST_SECONDS", "BENCH_SCALE"):
        monkeypatch.delenv(name, raising=False)
    assert options_from_env().ingest_seconds == INGEST_SECONDS["medium"]
    monkeypatch.setenv("BENCH_INGEST_PAGES", "10000")
    assert options_from_env().ingest_seconds is None
    assert options_from_env().pages == 10_000
    monkeypatch.setenv("BENCH_INGEST_SECONDS", "60")
    assert options_from_env().ingest_seconds == 60
    monkeypatch.setenv("BENCH_INGEST_SECONDS", "0")
    assert options_from_env().ingest_seconds is None


def test_an_ingestion_side_that_stored_no_page_misses_its_goals_whatever_its_speed(monkeypatch):
    from bench import ingestion

    def result(stored: int, failures=()):
        return ingestion.IngestResult(
            pages=10,
            seconds=1.0,
            articles=stored,
            distinct_articles=stored,
            statuses={"new": stored, "failed": 10 - stored},
            extraction={"done": stored},
            failures=failures,
        )

    monkeypatch.setattr(ingestion, "write_pages", lambda *args, **kwargs: None)
    monkeypatch.setattr(ingestion, "ingest_with_celery", lambda *args, **kwargs: result(0, ("column missing",)))
    monkeypatch.setattr(ingestion, "ingest_in_process", lambda *args, **kwargs: result(10))
    throughput, once = ingestion.rows(pages=10, workers=2, redis_url="redis://", database_url="postgres://", seed=0)
    assert throughput["ratio"] == 1.0  # as fast as one process, but it stored nothing
    assert throughput["meets_goal"] is False and once["meets_goal"] is False
    assert "Celery stored 0 of 10 pages (failures: column missing)" in throughput["note"]

    monkeypatch.setattr(ingestion, "ingest_with_celery", lambda *args, **kwargs: result(10))
    throughput, once = ingestion.rows(pages=10, workers=2, redis_url="redis://", database_url="postgres://", seed=0)
    assert throughput["meets_goal"] is True and once["meets_goal"] is True
    assert "stored" not in throughput["note"].split(";")[0]
