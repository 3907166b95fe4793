"""The fact types the editorial desk reviews (the registry's curated kinds), and how a fact is
named in the desk's forms and URLs ("event:12")."""

from __future__ import annotations

from django.db.models import Model

from curated.registry import BY_KEY, CuratedKind, kind_of

# The desk's fact types are the registry's curated kinds, in its order.
FactType = CuratedKind
FACT_TYPES: dict[str, FactType] = dict(BY_KEY)


def fact_type_of(fact: Model) -> FactType:
    return kind_of(fact)


def fact_key(fact: Model) -> str:
    return f"{fact_type_of(fact).key}:{fact.pk}"


def parse_fact_key(key: str) -> tuple[FactType, int]:
    """'event:12' -> (the Event type, 12); ValueError on anything else."""
    type_key, _, pk = (key or "").partition(":")
    if type_key not in FACT_TYPES or not pk.isdigit():
        raise ValueError(f"Not a fact reference: {key!r}.")
    return FACT_TYPES[type_key], int(pk)
