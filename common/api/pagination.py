"""Keyset ("cursor") pagination over (one ordering field, id): stable under inserts, no COUNT(*).

DRF's CursorPagination keys on the first ordering field alone and breaks on NULLs; this
keys on the pair, so a row inserted while a consumer pages appears in its place without
shifting or repeating any other row, and NULLs sort last in either direction.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_CURSOR_LENGTH = 500


@dataclass(frozen=True)
class Ordering:
    """A public ordering name, the ORM field it sorts on, its direction and nullability."""

    name: str
    field: str
    descending: bool
    nullable: bool

    @property
    def key(self) -> str:
        return f"-{self.name}" if self.descending else self.name

    def order_by(self) -> list[OrderBy | str]:
        # NULLS LAST only where NULLs can occur: on a NOT NULL column it would stop PostgreSQL
        # from reading a descending page straight off the (column, id) index.
        nulls_last = True if self.nullable else None
        primary = (
            F(self.field).desc(nulls_last=nulls_last) if self.descending else F(self.field).asc(nulls_last=nulls_last)
        )
        return [primary, "-id" if self.descending else "id"] if self.field != "id" else [primary]


def _encode_value(value: object) -> list[str]:
    if value is None:
        return ["null", ""]
    if isinstance(value, bool):
        return ["bool", "1" if value else "0"]
    if isinstance(value, int):
        return ["int", str(value)]
    if isinstance(value, float):
        return ["float", repr(value)]
    if isinstance(value, Decimal):
        return ["dec", str(value)]
    if isinstance(value, datetime.datetime):
        return ["dt", value.isoformat()]
    if isinstance(value, datetime.date):
        return ["date", value.isoformat()]
    return ["str", str(value)]


def _decode_value(tag: str, text: str) -> object:
    """Parse a cursor value; anything a page could not have produced raises ValueError."""
    if not isinstance(text, str) or "\x00" in text:
        raise ValueError("bad cursor value")
    value = _parse_value(tag, text)
    if isinstance(value, Decimal) and not (value.is_finite() and abs(value) < 10**30):
        raise ValueError("decimal out of range")
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        raise ValueError("integer out of range")
    if isinstance(value, float) and value != value:  # NaN
        raise ValueError("not a number")
    return value


def _parse_value(tag: str, text: str) -> object:
    parsers: dict[str, Callable[[str], object]] = {
        "null": lambda _: None,
        "bool": lambda t: t == "1",
        "int": int,
        "float": float,
        "dec": Decimal,
        "dt": datetime.datetime.fromisoformat,
        "date": datetime.date.fromisoformat,
        "str": str,
    }
    return parsers[tag](text)


def encode_cursor(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(raw: str) -> dict[str, Any]:
    """The payload of a cursor this server issued; anything else is a 400."""
    if len(raw) > MAX_CURSOR_LENGTH:
        raise ValidationError({"cursor": ["Invalid cursor: too long."]})
    try:
        payload = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValidationError({"cursor": ["Invalid cursor: use the `next` link of a previous page."]}) from None
    if not isinstance(payload, dict):
        raise ValidationError({"cursor": ["Invalid cursor: use the `next` link of a previous page."]})
    return payload


def parse_page_size(request: Request) -> int:
    raw = request.query_params.get("page_size")
    if raw is None:
        return DEFAULT_PAGE_SIZE
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise ValidationError({"page_size": [f"Must be an integer from 1 to {MAX_PAGE_SIZE}."]})
    return int(raw)


def keyset_filter(ordering: Ordering, value: object, last_id: int) -> Q:
    """Rows strictly after (value, last_id) in the order `ordering.order_by()` gives."""
    after, id_after = ("lt", "lt") if ordering.descending else ("gt", "gt")
    if ordering.field == "id":
        return Q(**{f"id__{id_after}": last_id})
    if value is None:
        # Already among the trailing NULLs: only later ids with NULL remain.
        return Q(**{f"{ordering.field}__isnull": True, f"id__{id_after}": last_id})
    q = Q(**{f"{ordering.field}__{after}": value}) | Q(**{ordering.field: value, f"id__{id_after}": last_id})
    if ordering.nullable:
        q |= Q(**{f"{ordering.field}__isnull": True})
    return q


class KeysetPagination(BasePagination):
    """`?page_size=` (1–200, default 50), `?ordering=` among the view's fields, `?cursor=` from `next`."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"

    def get_ordering(self, request: Request, view: Any) -> Ordering:
        choices: dict[str, tuple[str, bool]] = view.get_ordering_fields()
        raw: str = request.query_params.get(self.ordering_query_param) or view.get_default_ordering(request)
        name = raw.removeprefix("-")
        if name not in choices:
            allowed = ", ".join(sorted(choices))
            raise ValidationError({"ordering": [f"Unknown ordering. Choose one of: {allowed} (prefix - to reverse)."]})
        field, nullable = choices[name]
        return Ordering(name=name, field=field, descending=raw.startswith("-"), nullable=nullable)

    def paginate_queryset(  # type: ignore[override]  # a queryset only: the keyset is a filter
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any]:
        self.request = request
        self.page_size = parse_page_size(request)
        self.ordering = self.get_ordering(request, view)
        queryset = queryset.order_by(*self.ordering.order_by())
        raw_cursor = request.query_params.get(self.cursor_query_param)
        if raw_cursor:
            payload = decode_cursor(raw_cursor)
            if payload.get("o") != self.ordering.key:
                raise ValidationError({"cursor": ["This cursor belongs to another ordering; start again without it."]})
            try:
                tag, text = payload["v"]
                value = _decode_value(tag, text)
                last_id = int(payload["i"])
            except (KeyError, TypeError, ValueError, InvalidOperation):
                raise ValidationError({"cursor": ["Invalid cursor: use the `next` link of a previous page."]}) from None
            if not 0 < last_id < 2**63:
                raise ValidationError({"cursor": ["Invalid cursor position."]})
            try:
                queryset = queryset.filter(keyset_filter(self.ordering, value, last_id))
            except (DjangoValidationError, TypeError, ValueError):
                raise ValidationError({"cursor": ["Invalid cursor position."]}) from None
        rows = list(queryset[: self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        rows = rows[: self.page_size]
        self.next_cursor = self._cursor_after(rows[-1]) if self.has_next else None
        return rows

    def _cursor_after(self, row: Any) -> str:
        value = getattr(row, self.ordering.field) if self.ordering.field != "id" else row.pk
        return encode_cursor({"o": self.ordering.key, "v": _encode_value(value), "i": row.pk})

    def get_next_link(self) -> str | None:
        if self.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_paginated_response(self, data: Any) -> Response:
        next_link = self.get_next_link()
        headers = {"Link": f'<{next_link}>; rel="next"'} if next_link else None
        return Response({"next": next_link, "results": data}, headers=headers)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page, or null on the last one.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        choices = sorted(view.get_ordering_fields())
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "Opaque position from a previous page's `next` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Items per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                "name": self.ordering_query_param,
                "in": "query",
                "required": False,
                "description": "Sort key; prefix with - for descending. Ties break on id.",
                "schema": {"type": "string", "enum": [*choices, *(f"-{c}" for c in choices)]},
            },
        ]
