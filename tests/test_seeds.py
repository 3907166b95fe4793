"""The seed registry loads as approved entries, and loading it twice changes nothing."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command

from relations.models import Actor, ActorAlias, Relationship
from relations.services import actor_find_by_alias

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Relationship.objects.values_list("country_a", "country_b")),
        sorted(Actor.objects.values_list("name", "kind", "country", "review_status")),
        sorted(ActorAlias.objects.values_list("normalized", "actor__name")),
    )


def test_registry_loads_once_and_twice_changes_nothing():
    call_command("load_registry")
    first = _snapshot()
    call_command("load_registry")
    assert _snapshot() == first
    relationships, actors, _ = first
    assert relationships == [("IN", "RU")]
    assert {status for *_, status in actors} == {"approved"}
    registry = json.loads((settings.SEEDS_DIR / "registry.json").read_text())
    assert len(actors) == len(registry["actors"])


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("President Putin", "Vladimir Putin"),
        ("PM Modi", "Narendra Modi"),
        ("S Jaishankar", "Subrahmanyam Jaishankar"),
        ("SCO", "Shanghai Cooperation Organization"),
        ("U.S.", "United States"),
        ("india", "India"),
    ],
)
def test_seed_aliases_resolve(seed_registry, alias, name):
    assert actor_find_by_alias(alias).name == name


def test_seed_articles_are_in_the_repository():
    names = sorted(p.name for p in (settings.SEEDS_DIR / "articles").glob("*.txt"))
    assert len(names) == 5
