"""The changes feed: the append-only log of what anonymous readers see, to mirror the data.

API reads publish what writes marked before answering, so each read below sees the writes
before it; a test that wants several writes to become one state simply reads once after them.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.test import TestCase

from agreements.merging import agreement_merge, agreement_merge_undo
from agreements.models import FeedEntry
from agreements.services import agreement_status_record
from relations.curation import ReviewStatus
from relations.merging import actor_merge, actor_merge_undo
from relations.services import fact_approve, fact_reject, fact_update
from tests.api.builders import client_for, editor_client, review_fields
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    ArticleFactory,
    EvidenceFactory,
    MetricFactory,
    MetricObservationFactory,
    StatusChangeFactory,
    editor,
)

pytestmark = pytest.mark.django_db
FEED = "/api/v1/changes/"


def read(client, url=FEED, params=None, limit=50) -> tuple[list[dict], str]:
    """Every entry from `url` on, following `next`; and the `next` to poll later."""
    rows: list[dict] = []
    response = client.get(url, params or {})
    for _ in range(limit):
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        if not body["has_more"]:
            return rows, body["next"]
        response = client.get(body["next"])
    raise AssertionError("the feed did not end")


def triples(rows: list[dict]) -> list[tuple[str, int, str]]:
    return [(row["resource"], row["id"], row["action"]) for row in rows]


def of(rows: list[dict], resource: str, pk: int) -> list[str]:
    return [row["action"] for row in rows if (row["resource"], row["id"]) == (resource, pk)]


def approved(**kwargs) -> dict:
    return review_fields(ReviewStatus.APPROVED) | kwargs


def test_a_fact_is_approved_edited_and_withdrawn_and_pending_edits_are_no_entries():
    user = editor()
    anonymous = client_for()
    observation = MetricObservationFactory()
    pending = MetricObservationFactory()
    rejected = MetricObservationFactory()
    fact_reject(fact=rejected, user=user, reason="No")
    fact_update(fact=pending, user=user, changes={"unit": "EUR"})
    observation = fact_approve(fact=observation, user=user)
    rows, cursor = read(anonymous)
    observation = fact_update(fact=observation, user=user, changes={"unit": "EUR"})
    later, cursor = read(anonymous, cursor)
    fact_reject(fact=observation, user=user, reason="Withdrawn")
    last, _ = read(anonymous, cursor)
    rows += later + last
    assert of(rows, "observation", observation.pk) == ["approved", "edited", "withdrawn"]
    forms = [row["data"] for row in rows if (row["resource"], row["id"]) == ("observation", observation.pk)]
    assert [form["unit"] for form in forms if form] == ["USD", "EUR"]
    assert not [row for row in rows if row["resource"] == "observation" and row["id"] in {pending.pk, rejected.pk}]
    withdrawn = rows[-1]
    assert withdrawn["data"] is None and withdrawn["url"] is None


def test_sequence_numbers_increase_and_the_cursor_resumes_after_what_was_read():
    user = editor()
    facts = [MetricObservationFactory() for _ in range(5)]
    for fact in facts[:3]:
        fact_approve(fact=fact, user=user)
    anonymous = client_for()
    first, resume = read(anonymous, params={"page_size": 2})
    observed = [row for row in first if row["resource"] == "observation"]
    assert [row["id"] for row in observed] == [fact.pk for fact in facts[:3]]
    seqs = [row["seq"] for row in first]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    # Nothing new: polling `next` is empty and hands back the same cursor.
    body = anonymous.get(resume).json()
    assert body["results"] == [] and body["has_more"] is False and body["next"] == resume
    for fact in facts[3:]:
        fact_approve(fact=fact, user=user)
    later, _ = read(anonymous, resume)
    assert [row["id"] for row in later if row["resource"] == "observation"] == [fact.pk for fact in facts[3:]]
    assert min(row["seq"] for row in later) > max(seqs)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_next_keeps_the_cursor_and_the_format(fmt):
    user = editor()
    facts = [fact_approve(fact=MetricObservationFactory(), user=user) for _ in range(3)]
    anonymous = client_for()
    seen, url = [], f"{FEED}?format={fmt}&page_size=1"
    for _ in range(20):
        response = anonymous.get(url)
        assert response.status_code == 200
        if fmt == "csv":
            table = list(csv.DictReader(io.StringIO(response.content.decode())))
            seen += [(row["resource"], int(row["id"])) for row in table]
            # A CSV page has only the rows: follow the Link header until a page comes back empty.
            url, has_more = response["Link"].split(">")[0].lstrip("<"), bool(table)
        else:
            body = response.json()
            seen += [(row["resource"], row["id"]) for row in body["results"]]
            url, has_more = body["next"], body["has_more"]
        assert url.count("?") == 1 and f"format={fmt}" in url and "cursor=" in url and "page_size=1" in url
        if not has_more:
            break
    else:
        raise AssertionError("following next never ended")
    assert [pk for resource, pk in seen if resource == "observation"] == [fact.pk for fact in facts]
    assert len(seen) == len(set(seen))


def test_a_status_change_approved_under_a_pending_agreement_appears_when_the_agreement_does():
    user = editor()
    anonymous = client_for()
    agreement = AgreementFactory()
    change = fact_approve(fact=StatusChangeFactory(agreement=agreement), user=user)
    rows, cursor = read(anonymous)
    assert of(rows, "status_change", change.pk) == []
    handed_out = int(cursor.split("cursor=")[1].split("&")[0])
    fact_approve(fact=agreement, user=user)
    later, _ = read(anonymous, cursor)
    assert of(later, "status_change", change.pk) == ["approved"]
    assert of(later, "agreement", agreement.pk) == ["approved"]
    assert all(row["seq"] > handed_out for row in later)


def test_rejecting_an_agreement_withdraws_its_public_status_changes():
    user = editor()
    anonymous = client_for()
    agreement = AgreementFactory(**approved())
    changes = [fact_approve(fact=StatusChangeFactory(agreement=agreement), user=user) for _ in range(2)]
    pending = StatusChangeFactory(agreement=agreement)
    _, cursor = read(anonymous)
    fact_reject(fact=agreement, user=user, reason="Not an agreement")
    rows, _ = read(anonymous, cursor)
    assert sorted(triples(rows)) == sorted(
        [("agreement", agreement.pk, "withdrawn")]
        + [("status_change", change.pk, "withdrawn") for change in changes]
        + [("evidence", evidence.pk, "withdrawn") for fact in [agreement, *changes] for evidence in fact.evidence.all()]
    )
    assert of(rows, "status_change", pending.pk) == []


def test_merging_agreements_and_undoing_it_are_entries():
    user = editor()
    anonymous = client_for()
    survivor = AgreementFactory(**approved())
    merged = AgreementFactory(**approved())
    moved = StatusChangeFactory(agreement=merged, **approved())
    _, cursor = read(anonymous)
    merge = agreement_merge(merged=merged, survivor=survivor, user=user)
    rows, cursor = read(anonymous, cursor)
    merged_row = next(row for row in rows if (row["resource"], row["id"]) == ("agreement", merged.pk))
    assert merged_row["action"] == "merged" and merged_row["survivor"] == survivor.pk
    assert of(rows, "agreement", survivor.pk) == ["edited"]
    moved_row = next(row for row in rows if (row["resource"], row["id"]) == ("status_change", moved.pk))
    assert moved_row["action"] == "edited" and moved_row["data"]["agreement"] == survivor.pk
    agreement_merge_undo(merge=merge, user=user)
    rows, _ = read(anonymous, cursor)
    assert of(rows, "agreement", merged.pk) == ["unmerged"]
    assert of(rows, "status_change", moved.pk) == ["edited"]


def test_merging_actors_and_undoing_it_are_entries():
    user = editor()
    anonymous = client_for()
    survivor = ActorFactory(**approved())
    merged = ActorFactory(**approved())
    _, cursor = read(anonymous)
    merge = actor_merge(merged=merged, survivor=survivor, user=user)
    rows, cursor = read(anonymous, cursor)
    assert ("actor", merged.pk, "merged") in triples(rows)
    actor_merge_undo(merge=merge, user=user)
    rows, _ = read(anonymous, cursor)
    assert ("actor", merged.pk, "unmerged") in triples(rows)


def test_re_approving_an_approved_fact_is_no_edit():
    user = editor()
    anonymous = client_for()
    observation = fact_approve(fact=MetricObservationFactory(), user=user)
    _, cursor = read(anonymous)
    again = fact_approve(fact=observation, user=user)
    assert again.version == observation.version
    assert observation.history.count() == 2  # created, approved: nothing for the second approval
    rows, _ = read(anonymous, cursor)
    assert rows == []
    response = editor_client().post(f"/api/v1/observations/{observation.pk}/approve/", {}, format="json")
    assert response.status_code == 200 and response.json()["version"] == observation.version


def test_evidence_metric_and_article_visibility_are_entries():
    user = editor()
    anonymous = client_for()
    metric = MetricFactory(name="oil imports", slug="oil-imports")
    evidence = EvidenceFactory()
    observation = MetricObservationFactory(metric=metric, evidence=[evidence])
    rows, cursor = read(anonymous)
    # Articles are the public record from the start; the evidence and the metric are not yet.
    assert ("article", evidence.article_id, "published") in triples(rows)
    assert of(rows, "evidence", evidence.pk) == [] and of(rows, "metric", metric.pk) == []
    fact_approve(fact=observation, user=user)
    rows, cursor = read(anonymous, cursor)
    assert {("evidence", evidence.pk, "published"), ("metric", metric.pk, "published")} <= set(triples(rows))
    assert next(row for row in rows if row["resource"] == "evidence")["data"]["sentence"] == evidence.sentence
    fact_reject(fact=observation, user=user, reason="Wrong figure")
    rows, _ = read(anonymous, cursor)
    assert {("evidence", evidence.pk, "withdrawn"), ("metric", metric.pk, "withdrawn")} <= set(triples(rows))


def test_a_new_article_and_a_changed_title_are_entries():
    anonymous = client_for()
    _, cursor = read(anonymous)
    article = ArticleFactory()
    rows, cursor = read(anonymous, cursor)
    assert triples(rows) == [("article", article.pk, "published")]
    article.extraction_status = "done"  # bookkeeping the API does not show: no entry
    article.save()
    assert read(anonymous, cursor)[0] == []
    article.title = "A better title"
    article.save()
    rows, _ = read(anonymous, cursor)
    assert triples(rows) == [("article", article.pk, "edited")]
    assert rows[0]["data"]["title"] == "A better title"


def test_editors_read_the_same_public_log():
    user = editor()
    fact_reject(fact=MetricObservationFactory(), user=user, reason="No")
    fact_approve(fact=MetricObservationFactory(), user=user)
    assert read(editor_client())[0] == read(client_for())[0]


def test_since_starts_at_a_time_and_its_next_is_a_cursor():
    user = editor()
    fact_approve(fact=MetricObservationFactory(), user=user)
    rows, _ = read(client_for())
    body = client_for().get(FEED, {"since": rows[-1]["at"]}).json()
    assert rows[-1]["seq"] in [row["seq"] for row in body["results"]]
    assert all(row["at"] >= rows[-1]["at"] for row in body["results"])
    assert "since=" not in body["next"] and f"cursor={rows[-1]['seq']}" in body["next"]


def test_publishing_on_commit_reaches_the_feed_once():
    """Reads publish what is marked; publishing twice appends nothing new."""
    from curated.feed import feed_publish

    fact_approve(fact=MetricObservationFactory(), user=editor())
    first = feed_publish()
    assert first > 0 and feed_publish() == 0
    assert FeedEntry.objects.count() == first


def test_recording_an_approved_status_change_under_a_pending_agreement_publishes_no_evidence():
    user = editor()
    agreement = AgreementFactory()
    evidence = EvidenceFactory()
    with TestCase.captureOnCommitCallbacks(execute=True):
        agreement_status_record(agreement=agreement, status="agreed", evidence=[evidence], user=user, approved=True)
    anonymous = client_for()
    assert anonymous.get("/api/v1/evidence/", {"id": evidence.pk}).json()["results"] == []
    rows, cursor = read(anonymous)
    assert of(rows, "evidence", evidence.pk) == []
    fact_approve(fact=agreement, user=user)
    rows, _ = read(anonymous, cursor)
    assert of(rows, "evidence", evidence.pk) == ["published"]
    assert [row["id"] for row in anonymous.get("/api/v1/evidence/", {"id": evidence.pk}).json()["results"]] == [
        evidence.pk
    ]


def test_evidence_updated_since_reads_when_it_became_public_not_when_it_was_created():
    import datetime

    from django.utils import timezone

    from articles.models import Evidence

    evidence = EvidenceFactory()
    Evidence.objects.filter(pk=evidence.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    observation = MetricObservationFactory(evidence=[evidence])
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    anonymous = client_for()
    assert anonymous.get("/api/v1/evidence/", {"updated_since": since}).json()["results"] == []
    fact_approve(fact=observation, user=editor())
    found = anonymous.get("/api/v1/evidence/", {"updated_since": since}).json()["results"]
    assert [row["id"] for row in found] == [evidence.pk]


def test_publish_changes_command_appends_what_was_marked():
    from django.core.management import call_command

    fact_approve(fact=MetricObservationFactory(), user=editor())
    out = io.StringIO()
    call_command("publish_changes", stdout=out)
    appended = FeedEntry.objects.count()
    assert appended > 0 and out.getvalue().strip() == f"{appended} feed entries appended."
    call_command("publish_changes", stdout=out)
    assert FeedEntry.objects.count() == appended


def test_the_periodic_task_publishes_what_was_marked_and_is_scheduled():
    from django.conf import settings

    from curated.tasks import publish_changes

    fact_approve(fact=MetricObservationFactory(), user=editor())
    appended = publish_changes.apply().get()
    assert appended > 0 and FeedEntry.objects.count() == appended
    assert publish_changes.apply().get() == 0
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "curated.tasks.publish_changes" in schedule
