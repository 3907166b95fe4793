"""Query counts pinned at two page sizes (no N+1), and no full COUNT(*) on the large tables."""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.merging import agreement_merge, agreements_mark_distinct
from articles.models import IngestionFailure, IngestionRun
from common.admin import paginators
from curated import registry
from relations.merging import actor_merge, actors_mark_distinct
from relations.services import fact_approve, fact_reject
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    EvidenceFactory,
    MetricObservationFactory,
    StatusChangeFactory,
    UserFactory,
    editor,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 15
LARGE_TABLES = {
    "articles_article",
    "articles_evidence",
    "articles_ingestionrun",
    "articles_ingestionfailure",
    "relations_event",
    "relations_metricobservation",
    "agreements_agreementstatuschange",
}


def _populate() -> None:
    """At least LARGE rows of every model the admin lists, with the relations each list shows."""
    user = editor("populator")
    approved_agreement = AgreementFactory()
    fact_approve(fact=approved_agreement, user=user)
    for i in range(LARGE):
        # Round robin, so that any page of the queue holds every fact type.
        actor = ActorFactory()
        ActorAliasFactory(actor=actor)
        AgreementFactory().parties.add(actor)
        StatusChangeFactory(agreement=approved_agreement)
        MetricObservationFactory(period_label=str(2000 + i))
        EventFactory().actors.add(actor)
        run = IngestionRun.objects.create(status="failed", failed=1)
        IngestionFailure.objects.create(run=run, url=f"https://x.example/{i}", kind="temporary", reason="timeout")
    actors = list(ActorFactory.create_batch(2 * LARGE + 2))
    agreements = list(AgreementFactory.create_batch(2 * LARGE + 2))
    for i in range(0, 2 * LARGE, 2):
        actor_merge(merged=actors[i], survivor=actors[i + 1], user=user)
        actors_mark_distinct(actor_a=actors[i + 1], actor_b=actors[i + 2], user=user)
        agreement_merge(merged=agreements[i], survivor=agreements[i + 1], user=user)
        agreements_mark_distinct(agreement_a=agreements[i + 1], agreement_b=agreements[i + 2], user=user)
    EvidenceFactory.create_batch(3)
    UserFactory.create_batch(LARGE)


def _superuser():
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw")


