"""The desk's audit log (who decided what), the history's authors, and decisions in Recent actions."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from agreements.merging import agreement_merge
from agreements.models import Agreement
from articles.services import article_store
from curated.recording import record_extraction
from relations.curation import ReviewStatus
from relations.merging import actor_merge
from relations.models import Actor
from relations.services import fact_approve, fact_reject, fact_update
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    EventFactory,
    MetricObservationFactory,
    StatusChangeFactory,
    editor,
    viewer,
)

pytestmark = pytest.mark.django_db

AUDIT = reverse("admin:editorial_audit")
DECIDE = reverse("admin:editorial_decide")


def _rows(client, **params) -> list[tuple[str, str, str, str]]:
    """(who, action, kind, label) of each row the audit page shows."""
    response = client.get(AUDIT, params)
    assert response.status_code == 200
    page = response.context["page"]
    assert page is not None, response.context["form"].errors
    return [(row.who, row.action, row.kind.key, row.label) for row in page.rows]


def test_audit_shows_approvals_rejections_edits_and_merges_of_every_kind(client):
    alice = editor("alice")
    observation, event, change = MetricObservationFactory(), EventFactory(title="Summit"), StatusChangeFactory()
    fact_approve(fact=observation, user=alice)
    fact_reject(fact=event, user=alice, reason="Not an event")
    fact_update(fact=change, user=alice, changes={"effective_on": datetime.date(2025, 1, 2)})
    survivor, merged = ActorFactory(name="Vladimir Putin"), ActorFactory(name="President Putin")
    actor_merge(survivor=survivor, merged=merged, user=alice)
    kept, gone = AgreementFactory(title="S-400 Triumf"), AgreementFactory(title="S-400 Triumf deal")
    agreement_merge(survivor=kept, merged=gone, user=alice)
    client.force_login(alice)
    rows = _rows(client, editor=alice.pk)
    assert ("alice", "approved", "observation", str(observation)) in rows
    assert ("alice", "rejected", "event", "Summit") in rows
    assert ("alice", "edited", "status_change", str(change)) in rows
    assert ("alice", "merged", "actor", "President Putin") in rows
    assert ("alice", "merged", "actor", "Vladimir Putin") in rows  # the survivor absorbed it
    assert ("alice", "merged", "agreement", "S-400 Triumf deal") in rows
    html = client.get(AUDIT, {"editor": alice.pk}).content.decode()
    assert "Not an event" in html  # the rejection's reason
    assert reverse("admin:relations_event_change", args=[event.pk]) in html
    # Newest first.
    whens = [row.when for row in client.get(AUDIT).context["page"].rows]
    assert whens == sorted(whens, reverse=True)


def test_each_filter_narrows_the_log(client):
    alice, bob = editor("alice"), editor("bob")
    observation, event, actor = MetricObservationFactory(), EventFactory(title="Visit"), ActorFactory(name="Lavrov")
    fact_approve(fact=observation, user=alice)
    fact_reject(fact=event, user=bob, reason="Duplicate of another fact")
    fact_approve(fact=actor, user=bob)
    client.force_login(alice)
    assert {r[0] for r in _rows(client, editor=bob.pk)} == {"bob"}
    assert {(r[1], r[2]) for r in _rows(client, editor=bob.pk)} == {("rejected", "event"), ("approved", "actor")}
    assert {(r[0], r[2]) for r in _rows(client, action="approved")} == {("alice", "observation"), ("bob", "actor")}
    assert {r[2] for r in _rows(client, kind="event")} == {"event"}
    assert ("bob", "rejected", "event", "Visit") in _rows(client, kind="event")
    # Dates: the history of today only, then a range in the past that holds nothing.
    today = timezone.localdate()
    assert len(_rows(client, date_from=today, date_to=today)) == len(_rows(client))
    assert _rows(client, date_to=today - datetime.timedelta(days=1)) == []
    assert _rows(client, date_from=today + datetime.timedelta(days=1)) == []


def test_invalid_filters_are_errors_not_a_500(client):
    client.force_login(editor())
    for params, message in (
        ({"date_from": "yesterday"}, "Enter a valid date."),
        ({"date_from": "2025-02-01", "date_to": "2025-01-01"}, "The start date is after the end date."),
        ({"action": "exploded"}, "Select a valid choice."),
        ({"editor": "999999"}, "Select a valid choice."),
        ({"page": "0"}, "greater than or equal to 1"),
        # A far page would read every kind's history up to it: narrow by date instead.
        ({"page": "1001"}, "less than or equal to 1000"),
    ):
        response = client.get(AUDIT, params)
        assert response.status_code == 200
        assert response.context["page"] is None
        assert message in response.content.decode()


def test_a_one_click_queue_decision_shows_in_the_audit_log_and_in_recent_actions(client):
    alice = editor("alice")
    observation = MetricObservationFactory()
    client.force_login(alice)
    response = client.post(
        DECIDE, {"fact": f"observation:{observation.pk}", "version": observation.version, "action": "approve"}
    )
    assert response.status_code == 302
    assert ("alice", "approved", "observation", str(observation)) in _rows(client, editor=alice.pk, action="approved")
    entry = LogEntry.objects.get(user=alice, object_id=str(observation.pk))
    assert "Approved" in entry.get_change_message()
    assert str(observation) in client.get(reverse("admin:index")).content.decode()  # the Recent actions box


def test_a_long_rejection_reason_is_accepted_and_shown_whole(client):
    alice = editor("alice")
    event = EventFactory()
    reason = "The sentence reports a plan, not a visit: " + "the ministry only said it may happen later. " * 5
    client.force_login(alice)
    client.post(DECIDE, {"fact": f"event:{event.pk}", "version": event.version, "action": "reject", "reason": reason})
    event.refresh_from_db()
    assert event.review_status == ReviewStatus.REJECTED
    [row] = client.get(AUDIT, {"action": "rejected"}).context["page"].rows
    assert row.reason == reason.strip()


def test_untrusted_labels_and_reasons_are_escaped(client):
    alice = editor("alice")
    fact_reject(fact=EventFactory(title="<script>alert(1)</script>"), user=alice, reason="<img src=x onerror=alert(2)>")
    client.force_login(alice)
    html = client.get(AUDIT).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html and "<img src=x" not in html


def test_viewers_see_the_log_of_the_kinds_they_may_view_only(client):
    user = viewer()
    fact_approve(fact=EventFactory(title="Summit"), user=editor())
    client.force_login(user)
    assert ("editor1", "approved", "event", "Summit") in _rows(client)
    # A kind the viewer may not see is neither listed nor accepted as a filter.
    from django.contrib.auth.models import Permission

    user.groups.clear()
    user.user_permissions.add(Permission.objects.get(codename="view_metricobservation"))
    user = type(user).objects.get(pk=user.pk)  # permissions are cached on the instance
    client.force_login(user)
    assert all(row[2] == "observation" for row in _rows(client))
    assert client.get(AUDIT, {"kind": "event"}).context["page"] is None


def test_history_names_the_extractor_and_the_seed_editor_instead_of_none(client, seed_registry):
    text = (settings.SEEDS_DIR / "articles" / "003_e51aeeac2437d2d1.txt").read_text(encoding="utf-8")
    record_extraction(article_id=article_store(text=text, title=text.splitlines()[0]).article.pk)
    seeded = Actor.objects.get(name="Vladimir Putin")  # from the seed registry
    extracted = Agreement.objects.get(keys__icontains="AK-203")  # found in the article
    client.force_login(editor("alice"))
    assert ("seed editor", "created", "actor", "Vladimir Putin") in _rows(client, kind="actor")
    assert ("extractor", "created", "agreement", str(extracted)) in _rows(client, kind="agreement")
    assert {row[0] for row in _rows(client, kind="status_change")} == {"extractor"}
    for fact, author in ((seeded, "seed editor"), (extracted, "extractor")):
        url = reverse(f"admin:{fact._meta.app_label}_{fact._meta.model_name}_history", args=[fact.pk])
        html = client.get(url).content.decode()
        assert author in html
        assert "Deleted user" not in html
        assert not re.search(r">\s*None\s*<", html)


def test_history_shows_an_empty_reviewer_as_a_dash_not_a_deleted_user(client):
    alice = editor("alice")
    event = EventFactory()
    fact_approve(fact=event, user=alice)
    client.force_login(alice)
    html = client.get(reverse("admin:relations_event_history", args=[event.pk])).content.decode()
    assert "<strong>Reviewed by:</strong>" in html  # the approval's change is listed...
    assert "Deleted user" not in html  # ...from no reviewer, not from a "deleted" one


def test_the_reviewer_link_in_history_opens_the_audit_log_not_a_403(client):
    alice = editor("alice")
    event = EventFactory()
    fact_approve(fact=event, user=alice)
    client.force_login(alice)
    html = client.get(reverse("admin:relations_event_history", args=[event.pk])).content.decode()
    assert reverse("admin:auth_user_change", args=[alice.pk]) not in html
    link = f"{AUDIT}?editor={alice.pk}"
    assert link in html
    assert client.get(link).status_code == 200
