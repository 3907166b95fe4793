"""The benchmark corpus: realistic, consistent with the model's invariants, deterministic as it grows."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from agreements.models import Agreement, AgreementStatusChange
from articles.models import Article, Evidence
from bench.corpus import EXTRACTOR_VERSION, corpus_build, corpus_pages, corpus_reset, corpus_size
from relations.models import Actor, Event, MetricObservation
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FACT_MODELS = (MetricObservation, Event, AgreementStatusChange, Agreement, Actor)


def _hashes() -> list[str]:
    return list(Article.objects.order_by("pk").values_list("content_hash", flat=True))


def test_evidence_offsets_index_into_the_article_text():
    corpus_build(articles=30, seed=3, analyze=False)
    evidence = list(Evidence.objects.select_related("article"))
    assert len(evidence) > 30 * 4
    for ev in evidence:
        assert ev.article.text[ev.start : ev.end] == ev.sentence


def test_about_ten_facts_per_article_in_every_review_state_each_with_evidence_and_history():
    report = corpus_build(articles=40, seed=1, analyze=False)
    facts = sum(m.objects.count() for m in FACT_MODELS)
    assert 7 * 40 <= report.facts == facts - Actor.objects.filter(evidence__isnull=True).count() <= 14 * 40
    states = Counter()
    for model in (MetricObservation, Event, AgreementStatusChange, Agreement):
        states.update(model.objects.values_list("review_status", flat=True))
        assert not model.objects.without_evidence().exists()
        # One creation row per fact, and one more for each decision.
        decided = model.objects.exclude(review_status="pending").count()
        assert model.history.count() == model.objects.count() + decided
    assert set(states) == {"pending", "approved", "rejected"}
    assert states["approved"] > states["rejected"]
    assert {r for (r,) in Event.objects.values_list("relationship__slug")} >= {"in-ru", "in-us"}


def test_the_derived_agreement_status_matches_the_approved_history():
    corpus_build(articles=40, seed=2, analyze=False)
    for agreement in Agreement.objects.with_derived_status():
        assert agreement.current_status == (agreement.derived_status or "")


def test_a_grown_corpus_is_the_corpus_a_direct_build_makes():
    corpus_build(articles=25, seed=5, analyze=False)
    direct = _hashes()
    corpus_reset()
    corpus_build(articles=10, seed=5, analyze=False)
    corpus_build(articles=25, seed=5, analyze=False)
    assert _hashes() == direct
    assert corpus_size() == 25


def test_a_build_continues_the_id_sequences_so_the_orm_can_insert_afterwards():
    corpus_build(articles=5, seed=0, analyze=False)
    article = ArticleFactory(extractor_version=EXTRACTOR_VERSION)
    assert article.pk > Article.objects.exclude(pk=article.pk).order_by("-pk").values_list("pk", flat=True)[0]


def test_it_refuses_a_database_that_holds_other_articles():
    ArticleFactory()
    with pytest.raises(CommandError, match="not from the corpus generator"):
        call_command("generate_corpus", articles=5, verbosity=0)


def test_it_refuses_to_reset_a_database_that_is_not_a_benchmark_or_test_database(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "relations")
    with pytest.raises(CommandError, match="Refusing to wipe"):
        call_command("generate_corpus", articles=5, reset=True, verbosity=0)


def test_pages_for_ingestion_are_new_html_articles():
    corpus_build(articles=3, seed=0, analyze=False)
    pages = list(corpus_pages(count=3, seed=0, first_index=1_000_000))
    assert len({url for url, _ in pages}) == 3
    known = set(Article.objects.values_list("canonical_url", flat=True))
    for url, html in pages:
        assert url not in known
        assert html.startswith("<html>") and f'href="{url}"' in html
    assert corpus_size() == 3  # nothing was stored


def test_the_command_reports_what_it_built(capsys):
    call_command("generate_corpus", scale="tiny", seed=0, verbosity=0)
    assert corpus_size() == 100
    assert "Corpus: 100 articles (+100)" in capsys.readouterr().out


def test_a_time_budget_caps_the_ingestion_pages_at_what_one_process_manages(monkeypatch):
    from bench import ingestion

    corpus_build(articles=3, seed=0, analyze=False)
    monkeypatch.setattr(ingestion, "CALIBRATION_PAGES", 2)
    pages, why = ingestion.pages_within(1e-9, pages=50, seed=0)
    assert pages == 2  # never fewer than the calibration itself
    assert "2 pages instead of 50" in why and "BENCH_INGEST_PAGES" in why
    assert ingestion.pages_within(1e9, pages=50, seed=0) == (50, "")
