"""The one registry of curated kinds: the facts editors review, each with its route, label,
queue settings and the models editors write beside it.

Every list of "the kinds of fact" derives from `KINDS`: the desk's queue types and fact
references, the roles' permissions, the API's routes, the changes feed's resources and
routes, the visibility of evidence and the data watermark. Adding a kind is its model (with
its migration and API in its own app) and one entry here; `tests/curated/test_registry.py`
fails when a `CuratedModel` is missing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Model, Q
from django.utils.module_loading import import_string

from agreements.models import Agreement, AgreementDistinction, AgreementMerge, AgreementStatusChange
from relations.curation import CuratedModel, CuratedQuerySet
from relations.models import (
    Actor,
    ActorAlias,
    ActorDistinction,
    ActorMerge,
    Event,
    MetricObservation,
    Relationship,
)


@dataclass(frozen=True)
class CuratedKind:
    """One kind of curated fact."""

    # Its name everywhere: the changes feed's `resource`, the desk's fact references ("event:12").
    key: str
    label: str
    model: type[CuratedModel]
    # Under /api/v1/: the URL prefix, the route's name (api:<basename>-list) and its viewset
    # (a dotted path, so that the registry imports models only and anything may import it).
    route: str
    basename: str
    viewset: str
    # Models editors write beside it (aliases, merge records, "not the same" judgements):
    # the Editor role may add and change them too.
    companions: tuple[type[Model], ...] = ()
    # The changes feed (curated/feed.py): the feed resources whose public form shows this kind
    # (resource, the column with its id), and the tables whose rows are part of this kind's
    # public form (an actor's aliases). Its own table and its many-to-many tables are marked
    # without saying so; the triggers are installed after every migrate.
    feed_parents: tuple[tuple[str, str], ...] = ()
    feed_parts: tuple[type[Model], ...] = ()
    # The desk's queue: field paths for its filters (None where a filter does not apply),
    # what it searches and what it loads with each card.
    relationship_path: str | None = "relationship_id"
    sector_path: str | None = None
    search_fields: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = field(default=())

    @property
    def change_permission(self) -> str:
        return f"{self.model._meta.app_label}.change_{self.model._meta.model_name}"

    @property
    def view_permission(self) -> str:
        return f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"

    @property
    def mergeable(self) -> bool:
        """Whether a merge leaves its rows as pointers to a survivor (`merged_into`)."""
        return any(f.name == "merged_into" for f in self.model._meta.get_fields())

    def relationship_q(self, relationship: Relationship) -> Q:
        if self.relationship_path is None:
            # Actors belong to countries, not pairs: those of either country count.
            return Q(country__in=relationship.countries)
        return Q(**{self.relationship_path: relationship.pk})

    def queryset(self) -> CuratedQuerySet[Any]:
        return self.model.objects.all()


# In the desk's order of fact types.
KINDS: tuple[CuratedKind, ...] = (
    CuratedKind(
        key="observation",
        label="Metric observation",
        model=MetricObservation,
        route="observations",
        basename="observation",
        viewset="relations.api.views.ObservationViewSet",
        feed_parents=(("metric", "metric_id"),),
        search_fields=("metric__name", "period_label", "unit"),
        select_related=("metric", "relationship"),
    ),
    CuratedKind(
        key="status_change",
        label="Agreement status change",
        model=AgreementStatusChange,
        route="status-changes",
        basename="status-change",
        viewset="agreements.api.views.StatusChangeViewSet",
        feed_parents=(("agreement", "agreement_id"),),
        relationship_path="agreement__relationship_id",
        sector_path="agreement__sector",
        search_fields=("agreement__title", "agreement__key"),
        select_related=("agreement", "agreement__relationship"),
    ),
    CuratedKind(
        key="event",
        label="Event",
        model=Event,
        route="events",
        basename="event",
        viewset="relations.api.views.EventViewSet",
        search_fields=("title", "place"),
        select_related=("relationship",),
        prefetch_related=("actors",),
    ),
    CuratedKind(
        key="agreement",
        label="Agreement",
        model=Agreement,
        route="agreements",
        basename="agreement",
        viewset="agreements.api.views.AgreementViewSet",
        companions=(AgreementMerge, AgreementDistinction),
        sector_path="sector",
        search_fields=("title", "key", "description"),
        select_related=("relationship",),
        prefetch_related=("parties",),
    ),
    CuratedKind(
        key="actor",
        label="Actor",
        model=Actor,
        route="actors",
        basename="actor",
        viewset="relations.api.views.ActorViewSet",
        companions=(ActorAlias, ActorMerge, ActorDistinction),
        feed_parts=(ActorAlias,),
        relationship_path=None,
        search_fields=("name", "aliases__alias"),
        prefetch_related=("aliases",),
    ),
)
BY_KEY: dict[str, CuratedKind] = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True)
class Route:
    """An API route that is not a curated kind's: what the facts hang on, and the feed."""

    route: str
    basename: str
    viewset: str
    # Whether its anonymous list is a resource of the changes feed.
    in_feed: bool = True


