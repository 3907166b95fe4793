"""Roles: the groups come from a migration, and every write refuses a Viewer on the server.

Each case below is a request a Viewer could forge (the page shows no button for it);
the test checks both the answer and that nothing in the database changed.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from agreements.models import AgreementDistinction, AgreementMerge
from articles.models import IngestionRun
from relations.curation import ReviewStatus
from relations.merging import actor_merge
from relations.models import Actor, ActorAlias, ActorDistinction, ActorMerge, Event, MetricObservation
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    EventFactory,
    MetricObservationFactory,
    SourceFactory,
    StatusChangeFactory,
    editor,
    viewer,
)

pytestmark = pytest.mark.django_db

CURATED = ["actor", "event", "metricobservation", "agreement", "agreementstatuschange"]


def test_the_groups_come_from_the_migration_with_their_permissions():
    # No factory has run here: these rows are the data migration's.
    editor_group = Group.objects.get(name="Editor")
    viewer_group = Group.objects.get(name="Viewer")
    editor_perms = set(editor_group.permissions.values_list("codename", flat=True))
    viewer_perms = set(viewer_group.permissions.values_list("codename", flat=True))
    for model in CURATED:
        assert {f"view_{model}", f"change_{model}"} <= editor_perms
        assert f"delete_{model}" not in editor_perms  # decisions reject, they never delete
        assert f"view_{model}" in viewer_perms
    assert {"change_actormerge", "view_ingestionrun", "change_source"} <= editor_perms
    assert all(p.startswith("view_") for p in viewer_perms), viewer_perms
    assert "change_article" not in editor_perms  # articles are ingestion's, read-only here


@pytest.fixture
def world():
    """One pending fact of every type, two actors and two agreements to merge, a merge to undo, a source."""
    facts = {
        "observation": MetricObservationFactory(),
        "event": EventFactory(),
        "agreement": AgreementFactory(),
        "status_change": StatusChangeFactory(),
        "actor": ActorFactory(),
    }
    actors = ActorFactory.create_batch(2)
    agreements = AgreementFactory.create_batch(2)
    merged, survivor = ActorFactory.create_batch(2)
    merge = actor_merge(merged=merged, survivor=survivor, user=editor("curator"))
    return {"facts": facts, "actors": actors, "agreements": agreements, "merge": merge, "source": SourceFactory()}


def _snapshot():
    """Everything a forged request could change."""
    rows = []
    for model in (MetricObservation, Event, Actor):
        rows.append(sorted(model.objects.values_list("pk", "review_status", "version", "claimed_by_id")))
    from agreements.models import Agreement, AgreementStatusChange

    for model in (Agreement, AgreementStatusChange):
        rows.append(
            sorted(
                model.objects.values_list(
                    "pk",
                    "review_status",
                    "version",
                    "claimed_by_id",
                    "merged_into_id" if model is Agreement else "status",
                )
            )
        )
    rows.append(sorted(Actor.objects.values_list("pk", "merged_into_id", "name")))
    rows.append(sorted(ActorAlias.objects.values_list("pk", "actor_id")))
    rows.append(sorted(ActorMerge.objects.values_list("pk", "undone_at")))
    rows.append(
        (
            ActorDistinction.objects.count(),
            AgreementMerge.objects.count(),
            AgreementDistinction.objects.count(),
            IngestionRun.objects.count(),
            MetricObservation.objects.filter(is_preferred=True).count(),
        )
    )
    return rows


def _forged_requests(world):
    facts = world["facts"]
    first, second = world["actors"]
    a1, a2 = world["agreements"]
    observation = facts["observation"]
    decide = reverse("admin:editorial_decide")
    bulk = reverse("admin:editorial_bulk")
    requests = []
    for key, fact in facts.items():
        base = {"fact": f"{key}:{fact.pk}", "version": fact.version}
        requests += [
            (f"approve {key}", decide, {**base, "action": "approve"}),
            (f"reject {key}", decide, {**base, "action": "reject", "reason": "no"}),
            (f"claim {key}", decide, {**base, "action": "claim"}),
            (f"release {key}", decide, {**base, "action": "release"}),
            (f"reopen {key}", decide, {**base, "action": "reopen", "reason": "no"}),
            (f"bulk approve {key}", bulk, {"facts": [f"{key}:{fact.pk}"], "decision": "approve", "scope": "selected"}),
        ]
        model = type(fact)._meta
        changelist = reverse(f"admin:{model.app_label}_{model.model_name}_changelist")
        for action in ("approve_selected", "reject_selected", "reopen_selected"):
            requests.append(
                (f"{action} {key}", changelist, {"action": action, "_selected_action": [fact.pk], "reason": "x"})
            )
        requests.append(
            (
                f"reopen on the change page {key}",
                reverse(f"admin:{model.app_label}_{model.model_name}_change", args=[fact.pk]),
                {"_reopen": "Reopen", "expected_version": fact.version},
            )
        )
        requests.append(
            (
                f"revert history {key}",
                reverse(
                    f"admin:{model.app_label}_{model.model_name}_simple_history",
                    args=[fact.pk, fact.history.earliest().history_id],
                ),
                {"expected_version": fact.version},
            )
        )
        requests.append(
            (
                f"delete {key}",
                reverse(f"admin:{model.app_label}_{model.model_name}_delete", args=[fact.pk]),
                {"post": "yes"},
            )
        )
    requests += [
        ("bulk on filters", bulk, {"types": ["event"], "decision": "reject", "reason": "x", "scope": "matching"}),
        (
            "merge actors",
            reverse("admin:editorial_merge", args=["actor"]),
            {"survivor": first.pk, "merged": second.pk, "action": "merge"},
        ),
        (
            "actors not the same",
            reverse("admin:editorial_merge", args=["actor"]),
            {"survivor": first.pk, "merged": second.pk, "action": "distinct"},
        ),
        (
            "merge agreements",
            reverse("admin:editorial_merge", args=["agreement"]),
            {"survivor": a1.pk, "merged": a2.pk, "action": "merge"},
        ),
        (
            "merge action on the actor list",
            reverse("admin:relations_actor_changelist"),
            {"action": "merge_selected", "_selected_action": [first.pk, second.pk]},
        ),
        (
            "undo a merge",
            reverse("admin:relations_actormerge_changelist"),
            {"action": "undo_selected", "_selected_action": [world["merge"].pk]},
        ),
        (
            "prefer an observation",
            reverse("admin:editorial_conflicts"),
            {"observation": observation.pk, "version": observation.version},
        ),
        (
            "edit an observation",
            reverse("admin:relations_metricobservation_change", args=[observation.pk]),
            {
                "metric": observation.metric_id,
                "relationship": observation.relationship_id,
                "kind": "actual",
                "value": "1",
                "unit": "USD",
                "expected_version": observation.version,
                "_saveapprove": "Save and approve",
            },
        ),
        (
            "rename an actor",
            reverse("admin:relations_actor_change", args=[first.pk]),
            {
                "name": "Forged",
                "kind": first.kind,
                "country": first.country,
                "aliases-TOTAL_FORMS": "0",
                "aliases-INITIAL_FORMS": "0",
            },
        ),
        (
            "add an event",
            reverse("admin:relations_event_add"),
            {"kind": "meeting", "relationship": facts["event"].relationship_id, "title": "Forged"},
        ),
        (
            "fetch a source now",
            reverse("admin:articles_source_changelist"),
            {"action": "fetch_now", "_selected_action": [world["source"].pk]},
        ),
    ]
    # A fact from the text (desk/views/authoring.py): a new fact from a sentence, a moved evidence.
    evidence = observation.evidence.first()
    for kind in ("agreement", "status_change", "observation", "event"):
        requests.append(
            (
                f"new {kind} from a sentence",
                reverse("admin:editorial_fact_from_text_save", args=[evidence.article_id, kind]),
                {"start": 0, "end": 5, "title": "Forged", "relationship": observation.relationship_id},
            )
        )
    requests.append(
        (
            "cite another sentence",
            reverse("admin:editorial_evidence_correct", args=[evidence.article_id]),
            {"fact": f"observation:{observation.pk}", "evidence": evidence.pk, "version": observation.version}
            | {"start": 0, "end": 5},
        )
    )
    return requests


def test_a_viewer_is_refused_every_write_and_nothing_changes(client, world):
    client.force_login(viewer())
    before = _snapshot()
    refused = {}
    for name, url, data in _forged_requests(world):
        response = client.post(url, data)
        # 403, or the admin's changelist ignoring an action the user does not have (a redisplay, not a write).
        refused[name] = response.status_code
        assert response.status_code in (200, 302, 403), (name, response.status_code)
        assert _snapshot() == before, name
    # The editorial desk's own endpoints answer 403 outright, whatever the page showed.
    verbs = ("approve", "reject", "claim", "release", "reopen")
    assert {n: s for n, s in refused.items() if n.split()[0] in verbs} == {
        n: 403 for n in refused if n.split()[0] in verbs
    }
    assert refused["merge actors"] == refused["merge agreements"] == refused["prefer an observation"] == 403
    assert refused["edit an observation"] == refused["add an event"] == 403
    assert {n: s for n, s in refused.items() if "sentence" in n} == {n: 403 for n in refused if "sentence" in n}
    # simple_history lets a viewer open an old version; saving it is a write, refused.
    assert {n: s for n, s in refused.items() if n.startswith("revert")} == {
        n: 403 for n in refused if n.startswith("revert")
    }


def test_the_same_requests_do_change_things_for_an_editor(client, world):
    """The refusal above is the role's doing, not broken requests: an Editor's identical POSTs write."""
    client.force_login(editor())
    before = _snapshot()
    requests = {name: (url, data) for name, url, data in _forged_requests(world)}
    url, data = requests["approve observation"]
    assert client.post(url, data).status_code == 302
    url, data = requests["merge actors"]
    assert client.post(url, data).status_code == 302
    url, data = requests["fetch a source now"]
    client.post(url, data)
    assert _snapshot() != before
    assert MetricObservation.objects.get(pk=world["facts"]["observation"].pk).review_status == ReviewStatus.APPROVED
    assert Actor.objects.get(pk=world["actors"][1].pk).merged_into_id == world["actors"][0].pk
    assert IngestionRun.objects.filter(source=world["source"]).exists()
