"""Writes that the admin, the API, the jobs and the commands share.

Every editorial decision goes through here: it is validated, bumps the fact's version
(so that a concurrent edit is detected, not overwritten) and writes a history row with
the acting user.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TypeVar

import pycountry
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .curation import CuratedModel, ReviewStatus
from .models import Actor, ActorAlias, Relationship
from .querysets import sorted_pair

Fact = TypeVar("Fact", bound=CuratedModel)


class ReviewError(ValueError):
    """A decision that cannot be made (e.g. approving a fact with no evidence)."""


class StaleFactError(ReviewError):
    """The fact changed since the editor loaded it."""


# --- Review -------------------------------------------------------------------------


def _review(*, fact: Fact, user, status: str, reason: str = "", expected_version: int | None = None) -> Fact:
    with transaction.atomic():
        locked = type(fact).objects.select_for_update().get(pk=fact.pk)
        if expected_version is not None and locked.version != expected_version:
            raise StaleFactError(
                f"{locked._meta.verbose_name.capitalize()} {locked.pk} was changed by someone else "
                f"(version {locked.version}, you had {expected_version}); reload it and decide again."
            )
        if status == ReviewStatus.APPROVED and locked.requires_evidence_to_approve and not locked.evidence.exists():
            raise ReviewError(f"{locked._meta.verbose_name.capitalize()} {locked.pk} has no evidence to approve.")
        locked.review_status = status
        locked.rejection_reason = reason
        locked.reviewed_by = user
        locked.reviewed_at = timezone.now()
        locked.claimed_by = None
        locked.claimed_at = None
        locked.version += 1
        locked._history_user = user
        locked._change_reason = f"{status}: {reason}" if reason else status
        locked.save()
        transaction.on_commit(locked.on_reviewed)
    return locked


def fact_approve(*, fact: Fact, user, expected_version: int | None = None) -> Fact:
    return _review(fact=fact, user=user, status=ReviewStatus.APPROVED, expected_version=expected_version)


def fact_reject(*, fact: Fact, user, reason: str, expected_version: int | None = None) -> Fact:
    reason = reason.strip()
    if not reason:
        raise ReviewError("A rejection needs a reason.")
    return _review(fact=fact, user=user, status=ReviewStatus.REJECTED, reason=reason, expected_version=expected_version)


def fact_update(*, fact: Fact, user, changes: dict, expected_version: int | None = None) -> Fact:
    """Edit a fact's fields (not its review state), detecting concurrent edits."""
    forbidden = {"review_status", "reviewed_by", "reviewed_at", "version", "id", "pk"} & changes.keys()
    if forbidden:
        raise ReviewError(f"These fields change only through review: {', '.join(sorted(forbidden))}.")
    with transaction.atomic():
        locked = type(fact).objects.select_for_update().get(pk=fact.pk)
        if expected_version is not None and locked.version != expected_version:
            raise StaleFactError(
                f"{locked._meta.verbose_name.capitalize()} {locked.pk} was changed by someone else; reload it."
            )
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["evidence"])
        locked.version += 1
        locked._history_user = user
        locked.save()
    return locked


# --- Registry -----------------------------------------------------------------------


def normalize_alias(alias: str) -> str:
    """The form under which an alias is unique: NFKC, case-folded, one space, no dots."""
    text = unicodedata.normalize("NFKC", alias).casefold().replace("’", "'")
    text = re.sub(r"(?<=\w)\.", "", text)  # U.S. == US, S. Jaishankar == S Jaishankar
    return re.sub(r"\s+", " ", text).strip()


# Where ISO's name is not the one newsrooms use and pycountry has no common name.
_SHORT_NAMES = {
    "RU": "Russia",
    "KR": "South Korea",
    "KP": "North Korea",
    "VN": "Vietnam",
    "SY": "Syria",
    "LA": "Laos",
    "CZ": "Czechia",
    "MD": "Moldova",
    "BN": "Brunei",
    "CD": "DR Congo",
    "GB": "United Kingdom",
    "US": "United States",
    "TR": "Turkey",
    "IR": "Iran",
}


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code.")
    return _SHORT_NAMES.get(country.alpha_2) or getattr(country, "common_name", None) or country.name


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
    user=None,
    approved: bool = False,
) -> Actor:
    with transaction.atomic():
        actor = Actor(
            kind=kind, name=name, slug=_unique_slug(name), country=(country or "").upper(), description=description
        )
        if approved:
            actor.review_status = ReviewStatus.APPROVED
            actor.reviewed_by = user
            actor.reviewed_at = timezone.now()
        actor._history_user = user
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
        actor = actor.merged_into
    return actor


def registry_load(data: dict, *, user=None) -> dict[str, int]:
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
                )
                counts["actors"] += 1
            for alias in aliases:
                if not ActorAlias.objects.filter(normalized=normalize_alias(alias)).exists():
                    actor_alias_add(actor=actor, alias=alias)
                    counts["aliases"] += 1
    return counts