def _queries(client, url, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return [q["sql"] for q in context.captured_queries]


def _full_counts(sql_list: list[str]) -> list[str]:
    """Row counts of a large table that are not bounded by a LIMIT inside.

    Grouped statistics (the dashboard's events per month, over a 24-month window) are not
    row counts of a table and are left out.
    """
    found = []
    for sql in sql_list:
        if "COUNT(" not in sql.upper() or "GROUP BY" in sql.upper():
            continue
        tables = set(re.findall(r'FROM "(\w+)"', sql))
        if tables & LARGE_TABLES and "LIMIT" not in sql.upper():
            found.append(sql)
    return found


def test_every_changelist_costs_the_same_at_two_page_sizes_and_never_counts_a_large_table(client, monkeypatch):
    _populate()
    client.force_login(_superuser())
    counts = {}
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        per_size = []
        for size in (SMALL, LARGE):
            monkeypatch.setattr(model_admin, "list_per_page", size)
            sql = _queries(client, url)
            assert not _full_counts(sql), (url, _full_counts(sql))
            per_size.append(len(sql))
        counts[model._meta.label] = per_size
        assert per_size[0] == per_size[1], (model._meta.label, per_size)
        assert per_size[0] <= 12, (model._meta.label, per_size)
    assert len(counts) >= 15


def test_the_queue_costs_the_same_at_every_page_size(client):
    # The oldest facts are all observations: a page of 10 shows one type, a page of 50 all five.
    for i in range(12):
        MetricObservationFactory(period_label=str(1900 + i))
    _populate()
    client.force_login(editor())
    url = reverse("admin:editorial_queue")
    small = _queries(client, url, {"per_page": 10})
    counts = {size: len(_queries(client, url, {"per_page": size})) for size in (10, 20, 50)}
    assert len(set(counts.values())) == 1, counts
    large = _queries(client, url, {"per_page": 50})
    # One query per fact type, the page's evidence, the observations' siblings, five backlog counts.
    queue_own = [q for q in small if 'ORDER BY "' in q and "LIMIT 11" in q]
    assert len(queue_own) == len(registry.KINDS), queue_own
    assert len(small) <= 25
    assert not _full_counts(large)
    assert not _full_counts(small)
    # Filters add conditions, not queries.
    filtered = _queries(client, url, {"per_page": 10, "q": "India", "order": "confidence", "max_confidence": "0.9"})
    assert len(filtered) == len(small)


def test_dashboard_and_reader_cost_a_fixed_number_of_queries(client):
    _populate()
    client.force_login(editor())
    dashboard = _queries(client, reverse("admin:editorial_dashboard"))
    assert not _full_counts(dashboard)
    assert len(dashboard) <= 20
    evidence = EvidenceFactory()
    for _ in range(3):
        MetricObservationFactory(evidence=[evidence])
    few = len(_queries(client, reverse("admin:editorial_article_reader", args=[evidence.article_id])))
    for _ in range(6):
        EventFactory(evidence=[evidence])
    assert len(_queries(client, reverse("admin:editorial_article_reader", args=[evidence.article_id]))) == few


def _decisions_round_robin(user, n: int) -> None:
    """n decisions on each kind in turn, so that any page of the audit log holds every kind."""
    for _ in range(n):
        for fact in (
            ActorFactory(),
            AgreementFactory(),
            StatusChangeFactory(),
            MetricObservationFactory(),
            EventFactory(),
        ):
            fact_approve(fact=fact, user=user)


def test_the_audit_log_costs_the_same_at_two_page_sizes_and_two_history_sizes(client, monkeypatch):
    from desk.views import audit

    user = editor()
    client.force_login(user)
    url = reverse("admin:editorial_audit")
    _decisions_round_robin(user, 3)
    counts = []
    for size in (SMALL, LARGE):
        monkeypatch.setattr(audit, "AUDIT_PER_PAGE", size)
        counts.append(len(_queries(client, url)))
    _populate()
    _decisions_round_robin(user, LARGE)
    for size in (SMALL, LARGE):
        monkeypatch.setattr(audit, "AUDIT_PER_PAGE", size)
        sql = _queries(client, url)
        counts.append(len(sql))
        # One read of every kind's history for the page; no count of any of them.
        assert len([q for q in sql if "UNION ALL" in q]) == 1
        assert not [q for q in sql if "COUNT(" in q.upper() and "historical" in q]
    assert len(set(counts)) == 1, counts
    # Filters and later pages add conditions, not queries (but the one that checks the editor exists).
    filtered = _queries(client, url, {"action": "approved", "kind": "", "date_from": "2020-01-01", "page": 2})
    assert len(filtered) == counts[0]
    assert len(_queries(client, url, {"editor": user.pk, "action": "approved", "page": 2})) == counts[0] + 1


def _reader_article_with(facts_per_kind: int):
    """An article of 2 x facts_per_kind sentences, each cited by facts of every kind."""
    sentences = [f"Sentence number {n} about India and Russia." for n in range(2 * facts_per_kind)]
    article = ArticleFactory(text=" ".join(sentences))
    offset = 0
    for n, sentence in enumerate(sentences):
        evidence = EvidenceFactory(article=article, start=offset, end=offset + len(sentence), sentence=sentence)
        offset += len(sentence) + 1
        if n < facts_per_kind:
            for factory in (
                MetricObservationFactory,
                StatusChangeFactory,
                EventFactory,
                AgreementFactory,
                ActorFactory,
            ):
                factory(evidence=[evidence])
    return article


def test_the_reader_costs_the_same_for_an_article_with_few_or_many_facts_and_sentences(client):
    client.force_login(editor())  # an editor: the new-fact and cite-another-sentence controls too
    few = _queries(client, reverse("admin:editorial_article_reader", args=[_reader_article_with(1).pk]))
    many = _queries(client, reverse("admin:editorial_article_reader", args=[_reader_article_with(8).pk]))
    assert len(many) == len(few)


def test_a_large_unfiltered_table_is_counted_from_the_planner_estimate(client, monkeypatch):
    EvidenceFactory.create_batch(4)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_evidence")
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 1)
    client.force_login(_superuser())
    sql = _queries(client, reverse("admin:articles_evidence_changelist"))
    assert any("reltuples" in q for q in sql)
    # The capped count rides in the estimate's statement (run by PostgreSQL only below the threshold);
    # no statement of its own counts the table.
    assert not any("COUNT(" in q.upper() and "articles_evidence" in q and "reltuples" not in q for q in sql)
    # A filtered list counts, but never beyond the cap.
    sql = _queries(client, reverse("admin:articles_evidence_changelist"), {"q": "India"})
    counts = [q for q in sql if "COUNT(" in q.upper() and "articles_evidence" in q]
    assert counts and all(f"LIMIT {paginators.COUNT_CAP}" in q for q in counts)


