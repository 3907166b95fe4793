"""A paginator for admin changelists over tables that grow without bound.

An unfiltered list of a large PostgreSQL table uses the planner's row estimate
(`pg_class.reltuples`) instead of COUNT(*); a filtered list counts at most `COUNT_CAP`
rows, so a broad filter cannot turn into a full scan either.

Either way the count is one query: unfiltered, the estimate and the capped exact count are
asked together, and PostgreSQL runs the count (an uncorrelated subquery, evaluated only
when needed) only when the estimate is below `ESTIMATE_ABOVE`. So a changelist costs the
same number of queries whatever the size of its table.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Below this many rows an exact count is cheap and nicer to read.
ESTIMATE_ABOVE = 10_000
# A filtered changelist counts this many rows at most; pages beyond are not offered.
COUNT_CAP = 50_000


def estimate_or_capped_count(queryset: QuerySet[Any]) -> int:
    """The table's estimate when it is at least ESTIMATE_ABOVE, else the capped exact count: one query."""
    capped = queryset.order_by().values("pk")[:COUNT_CAP]
    sql, params = capped.query.sql_with_params()
    connection = connections[queryset.db]
    # `sql` is the ORM's own compiled query, its values passed as parameters.
    count = f"(SELECT COUNT(*) FROM ({sql}) AS capped)"  # noqa: S608
    statement = f"SELECT CASE WHEN c.reltuples >= %s THEN c.reltuples::bigint ELSE {count} END"
    statement += " FROM pg_class c WHERE c.oid = %s::regclass"
    with connection.cursor() as cursor:
        cursor.execute(statement, [ESTIMATE_ABOVE, *params, queryset.model._meta.db_table])
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return queryset.order_by()[:COUNT_CAP].count()
    return int(row[0])


class EstimatedCountPaginator(Paginator):  # type: ignore[type-arg]  # generic in the stubs only
    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is None:
            return super().count
        queryset = cast("QuerySet[Any]", queryset)
        if not query.where and connections[queryset.db].vendor == "postgresql":
            return estimate_or_capped_count(queryset)
        return queryset.order_by()[:COUNT_CAP].count()