OTHER_ROUTES: tuple[Route, ...] = (
    Route("relationships", "relationship", "curated.api.views.RelationshipViewSet"),
    Route("metrics", "metric", "relations.api.views.MetricViewSet"),
    Route("articles", "article", "articles.api.views.ArticleViewSet"),
    Route("evidence", "evidence", "curated.api.views.EvidenceViewSet"),
    Route("changes", "changes", "curated.api.views.ChangesViewSet", in_feed=False),
)


@functools.cache  # the viewsets are looked up once: the feed asks on every publication
def api_routes() -> tuple[tuple[str, type, str], ...]:
    """(prefix, viewset, basename) of every route under /api/v1/, for the router and the feed."""
    routes = [(kind.route, kind.viewset, kind.basename) for kind in KINDS]
    routes += [(route.route, route.viewset, route.basename) for route in OTHER_ROUTES]
    return tuple((prefix, import_string(viewset), basename) for prefix, viewset, basename in routes)


def feed_routes() -> dict[str, str]:
    """Feed resource -> the route whose anonymous list is its public form."""
    routes = {kind.key: kind.basename for kind in KINDS}
    routes.update({route.basename: route.basename for route in OTHER_ROUTES if route.in_feed})
    return routes


def kind_of(fact: Model | type[Model]) -> CuratedKind:
    model = fact if isinstance(fact, type) else type(fact)
    for kind in KINDS:
        if issubclass(model, kind.model):
            return kind
    raise KeyError(f"{model.__name__} is not a curated kind.")


def curated_models() -> list[type[CuratedModel]]:
    return [kind.model for kind in KINDS]


def editor_models() -> Iterable[type[Model]]:
    """Every model the Editor role adds and changes: the kinds and their companions."""
    for kind in KINDS:
        yield kind.model
        yield from kind.companions


def feed_marks() -> dict[str, tuple[str, ...]]:
    """Table -> the arguments of its feed trigger (pairs of resource and id column), for every
    table a curated kind's public form is read from."""
    marks: dict[str, tuple[str, ...]] = {}
    for kind in KINDS:
        meta = kind.model._meta
        marks[meta.db_table] = (kind.key, "id", *(item for pair in kind.feed_parents for item in pair))
        for link in meta.many_to_many:
            through = cast("type[Model]", link.remote_field.through)._meta
            own = next(f.column for f in through.fields if f.is_relation and f.related_model is kind.model)
            arguments: list[str] = [kind.key, cast(str, own)]  # a relation's column is always set
            if link.related_model._meta.label == "articles.Evidence":
                other = next(
                    f.column for f in through.fields if f.is_relation and f.related_model is link.related_model
                )
                arguments += ["evidence", cast(str, other)]
            marks[through.db_table] = tuple(arguments)
        for part in kind.feed_parts:
            column = next(f.column for f in part._meta.fields if f.is_relation and f.related_model is kind.model)
            marks[part._meta.db_table] = (kind.key, cast(str, column))
    return marks
