"""The issue's "done when": after the seeds are ingested, an editor clears the queue from the queue page.

Each decision is one POST built from the page itself (the approve form of the first item),
exactly what a click sends; one fact is corrected with "Save and approve" and one is
rejected with a suggested reason. Nothing is left pending and every decision is recorded.
"""

import re
from html import unescape

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from desk.facts import FACT_TYPES
from desk.forms import REJECTION_REASONS
from relations.curation import ReviewStatus
from relations.models import MetricObservation
from tests.factories import editor

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:editorial_queue")
DECIDE = reverse("admin:editorial_decide")
ITEM = re.compile(r'<article class="queue-item[^"]*"[^>]*data-fact="(\w+:\d+)"')


def _hidden(html: str, name: str) -> str:
    return unescape(re.search(rf'name="{name}" value="([^"]*)"', html).group(1))


def _first_item(html: str) -> tuple[str, str] | None:
    """The first queue item's key and its HTML, or None when the queue is empty."""
    match = ITEM.search(html)
    if match is None:
        return None
    end = html.find("</article>", match.start())
    return match.group(1), html[match.start() : end]


@pytest.fixture
def seeded(seed_registry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", str(settings.SEEDS_DIR / "articles"), "--no-progress")


def test_an_editor_clears_the_seed_queue_one_click_per_fact(client, seeded):
    pending = {key: t.model.objects.pending().count() for key, t in FACT_TYPES.items()}
    assert sum(pending.values()) >= 10, pending  # the seeds give the desk real work
    user = editor()
    client.force_login(user)

    # A careful editor first fixes an observation whose period the extractor could not date.
    undated = MetricObservation.objects.pending().filter(period_start__isnull=True).first()
    if undated is not None:
        change = reverse("admin:relations_metricobservation_change", args=[undated.pk])
        form = client.get(change).content.decode()
        assert "Save and approve" in form and undated.evidence.first().sentence in unescape(form)
        data = {
            "metric": undated.metric_id,
            "relationship": undated.relationship_id,
            "kind": undated.kind,
            "value": str(undated.value),
            "unit": undated.unit,
            "qualifier": undated.qualifier,
            "period_label": "2024",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "reported_on": "",
            "expected_version": undated.version,
            "_saveapprove": "Save and approve",
        }
        response = client.post(f"{change}?next={QUEUE}", data)
        assert response.status_code == 302 and response["Location"] == QUEUE
        undated.refresh_from_db()
        assert (undated.review_status, undated.period_label) == (ReviewStatus.APPROVED, "2024")

    decisions = 0
    rejected = None
    key = ""
    while True:
        html = client.get(QUEUE).content.decode()
        if decisions:  # the previous decision's message, shown on this page
            assert 'class="success"' in html and 'class="error"' not in html, key
        if (found := _first_item(html)) is None:
            break
        key, item = found
        # Everything needed is on the item: the sentence highlighted, its article, what would change.
        assert "<mark>" in item and 'class="evidence-meta"' in item and '<dl class="changes">' in item
        data = {"fact": key, "version": _hidden(item, "version"), "next": QUEUE}
        if rejected is None and key.startswith("event:"):
            rejected = key
            data.update(action="reject", reason=REJECTION_REASONS[1])
        else:
            data["action"] = "approve"
        response = client.post(DECIDE, data)
        assert (response.status_code, response["Location"]) == (302, QUEUE)
        decisions += 1
        assert decisions <= 200, "the queue does not shrink"

    assert {key: t.model.objects.pending().count() for key, t in FACT_TYPES.items()} == dict.fromkeys(FACT_TYPES, 0)
    assert decisions + (undated is not None) == sum(pending.values())
    for fact_type in FACT_TYPES.values():
        for fact in fact_type.model.objects.exclude(review_status=ReviewStatus.PENDING).filter(reviewed_by=user):
            assert fact.reviewed_at is not None
            assert fact.history.latest().history_user == user
    if rejected is not None:
        fact_type, pk = FACT_TYPES[rejected.split(":")[0]], int(rejected.split(":")[1])
        assert fact_type.model.objects.get(pk=pk).rejection_reason == REJECTION_REASONS[1]
    assert "Nothing to review here." in html
