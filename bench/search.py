"""Full-text search: `ArticleQuerySet.search` against the raw tsquery SQL, and against an icontains scan.

Both sides return the same first page: 50 articles (the same columns), best rank first,
each with its rank and ts_headline snippet computed with the queryset's own options, so the
ratio is the ORM's cost and not a difference in work. The icontains scan is what search
would be without the stored vector: the first 50 articles whose title or text contains the
word, newest first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from articles.models import Article

# A word the corpus uses in about one article in a hundred (a rare topic, in no agreement's name):
# selective, as real searches are.
QUERY = "icebreaker"
PAGE = 50
COLUMNS = ("id", "title", "canonical_url", "published_on", "site_name")
GIN_INDEX = "articles_article_search_vector_gin"


def available() -> bool:
    return hasattr(Article.objects.all(), "search")


def subject(query: str = QUERY) -> Callable[[], list[Any]]:
    def run() -> list[Any]:
        rows = Article.objects.search(query).order_by("-rank", "-id").only(*COLUMNS)[:PAGE]
        return [(a.pk, a.title, a.rank, a.headline) for a in rows]

    return run


def raw_floor(query: str = QUERY) -> Callable[[], list[Any]]:
    from articles import querysets

    text_limit = getattr(querysets, "HEADLINE_TEXT_LIMIT", 100_000)
    options = getattr(querysets, "HEADLINE_OPTIONS", "")
    sql = f"""
        SELECT {", ".join(f"a.{c}" for c in COLUMNS)},
               ts_rank(a.search_vector, q)::float8 AS rank,
               ts_headline('english', a.title || E'\\n' || left(a.text, %s), q, %s) AS headline
        FROM articles_article a, websearch_to_tsquery('english', %s) q
        WHERE a.search_vector @@ q
        ORDER BY rank DESC, a.id DESC
        LIMIT %s
    """
    connection.ensure_connection()
    raw = connection.connection

    def run() -> list[Any]:
        with raw.cursor() as cursor:
            cursor.execute(sql, [text_limit, options, query, PAGE])
            return cursor.fetchall()

    return run


def icontains_scan(query: str = QUERY) -> Callable[[], list[Any]]:
    def run() -> list[Any]:
        rows = Article.objects.filter(Q(title__icontains=query) | Q(text__icontains=query)).order_by("-id")
        return list(rows.only(*COLUMNS)[:PAGE])

    return run


def plan(query: str = QUERY) -> str:
    """EXPLAIN of the statements the search queryset runs, joined."""
    with CaptureQueriesContext(connection) as ctx:
        subject(query)()
    lines = []
    with connection.cursor() as cursor:
        for captured in ctx.captured_queries:
            cursor.execute("EXPLAIN " + captured["sql"])
            lines.extend(r[0] for r in cursor.fetchall())
    return "\n".join(lines)


def matches(query: str = QUERY) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM articles_article WHERE search_vector @@ websearch_to_tsquery('english', %s)", [query]
        )
        return cursor.fetchone()[0]
