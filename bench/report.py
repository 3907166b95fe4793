"""The terminal table, results.json, and the machine the figures were taken on."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

from django.db import connection

RESULTS = Path(__file__).resolve().parent / "results.json"
# What the rows were measured on: machine, date, scale, options, seconds per phase (beside results.json).
RUN_INFO = RESULTS.with_name("run.json")
README_START = "<!-- bench:start (python -m bench --readme --update README.md) -->"
README_END = "<!-- bench:end -->"


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gb": memory_gb,
        "postgresql": postgres,
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _verdict(meets: bool | None) -> str:
    return {True: "yes", False: "MISSED", None: "n/a"}[meets]


def table(rows: list[dict[str, Any]]) -> str:
    """A plain-text table: one line per row, the note (why, what was compared) beneath it."""
    header = ("path", "value", "floor", "ratio", "unit", "goal", "meets")
    lines = [
        (
            r["name"],
            _cell(r["value"]),
            _cell(r["floor"]),
            _cell(r["ratio"]),
            r.get("unit", ""),
            r["goal"],
            _verdict(r["meets_goal"]),
        )
        for r in rows
    ]
    widths = [min(max(len(str(x[i])) for x in [header, *lines]), 70) for i in range(len(header))]
    out = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    for r, line in zip(rows, lines, strict=True):
        out.append("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)))
        if r.get("note"):
            out.append(f"    ↳ {r['note']}")
    return "\n".join(out)


def markdown(rows: list[dict[str, Any]]) -> str:
    """The same rows as a Markdown table, for the README."""
    out = ["| path | value | floor | ratio | goal | met |", "|---|---|---|---|---|---|"]
    for r in rows:
        unit = f" {r['unit']}" if r.get("unit") and r["value"] is not None else ""
        floor_unit = f" {r['unit']}" if r.get("unit") and r["floor"] is not None else ""
        out.append(
            f"| {r['name']} | {_cell(r['value'])}{unit} | {_cell(r['floor'])}{floor_unit} | {_cell(r['ratio'])} "
            f"| {r['goal']} | {_verdict(r['meets_goal'])} |"
        )
    return "\n".join(out)


def write(rows: list[dict[str, Any]], path: Path = RESULTS, *, info: dict[str, Any] | None = None) -> Path:
    """results.json (a list of rows); with `info`, run.json beside it (machine, date, options, phases)."""
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if info is not None:
        path.with_name(RUN_INFO.name).write_text(
            json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return path


def load(path: Path = RESULTS) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The rows of a results.json and the run.json beside it ({} when there is none)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    info_path = path.with_name(RUN_INFO.name)
    info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {}
    return rows, info


def readme_section(rows: list[dict[str, Any]], info: dict[str, Any]) -> str:
    """The README's figures: when, on what, how to reproduce, the table, and every missed goal in words."""
    out = [README_START]
    machine_info = info.get("machine") or {}
    if info:
        out.append(
            f"Measured {info.get('date', '?')} at scale `{info.get('scale', '?')}` "
            f"({info.get('articles', 0):,} articles), {info.get('rounds', '?')} alternating rounds, "
            f"in {info.get('phases', {}).get('total', 0) / 60:.1f} minutes, on {machine_info.get('cpus', '?')} CPU "
            f"cores ({machine_info.get('cpu_model', '?')}), {machine_info.get('memory_gb', '?')} GiB RAM, "
            f"PostgreSQL {machine_info.get('postgresql', '?')}, Python {machine_info.get('python', '?')}."
        )
        if info.get("load_average"):
            before, after = info["load_average"]
            out.append("")
            out.append(
                f"Load average (5 min) on the machine: {before:g} when the run started, {after:g} when it ended "
                f"({machine_info.get('cpus', '?')} cores)."
            )
        if info.get("note"):
            out.append("")
            out.append(info["note"])
        out.append("")
        out.append(f"Reproduce: `{info.get('command', 'make bench')}`")
        out.append("")
    out.append(markdown(rows))
    missed = [r for r in rows if r["meets_goal"] is False]
    unmeasured = [r for r in rows if r["meets_goal"] is None and r["value"] is None]
    out.append("")
    if missed:
        out.append(f"**Goals missed in this run ({len(missed)}):**")
        # The note's first clause says what was compared or what went wrong; the table's notes say the rest.
        out.extend(
            f"- {r['name']}: {_cell(r['ratio'] if r['ratio'] is not None else r['value'])}"
            f" against {r['goal']}" + (f" ({r['note'].split('; ')[0]})" if r.get("note") else "")
            for r in missed
        )
    else:
        out.append("Every goal was met in this run.")
    if unmeasured:
        out.append("")
        out.extend(f"- not measured: {r['name']} ({r['note']})" for r in unmeasured)
    if info.get("phases"):
        out.append("")
        out.append("Time per phase: " + ", ".join(f"{k} {v:.0f} s" for k, v in info["phases"].items()) + ".")
    out.append(README_END)
    return "\n".join(out)


def update_readme(readme: Path, section: str) -> None:
    """Replace what lies between the README's bench markers (markers included) with `section`."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"{readme} has no {README_START!r} ... {README_END!r} markers")
    readme.write_text(text[:start] + section + text[end + len(README_END) :], encoding="utf-8")
