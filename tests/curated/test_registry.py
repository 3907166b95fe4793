"""The registry of curated kinds is the one list every other derives from: these fail when a
kind is missing from it, or when something that should derive from it does not."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from config.api_router import router
from curated import registry
from curated.api.serializers import ChangeSerializer
from curated.feed import FACTS, MERGEABLE, PUBLISH_ORDER, ROUTES
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
    assert kind.key in FACTS
    assert kind.key in PUBLISH_ORDER
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


def _feed_triggers() -> dict[str, tuple[str, ...]]:
    """Table -> the arguments of its feed_mark trigger, as PostgreSQL holds them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgnargs, t.tgargs FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'feed_mark' AND NOT t.tgisinternal "
            "AND t.tgname = c.relname || '_feed_mark'"
        )
        rows = cursor.fetchall()
    return {table: tuple(bytes(raw).split(b"\x00")[:count]) for table, count, raw in rows}


@pytest.mark.django_db
def test_the_feed_triggers_of_every_kind_are_what_the_registry_says():
    """A kind's table, its many-to-many tables and its parts carry the feed's trigger with the
    registry's arguments: without it, writes to the kind never reach the changes feed."""
    installed = _feed_triggers()
    for table, arguments in registry.feed_marks().items():
        assert installed[table] == tuple(argument.encode() for argument in arguments), table


def test_the_registry_marks_what_the_feeds_migration_marked():
    """Derived from the registry, the marks of today's kinds are those migration 0006 wrote by hand."""
    migration = importlib.import_module("agreements.migrations.0006_changes_feed")
    derived = {table: ", ".join(f"'{a}'" for a in arguments) for table, arguments in registry.feed_marks().items()}
    assert derived == {table: migration.MARKS[table] for table in derived}


@pytest.mark.django_db(transaction=True)
def test_a_missing_trigger_is_installed_after_migrate():
    """What a kind added later gets: its triggers come with the next migrate, from its registry entry."""
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute('DROP TRIGGER "relations_event_actors_feed_mark" ON relations_event_actors')
    assert "relations_event_actors" not in _feed_triggers()
    call_command("migrate", verbosity=0)
    assert _feed_triggers()["relations_event_actors"] == (b"event", b"event_id")
