"""API list pages against their floor: the same SQL through a raw psycopg cursor, serialized with orjson.

The floor is what the page could cost at best with the queries it already makes: every
statement the view ran (captured with CaptureQueriesContext, parameters bound) is executed
again through the bare psycopg connection, and the rows are turned into JSON by orjson.
Whatever the API adds on top (DRF, serializers, filters, pagination, ETag) is the ratio.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    candidates: tuple[str, ...]  # router prefixes it may be registered under
    nested: bool
    query: str = ""  # extra query string, e.g. to expand nested evidence


ENDPOINTS = (
    Endpoint("agreements", "agreements with evidence", ("agreements",), nested=True, query="include=evidence"),
    Endpoint("observations", "observations", ("observations", "metric-observations", "metricobservations"), False),
    Endpoint("articles", "articles", ("articles",), nested=False),
)
PAGE_SIZES = (1, 50, 200)


def endpoint_url(endpoint: Endpoint) -> str | None:
    """The list URL the API registered for this endpoint, or None while it has not landed."""
    try:
        from config.api_router import router
    except ImportError:
        return None
    for prefix, _viewset, basename in router.registry:
        if prefix in endpoint.candidates:
            try:
                return reverse(f"api:{basename}-list")
            except NoReverseMatch:
                return None
    return None


def page_url(base: str, endpoint: Endpoint, page_size: int) -> str:
    return f"{base}?page_size={page_size}" + (f"&{endpoint.query}" if endpoint.query else "")


def get_json(client: Client, url: str) -> Any:
    response = client.get(url, HTTP_ACCEPT="application/json")
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    return response


def captured_sql(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        get_json(client, url)
    return [q["sql"] for q in ctx.captured_queries]


def query_count(client: Client, url: str) -> int:
    return len(captured_sql(client, url))


def raw_floor(statements: list[str]) -> Callable[[], bytes]:
    """The statements through the bare psycopg connection, rows as dicts, dumped by orjson."""
    connection.ensure_connection()
    raw = connection.connection

    def run() -> bytes:
        result = []
        with raw.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description is None:
                    continue
                names = [c.name for c in cursor.description]
                result.append([dict(zip(names, values, strict=True)) for values in cursor.fetchall()])
        return orjson.dumps(result, default=str)

    return run


def subject(client: Client, url: str) -> Callable[[], bytes]:
    def run() -> bytes:
        return get_json(client, url).content

    return run
