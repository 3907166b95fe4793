"""The terminal table, results.json, and the machine the figures were taken on."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

from django.db import connection

RESULTS = Path(__file__).resolve().parent / "results.json"


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


def write(rows: list[dict[str, Any]], path: Path = RESULTS) -> Path:
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
