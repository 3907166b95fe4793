"""A small world with facts in every review state, built through the factories."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from relations.curation import ReviewStatus
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    AgreementFactory,
    EventFactory,
    MetricObservationFactory,
    StatusChangeFactory,
    editor,
    viewer,
)

STATES = (ReviewStatus.APPROVED, ReviewStatus.PENDING, ReviewStatus.REJECTED)


def review_fields(state: str) -> dict:
    if state == ReviewStatus.PENDING:
        return {"review_status": state}
    return {"review_status": state, "reviewed_at": timezone.now()}


@dataclass
class World:
    """Facts keyed by state; `hidden_ids[resource]` are the ids anonymous users must never see."""

    by_state: dict[str, dict[str, object]] = field(default_factory=dict)

    def ids(self, resource: str, *states: str) -> set[int]:
        return {self.by_state[state][resource].pk for state in states}


def build_world(*, copies: int = 1) -> World:
    """For each state: an actor (with an alias), an event naming it, an observation, an agreement
    with the actor as party and a status change; approved containers also hold hidden children."""
    world = World()
    for state in STATES:
        facts = {}
        for n in range(copies):
            actor = ActorFactory(name=f"{state} actor {n}", slug=f"{state}-actor-{n}", **review_fields(state))
            ActorAliasFactory(actor=actor, alias=f"{state} alias {n}")
            event = EventFactory(title=f"{state} event {n}", **review_fields(state))
            event.actors.add(actor)
            observation = MetricObservationFactory(**review_fields(state))
            agreement = AgreementFactory(title=f"{state} agreement {n}", **review_fields(state))
            agreement.parties.add(actor)
            change = StatusChangeFactory(agreement=agreement, status="agreed", **review_fields(state))
            facts.update(actor=actor, event=event, observation=observation, agreement=agreement, status_change=change)
        world.by_state[state] = facts
    approved = world.by_state[ReviewStatus.APPROVED]
    # An approved agreement whose history and parties include hidden facts, and an approved
    # event with hidden actors: nested visibility must hold too.
    for state in (ReviewStatus.PENDING, ReviewStatus.REJECTED):
        StatusChangeFactory(
            agreement=approved["agreement"],
            status="stalled",
            effective_on=datetime.date(2025, 6, 1),
            **review_fields(state),
        )
        approved["agreement"].parties.add(world.by_state[state]["actor"])
        approved["event"].actors.add(world.by_state[state]["actor"])
    return world


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def editor_client(username: str = "api-editor") -> APIClient:
    return client_for(editor(username))


def viewer_client(username: str = "api-viewer") -> APIClient:
    return client_for(viewer(username))
