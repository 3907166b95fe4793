"""The invariants of the registry, enforced by the database itself."""

import pytest
from django.db import IntegrityError, transaction

from relations.models import Actor, ActorAlias, Relationship
from relations.services import actor_alias_add, normalize_alias, relationship_get_or_create
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def test_pair_is_stored_once_in_either_order():
    first, created = relationship_get_or_create(country_1="RU", country_2="in")
    again, created_again = relationship_get_or_create(country_1="IN", country_2="RU")
    assert created and not created_again
    assert first.pk == again.pk
    assert (first.country_a, first.country_b) == ("IN", "RU")
    assert first.name == "India–Russia"


def test_database_refuses_a_pair_stored_in_the_wrong_order():
    relationship_get_or_create(country_1="IN", country_2="RU")
    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.create(country_a="RU", country_b="IN", name="x", slug="ru-in")


def test_database_refuses_the_same_pair_twice():
    Relationship.objects.create(country_a="FR", country_b="GB", name="x", slug="fr-gb")
    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.create(country_a="FR", country_b="GB", name="y", slug="fr-gb-2")


def test_relationship_rejects_unknown_or_identical_countries():
    with pytest.raises(ValueError, match="not an ISO"):
        relationship_get_or_create(country_1="IN", country_2="XX")
    with pytest.raises(ValueError, match="two different"):
        relationship_get_or_create(country_1="IN", country_2="in")


def test_an_alias_claimed_by_two_actors_is_refused_by_the_database():
    putin, other = ActorFactory(name="Vladimir Putin"), ActorFactory(name="Someone Else")
    ActorAlias.objects.create(actor=putin, alias="Putin", normalized="putin")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorAlias.objects.create(actor=other, alias="PUTIN", normalized="putin")


def test_alias_service_refuses_to_move_an_alias_and_accepts_a_repeat():
    putin, other = ActorFactory(name="Vladimir Putin"), ActorFactory(name="Someone Else")
    first = actor_alias_add(actor=putin, alias="President Putin")
    assert actor_alias_add(actor=putin, alias="president  putin").pk == first.pk
    with pytest.raises(ValueError, match="already belongs to Vladimir Putin"):
        actor_alias_add(actor=other, alias="PRESIDENT PUTIN")


@pytest.mark.parametrize(
    ("written", "normalized"),
    [("U.S.", "us"), ("S. Jaishankar", "s jaishankar"), ("  India’s  ", "india's"), ("ＢＲＩＣＳ", "brics")],
)
def test_alias_normalization(written, normalized):
    assert normalize_alias(written) == normalized


def test_enum_values_are_checked_by_the_database():
    actor = ActorFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.filter(pk=actor.pk).update(kind="planet")
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.filter(pk=actor.pk).update(review_status="maybe")


def test_one_country_actor_per_country_code():
    ActorFactory(kind="country", name="India", slug="india", country="IN")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorFactory(kind="country", name="Bharat", slug="bharat", country="IN")
