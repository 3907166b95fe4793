"""The seed decisions: applied through the review services by the seed editor, idempotent,
keyed by what identifies a fact, and nothing lost when a decision matches no fact."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command

from agreements.models import Agreement, AgreementStatusChange
from articles.models import Article
from curated.seeding import SEED_EDITOR, decisions_apply
from relations.models import Event, MetricObservation
from relations.services import fact_reject

# Extraction is queued on commit, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

DECISIONS = json.loads((settings.SEEDS_DIR / "decisions.json").read_text(encoding="utf-8"))


@pytest.fixture
def seeded():
    call_command("load_seeds")


def test_every_seed_decision_matches_a_fact_the_engine_reads_today(seeded):
    """Fails when the extractor reads a seed sentence differently: update seeds/decisions.json."""
    report = decisions_apply(DECISIONS)
    assert report.unmatched == [] and report.conflicts == []
    assert len(report.already) >= len(DECISIONS["decisions"])


def test_seed_decisions_approve_facts_through_the_services_with_history(seeded):
    for model in (Agreement, AgreementStatusChange, Event, MetricObservation):
        approved = model.objects.approved()
        assert approved.exists(), model.__name__
        assert all(fact.reviewed_by.username == SEED_EDITOR for fact in approved)
        assert all(fact.history.filter(history_user__username=SEED_EDITOR).exists() for fact in approved)
    # Some are left for the queue.
    assert Event.objects.pending().exists()
    # A correction made before approving: the S-400 deal is agreed, not in progress.
    corrected = AgreementStatusChange.objects.get(agreement__title__icontains="S-400")
    assert (corrected.status, corrected.review_status) == ("agreed", "approved")


def test_loading_the_seeds_twice_changes_nothing(seeded):
    def state():
        return sorted(
            (type(f).__name__, f.pk, f.review_status, f.version)
            for model in (Agreement, AgreementStatusChange, Event, MetricObservation)
            for f in model.objects.all()
        )

    before = state()
    call_command("load_seeds")
    assert state() == before


def test_a_decision_that_matches_no_fact_is_reported_and_the_others_still_apply():
    call_command("load_registry")
    call_command("ingest", str(settings.SEEDS_DIR / "articles"), no_progress=True)
    ghost = {"kind": "agreement", "key": {"title": "A deal nobody wrote"}, "evidence": "No such sentence."}
    report = decisions_apply({"decisions": [{**ghost, "decision": "approve"}, *DECISIONS["decisions"]]})
    assert report.unmatched == ["agreement (title=A deal nobody wrote)"]
    assert len(report.applied) >= len(DECISIONS["decisions"])


def test_a_fact_an_editor_decided_otherwise_is_left_alone_and_reported(admin_user):
    call_command("load_registry")
    call_command("ingest", str(settings.SEEDS_DIR / "articles"), no_progress=True)
    deal = Agreement.objects.get(title__icontains="AK-203")
    fact_reject(fact=deal, user=admin_user, reason="Checked against the source: not signed yet.")
    report = decisions_apply(DECISIONS)
    assert any(line.startswith("agreement (title=AK-203") and "left as is" in line for line in report.conflicts)
    deal.refresh_from_db()
    assert (deal.review_status, deal.reviewed_by) == ("rejected", admin_user)


def test_seed_articles_carry_their_known_source_and_date(seeded):
    by_site = {a.site_name: a for a in Article.objects.all()}
    assert by_site["India Market Insights"].canonical_url.startswith("https://india-market-insights")
    assert str(by_site["Nishadil"].published_on) == "2025-12-03"
