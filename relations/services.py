"""Writes that the admin, the API, the jobs and the commands share.

Every editorial decision goes through here: it is validated, bumps the fact's version
(so that a concurrent edit is detected, not overwritten) and writes a history row with
the acting user.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any, TypeVar, cast

import pycountry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.extraction.countries import country_name as extraction_country_name
from articles.models import Evidence
from articles.services import evidence_for_span

from .curation import CuratedModel, ReviewStatus
from .history import SEEDED
from .models import Actor, ActorAlias, Correction, CorrectionSource, Event, Metric, MetricObservation, Relationship
from .querysets import sorted_pair

Fact = TypeVar("Fact", bound=CuratedModel)


class ReviewError(ValueError):
    """A decision that cannot be made (e.g. approving a fact with no evidence)."""


class StaleFactError(ReviewError):
    """The fact changed since the editor loaded it."""


class ClaimedError(ReviewError):
    """Another editor holds a live claim on the fact."""


# A claim lapses after this long, so that an editor who walks away does not lock an item forever.
CLAIM_TTL = timedelta(minutes=30)


def _claim_holder(fact: CuratedModel, user: Any) -> str | None:
    """The name of another editor whose live claim blocks `user`, or None."""
    if fact.claimed_by_id is None or (user is not None and fact.claimed_by_id == user.pk):
        return None
    if fact.claimed_at is not None and fact.claimed_at < timezone.now() - CLAIM_TTL:
        return None
    return fact.claimed_by.get_username() if fact.claimed_by else "another editor"


def _label(fact: CuratedModel) -> str:
    """The fact's kind as a sentence starts with it ("Metric observation")."""
    return str(fact._meta.verbose_name).capitalize()


# --- Review -------------------------------------------------------------------------


def _refuse_merged(locked: CuratedModel) -> None:
    """A merged-away record is only a pointer to its survivor (a stale page may still post for it)."""
    if getattr(locked, "merged_into_id", None) is not None:
        raise ReviewError(f"{_label(locked)} {locked.pk} was merged into another; decide the survivor instead.")


