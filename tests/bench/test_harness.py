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
    assert timed[0] == "s" and timed[pair.repeats * 2] == "f"
    assert pair.subject_ms > 0 and pair.floor_ms > 0


def test_rows_carry_every_key_and_a_missed_goal_says_so():
    class Pair:
        subject_ms, floor_ms, ratio, rounds, repeats = 30.0, 10.0, 3.0, 5, 1

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
