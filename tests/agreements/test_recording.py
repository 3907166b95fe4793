"""Recording an article's extraction: pending facts linked to the registry, idempotent."""

import datetime

import pytest
from django.conf import settings

from agreements.models import Agreement, AgreementStatusChange
from articles.models import Article, Evidence
from articles.services import article_store
from curated.recording import record_extraction, registry_snapshot
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


# --- Cost -----------------------------------------------------------------------------
# Recording once cost a few round trips per candidate: 122 queries for seed article 003
# (figures, agreements, events, all actors known) and 200 for 002, which also names two
# countries the registry lacks. Lookups, new facts (with their history), evidence and
# links now go in batches; only new actors are still created one by one, through
# `actor_create`, which validates each (about 30 queries apiece, mostly constraint checks).
COSTLY_SEED = "002_f6cc5b34e3c1c356.txt"
RECORD_MAX_QUERIES = {"003_e51aeeac2437d2d1.txt": 39, COSTLY_SEED: 89}
RERECORD_MAX_QUERIES = 22


def _fact_rows():
    """Every row recording writes: facts, their history, evidence and the links between them."""
    rows = {"evidence": Evidence.objects.count()}
    for model in FACT_MODELS:
        rows[model.__name__] = model.objects.count()
        rows[f"{model.__name__} history"] = model.history.count()
        rows[f"{model.__name__} evidence"] = model.evidence.through.objects.count()
    rows["event actors"] = Event.actors.through.objects.count()
    rows["agreement parties"] = Agreement.parties.through.objects.count()
    return rows


@pytest.mark.parametrize("seed", sorted(RECORD_MAX_QUERIES))
def test_recording_an_article_takes_a_bounded_number_of_queries(seed, seed_registry, django_assert_max_num_queries):
    article = _store_seed(seed)
    registry_snapshot()  # warm, as for every article but the first of a run
    with django_assert_max_num_queries(RECORD_MAX_QUERIES[seed]):
        result = record_extraction(article_id=article.pk)
    # Not cheap by doing nothing: agreements, status changes, a figure, events.
    assert {"agreements", "status_changes", "observations", "events"} <= result.created.keys()


def test_re_recording_adds_no_rows_and_stays_cheap(seed_registry, django_assert_max_num_queries):
    article = _store_seed(COSTLY_SEED)
    record_extraction(article_id=article.pk)
    before = _fact_rows()
    registry_snapshot()
    with django_assert_max_num_queries(RERECORD_MAX_QUERIES):
        again = record_extraction(article_id=article.pk, force=True)
    assert _fact_rows() == before
    assert again.created == {}
    assert {"actors", "observations", "agreements", "events"} <= again.linked.keys()


def test_facts_created_in_bulk_have_their_creation_history(seed_registry):
    article = _store_seed(COSTLY_SEED)
    record_extraction(article_id=article.pk)
    for model in (Event, MetricObservation, Agreement, AgreementStatusChange):
        assert model.objects.exists(), model
        for fact in model.objects.all():
            history = list(fact.history.all())
            assert [h.history_type for h in history] == ["+"], fact
            assert history[0].history_user is None
            assert history[0].review_status == ReviewStatus.PENDING


def test_evidence_shared_by_facts_is_written_once_with_its_best_confidence(seed_registry):
    article = _store_seed(COSTLY_SEED)
    record_extraction(article_id=article.pk)
    spans = list(Evidence.objects.filter(article=article).values_list("start", "end"))
    assert len(spans) == len(set(spans))
    lowered = Evidence.objects.filter(article=article).first()
    Evidence.objects.filter(pk=lowered.pk).update(confidence=0.01)
    record_extraction(article_id=article.pk, force=True)
    lowered.refresh_from_db()
    assert lowered.confidence > 0.01  # a re-reading raises it back; it never lowers one


def test_history_credits_the_signed_in_user_as_a_save_would(seed_registry, rf):
    """Recording inside a request (an admin upload): history names the editor, as `save()` did."""
    from simple_history.models import HistoricalRecords

    article = _store_seed(COSTLY_SEED)
    request = rf.get("/")
    request.user = editor()
    HistoricalRecords.context.request = request
    try:
        record_extraction(article_id=article.pk)
    finally:
        del HistoricalRecords.context.request
    for model in (Event, MetricObservation, Agreement):
        assert set(model.history.values_list("history_user", flat=True)) == {request.user.pk}, model
    # A status change is recorded by `agreement_status_record`'s rule: no acting user.
    assert set(AgreementStatusChange.history.values_list("history_user", flat=True)) == {None}


def test_a_fact_about_a_second_pair_is_recorded_under_that_pair(seed_registry):
    text = (
        "Japan and India agree to deepen defence ties\n\n"
        "TOKYO, Aug 30 (Reuters) - Japan and India signed a pact on semiconductors on Friday.\n\n"
        "India and Russia signed a $5 billion deal for S-400 missile systems in 2018.\n\n"
        "Japan will invest 10 trillion yen in India over the next decade.\n"
    )
    article = article_store(text=text, title=text.splitlines()[0]).article
    record_extraction(article_id=article.pk)
    deal = MetricObservation.objects.get(unit="USD")
    assert deal.relationship.countries == ("IN", "RU")  # the India-Russia sentence keeps its own pair
    assert MetricObservation.objects.get(unit="JPY").relationship.countries == ("IN", "JP")
    s400 = Agreement.objects.get(keys__icontains="S-400")
    assert s400.relationship.countries == ("IN", "RU")