def _lock_at_version(fact: Fact, expected_version: int | None) -> Fact:
    """The fact's row, locked for this transaction; refused when it moved past the version the
    editor's page was loaded at."""
    locked = type(fact).objects.select_for_update().get(pk=fact.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleFactError(
            f"{_label(locked)} {locked.pk} was changed by someone else "
            f"(version {locked.version}, you had {expected_version}); reload it and decide again."
        )
    return locked


def _review(*, fact: Fact, user: Any, status: str, reason: str = "", expected_version: int | None = None) -> Fact:
    with transaction.atomic():
        locked = _lock_at_version(fact, expected_version)
        if status == ReviewStatus.APPROVED and locked.review_status == ReviewStatus.APPROVED:
            # Approving what is approved decides nothing: no version, no history, no feed entry.
            return locked
        _refuse_merged(locked)
        holder = _claim_holder(locked, user)
        if holder is not None:
            raise ClaimedError(f"{_label(locked)} {locked.pk} is claimed by {holder}.")
        if status == ReviewStatus.APPROVED and locked.requires_evidence_to_approve and not locked.evidence.exists():
            raise ReviewError(f"{_label(locked)} {locked.pk} has no evidence to approve.")
        locked.review_status = status
        locked.rejection_reason = reason
        locked.reviewed_by = user
        locked.reviewed_at = timezone.now()
        locked.claimed_by = None
        locked.claimed_at = None
        locked.version += 1
        locked._history_user = user  # type: ignore[attr-defined]  # simple_history reads it off the instance
        # The history's reason column holds 100 characters; the whole reason is in rejection_reason.
        locked._change_reason = (f"{status}: {reason}" if reason else status)[:100]  # type: ignore[attr-defined]
        locked.save()
        transaction.on_commit(locked.on_reviewed)
    return locked


def fact_approve(*, fact: Fact, user: Any, expected_version: int | None = None) -> Fact:
    return _review(fact=fact, user=user, status=ReviewStatus.APPROVED, expected_version=expected_version)


def fact_reject(*, fact: Fact, user: Any, reason: str, expected_version: int | None = None) -> Fact:
    reason = reason.strip()
    if not reason:
        raise ReviewError("A rejection needs a reason.")
    return _review(fact=fact, user=user, status=ReviewStatus.REJECTED, reason=reason, expected_version=expected_version)


def fact_reopen(*, fact: Fact, user: Any, reason: str, expected_version: int | None = None) -> Fact:
    """Take a decision back: an approved or rejected fact returns to pending, to be decided again.

    The decision's fields are cleared (the constraint says a pending fact has no review time),
    the version is bumped and the history row says who reopened it and why; an approved fact
    leaves the public lists, so the changes feed withdraws it.
    """
    reason = reason.strip()
    if not reason:
        raise ReviewError("Reopening needs a reason.")
    with transaction.atomic():
        locked = _lock_at_version(fact, expected_version)
        if locked.review_status == ReviewStatus.PENDING:
            raise ReviewError(f"{_label(locked)} {locked.pk} is pending: there is no decision to reopen.")
        _refuse_merged(locked)
        locked.review_status = ReviewStatus.PENDING
        locked.rejection_reason = ""
        locked.reviewed_by = None
        locked.reviewed_at = None
        locked.claimed_by = None
        locked.claimed_at = None
        locked.version += 1
        locked._history_user = user  # type: ignore[attr-defined]  # simple_history reads it off the instance
        # The history's reason column holds 100 characters (the queue's LogEntry keeps the whole reason).
        locked._change_reason = f"reopened: {reason}"[:100]  # type: ignore[attr-defined]
        locked.save()
        transaction.on_commit(locked.on_reviewed)
    return locked


def fact_update(
    *,
    fact: Fact,
    user: Any,
    changes: dict[str, Any],
    expected_version: int | None = None,
    source: str | None = CorrectionSource.DESK,
) -> Fact:
    """Edit a fact's fields (not its review state), detecting concurrent edits; every field
    whose value changed is logged as a `Correction` (who, from what, to what, from where).
    `source=None` logs none: a curation choice such as the preferred observation, or the seed
    editor's fixes, is no correction of what the extractor read."""
    forbidden = {"review_status", "reviewed_by", "reviewed_at", "version", "id", "pk"} & changes.keys()
    if forbidden:
        raise ReviewError(f"These fields change only through review: {', '.join(sorted(forbidden))}.")
    with transaction.atomic():
        locked = type(fact).objects.select_for_update().get(pk=fact.pk)
        if expected_version is not None and locked.version != expected_version:
            raise StaleFactError(f"{_label(locked)} {locked.pk} was changed by someone else; reload it.")
        before = {name: correction_value(_field_value(locked, name)) for name in changes}
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["evidence"])
        locked.version += 1
        locked._history_user = user  # type: ignore[attr-defined]  # simple_history reads it off the instance
        locked.save()
        if source is not None:
            corrections_record(
                fact=locked,
                user=user,
                source=source,
                changes={
                    name: (old, new)
                    for name, old in before.items()
                    if (new := correction_value(_field_value(locked, name))) != old
                },
            )
    return locked


def fact_update_and_approve(
    *,
    fact: Fact,
    user: Any,
    changes: dict[str, Any],
    expected_version: int | None = None,
    source: str | None = CorrectionSource.DESK,
) -> Fact:
    """Edit a fact and approve it in one step: both happen, or neither does."""
    with transaction.atomic():
        updated = fact_update(fact=fact, user=user, changes=changes, expected_version=expected_version, source=source)
        return fact_approve(fact=updated, user=user, expected_version=updated.version)


def fact_revert(
    *,
    fact: Fact,
    user: Any,
    changes: dict[str, Any],
    review_status: str,
    rejection_reason: str = "",
    expected_version: int | None = None,
    source: str | None = CorrectionSource.DESK,
) -> Fact:
    """Bring a fact back to an old version from its history: its fields, and its review state too.

    The fields are edited as any edit is; when the old version was in another review state the
    matching decision is made again through its service (approve, reject with the old reason, or
    reopen), so the history says who moved it and why. Both happen, or neither does.
    """
    with transaction.atomic():
        updated = fact_update(fact=fact, user=user, changes=changes, expected_version=expected_version, source=source)
        if review_status == updated.review_status:
            return updated
        why = "reverted to an earlier version"
        if review_status == ReviewStatus.PENDING:
            return fact_reopen(fact=updated, user=user, reason=why, expected_version=updated.version)
        if review_status == ReviewStatus.APPROVED:
            return fact_approve(fact=updated, user=user, expected_version=updated.version)
        return fact_reject(fact=updated, user=user, reason=rejection_reason or why, expected_version=updated.version)