def _conflicts_and_duplicates(first: int, n: int) -> None:
    """n groups of conflicting observations and n pairs of likely duplicate actors and agreements."""
    for i in range(first, first + n):
        for value in ("60000000000", "68000000000"):
            MetricObservationFactory(
                value=value,
                period_label=str(1900 + i),
                period_start=f"{1900 + i}-01-01",
                period_end=f"{1900 + i}-12-31",
            )
        ActorFactory(name=f"Ivan Surname{i}")
        ActorFactory(name=f"Pyotr Surname{i}")
        AgreementFactory(title=f"Supply of rifles number {i}")
        AgreementFactory(title=f"Supply of rifle number {i}")


def test_conflicts_and_duplicates_pages_cost_the_same_with_more_rows(client):
    client.force_login(editor())
    pages = [reverse("admin:editorial_conflicts"), reverse("admin:editorial_merge_candidates")]
    _conflicts_and_duplicates(0, 2)
    few = [len(_queries(client, url)) for url in pages]
    _conflicts_and_duplicates(2, 8)
    many = [_queries(client, url) for url in pages]
    assert [len(sql) for sql in many] == few
    assert all(not _full_counts(sql) for sql in many)
    html = client.get(pages[0]).content.decode()
    assert html.count('class="module conflict-group"') == 10
    html = client.get(pages[1]).content.decode()
    assert html.count("Surname") >= 20 and html.count("Supply of rifle") >= 20


def test_the_changelist_count_is_one_query_below_and_above_the_estimate_threshold(client, monkeypatch):
    EvidenceFactory.create_batch(4)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_evidence")
    client.force_login(_superuser())
    url = reverse("admin:articles_evidence_changelist")
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 10_000)
    below = _queries(client, url)
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 1)
    above = _queries(client, url)
    assert len(below) == len(above)
    assert sum("COUNT(" in q.upper() or "reltuples" in q for q in below) == 1


def test_the_paginator_counts_exactly_below_the_threshold_and_estimates_above(monkeypatch):
    from articles.models import Evidence

    EvidenceFactory.create_batch(4)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_evidence")
    queryset = Evidence.objects.all()
    assert paginators.EstimatedCountPaginator(queryset, 2).count == 4
    # The estimate of an analyzed table is its row count; a stale one shows that the estimate is read.
    EvidenceFactory.create_batch(2)
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 1)
    assert paginators.EstimatedCountPaginator(Evidence.objects.all(), 2).count == 4
    assert paginators.EstimatedCountPaginator(Evidence.objects.filter(confidence__gte=0), 2).count == 6


def test_changelist_rows_render_the_action_checkbox_and_leave_article_text_unloaded(client):
    evidence = EvidenceFactory()
    client.force_login(_superuser())
    sql = _queries(client, reverse("admin:articles_article_changelist"))
    response = client.get(reverse("admin:articles_article_changelist"))
    article = evidence.article
    assert (
        f'<input type="checkbox" name="_selected_action" value="{article.pk}" class="action-select" '
        f'aria-label="Select this object for an action - {article}">'
    ) in response.content.decode()
    listing = [q for q in sql if q.startswith('SELECT "articles_article"."id"')]
    assert listing and all('"articles_article"."raw_content"' not in q for q in listing)
    assert all('"articles_article"."text"' not in q for q in listing)


