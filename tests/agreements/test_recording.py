"""Recording an article's extraction: pending facts linked to the registry, idempotent."""

import datetime

import pytest
from django.conf import settings

from agreements.models import Agreement, AgreementStatusChange
from agreements.recording import record_extraction
from articles.models import Article, Evidence
from articles.services import article_store
from relations.curation import ReviewStatus
from relations.models import Actor, Event, MetricObservation
from relations.services import fact_approve, fact_reject
from tests.factories import editor

pytestmark = pytest.mark.django_db(transaction=True)

FACT_MODELS = (Actor, Event, MetricObservation, Agreement, AgreementStatusChange)


def _store_seed(name: str) -> Article:
    text = (settings.SEEDS_DIR / "articles" / name).read_text(encoding="utf-8")
    return article_store(text=text, title=text.splitlines()[0]).article


def _state():
    return {
        model.__name__: sorted(model.objects.values_list("pk", "review_status", "version")) for model in FACT_MODELS
    } | {"evidence": Evidence.objects.count()}


def test_seed_article_yields_pending_facts_linked_to_the_registry(seed_registry):
    article = _store_seed("003_e51aeeac2437d2d1.txt")
    result = record_extraction(article_id=article.pk)
    article.refresh_from_db()
    assert article.extraction_status == "done" and article.extractor_version
    assert result.created.get("agreements", 0) >= 2

    putin = Actor.objects.get(name="Vladimir Putin")
    assert putin.review_status == ReviewStatus.APPROVED  # the registry entry, not a new actor
    assert putin.evidence.filter(article=article).exists()
    assert Actor.objects.filter(name__icontains="Putin").count() == 1

    ak203 = Agreement.objects.get(keys__icontains="AK-203")
    assert ak203.review_status == ReviewStatus.PENDING
    assert ak203.relationship.countries == ("IN", "RU")
    assert ak203.status_changes.get().status == "agreed"
    trade = MetricObservation.objects.get(unit="USD")
    assert trade.kind == "target" and trade.value == 30_000_000_000
    assert trade.reported_on == article.published_on

    for model in (Event, MetricObservation, Agreement, AgreementStatusChange):
        assert not model.objects.without_evidence().exists(), model
    for evidence in Evidence.objects.all():
        assert article.text[evidence.start : evidence.end] == evidence.sentence


def test_recording_twice_creates_nothing_and_keeps_decisions(seed_registry):
    article = _store_seed("003_e51aeeac2437d2d1.txt")
    record_extraction(article_id=article.pk)
    user = editor()
    observation = MetricObservation.objects.first()
    fact_approve(fact=observation, user=user)
    agreement = Agreement.objects.first()
    fact_reject(fact=agreement, user=user, reason="Not a bilateral deal")
    before = _state()

    assert record_extraction(article_id=article.pk).skipped
    record_extraction(article_id=article.pk, force=True)
    assert _state() == before


def test_a_second_report_of_a_figure_corroborates_it(seed_registry):
    text = "India and Russia aim to raise bilateral trade to $100 billion by 2030, officials in New Delhi said."
    first = article_store(text=text, published_on=datetime.date(2025, 1, 5)).article
    second = article_store(
        text="Officials said India and Russia aim to raise bilateral trade to $100 billion by 2030.",
        published_on=datetime.date(2024, 12, 1),
    ).article
    record_extraction(article_id=first.pk)
    record_extraction(article_id=second.pk)
    observation = MetricObservation.objects.get()
    assert observation.evidence.values("article").distinct().count() == 2
    assert observation.reported_on == datetime.date(2024, 12, 1)


def test_unknown_people_become_pending_actors_for_any_pair(seed_registry):
    text = (
        "French President Emmanuel Macron met German Chancellor Friedrich Merz in Berlin on Tuesday. "
        "France and Germany agreed to speed up the joint FCAS fighter programme, Macron said."
    )
    article = article_store(text=text, published_on=datetime.date(2025, 7, 22)).article
    record_extraction(article_id=article.pk)
    macron = Actor.objects.get(name__icontains="Macron")
    assert macron.review_status == ReviewStatus.PENDING
    assert macron.kind == "person" and macron.country == "FR"
    assert Actor.objects.get(kind="country", country="DE").review_status == ReviewStatus.APPROVED
    meeting = Event.objects.get(kind="meeting")
    assert meeting.relationship.countries == ("DE", "FR")
    assert set(meeting.actors.values_list("country", flat=True)) >= {"FR", "DE"}
