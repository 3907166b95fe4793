"""The observation group: one metric, relationship, kind and period, one case at a time.

Conflicts, the preferred observation, the siblings the desk shows beside an observation
and the latest figure of a relationship's summary all read the same group; recording's
fingerprint identifies one stated figure of it and is persisted, so its value is pinned.
"""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.conf import settings

from articles.services import article_store
from curated.recording import record_extraction
from curated.selectors import relationship_summary
from desk.selectors import observation_siblings
from relations.conflicts import observation_conflicts, observation_mark_preferred
from relations.models import Correction, MetricObservation
from relations.observations import group_key, observation_fingerprint
from relations.services import fact_approve
from tests.factories import MetricFactory, MetricObservationFactory, RelationshipFactory, editor

pytestmark = pytest.mark.django_db

LOW, HIGH = Decimal("60000000000"), Decimal("90000000000")
Y2023 = {"period_label": "2023", "period_start": datetime.date(2023, 1, 1), "period_end": datetime.date(2023, 12, 31)}


def _pair(**other) -> tuple[MetricObservation, MetricObservation]:
    """Two far-apart figures, the second differing from the first by `other`."""
    return MetricObservationFactory(value=LOW), MetricObservationFactory(value=HIGH, **other)


def test_same_group_far_apart_conflicts():
    low, high = _pair()
    assert set(observation_conflicts()) == {low, high}


def test_within_the_tolerance_does_not_conflict():
    MetricObservationFactory(value=Decimal("100"))
    MetricObservationFactory(value=Decimal("95"))
    assert not observation_conflicts(tolerance=0.1).exists()
    assert observation_conflicts(tolerance=0.01).count() == 2


def test_another_kind_does_not_conflict():
    _pair(kind=MetricObservation.Kind.TARGET)
    assert not observation_conflicts().exists()


def test_another_period_does_not_conflict():
    _pair(**Y2023)
    assert not observation_conflicts().exists()


def test_another_period_end_does_not_conflict():
    _pair(period_end=datetime.date(2024, 6, 30))
    assert not observation_conflicts().exists()


def test_another_relationship_does_not_conflict():
    _pair(relationship=RelationshipFactory(country_a="IN", country_b="JP"))
    assert not observation_conflicts().exists()


def test_another_metric_does_not_conflict():
    _pair(metric=MetricFactory(name="defence exports", slug="defence-exports"))
    assert not observation_conflicts().exists()


def test_undated_observations_are_never_compared():
    undated = {"period_label": "2030", "period_start": None, "period_end": None}
    MetricObservationFactory(value=LOW, **undated)
    MetricObservationFactory(value=HIGH, **undated)
    assert not observation_conflicts().exists()


def test_preferred_is_unique_within_the_group_and_leaves_other_groups_alone():
    user = editor()
    low, high = _pair()
    target = MetricObservationFactory(kind=MetricObservation.Kind.TARGET, is_preferred=True)
    earlier = MetricObservationFactory(is_preferred=True, **Y2023)
    observation_mark_preferred(observation=low, user=user)
    observation_mark_preferred(observation=high, user=user)
    preferred = set(MetricObservation.objects.filter(is_preferred=True))
    assert preferred == {high, target, earlier}
    assert not observation_conflicts().exists()
    # A curation choice, not a correction of what the extractor read: the correction log stays empty.
    assert not Correction.objects.exists()


def test_undated_observations_are_grouped_by_their_stated_period():
    user = editor()
    undated = {"period_start": None, "period_end": None}
    first = MetricObservationFactory(period_label="2030", **undated)
    other_label = MetricObservationFactory(period_label="2035", is_preferred=True, **undated)
    same_label = MetricObservationFactory(period_label="2030", is_preferred=True, **undated)
    observation_mark_preferred(observation=first, user=user)
    assert set(MetricObservation.objects.filter(is_preferred=True)) == {first, other_label}
    assert group_key(first) == group_key(same_label) != group_key(other_label)


def test_a_stated_period_does_not_split_dated_observations():
    dated = MetricObservationFactory(period_label="2024")
    fiscal = MetricObservationFactory(period_label="calendar 2024")
    assert group_key(dated) == group_key(fiscal)
    assert set(MetricObservation.objects.same_group_as(dated)) == {dated, fiscal}


