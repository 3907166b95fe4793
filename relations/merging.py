"""Merging duplicate actors, undoing a merge, and remembering pairs judged distinct.

A merge moves what hangs off the merged actor (aliases, evidence, event participation,
agreement parties) to the survivor and leaves the merged row as a pointer
(`merged_into`), so that old ids still resolve. `ActorMerge.moved` records exactly which
rows moved, so that an undo moves back those and nothing else.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from . import matching
from .curation import CuratedModel
from .models import Actor, ActorAlias, ActorDistinction, ActorMerge, Event
from .services import ReviewError, normalize_alias

# A "not the same" judgement: ActorDistinction, or agreements' AgreementDistinction.
D = TypeVar("D", bound=Any)  # their fields are read by name: no common base declares them


class MergeError(ReviewError):
    """A merge (or undo) that cannot be made as asked."""


def fact_touch(*, fact: CuratedModel, user, reason: str) -> CuratedModel:
    """Bump a fact's version and write a history row saying why: a related-row change is an edit too.

    The caller holds the row lock (select_for_update) inside its transaction.
    """
    fact.version += 1
    fact._history_user = user  # type: ignore[attr-defined]  # simple_history reads it off the instance
    fact._change_reason = reason[:100]  # type: ignore[attr-defined]  # likewise
    fact.save()
    return fact


def m2m_move(*, through, owner_field: str, target_field: str, source_id: int, dest_id: int) -> dict[str, list[int]]:
    """Repoint m2m links from `source_id` to `dest_id`.

    Returns the owners the source was linked to (`all`) and those newly linked to the
    destination (`added`: the destination was not linked to them before), which is what an
    undo needs to put things back exactly.
    """
    owners = set(through.objects.filter(**{target_field: source_id}).values_list(owner_field, flat=True))
    already = set(
        through.objects.filter(**{target_field: dest_id, f"{owner_field}__in": owners}).values_list(
            owner_field, flat=True
        )
    )
    added = sorted(owners - already)
    through.objects.filter(**{target_field: source_id}).delete()
    through.objects.bulk_create([through(**{owner_field: owner, target_field: dest_id}) for owner in added])
    return {"all": sorted(owners), "added": added}


def m2m_restore(*, through, owner_field: str, target_field: str, record: dict, back_id: int, from_id: int) -> None:
    """Undo `m2m_move`: drop the links it added to `from_id` and link `back_id` again."""
    through.objects.filter(**{target_field: from_id, f"{owner_field}__in": record["added"]}).delete()
    existing = set(
        through.objects.filter(**{target_field: back_id, f"{owner_field}__in": record["all"]}).values_list(
            owner_field, flat=True
        )
    )
    through.objects.bulk_create(
        [through(**{owner_field: owner, target_field: back_id}) for owner in record["all"] if owner not in existing]
    )


def _lock(*actors: Actor) -> list[Actor]:
    locked = {a.pk: a for a in Actor.objects.select_for_update().filter(pk__in=[a.pk for a in actors])}
    return [locked[a.pk] for a in actors]


def _actor_links():
    """The m2m tables that link other rows to an actor: (name, through, owner field)."""
    Agreement = apps.get_model("agreements", "Agreement")
    return [
        ("evidence", Actor.evidence.through, "evidence_id"),
        ("events", Event.actors.through, "event_id"),
        ("agreements", Agreement.parties.through, "agreement_id"),
    ]


def actor_merge(*, merged: Actor, survivor: Actor, user) -> ActorMerge:
    """Merge `merged` into `survivor`: its aliases, evidence, events and agreements move over."""
    if merged.pk == survivor.pk:
        raise MergeError("An actor cannot be merged into itself.")
    with transaction.atomic():
        merged, survivor = _lock(merged, survivor)
        for actor in (merged, survivor):
            if actor.merged_into_id is not None:
                raise MergeError(f"{actor.name} was already merged into another actor; merge into its survivor.")
        moved: dict = {"aliases": sorted(ActorAlias.objects.filter(actor=merged).values_list("pk", flat=True))}
        ActorAlias.objects.filter(pk__in=moved["aliases"]).update(actor=survivor)
        for name, through, owner_field in _actor_links():
            moved[name] = m2m_move(
                through=through,
                owner_field=owner_field,
                target_field="actor_id",
                source_id=merged.pk,
                dest_id=survivor.pk,
            )
        merged.merged_into = survivor
        fact_touch(fact=merged, user=user, reason=f"merged into {survivor.name} ({survivor.pk})")
        fact_touch(fact=survivor, user=user, reason=f"absorbed {merged.name} ({merged.pk})")
        return ActorMerge.objects.create(merged=merged, survivor=survivor, moved=moved, merged_by=user)


def actor_merge_undo(*, merge: ActorMerge, user) -> ActorMerge:
    """Put back what a merge moved and make the merged actor stand on its own again."""
    with transaction.atomic():
        merge = ActorMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            raise MergeError("This merge was already undone.")
        merged, survivor = _lock(merge.merged, merge.survivor)
        if merged.merged_into_id != survivor.pk:
            raise MergeError(f"{merged.name} no longer points to {survivor.name}; undo the later merge first.")
        if survivor.merged_into_id is not None:
            raise MergeError(f"{survivor.name} was merged again since; undo that merge first.")
        ActorAlias.objects.filter(pk__in=merge.moved.get("aliases", []), actor=survivor).update(actor=merged)
        for name, through, owner_field in _actor_links():
            m2m_restore(
                through=through,
                owner_field=owner_field,
                target_field="actor_id",
                record=merge.moved.get(name, {"all": [], "added": []}),
                back_id=merged.pk,
                from_id=survivor.pk,
            )
        merged.merged_into = None
        fact_touch(fact=merged, user=user, reason=f"merge undone: was merged into {survivor.name}")
        fact_touch(fact=survivor, user=user, reason=f"gave back {merged.name}")
        merge.undone_at = timezone.now()
        merge.undone_by = user
        merge.save(update_fields=["undone_at", "undone_by"])
    return merge


def actors_mark_distinct(*, actor_a: Actor, actor_b: Actor, user) -> ActorDistinction:
    """Remember that two actors are not the same, so that they are not proposed for merging again."""
    if actor_a.pk == actor_b.pk:
        raise MergeError("An actor is always the same as itself.")
    low, high = sorted((actor_a.pk, actor_b.pk))
    distinction, _ = ActorDistinction.objects.standing().get_or_create(
        actor_low_id=low, actor_high_id=high, defaults={"decided_by": user}
    )
    return distinction


def distinction_undo(*, distinction: D, user, reason: str = "") -> D:
    """Take back a "not the same" judgement (of actors or of agreements): the pair may be
    proposed again. The row stays as the record, with who took it back, when and why."""
    with transaction.atomic():
        distinction = type(distinction).objects.select_for_update().get(pk=distinction.pk)
        if distinction.undone_at is not None:
            raise MergeError("This judgement was already taken back.")
        distinction.undone_at = timezone.now()
        distinction.undone_by = user
        distinction.undo_reason = reason.strip()[:500]
        distinction.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    return distinction


def actor_distinction_undo(*, distinction: ActorDistinction, user, reason: str = "") -> ActorDistinction:
    return distinction_undo(distinction=distinction, user=user, reason=reason)


@dataclass(frozen=True)
class MergeCandidate:
    first: Actor
    second: Actor
    reason: str


def _name_keys(actor: Actor) -> set[str]:
    """Keys under which two actors may be one: a person's surname, an organization's acronym.

    Names are folded (accents, case) first: "Dmitri Medvédev" and "Dmitry Medvedev" share one.
    """
    keys = set()
    for alias in [actor.name, *(a.alias for a in actor.aliases.all())]:
        words = matching.fold(normalize_alias(alias)).split()
        if not words:
            continue
        if actor.kind == Actor.Kind.PERSON:
            keys.add("surname:" + words[-1])
        elif len(words) == 1:
            keys.add("acronym:" + words[0])
        else:
            keys.add("acronym:" + "".join(w[0] for w in words if w not in {"of", "the", "and", "for"}))
    return keys


def actor_merge_candidates(*, limit: int = 50, scan: int = 2000) -> list[MergeCandidate]:
    """Pairs of canonical actors of one kind and country that share a surname or an acronym,
    or whose names (or aliases) are alike (`relations.matching`, accents folded).

    Shared keys come first, then the closest names. Pairs judged distinct (and not taken
    back) are left out. Reads at most `scan` actors, newest first, so the proposals stay
    cheap on a large registry; only names sharing a word are compared.
    """
    actors = list(Actor.objects.canonical().exclude(review_status="rejected").with_aliases().order_by("-id")[:scan])
    distinct = set(
        ActorDistinction.objects.standing().filter(actor_low__in=actors).values_list("actor_low_id", "actor_high_id")
    )
    buckets: dict[tuple[str, str, str], list[Actor]] = {}
    blocks: dict[tuple[str, str], list[Actor]] = {}
    for actor in actors:
        if actor.kind == Actor.Kind.COUNTRY:
            continue  # one per country code already
        blocks.setdefault((actor.kind, actor.country), []).append(actor)
        for key in _name_keys(actor):
            buckets.setdefault((actor.kind, actor.country, key), []).append(actor)
    proposed: set[tuple[int, int]] = set(distinct)
    candidates = []
    for (_, _, key), members in sorted(buckets.items(), key=lambda item: item[0]):
        if len(members) > matching.MAX_BLOCK:
            continue  # a surname that common tells no one apart
        for first, second in itertools.combinations(sorted(members, key=lambda a: a.pk), 2):
            pair = (first.pk, second.pk)
            if pair in proposed:
                continue
            proposed.add(pair)
            kind, _, value = key.partition(":")
            candidates.append(MergeCandidate(first, second, f"same {kind} '{value}'"))
    similar: list[tuple[float, MergeCandidate]] = []
    for _, members in sorted(blocks.items()):
        # Every name of every actor of the block, each remembering its actor.
        owners = [(actor, name) for actor in members for name in [actor.name, *(a.alias for a in actor.aliases.all())]]
        for i, j, score in matching.similar_pairs([name for _, name in owners]).pairs:
            first, second = sorted((owners[i][0], owners[j][0]), key=lambda a: a.pk)
            if first.pk == second.pk or (first.pk, second.pk) in proposed:
                continue
            proposed.add((first.pk, second.pk))
            similar.append((score, MergeCandidate(first, second, f"similar names ({score:.0f}%)")))
    similar.sort(key=lambda item: (-item[0], item[1].first.pk, item[1].second.pk))
    return [*candidates, *(candidate for _, candidate in similar)][:limit]
