"""The review queue merges the fact types' own ordered lists into one order, page by page."""

import datetime

import pytest
from django.utils import timezone

from desk import selectors
from desk.facts import FACT_TYPES
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    EventFactory,
    EvidenceFactory,
    MetricObservationFactory,
    StatusChangeFactory,
    editor,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "observation": MetricObservationFactory,
    "status_change": StatusChangeFactory,
    "event": EventFactory,
    "agreement": AgreementFactory,
    "actor": ActorFactory,
}


def _facts() -> dict[str, tuple[datetime.datetime, float | None]]:
    """Facts of every type with interleaved and shared creation times, varied confidences, one without evidence.

    Returns every pending fact (factories add related ones) as key -> (created_at, lowest confidence).
    """
    start = timezone.now() - datetime.timedelta(days=30)
    for i in range(17):
        key = list(FACTORIES)[(i * 3) % 5]
        confidence = None if i == 7 else round(0.05 + ((i * 7) % 10) / 11, 3)
        evidence = []
        if confidence is not None:
            evidence = [EvidenceFactory(confidence=confidence), EvidenceFactory(confidence=0.99)]
        fact = FACTORIES[key](evidence=evidence)
        # Three pairs share a creation time: the order still holds across types.
        created = start + datetime.timedelta(hours=i - (i % 2 if i < 6 else 0))
        type(fact).objects.filter(pk=fact.pk).update(created_at=created)
    return {
        f"{key}:{fact.pk}": (fact.created_at, fact.min_confidence)
        for key, fact_type in FACT_TYPES.items()
        for fact in fact_type.model.objects.pending().with_confidence()
    }


def _walk(order: str, per_page: int, user) -> list[str]:
    keys, page = [], 1
    while True:
        result = selectors.queue_page(
            filters=selectors.QueueFilters(order=order), user=user, page=page, per_page=per_page
        )
        keys += [item.key for item in result.items]
        assert len(result.items) <= per_page
        if not result.has_next:
            return keys
        assert len(result.items) == per_page
        page += 1


@pytest.mark.parametrize("per_page", [1, 4, 20])
def test_every_order_pages_through_all_types_without_gaps_or_repeats(per_page):
    user = editor()
    made = _facts()
    # Ties between types on the creation time may go either way: compare the sequence of sort keys.
    oldest = _walk("oldest", per_page, user)
    assert sorted(oldest) == sorted(made)
    assert [made[key][0] for key in oldest] == sorted(created for created, _ in made.values())
    newest = _walk("newest", per_page, user)
    assert sorted(newest) == sorted(made)
    assert [made[key][0] for key in newest] == sorted((created for created, _ in made.values()), reverse=True)
    confidence = _walk("confidence", per_page, user)
    assert sorted(confidence) == sorted(made)
    shown = [made[key] for key in confidence]
    # No evidence first (oldest first among them), then the lowest evidence confidence upwards.
    assert shown == sorted(shown, key=lambda s: (s[1] is not None, s[1] or 0, s[0]))
    assert shown[0][1] is None


def test_items_carry_their_lowest_confidence_and_all_their_evidence():
    user = editor()
    fact = EventFactory(evidence=[EvidenceFactory(confidence=0.3), EvidenceFactory(confidence=0.6)])
    (item,) = selectors.queue_page(filters=selectors.QueueFilters(), user=user).items
    assert item.key == f"event:{fact.pk}"
    assert item.confidence == pytest.approx(0.3)
    assert sorted(v.evidence.pk for v in item.evidence) == sorted(e.pk for e in fact.evidence.all())


def test_an_observation_lists_a_bounded_number_of_others_of_its_period_preferred_and_approved_first():
    user = editor()
    first = MetricObservationFactory()
    same = {"metric": first.metric, "relationship": first.relationship}
    for _ in range(selectors.SIBLINGS_SHOWN + 2):
        MetricObservationFactory(**same)
    preferred = MetricObservationFactory(
        **same, review_status="approved", is_preferred=True, reviewed_at=timezone.now()
    )
    MetricObservationFactory(**same, period_label="2023", period_start="2023-01-01", period_end="2023-12-31")
    filters = selectors.QueueFilters(types=["observation"])
    item = next(i for i in selectors.queue_page(filters=filters, user=user).items if i.fact == first)
    also = [text for label, text in item.changes if label == "Also observed"]
    assert len(also) == selectors.SIBLINGS_SHOWN + 1
    assert "preferred" in also[0] and "approved" in also[0]
    assert also[-1] == "and more for this metric and period"
    siblings = selectors.observation_siblings([first, preferred])
    assert siblings[first.pk].shown[0] == preferred and siblings[first.pk].more
    assert first not in siblings[first.pk].shown and preferred not in siblings[preferred.pk].shown
    assert all(o.period_label == "2024" for o in siblings[first.pk].shown)


def test_every_defined_order_gives_one_sequence_whatever_the_page_size():
    """A new order in QUEUE_ORDERS is walked too: its SQL and Python halves must agree across pages."""
    user = editor()
    made = _facts()
    for key in selectors.QUEUE_ORDERS:
        whole = _walk(key, 100, user)
        assert sorted(whole) == sorted(made), key
        assert _walk(key, 3, user) == whole, key


def test_an_unknown_or_missing_order_is_the_default():
    from desk.forms import QueueFilterForm

    user = editor()
    _facts()
    default = _walk(selectors.DEFAULT_ORDER, 5, user)
    assert _walk("sideways", 5, user) == default
    form = QueueFilterForm(data={})
    assert form.is_valid()
    assert form.to_filters().order == selectors.DEFAULT_ORDER
    assert [key for key, _ in form.fields["order"].choices] == list(selectors.QUEUE_ORDERS)
