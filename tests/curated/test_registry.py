"""The registry of curated kinds is the one list every other derives from: these fail when a
kind is missing from it, or when something that should derive from it does not."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from agreements.models import FeedResource
from config.api_router import router
from curated import registry
from curated.api.serializers import ChangeSerializer
from curated.feed import FACTS, MERGEABLE, ROUTES
from desk import roles
from desk.facts import FACT_TYPES, parse_fact_key
from relations.curation import CuratedModel


def test_every_curated_model_is_in_the_registry():
    curated = {model for model in apps.get_models() if issubclass(model, CuratedModel)}
    assert curated == set(registry.curated_models())


def test_keys_routes_and_basenames_are_unique():
    for attribute in ("key", "route", "basename", "model"):
        values = [getattr(kind, attribute) for kind in registry.KINDS]
        assert len(values) == len(set(values)), attribute


@pytest.mark.parametrize("kind", registry.KINDS, ids=lambda kind: kind.key)
def test_each_kind_is_routed_to_a_viewset_of_its_model(kind):
    viewsets = {basename: viewset for _, viewset, basename in router.registry}
    assert viewsets[kind.basename].__name__ == kind.viewset.rsplit(".", 1)[1]
    assert reverse(f"api:{kind.basename}-list") == f"/api/v1/{kind.route}/"
    view = viewsets[kind.basename](action="list", request=None, format_kwarg=None, kwargs={})
    assert view.get_queryset().model is kind.model


@pytest.mark.parametrize("kind", registry.KINDS, ids=lambda kind: kind.key)
def test_each_kind_is_a_fact_of_the_changes_feed(kind):
    assert kind.key in FeedResource.values
    assert kind.key in FACTS
    assert ROUTES[kind.key] == kind.basename
    assert kind.key in ChangeSerializer().fields["resource"].choices
    assert (kind.key in MERGEABLE) == kind.mergeable


@pytest.mark.parametrize("kind", registry.KINDS, ids=lambda kind: kind.key)
def test_each_kind_is_a_queue_type_named_by_its_key(kind):
    assert FACT_TYPES[kind.key] is kind
    assert parse_fact_key(f"{kind.key}:7") == (kind, 7)
    assert registry.kind_of(kind.model) is kind


@pytest.mark.django_db
@pytest.mark.parametrize("kind", registry.KINDS, ids=lambda kind: kind.key)
def test_each_kind_and_its_companions_are_in_both_roles(kind):
    editor = Group.objects.get(name=roles.EDITOR)
    viewer = Group.objects.get(name=roles.VIEWER)
    for model in (kind.model, *kind.companions):
        label, name = model._meta.app_label, model._meta.model_name
        editor_codenames = set(
            editor.permissions.filter(content_type__app_label=label).values_list("codename", flat=True)
        )
        assert {f"view_{name}", f"add_{name}", f"change_{name}"} <= editor_codenames
        assert f"delete_{name}" not in editor_codenames
        assert viewer.permissions.filter(content_type__app_label=label, codename=f"view_{name}").exists()
        assert not viewer.permissions.filter(content_type__app_label=label, codename=f"change_{name}").exists()


def test_an_unknown_model_is_not_taken_for_a_kind():
    from relations.models import Metric

    with pytest.raises(KeyError):
        registry.kind_of(Metric)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", registry.KINDS, ids=lambda kind: kind.key)
def test_each_kind_and_its_links_mark_the_changes_feed(kind):
    """A kind's table and its many-to-many tables carry the feed's trigger (migration
    agreements 0006): without it, writes to the kind never reach the changes feed."""
    from django.db import connection

    tables = [kind.model._meta.db_table]
    tables += [field.remote_field.through._meta.db_table for field in kind.model._meta.many_to_many]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'feed_mark' AND NOT t.tgisinternal"
        )
        marked = {row[0] for row in cursor.fetchall()}
    assert set(tables) <= marked, set(tables) - marked