@pytest.mark.parametrize(
    "other",
    [
        {},
        {"kind": MetricObservation.Kind.TARGET},
        Y2023,
        {"period_end": datetime.date(2024, 6, 30)},
        {"relationship": "IN-JP"},
        {"metric": "defence exports"},
    ],
    ids=["same group", "kind", "period", "period end", "relationship", "metric"],
)
def test_the_siblings_shown_are_the_group(other):
    if other.get("relationship"):
        other = {"relationship": RelationshipFactory(country_a="IN", country_b="JP")}
    if other.get("metric"):
        other = {"metric": MetricFactory(name="defence exports", slug="defence-exports")}
    first, second = _pair(**other)
    siblings = observation_siblings([first, second])
    same = group_key(first) == group_key(second)
    assert same == (other == {})
    assert siblings[first.pk].shown == ([second] if same else [])
    assert siblings[second.pk].shown == ([first] if same else [])
    assert set(MetricObservation.objects.same_group_as(first)) == ({first, second} if same else {first})


def test_undated_siblings_share_their_stated_period():
    undated = {"period_start": None, "period_end": None}
    first = MetricObservationFactory(period_label="2030", **undated)
    same = MetricObservationFactory(period_label="2030", **undated)
    MetricObservationFactory(period_label="2035", **undated)
    assert observation_siblings([first])[first.pk].shown == [same]


def test_the_summary_shows_the_latest_figure_of_each_series():
    user = editor()
    older = MetricObservationFactory(**Y2023)
    low, high = _pair()
    target = MetricObservationFactory(kind=MetricObservation.Kind.TARGET)
    for fact in (older, low, high, target):
        fact_approve(fact=fact, user=user)
    observation_mark_preferred(observation=low, user=user)
    summary = relationship_summary(relationship=low.relationship)
    assert sorted(summary.latest_observations, key=lambda o: o.kind) == [low, target]


def test_the_fingerprint_of_a_recorded_figure_is_unchanged(seed_registry):
    """Recorded facts are found again by fingerprint (unique, persisted): its formula must never move."""
    text = (settings.SEEDS_DIR / "articles" / "003_e51aeeac2437d2d1.txt").read_text(encoding="utf-8")
    article = article_store(text=text, title=text.splitlines()[0]).article
    record_extraction(article_id=article.pk)
    trade = MetricObservation.objects.get(unit="USD")
    parts = [
        "observation",
        trade.relationship_id,
        trade.metric_id,
        "target",
        "30000000000.0000",
        "USD",
        trade.period_label,
    ]
    expected = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    assert trade.fingerprint == expected


def test_the_fingerprint_formula_is_pinned():
    assert observation_fingerprint(
        metric_id=3, relationship_id=7, kind="actual", value=Decimal("65000000000.0000"), unit="USD", period="2024"
    ) == ("32c057c618ae97277ee668ad27950a60f1310aa2b200bbe68c97623de19f1a95")
    # An unstated period reads as "None": recorded that way since the first fingerprint.
    assert observation_fingerprint(
        metric_id=3, relationship_id=7, kind="target", value=Decimal("30000000000.0000"), unit="USD", period=None
    ) == ("bb79d84449f52ed7263f02117d32f7fd98322c6b42bf9506721a417e6be746b2")


def test_conflicts_among_a_narrower_set_compare_and_prefer_only_within_it():
    user = editor()
    low, high = _pair()
    fact_approve(fact=low, user=user)
    approved = MetricObservation.objects.approved()
    # The pending figure disagrees, but only approved ones are compared.
    assert not observation_conflicts(among=approved).exists()
    fact_approve(fact=high, user=user)
    assert set(observation_conflicts(among=approved)) == {low, high}
    # A preferred observation outside the set does not resolve the conflict within it.
    third = MetricObservationFactory(value=LOW)
    observation_mark_preferred(observation=third, user=user)
    assert set(observation_conflicts(among=approved)) == {low, high}
    assert not observation_conflicts().exists()
