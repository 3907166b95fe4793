"""Recording is reproducible: the same articles give the same facts in any order, and a
forced re-reading of an unchanged article adds nothing and leaves editors' decisions alone.

Facts are compared by natural keys (tests/agreements/factsets.py): titles, kinds, values,
evidence sentences; never ids.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements.merging import agreement_merge
from agreements.models import Agreement, AgreementStatusChange
from curated import recording
from curated.recording import record_extraction
from relations.curation import ReviewStatus
from relations.merging import actor_merge
from relations.models import Actor, Event, MetricObservation
from relations.services import fact_approve, fact_reject, fact_update
from tests.agreements.factsets import differences, fact_set, row_counts, store_corpus_articles
from tests.factories import editor

pytestmark = pytest.mark.django_db

# Real corpus articles that share agreements (S-400, a port, the Chennai-Vladivostok link),
# figures ("up to two million tonnes" and "2 million tonnes"), people (Trump with and without
# a country) and generic words ("President", "agreement") that one article's pending facts
# used to turn into registry entries for every later article.
ARTICLES = [
    "in-ru-03_pravda-s400-su30-qingdao",
    "in-ru-01_dawn-afp-putin-visit-s400-2018",
    "in-ru-03_wion-rosneft-ioc-oil-supply-2020",
    "in-ru-06_assamtribune-kudankulam-unit5-equipment-2023",
    "in-ru-10_newsdrum-pti-uralchem-urea-plant-2025",
    "in-ru-05_tass-chennai-vladivostok-corridor",
    "in-ru-08_hindustantimes-northern-sea-route-working-group-2024",
    "in-ru-11_kremlin-putin-modi-ufa-meeting-2015",
    "jp-kr-03_kishida-yoon-tokyo-factbox-2023",
    "ca-us-10_trudeau-trump-call-readout-2019",
    "cn-us-01_poandpo-phase-one-signing-2020",
]


def _record_in_order(order: list[int]) -> dict[str, set]:
    """The facts of recording ARTICLES in this order (positions in ARTICLES), then undone."""
    recording._snapshot = None  # each run starts from the database, not a previous run's cache
    with transaction.atomic():
        articles = store_corpus_articles(ARTICLES)
        for position in order:
            record_extraction(article_id=articles[position].pk)
        facts = fact_set()
        transaction.set_rollback(True)
    recording._snapshot = None
    return facts


@pytest.fixture
def in_filename_order(seed_registry):
    facts = _record_in_order(list(range(len(ARTICLES))))
    assert all(facts[kind] for kind in ("agreements", "status changes", "observations", "events")), facts.keys()
    return facts


def test_recording_in_reverse_order_gives_the_same_facts(in_filename_order):
    assert differences(in_filename_order, _record_in_order(list(range(len(ARTICLES)))[::-1])) == {}


@settings(max_examples=4, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(order=st.permutations(range(len(ARTICLES))))
def test_recording_in_any_order_gives_the_same_facts(in_filename_order, order):
    assert differences(in_filename_order, _record_in_order(order)) == {}


# --- Forced re-reading --------------------------------------------------------------------


def _decisions() -> dict:
    """Every fact's review state, reviewer, version, merge and editable fields, by id."""
    state = {}
    for model in (Actor, Agreement, AgreementStatusChange, MetricObservation, Event):
        for fact in model.objects.all():
            fields = {f.attname: getattr(fact, f.attname) for f in model._meta.concrete_fields}
            state[(model.__name__, fact.pk)] = fields
    return state


def _pending(model, **filters):
    return model.objects.filter(review_status=ReviewStatus.PENDING, version=1, **filters).order_by("pk")


@pytest.fixture
def decided_corpus(seed_registry):
    """ARTICLES recorded, then decided by an editor: approvals, rejections, edits and merges."""
    articles = store_corpus_articles(ARTICLES)
    for article in articles:
        record_extraction(article_id=article.pk)
    user = editor()
    agreements = list(_pending(Agreement, relationship__country_a="IN", relationship__country_b="RU"))
    # An approved agreement joins the registry that every reading is read against.
    fact_approve(fact=agreements[0], user=user)
    fact_reject(fact=agreements[1], user=user, reason="Not an agreement")
    fact_update(fact=agreements[2], user=user, changes={"title": "Renamed by an editor"})
    agreement_merge(merged=agreements[3], survivor=agreements[4], user=user)
    people = [a for a in _pending(Actor, kind=Actor.Kind.PERSON) if a.events.exists()]
    fact_approve(fact=people[0], user=user)
    actor_merge(merged=people[1], survivor=people[2], user=user)
    for model in (AgreementStatusChange, MetricObservation, Event):
        first, second, *_ = _pending(model)
        fact_approve(fact=first, user=user)
        fact_reject(fact=second, user=user, reason="Misread")
    return articles


@pytest.mark.parametrize(
    "kind", ["actors", "aliases", "agreements", "status changes", "observations", "events", "evidence"]
)
def test_forced_re_reading_adds_nothing_and_keeps_decisions(decided_corpus, kind):
    facts, rows, decisions = fact_set(), row_counts(), _decisions()
    for article in reversed(decided_corpus):
        result = record_extraction(article_id=article.pk, force=True)
        assert result.created == {}, article.title
    assert row_counts() == rows
    after = fact_set()
    if kind == "evidence":
        # A sentence's confidence may rise when an approved agreement is now read in it (a
        # registry match reads stronger); it is the same evidence, and never lowered.
        facts[kind], after[kind] = ({e[:4] for e in found[kind]} for found in (facts, after))
    assert differences({kind: facts[kind]}, {kind: after[kind]}) == {}
    assert _decisions() == decisions
