"""Merging duplicate agreements, undoing a merge, and remembering pairs judged distinct.

A merge moves the merged agreement's status history, parties, evidence and distinctive
names to the survivor, leaves the merged row pointing to it, and re-derives both current
statuses. `AgreementMerge.moved` records what moved so that an undo puts back exactly that.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from relations import matching
from relations.merging import MergeError, distinction_undo, fact_touch, m2m_move, m2m_restore

from .models import Agreement, AgreementDistinction, AgreementMerge, AgreementStatusChange
from .services import agreement_status_refresh


def _lock(*agreements: Agreement) -> list[Agreement]:
    locked = {a.pk: a for a in Agreement.objects.select_for_update().filter(pk__in=[a.pk for a in agreements])}
    return [locked[a.pk] for a in agreements]


def _links():
    return [
        ("parties", Agreement.parties.through, "actor_id"),
        ("evidence", Agreement.evidence.through, "evidence_id"),
    ]


def _refresh_after_commit(*agreements: Agreement) -> None:
    for agreement in agreements:
        transaction.on_commit(functools.partial(agreement_status_refresh, agreement=agreement))


def agreement_merge(*, merged: Agreement, survivor: Agreement, user) -> AgreementMerge:
    """Merge `merged` into `survivor`: status history, parties, evidence and names move over."""
    if merged.pk == survivor.pk:
        raise MergeError("An agreement cannot be merged into itself.")
    if merged.relationship_id != survivor.relationship_id:
        raise MergeError("Agreements of different relationships cannot be merged.")
    with transaction.atomic():
        merged, survivor = _lock(merged, survivor)
        for agreement in (merged, survivor):
            if agreement.merged_into_id is not None:
                raise MergeError(f"'{agreement.title}' was already merged; merge into its survivor.")
        moved: dict = {
            "status_changes": sorted(
                AgreementStatusChange.objects.filter(agreement=merged).values_list("pk", flat=True)
            ),
            "survivor_keys": list(survivor.keys),
        }
        AgreementStatusChange.objects.filter(pk__in=moved["status_changes"]).update(agreement=survivor)
        for name, through, target_field in _links():
            # Here the agreement owns the link; the moved rows are the actors or evidence it points to.
            moved[name] = m2m_move(
                through=through,
                owner_field=target_field,
                target_field="agreement_id",
                source_id=merged.pk,
                dest_id=survivor.pk,
            )
        survivor.keys = [*survivor.keys, *(k for k in merged.keys if k not in survivor.keys)]
        merged.merged_into = survivor
        fact_touch(fact=merged, user=user, reason=f"merged into agreement {survivor.pk}")
        fact_touch(fact=survivor, user=user, reason=f"absorbed agreement {merged.pk}")
        merge = AgreementMerge.objects.create(merged=merged, survivor=survivor, moved=moved, merged_by=user)
        _refresh_after_commit(merged, survivor)
    return merge


def agreement_merge_undo(*, merge: AgreementMerge, user) -> AgreementMerge:
    """Put back what a merge moved and make the merged agreement stand on its own again."""
    with transaction.atomic():
        merge = AgreementMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            raise MergeError("This merge was already undone.")
        merged, survivor = _lock(merge.merged, merge.survivor)
        if merged.merged_into_id != survivor.pk:
            raise MergeError(f"'{merged.title}' no longer points to '{survivor.title}'; undo the later merge first.")
        if survivor.merged_into_id is not None:
            raise MergeError(f"'{survivor.title}' was merged again since; undo that merge first.")
        if merged.key and Agreement.objects.canonical().filter(relationship_id=merged.relationship_id, key=merged.key):
            raise MergeError(f"Another agreement now uses the key '{merged.key}'; change it before undoing.")
        AgreementStatusChange.objects.filter(pk__in=merge.moved.get("status_changes", []), agreement=survivor).update(
            agreement=merged
        )
        for name, through, target_field in _links():
            m2m_restore(
                through=through,
                owner_field=target_field,
                target_field="agreement_id",
                record=merge.moved.get(name, {"all": [], "added": []}),
                back_id=merged.pk,
                from_id=survivor.pk,
            )
        survivor.keys = merge.moved.get("survivor_keys", survivor.keys)
        merged.merged_into = None
        fact_touch(fact=merged, user=user, reason=f"merge undone: was merged into agreement {survivor.pk}")
        fact_touch(fact=survivor, user=user, reason=f"gave back agreement {merged.pk}")
        merge.undone_at = timezone.now()
        merge.undone_by = user
        merge.save(update_fields=["undone_at", "undone_by"])
        _refresh_after_commit(merged, survivor)
    return merge


def agreements_mark_distinct(*, agreement_a: Agreement, agreement_b: Agreement, user) -> AgreementDistinction:
    """Remember that two agreements are not the same, so that they are not proposed for merging again."""
    if agreement_a.pk == agreement_b.pk:
        raise MergeError("An agreement is always the same as itself.")
    low, high = sorted((agreement_a.pk, agreement_b.pk))
    distinction, _ = AgreementDistinction.objects.standing().get_or_create(
        agreement_low_id=low, agreement_high_id=high, defaults={"decided_by": user}
    )
    return distinction


def agreement_distinction_undo(*, distinction: AgreementDistinction, user, reason: str = "") -> AgreementDistinction:
    return distinction_undo(distinction=distinction, user=user, reason=reason)


@dataclass(frozen=True)
class AgreementMergeCandidate:
    first: Agreement
    second: Agreement
    reason: str


def agreement_merge_candidates(
    *, limit: int = 50, scan: int = 500, threshold: float = matching.THRESHOLD
) -> list[AgreementMergeCandidate]:
    """Pairs of canonical agreements of one relationship with a shared name or alike titles.

    Titles are compared folded (accents, case, punctuation) with rapidfuzz (`relations.matching`),
    across sectors: extraction may file one deal under two. Shared names come first, then
    the closest titles. Pairs judged distinct (and not taken back) are left out; at most
    `scan` agreements (newest first) are read, and only titles sharing a word are compared.
    """
    agreements = list(
        Agreement.objects.canonical()
        .exclude(review_status="rejected")
        .select_related("relationship")
        .order_by("-id")[:scan]
    )
    distinct = set(
        AgreementDistinction.objects.standing()
        .filter(agreement_low__in=agreements)
        .values_list("agreement_low_id", "agreement_high_id")
    )
    by_relationship: dict[int, list[Agreement]] = {}
    for agreement in sorted(agreements, key=lambda a: a.pk):
        by_relationship.setdefault(agreement.relationship_id, []).append(agreement)
    shared: list[AgreementMergeCandidate] = []
    similar: list[tuple[float, AgreementMergeCandidate]] = []
    proposed: set[tuple[int, int]] = set(distinct)
    for _, members in sorted(by_relationship.items()):
        by_name: dict[str, list[tuple[Agreement, str]]] = {}
        for agreement in members:
            for name in dict.fromkeys(agreement.keys):
                if folded := matching.fold(str(name)):
                    by_name.setdefault(folded, []).append((agreement, str(name)))
        for _, holders in sorted(by_name.items()):
            if len(holders) > matching.MAX_BLOCK:
                continue  # a name that many agreements carry tells none apart
            for (first, name), (second, _) in itertools.combinations(holders, 2):
                if first.pk != second.pk and (first.pk, second.pk) not in proposed:
                    proposed.add((first.pk, second.pk))
                    shared.append(AgreementMergeCandidate(first, second, f"shared name {name!r}"))
        search = matching.similar_pairs(
            [a.title for a in members], generic=matching.AGREEMENT_WORDS, threshold=threshold
        )
        for i, j, score in search.pairs:
            first, second = members[i], members[j]
            if (first.pk, second.pk) not in proposed:
                proposed.add((first.pk, second.pk))
                similar.append((score, AgreementMergeCandidate(first, second, f"similar titles ({score:.0f}%)")))
    similar.sort(key=lambda item: (-item[0], item[1].first.pk, item[1].second.pk))
    return [*shared, *(candidate for _, candidate in similar)][:limit]
