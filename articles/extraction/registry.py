"""The registry snapshot the engine reads against, and its compiled alias matcher."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .countries import BLOCKERS, country_aliases, country_name, organization_aliases, organization_countries
from .trie import literal_pattern

REGISTRY_FILE = Path(__file__).resolve().parents[2] / "seeds" / "registry.json"


@dataclass(frozen=True)
class RegistryActor:
    key: str | int | None
    name: str
    kind: str  # country | person | organization
    country: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegistryAgreement:
    key: str | int | None
    title: str
    keys: tuple[str, ...]  # distinctive names ("F-35", "Rooppur")


@dataclass(frozen=True)
class Target:
    """What an alias stands for."""

    name: str
    kind: str
    country: str | None
    key: str | int | None
    how: str  # registry | name | capital | demonym | listed (data/organizations.psv)


@dataclass(frozen=True)
class Matcher:
    pattern: re.Pattern[str] | None
    targets: dict[str, Target]
    agreement_pattern: re.Pattern[str] | None
    agreement_keys: dict[str, RegistryAgreement]


@dataclass(frozen=True)
class Registry:
    actors: tuple[RegistryActor, ...] = ()
    relationships: tuple[tuple[str, str], ...] = ()
    agreements: tuple[RegistryAgreement, ...] = ()
    _matcher: list = field(default_factory=list, init=False, repr=False, compare=False, hash=False)

    def matcher(self) -> Matcher:
        """Compiled once per instance: a registry is reused for many articles."""
        if not self._matcher:
            self._matcher.append(_compile(self))
        return self._matcher[0]


_BLOCKED = Target("", "blocked", None, None, "blocker")


def _compile(registry: Registry) -> Matcher:
    targets: dict[str, Target] = {alias: _BLOCKED for alias in BLOCKERS}
    registry_countries = {a.country: a for a in registry.actors if a.kind == "country" and a.country}
    for alias, (code, how) in country_aliases().items():
        known = registry_countries.get(code)
        name = known.name if known else country_name(code)
        targets[alias] = Target(name, "country", code, known.key if known else None, how)
    registry_names = {alias for actor in registry.actors for alias in (actor.name, *actor.aliases)}
    for alias, name in organization_aliases().items():
        if alias not in targets and name not in registry_names:
            targets[alias] = Target(name, "organization", organization_countries().get(name), None, "listed")
    for actor in registry.actors:
        target = Target(actor.name, actor.kind, actor.country, actor.key, "registry")
        for alias in (actor.name, *actor.aliases):
            previous = targets.get(alias)
            if actor.kind == "country" and previous and previous.kind == "country":
                # Keep how the table reads it (a demonym stays a demonym) under the registry's name.
                targets[alias] = Target(actor.name, "country", actor.country, actor.key, previous.how)
            else:
                targets[alias] = target
    agreement_keys = {key.lower(): agreement for agreement in registry.agreements for key in agreement.keys}
    return Matcher(
        literal_pattern(targets),
        targets,
        literal_pattern(agreement_keys, flags=re.IGNORECASE),
        agreement_keys,
    )


def registry_from_dict(data: dict) -> Registry:
    actors = tuple(
        RegistryActor(
            key=item.get("key", item["name"]),
            name=item["name"],
            kind=item["kind"],
            country=item.get("country"),
            aliases=tuple(item.get("aliases", ())),
        )
        for item in data.get("actors", ())
    )
    relationships = tuple(tuple(sorted(pair)) for pair in data.get("relationships", ()))
    agreements = tuple(
        RegistryAgreement(item.get("key", item["title"]), item["title"], tuple(item.get("keys", ())))
        for item in data.get("agreements", ())
    )
    return Registry(actors, relationships, agreements)  # type: ignore[arg-type]


@cache
def default_registry() -> Registry:
    """The seed registry (seeds/registry.json), the same file the project loads into its database."""
    return registry_from_dict(json.loads(REGISTRY_FILE.read_text(encoding="utf-8")))