def fact_claim(*, fact: Fact, user: Any, expected_version: int | None = None) -> Fact:
    """Take a pending fact for review so that other editors leave it alone.

    Claiming is not an edit: the version is not bumped, so the claimer's loaded page stays valid.
    """
    with transaction.atomic():
        locked = type(fact).objects.select_for_update(of=("self",)).select_related("claimed_by").get(pk=fact.pk)
        if expected_version is not None and locked.version != expected_version:
            raise StaleFactError(f"{_label(locked)} {locked.pk} was changed by someone else; reload it.")
        if locked.review_status != ReviewStatus.PENDING:
            name = _label(locked)
            raise ReviewError(f"{name} {locked.pk} is already {locked.review_status}.")
        holder = _claim_holder(locked, user)
        if holder is not None:
            raise ClaimedError(f"{_label(locked)} {locked.pk} is claimed by {holder}.")
        type(fact).objects.filter(pk=locked.pk).update(claimed_by=user, claimed_at=timezone.now())
        locked.refresh_from_db()
    return locked


def fact_release(*, fact: Fact, user: Any) -> Fact:
    """Give a claim back; only its holder (or a lapsed claim) can be released."""
    with transaction.atomic():
        locked = type(fact).objects.select_for_update(of=("self",)).select_related("claimed_by").get(pk=fact.pk)
        holder = _claim_holder(locked, user)
        if holder is not None:
            raise ClaimedError(f"{_label(locked)} {locked.pk} is claimed by {holder}.")
        type(fact).objects.filter(pk=locked.pk).update(claimed_by=None, claimed_at=None)
        locked.refresh_from_db()
    return locked


@dataclass
class BulkReviewResult:
    """What a bulk decision did: the facts decided, and the ones skipped with the reason why."""

    done: list[CuratedModel] = field(default_factory=list)
    skipped: list[tuple[CuratedModel, str]] = field(default_factory=list)


def facts_bulk_review(*, facts: Iterable[CuratedModel], user: Any, decision: str, reason: str = "") -> BulkReviewResult:
    """Approve or reject many facts, each through the per-fact service in its own transaction.

    A fact that cannot be decided (already decided, claimed by someone else, no evidence) is
    skipped with its reason; the others are decided all the same.
    """
    if decision not in ("approve", "reject"):
        raise ReviewError(f"Unknown decision {decision!r}; expected 'approve' or 'reject'.")
    if decision == "reject" and not reason.strip():
        raise ReviewError("A rejection needs a reason.")
    result = BulkReviewResult()
    for fact in facts:
        if fact.review_status != ReviewStatus.PENDING:
            result.skipped.append((fact, f"already {fact.review_status}"))
            continue
        try:
            if decision == "approve":
                decided = fact_approve(fact=fact, user=user, expected_version=fact.version)
            else:
                decided = fact_reject(fact=fact, user=user, reason=reason, expected_version=fact.version)
        except ReviewError as error:
            result.skipped.append((fact, str(error)))
        else:
            result.done.append(decided)
    return result


# --- Corrections and facts read by an editor ------------------------------------------


