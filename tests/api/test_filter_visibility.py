"""No filter of any list brings back a pending or rejected fact, or hints that one exists.

For every filter of every list whose rows can be hidden, each hidden row is probed with a
value aimed at it (its id, its actor, its agreement, its title, its metric, its article...):
an editor's token finds the row with that value, which proves the probe is aimed right, and
the same request made anonymously finds no hidden row at all. A filter added later without a
probe here fails the coverage check. Relationships and articles have no hidden rows (they
are the public record); the changes feed has its own tests.
"""

from __future__ import annotations

import pytest
from django.db.models import Q

from agreements.api.views import AgreementViewSet, StatusChangeViewSet
from agreements.models import Agreement, AgreementStatusChange
from articles.models import Evidence
from curated.api.views import EvidenceViewSet
from relations.api.views import ActorViewSet, EventViewSet, MetricViewSet, ObservationViewSet
from relations.curation import ReviewStatus
from relations.models import Actor, Event, Metric, MetricObservation
from tests.api.builders import build_world, client_for, editor_client, review_fields
from tests.factories import MetricFactory, MetricObservationFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db

APPROVED = ReviewStatus.APPROVED
EVER = "1900-01-01"
NEVER = "2100-12-31"


def wide(_hidden) -> str:
    """Date bounds that every row satisfies: the filter must still not widen visibility."""
    return EVER


def wide_end(_hidden) -> str:
    return NEVER


def since(_hidden) -> str:
    return "2000-01-01T00:00:00Z"


FACT_PROBES = {
    "id": lambda h: str(h.pk),
    "updated_since": since,
    "review_status": lambda h: h.review_status,
}

PROBES = {
    "actors": {
        **FACT_PROBES,
        "kind": lambda h: h.kind,
        "country": lambda h: h.country.lower(),
        "search": lambda h: h.name,
    },
    "events": {
        **FACT_PROBES,
        "relationship": lambda h: h.relationship.slug,
        "kind": lambda h: h.kind,
        "actor": lambda h: str(h.actors.order_by("id").first().pk),
        "date_known": lambda h: "true" if h.date else "false",
        "date_after": wide,
        "date_before": wide_end,
        "search": lambda h: h.title,
    },
    "observations": {
        **FACT_PROBES,
        "relationship": lambda h: h.relationship.slug,
        "metric": lambda h: h.metric.slug,
        "kind": lambda h: h.kind,
        "unit": lambda h: h.unit,
        "preferred": lambda h: str(h.is_preferred).lower(),
        "period_after": wide,
        "period_before": wide_end,
        "reported_after": wide,
        "reported_before": wide_end,
        "search": lambda h: h.metric.name,
    },
    "agreements": {
        **FACT_PROBES,
        "relationship": lambda h: h.relationship.slug,
        "sector": lambda h: h.sector,
        "status": lambda h: h.current_status,
        "actor": lambda h: str(h.parties.order_by("id").first().pk),
        "key": lambda h: h.key,
        "search": lambda h: h.title,
    },
    "status-changes": {
        **FACT_PROBES,
        "agreement": lambda h: str(h.agreement_id),
        "relationship": lambda h: h.agreement.relationship.slug,
        "sector": lambda h: h.agreement.sector,
        "status": lambda h: h.status,
        "effective_after": wide,
        "effective_before": wide_end,
        "search": lambda h: h.agreement.title,
    },
    "metrics": {
        "id": lambda h: str(h.pk),
        "search": lambda h: h.name,
        "relationship": lambda h: h.observations.first().relationship.slug,
        "updated_since": since,
    },
    "evidence": {
        "id": lambda h: str(h.pk),
        "article": lambda h: str(h.article_id),
        "search": lambda h: h.sentence,
        "published_after": wide,
        "published_before": wide_end,
        "updated_since": since,
    },
}

VIEWSETS = {
    "actors": ActorViewSet,
    "events": EventViewSet,
    "observations": ObservationViewSet,
    "agreements": AgreementViewSet,
    "status-changes": StatusChangeViewSet,
    "metrics": MetricViewSet,
    "evidence": EvidenceViewSet,
}