def _decided_facts(n: int, user) -> None:
    """`n` facts of every type, each rejected with a reason or approved (alternating), with evidence."""
    agreement = AgreementFactory()
    fact_approve(fact=agreement, user=user)
    for i in range(n):
        for fact in (
            ActorFactory(),
            AgreementFactory(),
            StatusChangeFactory(agreement=agreement, status="agreed"),
            MetricObservationFactory(period_label=str(1800 + i)),
            EventFactory(),
        ):
            if i % 2:
                fact_approve(fact=fact, user=user)
            else:
                fact_reject(fact=fact, user=user, reason=f"Reason {i}")


def test_the_decided_queue_and_the_bulk_preview_cost_the_same_with_three_times_the_facts(client):
    # Rejected and approved listings (with their reasons and Reopen forms), and the bulk preview
    # of everything matching, at 20 facts and at 60 (pages of 50: every fact shown, then a full page).
    user = editor()
    client.force_login(user)
    url = reverse("admin:editorial_queue")
    bulk = reverse("admin:editorial_bulk")
    counts = []
    for added in (4, 8):  # 4 facts of each type, then 12
        _decided_facts(added, user)
        EventFactory.create_batch(added)  # pending, for the preview
        rejected = _queries(client, url, {"status": "rejected", "per_page": 50})
        approved = _queries(client, url, {"status": "approved", "per_page": 50})
        with CaptureQueriesContext(connection) as preview:
            response = client.post(bulk, {"types": ["event"], "decision": "approve", "scope": "matching"})
        assert response.status_code == 200
        assert b"bulk-count" in response.content
        counts.append((len(rejected), len(approved), len(preview)))
        assert not _full_counts(rejected) and not _full_counts(approved)
    assert counts[0] == counts[1], counts
    assert "Reason 0" in client.get(url, {"status": "rejected", "per_page": 50}).content.decode()


def _dashboard_corpus(first: int, n: int, user) -> None:
    """n approved observations per kind (a conflicting pair every other year), n approved events
    over as many months, and n approved agreements with a status change each."""
    today = timezone.localdate()
    for i in range(first, first + n):
        year = 1990 + i
        period = {"period_label": str(year), "period_start": f"{year}-01-01", "period_end": f"{year}-12-31"}
        for kind, value in (("actual", "60000000000"), ("target", "90000000000")):
            fact_approve(fact=MetricObservationFactory(kind=kind, value=value, **period), user=user)
        if i % 2:
            fact_approve(fact=MetricObservationFactory(value="68000000000", **period), user=user)
        event = EventFactory(date=today - datetime.timedelta(days=20 * (i % 30)))
        event.actors.add(ActorFactory())
        fact_approve(fact=event, user=user)
        agreement = fact_approve(fact=AgreementFactory(), user=user)
        fact_approve(fact=StatusChangeFactory(agreement=agreement, status="agreed"), user=user)


def test_the_dashboard_and_conflicts_cost_the_same_with_three_times_the_facts_today_and_as_of(client):
    user = editor("curator")
    client.force_login(editor())
    today = timezone.localdate().isoformat()
    pages = [
        (reverse("admin:editorial_dashboard"), {}),
        (reverse("admin:editorial_dashboard"), {"as_of": today}),
        (reverse("admin:editorial_conflicts"), {}),
        (reverse("admin:editorial_conflicts"), {"as_of": today}),
    ]
    _dashboard_corpus(0, 4, user)
    few = [_queries(client, url, params) for url, params in pages]
    _dashboard_corpus(4, 8, user)
    many = [_queries(client, url, params) for url, params in pages]
    assert [len(sql) for sql in many] == [len(sql) for sql in few]
    assert all(not _full_counts(sql) for sql in many)
    # The date narrows the same queries, it adds none.
    assert len(few[1]) == len(few[0]) and len(few[3]) == len(few[2])
    dashboard = client.get(pages[1][0], pages[1][1]).context["charts"]
    assert sum(len(s["data"]) for s in dashboard["metrics"][0]["series"]) == 2 * 12
    assert dashboard["metrics"][0]["conflicts"] == 6
    assert sum(dashboard["events"]["data"]) == 12