def correction_value(value: Any) -> Any:
    """A field's value as the correction log stores it: JSON, relations as ids, dates and
    decimals as text (the encoding of Django's serializers)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(correction_value(item) for item in value)
    if isinstance(value, Decimal):
        # 65000000000.0000 from the database and 65000000000 from a form are the same value.
        return format(value.normalize(), "f")
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _field_value(fact: CuratedModel, name: str) -> Any:
    try:
        field = fact._meta.get_field(name)
    except FieldDoesNotExist:
        return getattr(fact, name, None)
    if field.many_to_many:
        return list(getattr(fact, name).values_list("pk", flat=True)) if fact.pk else []
    if isinstance(field, models.ForeignObject):
        return getattr(fact, field.attname)
    return getattr(fact, name)


def corrections_record(
    *, fact: CuratedModel, user: Any, source: str, changes: dict[str, tuple[Any, Any]]
) -> list[Correction]:
    """Log who changed which field of a fact from what to what (values already as JSON)."""
    if source not in CorrectionSource.values:
        raise ValueError(f"Unknown correction source {source!r}; expected one of {', '.join(CorrectionSource.values)}.")
    content_type = ContentType.objects.get_for_model(fact)
    return Correction.objects.bulk_create(
        Correction(
            content_type=content_type,
            object_id=fact.pk,
            field=name,
            old_value=old,
            new_value=new,
            user=user if user is not None and user.pk else None,
            source=source,
        )
        for name, (old, new) in changes.items()
    )


def _evidence_json(evidence: Evidence) -> dict[str, Any]:
    return {"evidence_id": evidence.pk, "start": evidence.start, "end": evidence.end, "sentence": evidence.sentence}


def fact_evidence_correct(
    *,
    fact: Fact,
    evidence: Evidence,
    start: int,
    end: int,
    user: Any,
    expected_version: int | None = None,
    source: str = CorrectionSource.DESK,
) -> Fact:
    """Make a fact cite the sentence around text[start:end] of the same article instead of
    `evidence` (a wrong span). The old evidence row stays for the other facts citing it; the
    fact's version is bumped, history written and the move logged as a correction."""
    with transaction.atomic():
        locked = type(fact).objects.select_for_update().get(pk=fact.pk)
        if expected_version is not None and locked.version != expected_version:
            raise StaleFactError(f"{_label(locked)} {locked.pk} was changed by someone else; reload it.")
        if not locked.evidence.filter(pk=evidence.pk).exists():
            raise ReviewError(f"{_label(locked)} {locked.pk} does not cite that sentence (any more); reload the page.")
        try:
            corrected = evidence_for_span(article=evidence.article, start=start, end=end)
        except ValueError as error:
            raise ReviewError(str(error)) from error
        if corrected.pk == evidence.pk:
            raise ReviewError("That is the sentence it already cites; select another one.")
        locked.evidence.remove(evidence)
        locked.evidence.add(corrected)
        locked.version += 1
        locked._history_user = user  # type: ignore[attr-defined]  # simple_history reads it off the instance
        locked._change_reason = "evidence corrected"  # type: ignore[attr-defined]
        locked.save()
        corrections_record(
            fact=locked,
            user=user,
            source=source,
            changes={"evidence": (_evidence_json(evidence), _evidence_json(corrected))},
        )
    return locked


def fact_save_new(fact: Fact, *, evidence: Iterable[Evidence], user: Any) -> Fact:
    """Validate and save a fact an editor made, pending, citing its evidence (every kind's
    `..._create` service ends here)."""
    evidence = list(evidence)
    if not evidence:
        raise ReviewError("A fact needs at least one evidence sentence.")
    fact._history_user = user  # type: ignore[attr-defined]  # simple_history reads it off the instance
    fact.full_clean(exclude=["evidence"])
    fact.save()
    fact.evidence.add(*evidence)
    return fact


def event_create(
    *,
    relationship: Relationship,
    kind: str,
    evidence: Iterable[Evidence],
    title: str = "",
    date: Any = None,
    date_precision: str = "unknown",
    place: str = "",
    actors: Iterable[Actor] = (),
    user: Any = None,
) -> Event:
    """A pending event an editor read in a sentence (extraction's own go through recording)."""
    with transaction.atomic():
        event = fact_save_new(
            Event(
                relationship=relationship,
                kind=kind,
                title=title,
                date=date,
                date_precision=date_precision if date else "unknown",
                place=place,
            ),
            evidence=evidence,
            user=user,
        )
        event.actors.add(*actors)
    return event


def observation_create(
    *,
    metric: Metric,
    relationship: Relationship,
    kind: str,
    value: Any,
    unit: str,
    evidence: Iterable[Evidence],
    qualifier: str = "",
    period_label: str = "",
    period_start: Any = None,
    period_end: Any = None,
    reported_on: Any = None,
    user: Any = None,
) -> MetricObservation:
    """A pending metric observation an editor read in a sentence."""
    with transaction.atomic():
        return fact_save_new(
            MetricObservation(
                metric=metric,
                relationship=relationship,
                kind=kind,
                value=value,
                unit=unit,
                qualifier=qualifier,
                period_label=period_label,
                period_start=period_start,
                period_end=period_end,
                reported_on=reported_on,
            ),
            evidence=evidence,
            user=user,
        )


def facts_bulk_reopen(*, facts: Iterable[CuratedModel], user: Any, reason: str) -> BulkReviewResult:
    """Reopen many decided facts, each in its own transaction; pending ones are skipped and named."""
    if not reason.strip():
        raise ReviewError("Reopening needs a reason.")
    result = BulkReviewResult()
    for fact in facts:
        if fact.review_status == ReviewStatus.PENDING:
            result.skipped.append((fact, "already pending"))
            continue
        try:
            result.done.append(fact_reopen(fact=fact, user=user, reason=reason, expected_version=fact.version))
        except ReviewError as error:
            result.skipped.append((fact, str(error)))
    return result


# --- Registry -----------------------------------------------------------------------


