"""The fact types the editorial desk reviews, and how each is named, found and filtered."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, Q

from relations.curation import CuratedModel, CuratedQuerySet
from relations.models import Actor, Event, MetricObservation, Relationship

from ..models import Agreement, AgreementStatusChange


@dataclass(frozen=True)
class FactType:
    key: str
    label: str
    model: type[CuratedModel]
    # Field paths for filters; None where the filter does not apply to the type.
    relationship_path: str | None
    sector_path: str | None
    search_fields: tuple[str, ...]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    @property
    def change_permission(self) -> str:
        return f"{self.model._meta.app_label}.change_{self.model._meta.model_name}"

    @property
    def view_permission(self) -> str:
        return f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"

    def relationship_q(self, relationship: Relationship) -> Q:
        if self.relationship_path is None:
            # Actors belong to countries, not pairs: those of either country count.
            return Q(country__in=relationship.countries)
        return Q(**{self.relationship_path: relationship.pk})

    def queryset(self) -> CuratedQuerySet:
        return self.model.objects.all()


FACT_TYPES: dict[str, FactType] = {
    fact_type.key: fact_type
    for fact_type in [
        FactType(
            key="observation",
            label="Metric observation",
            model=MetricObservation,
            relationship_path="relationship_id",
            sector_path=None,
            search_fields=("metric__name", "period_label", "unit"),
            select_related=("metric", "relationship"),
        ),
        FactType(
            key="statuschange",
            label="Agreement status change",
            model=AgreementStatusChange,
            relationship_path="agreement__relationship_id",
            sector_path="agreement__sector",
            search_fields=("agreement__title", "agreement__key"),
            select_related=("agreement", "agreement__relationship"),
        ),
        FactType(
            key="event",
            label="Event",
            model=Event,
            relationship_path="relationship_id",
            sector_path=None,
            search_fields=("title", "place"),
            select_related=("relationship",),
            prefetch_related=("actors",),
        ),
        FactType(
            key="agreement",
            label="Agreement",
            model=Agreement,
            relationship_path="relationship_id",
            sector_path="sector",
            search_fields=("title", "key", "description"),
            select_related=("relationship",),
            prefetch_related=("parties",),
        ),
        FactType(
            key="actor",
            label="Actor",
            model=Actor,
            relationship_path=None,
            sector_path=None,
            search_fields=("name", "aliases__alias"),
            prefetch_related=("aliases",),
        ),
    ]
}


def fact_type_of(fact: Model) -> FactType:
    for fact_type in FACT_TYPES.values():
        if isinstance(fact, fact_type.model):
            return fact_type
    raise KeyError(f"{type(fact).__name__} is not a reviewed fact type.")


def fact_key(fact: Model) -> str:
    return f"{fact_type_of(fact).key}:{fact.pk}"


def parse_fact_key(key: str) -> tuple[FactType, int]:
    """'event:12' -> (the Event type, 12); ValueError on anything else."""
    type_key, _, pk = (key or "").partition(":")
    if type_key not in FACT_TYPES or not pk.isdigit():
        raise ValueError(f"Not a fact reference: {key!r}.")
    return FACT_TYPES[type_key], int(pk)
