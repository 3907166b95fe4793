"""The registry snapshot the engine reads against, and its compiled alias matcher."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from .automaton import Literals, fold_accents, fold_case
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


Key = str | int | None  # a registry actor's or agreement's key
_ActorEntry = tuple[int, RegistryActor]  # (registry position, actor)
_AgreementEntry = tuple[int, RegistryAgreement]
_E = TypeVar("_E", bound=tuple[int, Any])
_Keyed = TypeVar("_Keyed", RegistryActor, RegistryAgreement)


class Matcher:
    """The registry's aliases and agreement keys as whole-word matchers (`automaton.py`).

    `targets` (alias -> what it stands for) and `agreement_keys` (lower-cased key -> its
    agreement) read exactly as a full compile of the registry would make them; `changed`
    returns a new matcher with actors or agreements added, replaced or removed that shares
    this one's automata (a few new words go into a small second automaton), so a registry
    that grows one pending actor at a time is never recompiled whole.

    When several actors claim one alias, the later in the registry's order wins (a country
    actor keeps how the country table reads the alias, e.g. as a demonym); the same for
    agreement keys.
    """

    __slots__ = (
        "_actors",
        "_agreements",
        "_aliases",
        "_claims",
        "_countries",
        "_folded",
        "_folded_keys",
        "_key_claims",
        "_keys",
        "_next",
        "_patterns",
        "agreement_keys",
        "targets",
    )

    def __init__(self, registry: Registry) -> None:
        self._next = 0
        self._actors: dict[Key, _ActorEntry] = {}
        self._claims: dict[str, tuple[_ActorEntry, ...]] = {}
        self._countries: dict[str, tuple[_ActorEntry, ...]] = {}
        self._agreements: dict[Key, _AgreementEntry] = {}
        self._key_claims: dict[str, tuple[_AgreementEntry, ...]] = {}
        self._patterns: list[tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = []
        for actor in registry.actors:
            self._claim(actor, self._next)
            self._next += 1
        for agreement in registry.agreements:
            self._claim_keys(agreement, self._next)
            self._next += 1
        aliases = {*BLOCKERS, *country_aliases(), *organization_aliases(), *self._claims}
        self.targets: dict[str, Target] = {}
        for alias in aliases:
            target = self._resolve(alias)
            if target is not None:
                self.targets[alias] = target
        self._folded: dict[str, tuple[str, ...]] = {}
        for alias in self.targets:
            self._folded.setdefault(fold_accents(alias), ())
            self._folded[fold_accents(alias)] += (alias,)
        self._folded = {key: tuple(sorted(names)) for key, names in self._folded.items()}
        self._aliases = Literals(self._folded, fold_accents)
        self.agreement_keys: dict[str, RegistryAgreement] = {k: c[-1][1] for k, c in self._key_claims.items()}
        self._folded_keys: dict[str, frozenset[str]] = {}
        for key in self.agreement_keys:
            self._folded_keys[fold_case(key)] = self._folded_keys.get(fold_case(key), frozenset()) | {key}
        self._keys = Literals(self._folded_keys, fold_case)

    # --- matching ---------------------------------------------------------------------

    def actor_spans(self, text: str) -> list[tuple[int, int, Target]]:
        """(start, end, target) of every alias in the text, longest first, as whole words;
        an alias written with or without its accents ("Erdoğan", "Erdogan") is found either
        way, and the form written wins when both are aliases."""
        out: list[tuple[int, int, Target]] = []
        targets, folded = self.targets, self._folded
        for start, end, key in self._aliases.spans(text):
            target = targets.get(text[start:end])
            if target is None:
                target = targets[folded[key][0]]
            out.append((start, end, target))
        return out

    def agreement_spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every agreement key in the text, case-insensitive, as whole words."""
        return [(start, end) for start, end, _ in self._keys.spans(text)]

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """The aliases as one regex (the matcher before the automaton): for comparison only,
        it takes seconds to compile at a large registry."""
        return self._regex()[0]

    @property
    def agreement_pattern(self) -> re.Pattern[str] | None:
        return self._regex()[1]

    def _regex(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        if not self._patterns:
            self._patterns.append(
                (literal_pattern(self.targets), literal_pattern(self.agreement_keys, flags=re.IGNORECASE))
            )
        return self._patterns[0]

    # --- building ---------------------------------------------------------------------

    def _claim(self, actor: RegistryActor, position: int, *, remove: bool = False) -> None:
        entry: _ActorEntry = (position, actor)
        self._actors[actor.key] = entry
        for alias in dict.fromkeys((actor.name, *actor.aliases)):
            self._claims[alias] = _with(self._claims.get(alias, ()), entry, remove)
            if not self._claims[alias]:
                del self._claims[alias]
        if actor.kind == "country" and actor.country:
            self._countries[actor.country] = _with(self._countries.get(actor.country, ()), entry, remove)
            if not self._countries[actor.country]:
                del self._countries[actor.country]
        if remove:
            del self._actors[actor.key]

    def _claim_keys(self, agreement: RegistryAgreement, position: int, *, remove: bool = False) -> None:
        entry: _AgreementEntry = (position, agreement)
        self._agreements[agreement.key] = entry
        for key in dict.fromkeys(k.lower() for k in agreement.keys):
            self._key_claims[key] = _with(self._key_claims.get(key, ()), entry, remove)
            if not self._key_claims[key]:
                del self._key_claims[key]
        if remove:
            del self._agreements[agreement.key]

    def _resolve(self, alias: str) -> Target | None:
        """What the alias stands for, in the order a full compile applies its sources."""
        target = _BLOCKED if alias in _BLOCKER_SET else None
        country = country_aliases().get(alias)
        if country is not None:
            code, how = country
            known = self._countries.get(code)
            actor = known[-1][1] if known else None
            name = actor.name if actor else country_name(code)
            target = Target(name, "country", code, actor.key if actor else None, how)
        if target is None:
            listed = organization_aliases().get(alias)
            if listed is not None and listed not in self._claims:
                target = Target(listed, "organization", organization_countries().get(listed), None, "listed")
        for _, actor in self._claims.get(alias, ()):
            if actor.kind == "country" and target is not None and target.kind == "country":
                # Keep how the table reads it (a demonym stays a demonym) under the registry's name.
                target = Target(actor.name, "country", actor.country, actor.key, target.how)
            else:
                target = Target(actor.name, actor.kind, actor.country, actor.key, "registry")
        return target

    def changed(
        self,
        *,
        actors: Iterable[RegistryActor] = (),
        removed_actors: Iterable[Key] = (),
        agreements: Iterable[RegistryAgreement] = (),
        removed_agreements: Iterable[Key] = (),
    ) -> Matcher:
        """A new matcher with these actors and agreements added (or replaced, by key) and
        those keys removed; this one is left as it was (another thread may be reading it)."""
        actors, agreements = tuple(actors), tuple(agreements)
        # A key both replaced and removed is replaced, as `Registry.changed` reads it.
        removed_actors = set(removed_actors) - {actor.key for actor in actors}
        removed_agreements = set(removed_agreements) - {agreement.key for agreement in agreements}
        new = object.__new__(Matcher)
        new._next = self._next
        new._patterns = []
        new._actors, new._claims, new._countries = dict(self._actors), dict(self._claims), dict(self._countries)
        new._agreements, new._key_claims = dict(self._agreements), dict(self._key_claims)
        touched: set[str] = set()
        for key in removed_actors:
            if key in new._actors:
                position, old = new._actors[key]
                touched |= _touches(old)
                new._claim(old, position, remove=True)
        for actor in actors:
            position = new._next
            if actor.key in new._actors:
                position, old = new._actors[actor.key]
                touched |= _touches(old)
                new._claim(old, position, remove=True)
            else:
                new._next += 1
            touched |= _touches(actor)
            new._claim(actor, position)
        new.targets, new._folded = dict(self.targets), dict(self._folded)
        added: set[str] = set()
        dropped: set[str] = set()
        for alias in touched:
            target = new._resolve(alias)
            key = fold_accents(alias)
            names = new._folded.get(key, ())
            if target is None:
                new.targets.pop(alias, None)
                if alias in names:
                    names = tuple(n for n in names if n != alias)
            else:
                new.targets[alias] = target
                if alias not in names:
                    names = tuple(sorted((*names, alias)))
            if names:
                added.add(key)
                new._folded[key] = names
            elif key in new._folded:
                dropped.add(key)
                del new._folded[key]
        new._aliases = self._aliases.changed(added={k for k in added if k not in self._folded}, removed=dropped)

        keys: set[str] = set()
        for key in removed_agreements:
            if key in new._agreements:
                position, old_agreement = new._agreements[key]
                keys |= {k.lower() for k in old_agreement.keys}
                new._claim_keys(old_agreement, position, remove=True)
        for agreement in agreements:
            position = new._next
            if agreement.key in new._agreements:
                position, old_agreement = new._agreements[agreement.key]
                keys |= {k.lower() for k in old_agreement.keys}
                new._claim_keys(old_agreement, position, remove=True)
            else:
                new._next += 1
            keys |= {k.lower() for k in agreement.keys}
            new._claim_keys(agreement, position)
        new.agreement_keys, new._folded_keys = dict(self.agreement_keys), dict(self._folded_keys)
        added, dropped = set(), set()
        for key in keys:
            claims = new._key_claims.get(key)
            folded = fold_case(key)
            key_names = new._folded_keys.get(folded, frozenset())
            if claims:
                new.agreement_keys[key] = claims[-1][1]
                key_names = key_names | {key}
            else:
                new.agreement_keys.pop(key, None)
                key_names = key_names - {key}
            if key_names:
                added.add(folded)
                new._folded_keys[folded] = key_names
            elif folded in new._folded_keys:
                dropped.add(folded)
                del new._folded_keys[folded]
        new._keys = self._keys.changed(added={k for k in added if k not in self._folded_keys}, removed=dropped)
        return new


def _with(claims: tuple[_E, ...], entry: _E, remove: bool) -> tuple[_E, ...]:
    """Claims ordered by registry position, with ``entry`` removed or put in its place."""
    if remove:
        return tuple(c for c in claims if c is not entry and c[0] != entry[0])
    return tuple(sorted((*(c for c in claims if c[0] != entry[0]), entry), key=lambda c: c[0]))


@cache
def _country_alias_lists() -> dict[str, tuple[str, ...]]:
    by_code: dict[str, list[str]] = {}
    for alias, (code, _) in country_aliases().items():
        by_code.setdefault(code, []).append(alias)
    return {code: tuple(aliases) for code, aliases in by_code.items()}


@cache
def _organization_alias_lists() -> dict[str, tuple[str, ...]]:
    by_name: dict[str, list[str]] = {}
    for alias, name in organization_aliases().items():
        by_name.setdefault(name, []).append(alias)
    return {name: tuple(aliases) for name, aliases in by_name.items()}


def _touches(actor: RegistryActor) -> set[str]:
    """Every alias whose target may change when this actor comes or goes: its own names, the
    country table's names of its country (a country actor lends them its name), and the
    listed organization it names (a registry actor of that name replaces it)."""
    names = set(dict.fromkeys((actor.name, *actor.aliases)))
    touched = set(names)
    if actor.kind == "country" and actor.country:
        touched.update(_country_alias_lists().get(actor.country, ()))
    for name in names:
        touched.update(_organization_alias_lists().get(name, ()))
    return touched


@dataclass(frozen=True)
class Registry:
    actors: tuple[RegistryActor, ...] = ()
    relationships: tuple[tuple[str, str], ...] = ()
    agreements: tuple[RegistryAgreement, ...] = ()
    _matcher: list[Matcher] = field(default_factory=list, init=False, repr=False, compare=False, hash=False)

    def matcher(self) -> Matcher:
        """Compiled once per instance: a registry is reused for many articles."""
        if not self._matcher:
            self._matcher.append(Matcher(self))
        return self._matcher[0]

    def changed(
        self,
        *,
        actors: Iterable[RegistryActor] = (),
        removed_actors: Iterable[Key] = (),
        agreements: Iterable[RegistryAgreement] = (),
        removed_agreements: Iterable[Key] = (),
        relationships: Iterable[tuple[str, str]] | None = None,
    ) -> Registry:
        """This registry with actors and agreements added, replaced (same key, same place) or
        removed (by key), and the relationships replaced when given. Its matcher, when this
        one's was built, is this one's updated (`Matcher.changed`), not compiled again; it
        reads exactly as a new registry's would."""
        actors, agreements = tuple(actors), tuple(agreements)
        removed_actors, removed_agreements = set(removed_actors), set(removed_agreements)
        matcher = self._matcher[0] if self._matcher else None
        new = Registry(
            _replaced(self.actors, actors, removed_actors, matcher._actors if matcher else None),
            self.relationships if relationships is None else tuple(relationships),
            _replaced(self.agreements, agreements, removed_agreements, matcher._agreements if matcher else None),
        )
        if self._matcher:
            new._matcher.append(
                self._matcher[0].changed(
                    actors=actors,
                    removed_actors=removed_actors,
                    agreements=agreements,
                    removed_agreements=removed_agreements,
                )
            )
        return new


def _replaced(
    items: tuple[_Keyed, ...], changed: tuple[_Keyed, ...], removed: set[Key], known: dict[Key, Any] | None = None
) -> tuple[_Keyed, ...]:
    if not changed and not removed:
        return items
    fresh = known is not None and not removed and len({c.key for c in changed}) == len(changed)
    if fresh and not any(c.key in known for c in changed):  # type: ignore[operator]
        return items + changed  # only new keys (a page's new pending actors): no walk of the whole tuple
    updates = {item.key: item for item in changed}
    last = {item.key: i for i, item in enumerate(items)}
    out: list[_Keyed] = []
    for i, item in enumerate(items):
        if last[item.key] != i:
            out.append(item)  # an earlier duplicate key: updates go to the last one, as in the matcher
        elif item.key in removed and item.key not in updates:
            continue
        else:
            out.append(updates.pop(item.key, item))
    out.extend(updates.values())
    return tuple(out)


_BLOCKED = Target("", "blocked", None, None, "blocker")
_BLOCKER_SET = frozenset(BLOCKERS)


def registry_from_dict(data: dict[str, Any]) -> Registry:
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
    return Registry(actors, relationships, agreements)


@cache
def default_registry() -> Registry:
    """The seed registry (seeds/registry.json), the same file the project loads into its database."""
    return registry_from_dict(json.loads(REGISTRY_FILE.read_text(encoding="utf-8")))
