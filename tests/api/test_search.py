"""Full-text search on the stored vector: ranked, highlighted, escaped, bounded."""

from __future__ import annotations

import pytest

from articles.models import Article
from tests.api.builders import client_for
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_results_are_ranked_title_hits_first_with_escaped_highlighted_snippets():
    in_text = ArticleFactory(
        title="Weekly digest", text="Among other news, an R&D pipeline deal (costs < 5%) was discussed."
    )
    in_title = ArticleFactory(title="Pipeline deal signed", text="India and Russia agreed on a pipeline.")
    ArticleFactory(title="Unrelated", text="Cricket scores.")
    body = client_for().get("/api/v1/articles/", {"search": "pipelines"}).json()
    assert [row["id"] for row in body["results"]] == [in_title.pk, in_text.pk]
    ranks = [row["rank"] for row in body["results"]]
    assert ranks[0] > ranks[1] > 0
    snippet = next(row["snippet"] for row in body["results"] if row["id"] == in_text.pk)
    assert "R&amp;D" in snippet and "&lt; 5%" in snippet
    assert "<mark>pipeline</mark>" in snippet


def test_web_search_syntax_phrases_and_exclusions():
    oil = ArticleFactory(title="Oil imports", text="Russian crude oil imports rose.")
    ArticleFactory(title="Oil and gas", text="Gas pipeline and oil field.")
    ids = [row["id"] for row in client_for().get("/api/v1/articles/", {"search": '"crude oil" -gas'}).json()["results"]]
    assert ids == [oil.pk]


def test_search_pages_follow_the_rank_with_a_stable_cursor():
    articles = [ArticleFactory(title=f"Defence {n}", text="defence " * (n + 1)) for n in range(5)]
    client = client_for()
    seen, response = [], client.get("/api/v1/articles/", {"search": "defence", "page_size": 2})
    for _ in range(5):
        body = response.json()
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        response = client.get(body["next"])
    assert sorted(seen) == sorted(article.pk for article in articles)
    assert len(seen) == len(set(seen))


def test_ranking_is_bounded_to_the_best_candidates():
    for n in range(4):
        ArticleFactory(title=f"Summit {n}", text="summit " * (n + 1))
    found = Article.objects.search("summit", candidates=2)
    assert found.count() == 2
    assert set(found.values_list("title", flat=True)) == {"Summit 2", "Summit 3"}


def test_detail_carries_the_text_and_lists_do_not():
    article = ArticleFactory(title="Text", text="Full text here.")
    client = client_for()
    assert client.get(f"/api/v1/articles/{article.pk}/").json()["text"] == "Full text here."
    assert "text" not in client.get("/api/v1/articles/").json()["results"][0]


def test_snippets_escape_everything_but_our_markers():
    from articles.api.serializers import snippet_html
    from articles.querysets import HEADLINE_START, HEADLINE_STOP

    raw = f"<script>alert(1)</script> {HEADLINE_START}oil{HEADLINE_STOP} & gas"
    assert snippet_html(raw) == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>oil</mark> &amp; gas"
    assert snippet_html(None) is None


def test_search_reads_the_stored_generated_vector_through_its_gin_index():
    from django.db import connection

    ArticleFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attgenerated FROM pg_attribute WHERE attrelid = 'articles_article'::regclass "
            "AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("s",)  # a STORED generated column, not computed per query
        # Tiny tables are scanned; with scans priced out, the plan must be able to use the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = Article.objects.search("India Russia").values("id").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "articles_article_search_vector_gin" in plan, plan
    assert "to_tsvector" not in plan, plan
