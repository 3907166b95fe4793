"""A mirror built from the changes feed alone equals what the list endpoints return.

Random sequences of ingestions, re-extractions, approvals, rejections, edits, status
records, merges and undos run through the real services; after every step a mirror polls
the feed from its last cursor, and at the end of each example a fresh mirror replays the
feed from zero, as anonymous and as an editor. Both must equal the anonymous lists.

Editors read the same feed: it is the log of the public data. Their mirror is therefore
the public data too (equal to the anonymous lists, and to their own lists narrowed to
approved facts); pending work is read from the lists with `review_status=pending`.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import Q
from django.test import TestCase
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from agreements.merging import agreement_merge, agreement_merge_undo
from agreements.models import Agreement, AgreementMerge, AgreementStatusChange
from agreements.services import agreement_status_record
from articles.models import Article
from curated.feed import ROUTES, feed_publish
from curated.recording import record_extraction
from relations.merging import actor_merge, actor_merge_undo
from relations.models import Actor, ActorMerge, Event, MetricObservation
from relations.services import ReviewError, fact_approve, fact_reject, fact_update
from tests.api.builders import client_for
from tests.factories import AgreementFactory, ArticleFactory, EvidenceFactory, StatusChangeFactory, editor

pytestmark = pytest.mark.django_db

TEXTS = [
    "India and Russia signed an agreement on the joint production of AK-203 rifles on 3 December 2025. "
    "Bilateral trade between India and Russia reached $65 billion in 2024. "
    "Prime Minister Narendra Modi met President Vladimir Putin in New Delhi on 4 December 2025.",
    "The AK-203 rifle project between India and Russia is in progress, officials said on 5 December 2025. "
    "India's oil imports from Russia reached 1.8 million barrels a day in 2025.",
    "External Affairs Minister S. Jaishankar spoke with Sergey Lavrov on 6 December 2025. "
    "Bilateral trade between India and Russia reached $68 billion in 2025.",
]
# Agreements and status changes twice: their visibility depends on each other, the richest case.
FACTS = [Actor, Event, MetricObservation, Agreement, AgreementStatusChange, Agreement, AgreementStatusChange]
EDITS = {
    Actor: lambda n: {"name": f"Actor, edit {n}"},  # the name shows in events and agreements
    Event: lambda n: {"title": f"Event, edit {n}"},
    MetricObservation: lambda n: {"unit": ["USD", "EUR", "INR"][n % 3]},
    Agreement: lambda n: {"description": f"edit {n}"},
    AgreementStatusChange: lambda n: {"status": ["proposed", "agreed", "stalled"][n % 3]},
}
FEED = "/api/v1/changes/"


def candidates(model):
    """Rows a step may act on: for actors, those that events or agreements name (the registry's
    others change nothing that another list shows)."""
    if model is Actor:
        return Actor.objects.filter(Q(events__isnull=False) | Q(agreements__isnull=False)).distinct()
    return model.objects.all()


def pick(queryset, index: int):
    rows = list(queryset.order_by("id"))
    return rows[index % len(rows)] if rows else None


def poll(client, url: str, mirror: dict) -> str:
    """Apply every entry from `url` on to `mirror`; return the `next` to poll later."""
    for _ in range(1000):
        response = client.get(url, {"page_size": 200} if "?" not in url else None)
        assert response.status_code == 200, response.content
        page = response.json()
        for entry in page["results"]:
            key = (entry["resource"], entry["id"])
            if entry["data"] is None:
                assert entry["action"] in ("merged", "withdrawn")
                mirror.pop(key, None)
            else:
                assert entry["action"] in ("approved", "published", "edited", "unmerged")
                mirror[key] = entry["data"]
        url = page["next"]
        if not page["has_more"]:
            return url
    raise AssertionError("the feed did not end")


# The list endpoint of each resource of the feed.
LISTS = {
    "relationship": "relationships",
    "actor": "actors",
    "event": "events",
    "metric": "metrics",
    "observation": "observations",
    "agreement": "agreements",
    "status_change": "status-changes",
    "article": "articles",
    "evidence": "evidence",
}


def listed(client, params: dict | None = None, resources=tuple(LISTS)) -> dict:
    """Everything the list endpoints show `client`, keyed like the mirror."""
    rows = {}
    for resource in resources:
        url, query = f"/api/v1/{LISTS[resource]}/", {"page_size": 200, **(params or {})}
        for _ in range(1000):
            response = client.get(url, query)
            assert response.status_code == 200, (url, response.content)
            body = response.json()
            rows.update({(resource, item["id"]): item for item in body["results"]})
            if body["next"] is None:
                break
            url, query = body["next"], None
    return rows


def test_the_mirror_covers_every_resource_of_the_feed():
    assert set(LISTS) == set(ROUTES)


class FeedMirror(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.user = editor("mirror-editor")
        self.anonymous = client_for()
        self.mirror: dict = {}
        self.next = FEED
        self.steps = 0
        self.articles = 0

    def do(self, service, *args, **kwargs):
        """A service call as it commits: refused decisions are fine, derived updates run."""
        self.steps += 1
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                service(*args, **kwargs)
        except ReviewError:
            pass

    @initialize()
    def some_facts_to_decide(self):
        # A reported agreement with its status, an event and a figure, all approved, so that the
        # steps change public facts from the first one; and a proposal still pending.
        self.ingest(TEXTS[0])
        for model in (Event, MetricObservation, Agreement, AgreementStatusChange):
            for fact in model.objects.all():
                self.do(fact_approve, fact=fact, user=self.user)
        self.propose_agreement()

    @rule(text=st.sampled_from(TEXTS))
    def ingest(self, text):
        self.articles += 1  # the same report twice is one article: a new closing line makes another
        article = ArticleFactory(text=f"{text} Report {self.articles}.", title=text.split(".")[0])
        self.do(record_extraction, article_id=article.pk)

    @rule(index=st.integers(0, 5))
    def re_extract(self, index):
        article = pick(Article.objects.all(), index)
        if article is not None:
            self.do(record_extraction, article_id=article.pk, force=True)

    @rule()
    def propose_agreement(self):
        StatusChangeFactory(agreement=AgreementFactory(), status="proposed")

    @rule(model=st.sampled_from(FACTS), index=st.integers(0, 3))
    def approve(self, model, index):
        fact = pick(candidates(model), index)
        if fact is not None:
            self.do(lambda: fact_approve(fact=fact, user=self.user))

    @rule(model=st.sampled_from(FACTS), index=st.integers(0, 3))
    def reject(self, model, index):
        fact = pick(candidates(model), index)
        if fact is not None:
            self.do(lambda: fact_reject(fact=fact, user=self.user, reason="Not so"))

    @rule(model=st.sampled_from(FACTS), index=st.integers(0, 3), n=st.integers(0, 5))
    def edit(self, model, index, n):
        fact = pick(candidates(model), index)
        if fact is not None:
            self.do(lambda: fact_update(fact=fact, user=self.user, changes=EDITS[model](n)))

    @rule(index=st.integers(0, 3), approved=st.booleans(), status=st.sampled_from(["agreed", "in_progress"]))
    def record_status(self, index, approved, status):
        agreement = pick(Agreement.objects.filter(merged_into__isnull=True), index)
        if agreement is not None:
            evidence = [EvidenceFactory()]
            self.do(
                agreement_status_record,
                agreement=agreement,
                status=status,
                evidence=evidence,
                user=self.user,
                approved=approved,
            )

    @rule(first=st.integers(0, 3), second=st.integers(0, 3))
    def merge_agreements(self, first, second):
        merged = pick(Agreement.objects.filter(merged_into__isnull=True), first)
        survivor = pick(Agreement.objects.filter(merged_into__isnull=True), second)
        if merged is not None and survivor is not None:
            self.do(agreement_merge, merged=merged, survivor=survivor, user=self.user)

    @rule(first=st.integers(0, 15), second=st.integers(0, 15))
    def merge_actors(self, first, second):
        actors = candidates(Actor).filter(merged_into__isnull=True).exclude(kind=Actor.Kind.COUNTRY)
        merged, survivor = pick(actors, first), pick(actors, second)
        if merged is not None and survivor is not None:
            self.do(actor_merge, merged=merged, survivor=survivor, user=self.user)

    @rule(index=st.integers(0, 3), actors=st.booleans())
    def undo_merge(self, index, actors):
        if actors:
            merge = pick(ActorMerge.objects.filter(undone_at__isnull=True), index)
            if merge is not None:
                self.do(actor_merge_undo, merge=merge, user=self.user)
        else:
            merge = pick(AgreementMerge.objects.filter(undone_at__isnull=True), index)
            if merge is not None:
                self.do(agreement_merge_undo, merge=merge, user=self.user)

    @invariant()
    def polled_mirror_equals_the_lists(self):
        self.next = poll(self.anonymous, self.next, self.mirror)
        assert self.mirror == listed(self.anonymous)

    def teardown(self):
        try:
            lists = listed(self.anonymous)
            replayed: dict = {}
            poll(self.anonymous, FEED, replayed)
            assert replayed == lists
            # Editors read the same log, so their mirror is the public data.
            staff = client_for(self.user)
            by_editor: dict = {}
            poll(staff, FEED, by_editor)
            assert by_editor == lists
            approved = listed(staff, {"review_status": "approved"}, resources=["actor", "event", "observation"])
            assert approved.keys() == {key for key in lists if key[0] in ("actor", "event", "observation")}
        finally:
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)


def test_a_mirror_replayed_from_the_feed_equals_the_lists(seed_registry):
    feed_publish()  # the seed registry, once: every example starts from it
    run_state_machine_as_test(
        FeedMirror,
        settings=settings(
            max_examples=12,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        ),
    )
