"""CSV export of any list or object, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer

# A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_PREFIXES) else cell


LIST_SEPARATOR = "; "


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as JSON spells them, not Python's True/False
    return str(value)


def _flatten(item: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested objects become dotted columns; lists of values one cell joined with `; `
    (ids, names, URLs); lists of objects (status history, parties) one JSON cell."""
    flat: dict[str, str] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list) and any(isinstance(part, dict | list) for part in value):
            flat[name] = json.dumps(value, ensure_ascii=False, default=str)
        elif isinstance(value, list):
            flat[name] = LIST_SEPARATOR.join(_cell(part) for part in value)
        else:
            flat[name] = _cell(value)
    return flat


class CSVRenderer(BaseRenderer):
    """`?format=csv`: a list page's results (the next page is in the `Link` header) or one object."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Mapping[str, Any] | None = None
    ) -> bytes:
        if data is None:
            return b""
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        flat_rows = [_flatten(row) if isinstance(row, dict) else {"value": str(row)} for row in rows]
        columns: dict[str, None] = {}
        for row in flat_rows:
            columns.update(dict.fromkeys(row))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([neutralise(column) for column in columns])
        for row in flat_rows:
            writer.writerow([neutralise(row.get(column, "")) for column in columns])
        return out.getvalue().encode(self.charset)