def normalize_alias(alias: str) -> str:
    """The form under which an alias is unique: NFKC, case-folded, one space, no dots."""
    text = unicodedata.normalize("NFKC", alias).casefold().replace("’", "'")
    text = re.sub(r"(?<=\w)\.", "", text)  # U.S. == US, S. Jaishankar == S Jaishankar
    return re.sub(r"\s+", " ", text).strip()


def country_name(code: str) -> str:
    """The name newsrooms use ("Russia", not ISO's "Russian Federation"), from the extractor's table."""
    if pycountry.countries.get(alpha_2=code.upper()) is None:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code.")
    return extraction_country_name(code.upper())


def relationship_get_or_create(*, country_1: str, country_2: str) -> tuple[Relationship, bool]:
    """The one row for a pair of countries, in whichever order they are given."""
    a, b = sorted_pair(country_1, country_2)
    if a == b:
        raise ValueError("A relationship needs two different countries.")
    name = f"{country_name(a)}–{country_name(b)}"
    return Relationship.objects.get_or_create(
        country_a=a, country_b=b, defaults={"name": name, "slug": f"{a}-{b}".lower()}
    )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:300] or "actor"
    slug, n = base, 2
    while Actor.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def actor_create(
    *,
    kind: str,
    name: str,
    country: str = "",
    description: str = "",
    aliases: Iterable[str] = (),
    user: Any = None,
    approved: bool = False,
    change_reason: str | None = None,
) -> Actor:
    with transaction.atomic():
        actor = Actor(
            kind=kind, name=name, slug=_unique_slug(name), country=(country or "").upper(), description=description
        )
        if approved:
            actor.review_status = ReviewStatus.APPROVED
            actor.reviewed_by = user
            actor.reviewed_at = timezone.now()
        actor._history_user = user  # type: ignore[attr-defined]  # simple_history reads it off the instance
        if change_reason:
            # Who wrote it when no one is signed in (relations.history): the extractor, the seed loader.
            actor._change_reason = change_reason  # type: ignore[attr-defined]  # likewise
        actor.full_clean(exclude=["evidence", "slug"])
        actor.save()
        for alias in {name, *aliases}:
            actor_alias_add(actor=actor, alias=alias)
    return actor


def actor_alias_add(*, actor: Actor, alias: str) -> ActorAlias:
    """Give an actor a name; an alias that another actor holds is refused, not moved."""
    normalized = normalize_alias(alias)
    if not normalized:
        raise ValueError("An alias cannot be empty.")
    existing = ActorAlias.objects.filter(normalized=normalized).select_related("actor").first()
    if existing is not None:
        if existing.actor_id != actor.pk:
            raise ValueError(f"The alias {alias!r} already belongs to {existing.actor.name}.")
        return existing
    return ActorAlias.objects.create(actor=actor, alias=alias.strip(), normalized=normalized)


def actor_find_by_alias(alias: str) -> Actor | None:
    """The actor an alias names, following merges to the survivor."""
    hit = ActorAlias.objects.filter(normalized=normalize_alias(alias)).select_related("actor").first()
    if hit is None:
        return None
    return actor_resolve(hit.actor)


def actor_resolve(actor: Actor) -> Actor:
    """Follow merge pointers to the surviving actor."""
    seen = set()
    while actor.merged_into_id is not None and actor.pk not in seen:
        seen.add(actor.pk)
        actor = cast(Actor, actor.merged_into)  # merged_into_id is set
    return actor


def registry_load(data: dict[str, Any], *, user: Any = None) -> dict[str, int]:
    """Load a registry (relationships and approved actors with aliases); loading twice changes nothing."""
    counts = {"relationships": 0, "actors": 0, "aliases": 0}
    with transaction.atomic():
        for country_1, country_2 in data.get("relationships", []):
            _, created = relationship_get_or_create(country_1=country_1, country_2=country_2)
            counts["relationships"] += created
        for entry in data.get("actors", []):
            aliases = [entry["name"], *entry.get("aliases", [])]
            actor = next((a for a in map(actor_find_by_alias, aliases) if a is not None), None)
            if actor is None:
                actor = actor_create(
                    kind=entry["kind"],
                    name=entry["name"],
                    country=entry.get("country") or "",
                    description=entry.get("description", ""),
                    user=user,
                    approved=True,
                    change_reason=None if user is not None else SEEDED,
                )
                counts["actors"] += 1
            for alias in aliases:
                if not ActorAlias.objects.filter(normalized=normalize_alias(alias)).exists():
                    actor_alias_add(actor=actor, alias=alias)
                    counts["aliases"] += 1
    return counts
