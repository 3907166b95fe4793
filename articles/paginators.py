"""A paginator for admin changelists over tables that grow without bound.

An unfiltered list of a large PostgreSQL table uses the planner's row estimate
(`pg_class.reltuples`) instead of COUNT(*); a filtered list counts at most `COUNT_CAP`
rows, so a broad filter cannot turn into a full scan either.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows an exact count is cheap and nicer to read.
ESTIMATE_ABOVE = 10_000
# A filtered changelist counts this many rows at most; pages beyond are not offered.
COUNT_CAP = 50_000


def table_row_estimate(model, using: str = "default") -> int | None:
    """The planner's estimate of a table's rows on PostgreSQL, or None (other databases, never analyzed)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    if row is None or row[0] is None or row[0] < 0:
        return None
    return int(row[0])


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is None:
            return super().count
        if not query.where:
            estimate = table_row_estimate(queryset.model, queryset.db)
            if estimate is not None and estimate >= ESTIMATE_ABOVE:
                return estimate
        return queryset.order_by()[:COUNT_CAP].count()
