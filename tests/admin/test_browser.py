"""The editorial admin in a real browser: Debian's Chromium, headless, driven by Playwright.

An editor logs in, clears part of the queue (approves a metric, rejects an event with a
reason), merges two actors; a Viewer cannot approve; hostile article text stays inert.
Screenshots of the queue and the dashboard go to test-artifacts/.
"""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from articles.models import IngestionFailure, IngestionRun
from relations.curation import ReviewStatus
from relations.models import Actor, ActorAlias, Event, MetricObservation
from relations.services import fact_approve
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    EvidenceFactory,
    MetricObservationFactory,
    SourceFactory,
    StatusChangeFactory,
    editor,
    viewer,
)

from .browsing import ARTIFACTS, login

pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _item(page, fact) -> object:
    key = {MetricObservation: "observation", Event: "event"}[type(fact)]
    return page.locator(f'article[data-fact="{key}:{fact.pk}"]')


def test_editor_reviews_the_queue_and_merges_two_actors(page, live_server):
    user = editor()
    article = ArticleFactory(
        title="India and Russia review trade",
        text="Moscow, 3 December.\nBilateral trade reached $65 billion in 2024, officials said. More follows.",
    )
    start = article.text.index("Bilateral")
    end = article.text.index("said.") + 5
    evidence = EvidenceFactory(article=article, start=start, end=end, sentence=article.text[start:end])
    metric = MetricObservationFactory(evidence=[evidence], value=Decimal("65000000000"))
    event = EventFactory(title="Visit to New Delhi")
    StatusChangeFactory(status="agreed")
    survivor = ActorFactory(name="Vladimir Putin", review_status=ReviewStatus.APPROVED, reviewed_at=timezone.now())
    merged = ActorFactory(name="President Putin")
    ActorAliasFactory(actor=survivor, alias="Vladimir Putin")
    moved_alias = ActorAliasFactory(actor=merged, alias="President Putin")

    login(page, live_server, user.username)
    page.goto(f"{live_server.url}/admin/editorial/queue/")
    metric_item = _item(page, metric)
    # Everything needed to decide is on screen: the sentence highlighted in its paragraph, the article.
    assert metric_item.locator("mark").inner_text() == evidence.sentence
    assert "India and Russia review trade" in metric_item.inner_text()
    page.screenshot(path=str(ARTIFACTS / "queue.png"), full_page=True)

    metric_item.locator("button.approve").click()
    # Decided in place (queue-keys.js): the card stays, showing its new state.
    page.wait_for_selector(f'article[data-fact="observation:{metric.pk}"][data-status="approved"]')
    metric.refresh_from_db()
    assert (metric.review_status, metric.reviewed_by_id) == (ReviewStatus.APPROVED, user.pk)

    event_item = _item(page, event)
    event_item.locator('input[name="reason"]').fill("Duplicate of an earlier visit")
    event_item.locator("button.reject").click()
    page.wait_for_selector(f'article[data-fact="event:{event.pk}"][data-status="rejected"]')
    event.refresh_from_db()
    assert (event.review_status, event.rejection_reason) == (ReviewStatus.REJECTED, "Duplicate of an earlier visit")

    page.goto(f"{live_server.url}/admin/relations/actor/")
    page.check(f'input[name="_selected_action"][value="{survivor.pk}"]')
    page.check(f'input[name="_selected_action"][value="{merged.pk}"]')
    page.select_option('select[name="action"]', "merge_selected")
    page.click('button[name="index"]')
    page.wait_for_selector("#merge-form")
    page.check(f'#merge-form input[name="survivor"][value="{survivor.pk}"]')
    page.click("#merge-submit")
    page.wait_for_url(re.compile(rf"/admin/relations/actor/{survivor.pk}/change/"))
    aliases = page.locator("#aliases-group").inner_text()
    assert "President Putin" in aliases and "Vladimir Putin" in aliases
    assert ActorAlias.objects.get(pk=moved_alias.pk).actor_id == survivor.pk
    assert Actor.objects.get(pk=merged.pk).merged_into_id == survivor.pk


def test_dashboard_draws_its_charts_from_static_files(page, live_server):
    user = editor()
    for year, kind, value in [
        (2022, "actual", "50"),
        (2023, "actual", "60"),
        (2024, "actual", "65"),
        (2030, "target", "100"),
    ]:
        observation = MetricObservationFactory(
            kind=kind,
            value=Decimal(value) * 1_000_000_000,
            period_label=str(year),
            period_start=f"{year}-01-01",
            period_end=f"{year}-12-31",
        )
        fact_approve(fact=observation, user=user)
    agreement = AgreementFactory()
    fact_approve(fact=agreement, user=user)
    fact_approve(fact=EventFactory(title="Annual summit"), user=user)
    source = SourceFactory(name="Broken feed", consecutive_failures=3)
    run = IngestionRun.objects.create(source=source, status="failed", failed=1, finished_at=timezone.now())
    IngestionFailure.objects.create(run=run, url=source.url, kind="temporary", reason="Connection timed out")

    login(page, live_server, user.username)
    page.goto(f"{live_server.url}/admin/editorial/dashboard/")
    page.wait_for_selector("body[data-charts-ready=true]")
    assert page.evaluate("typeof Chart") == "function"  # served from our static files, no CDN
    assert page.locator("#metric-charts canvas").count() == 1
    assert "Broken feed" in page.locator("#content-main").inner_text()
    assert "Annual summit" in page.locator(".timeline").inner_text()
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)


def test_viewer_has_no_approve_button_and_a_forged_post_is_refused(page, live_server):
    observation = MetricObservationFactory()
    reader = viewer()
    login(page, live_server, reader.username)
    page.goto(f"{live_server.url}/admin/editorial/queue/")
    assert page.locator(f'article[data-fact="observation:{observation.pk}"]').count() == 1
    assert page.locator("button.approve").count() == 0
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}/admin/editorial/queue/decide/",
        form={"fact": f"observation:{observation.pk}", "version": str(observation.version), "action": "approve"},
        headers={"X-CSRFToken": token, "Referer": f"{live_server.url}/admin/editorial/queue/"},
    )
    assert response.status == 403
    # And without the CSRF token even an editor's session is refused.
    no_token = page.request.post(
        f"{live_server.url}/admin/editorial/queue/decide/",
        form={"fact": f"observation:{observation.pk}", "version": "1", "action": "approve"},
    )
    assert no_token.status == 403
    observation.refresh_from_db()
    assert observation.review_status == ReviewStatus.PENDING


def test_hostile_article_text_renders_inert(page, live_server):
    text = (
        "India and Russia met. <script>window.__pwned = 1; alert('script')</script> "
        '<img src=x onerror="window.__pwned = 2"> <a href="javascript:window.__pwned=3">click</a>.\n'
        "Trade reached $65 billion in 2024 <script>alert('evidence')</script>."
    )
    article = ArticleFactory(text=text, title="<script>alert('title')</script>", url="javascript:alert(1)")
    start = text.index("Trade")
    evidence = EvidenceFactory(article=article, start=start, end=len(text), sentence=text[start:])
    MetricObservationFactory(evidence=[evidence])
    login(page, live_server, editor().username)
    for path in (f"/admin/editorial/articles/{article.pk}/", "/admin/editorial/queue/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned === undefined")
        assert page.locator('a[href^="javascript:"]').count() == 0
        assert page.locator("#content-main script").count() == 0
        assert page.locator("#content-main img").count() == 0
        assert "<script>alert('evidence')</script>" in page.locator("#content-main").inner_text()
    assert page.dialogs == []
