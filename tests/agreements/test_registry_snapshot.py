"""The extractor's registry snapshot: stamped by the change log, updated in place, and equal
to a full read after any change."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from agreements.models import Agreement
from curated import recording
from curated.recording import _registry_read, registry_snapshot, registry_stamp
from relations.models import Actor, ActorAlias, RegistryChange
from relations.services import actor_alias_add, actor_create, fact_approve, fact_claim, fact_reject
from tests.factories import editor

pytestmark = pytest.mark.django_db(transaction=True)


def _agreement(title: str, keys: list[str]) -> Agreement:
    """An approved agreement: the snapshot holds only what editors stand behind."""
    from relations.services import relationship_get_or_create

    relationship, _ = relationship_get_or_create(country_1="IN", country_2="RU")
    return Agreement.objects.create(
        relationship=relationship,
        title=title,
        key=keys[0].lower(),
        keys=keys,
        review_status="approved",
        reviewed_at=timezone.now(),
    )


def _same_as_a_full_read(registry) -> None:
    fresh = _registry_read()
    assert sorted(registry.actors, key=lambda a: a.key) == sorted(fresh.actors, key=lambda a: a.key)
    assert sorted(registry.agreements, key=lambda a: a.key) == sorted(fresh.agreements, key=lambda a: a.key)
    assert sorted(registry.relationships) == sorted(fresh.relationships)
    assert registry.matcher().targets == fresh.matcher().targets
    assert registry.matcher().agreement_keys == fresh.matcher().agreement_keys


def test_approval_and_rejection_move_the_stamp_but_claims_and_edits_of_other_fields_do_not(seed_registry):
    user = editor()
    actor = actor_create(kind="person", name="Denis Manturov", country="RU", aliases=["Manturov"])
    stamp = registry_stamp()
    actor = fact_claim(fact=actor, user=user)
    assert registry_stamp() == stamp  # a claim changes nothing the matcher reads
    actor = fact_approve(fact=actor, user=user)
    assert registry_stamp() > stamp  # an approved actor enters the registry
    assert any(a.name == "Denis Manturov" for a in registry_snapshot().actors)
    deal = _agreement("Su-57 deal", ["Su-57"])
    stamp = registry_stamp()
    # A re-approval as the review service writes it, then edits of what the matcher does not read.
    Agreement.objects.filter(pk=deal.pk).update(
        review_status="approved", reviewed_by=user, reviewed_at=timezone.now(), version=2, updated_at=timezone.now()
    )
    Agreement.objects.filter(pk=deal.pk).update(description="A fighter deal.", sector="defense")
    assert registry_stamp() == stamp
    fact_reject(fact=Actor.objects.get(pk=actor.pk), user=user, reason="not a real actor")
    assert registry_stamp() > stamp
    assert not any(a.name == "Denis Manturov" for a in registry_snapshot().actors)


def test_a_new_alias_or_key_is_applied_without_compiling_the_registry_again(seed_registry):
    first = registry_snapshot()
    assert registry_snapshot() is first  # nothing changed: the same object
    base = first.matcher()._aliases._base
    putin = Actor.objects.get(name="Vladimir Putin")
    actor_alias_add(actor=putin, alias="the Kremlin chief")
    _agreement("AK-203 rifles", ["AK-203"])
    grown = registry_snapshot()
    assert grown is not first
    assert grown.matcher()._aliases._base is base  # updated, not rebuilt
    text = "The Kremlin chief spoke of the ak-203 plant."
    spans = grown.matcher().actor_spans("the Kremlin chief and Putin")
    assert spans[0][2].key == putin.pk
    assert [text[s:e] for s, e in grown.matcher().agreement_spans(text)] == ["ak-203"]
    _same_as_a_full_read(grown)


def test_merges_rejections_renames_and_deletions_reach_the_snapshot(seed_registry):
    user = editor()
    registry_snapshot()
    a = actor_create(
        kind="organization", name="Rosatom State Corporation", country="RU", aliases=["Rosatom"], approved=True
    )
    b = actor_create(kind="organization", name="Rosatom Corp", country="RU", approved=True)
    deal = _agreement("Kudankulam plant", ["Kudankulam"])
    _same_as_a_full_read(registry_snapshot())
    # A merge moves the aliases and points the loser at the survivor.
    ActorAlias.objects.filter(actor=b).update(actor=a)
    Actor.objects.filter(pk=b.pk).update(merged_into=a)
    Actor.objects.filter(pk=a.pk).update(name="State Atomic Energy Corporation Rosatom")
    Agreement.objects.filter(pk=deal.pk).update(keys=["Kudankulam", "KKNPP"])
    _same_as_a_full_read(registry_snapshot())
    fact_reject(fact=Actor.objects.get(pk=a.pk), user=user, reason="duplicate")
    Agreement.objects.filter(pk=deal.pk).delete()
    snapshot = registry_snapshot()
    _same_as_a_full_read(snapshot)
    assert "Rosatom" not in {alias for actor in snapshot.actors for alias in actor.aliases}


def test_changes_rolled_back_are_dropped_and_a_flushed_log_is_read_whole(seed_registry):
    registry_snapshot()
    with pytest.raises(RuntimeError), transaction.atomic():
        actor_create(kind="person", name="Ghost Person", country="RU", approved=True)
        assert any(a.name == "Ghost Person" for a in registry_snapshot().actors)  # its own write
        raise RuntimeError
    assert not any(a.name == "Ghost Person" for a in registry_snapshot().actors)
    _same_as_a_full_read(registry_snapshot())
    RegistryChange.objects.all().delete()
    actor_create(kind="person", name="Another Person", country="IN", approved=True)
    _same_as_a_full_read(registry_snapshot())


def test_a_change_committed_after_a_later_one_is_not_lost(seed_registry):
    """Two transactions: the first logs a change, the second logs and commits one after it;
    the snapshot read in between skips the first (not committed yet) and must read it later."""
    import threading

    registry_snapshot()
    started, release = threading.Event(), threading.Event()

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                actor_create(kind="person", name="Slow Writer", country="RU", approved=True)
                started.set()
                release.wait(30)
        finally:
            from django.db import connection

            connection.close()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    assert started.wait(30)
    actor_create(kind="person", name="Fast Writer", country="IN", approved=True)
    middle = registry_snapshot()
    names = {a.name for a in middle.actors}
    assert "Fast Writer" in names and "Slow Writer" not in names
    release.set()
    thread.join(30)
    assert "Slow Writer" in {a.name for a in registry_snapshot().actors}
    _same_as_a_full_read(registry_snapshot())
    assert recording._snapshot.applied == frozenset() or all(
        txid >= recording._snapshot.xmin for _, txid in recording._snapshot.applied
    )