def hidden_rows(path: str) -> list:
    """What an anonymous consumer must never see on `path`, computed from the database."""
    if path == "status-changes":
        # A status change shows only when it and its agreement are both approved.
        return list(
            AgreementStatusChange.objects.exclude(review_status=APPROVED, agreement__review_status=APPROVED).order_by(
                "id"
            )
        )
    if path == "metrics":
        return list(Metric.objects.exclude(observations__review_status=APPROVED).order_by("id"))
    if path == "evidence":
        cited = Q()
        for relation in (
            "relations_actor_set",
            "relations_event_set",
            "relations_metricobservation_set",
            "agreements_agreement_set",
            "agreements_agreementstatuschange_set",
        ):
            cited |= Q(**{f"{relation}__review_status": APPROVED})
        return list(Evidence.objects.exclude(pk__in=Evidence.objects.filter(cited).values("pk")).order_by("id"))
    model = {
        "actors": Actor,
        "events": Event,
        "observations": MetricObservation,
        "agreements": Agreement,
    }[path]
    return list(model.objects.exclude(review_status=APPROVED).order_by("id"))


def build_hidden_world() -> None:
    world = build_world()
    for state in (ReviewStatus.PENDING, ReviewStatus.REJECTED):
        # An approved status change of a hidden agreement, and an observation (of any state)
        # whose metric only hidden observations measure.
        StatusChangeFactory(agreement=world.by_state[state]["agreement"], status="completed", **review_fields(APPROVED))
        MetricObservationFactory(
            metric=MetricFactory(name=f"{state} only metric", slug=f"{state}-only-metric"), **review_fields(state)
        )


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("path", list(PROBES))
def test_every_filter_of_the_list_is_probed(path):
    assert set(PROBES[path]) == set(VIEWSETS[path].filterset_class.base_filters)


@pytest.mark.parametrize("path", list(PROBES))
def test_no_filter_reveals_a_hidden_fact(path):
    build_hidden_world()
    hidden = hidden_rows(path)
    hidden_ids = {row.pk for row in hidden}
    # One pending and one rejected row, and the last (the special cases the world adds).
    first_of_each_state: dict = {}
    for row in hidden:
        first_of_each_state.setdefault(getattr(row, "review_status", None), row)
    probed = {row.pk: row for row in [*first_of_each_state.values(), hidden[-1]]}.values()
    assert len(hidden) >= 2, "the world must hold hidden rows for this list"
    anonymous, editor = client_for(), editor_client()
    for name, probe in PROBES[path].items():
        for row in probed:
            if probe(row) == "":
                continue  # an empty value is refused (400) before any filter runs
            params = {name: probe(row), "page_size": 200}
            assert row.pk in ids(editor.get(f"/api/v1/{path}/", params)), (name, params)
            leaked = ids(anonymous.get(f"/api/v1/{path}/", params)) & hidden_ids
            assert not leaked, (name, params, leaked)


def test_a_hidden_row_answers_exactly_like_a_row_that_does_not_exist():
    build_hidden_world()
    anonymous = client_for()
    missing = 10**12
    for path in PROBES:
        hidden = hidden_rows(path)[0]
        as_hidden = anonymous.get(f"/api/v1/{path}/", {"id": str(hidden.pk)})
        as_missing = anonymous.get(f"/api/v1/{path}/", {"id": str(missing)})
        assert (as_hidden.status_code, as_hidden.json()["results"]) == (200, [])
        assert (as_missing.status_code, as_missing.json()["results"]) == (200, [])
        detail, missing_detail = (
            anonymous.get(f"/api/v1/{path}/{hidden.pk}/"),
            anonymous.get(f"/api/v1/{path}/{missing}/"),
        )
        assert (detail.status_code, detail.json()) == (404, missing_detail.json())
    # Filters naming a hidden actor or agreement answer like filters naming nothing.
    actor, agreement = hidden_rows("actors")[0], hidden_rows("agreements")[0]
    for path, params in (
        ("events", {"actor": actor.pk}),
        ("agreements", {"actor": actor.pk}),
        ("status-changes", {"agreement": agreement.pk}),
    ):
        response = anonymous.get(f"/api/v1/{path}/", params)
        assert (response.status_code, response.json()["results"]) == (200, [])
