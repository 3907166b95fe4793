"""The queue's keyboard flow and reversible decisions in Chromium: decisions happen in place
(no reload: a marker set on `window` survives), focus moves to the next card, `u` undoes the
last decision, and bulk on the filters shows what it will touch before anything changes.
Screenshots: test-artifacts/queue.png (after the flow) and queue-390.png (phone width)."""

import re

import pytest

from relations.curation import ReviewStatus
from relations.models import Event
from tests.factories import ArticleFactory, EventFactory, EvidenceFactory, editor

from .browsing import ARTIFACTS, login

pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _events(n: int, place: str = "Kazan") -> list[Event]:
    """Pending events, oldest first (the queue's default order), each citing its own sentence."""
    events = []
    for i in range(n):
        article = ArticleFactory(
            title=f"Visit number {i}",
            text=f"Officials met in {place} for round {i}, a long-awaited meeting of both sides. More later.",
        )
        end = article.text.index("sides.") + len("sides.")
        evidence = EvidenceFactory(article=article, start=0, end=end, sentence=article.text[:end])
        events.append(EventFactory(place=place, title=f"Meeting {i}", evidence=[evidence]))
    return events


def _card(page, event):
    return page.locator(f'article[data-fact="event:{event.pk}"]')


def _status(event) -> str:
    return Event.objects.values_list("review_status", flat=True).get(pk=event.pk)


def _focused_key(page) -> str | None:
    return page.evaluate("document.activeElement && document.activeElement.getAttribute('data-fact')")


def _open_queue(page, live_server) -> str:
    url = f"{live_server.url}/admin/editorial/queue/?types=event"
    page.goto(url)
    page.wait_for_selector("article.queue-item[tabindex='-1']")  # the keyboard script is running
    # A page load would wipe this marker: decisions in place must leave it.
    page.evaluate("window.__sameDocument = true")
    return url


def test_keyboard_moves_approves_in_place_and_rejects_with_the_reason_box(page, live_server):
    first, second, third = _events(3)
    login(page, live_server, editor().username)
    url = _open_queue(page, live_server)

    page.keyboard.press("j")
    assert _focused_key(page) == f"event:{first.pk}"
    page.keyboard.press("j")
    assert _focused_key(page) == f"event:{second.pk}"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("k")
    page.keyboard.press("j")

    page.keyboard.press("a")
    page.wait_for_selector(f'article[data-fact="event:{second.pk}"][data-status="approved"]')
    assert _status(second) == ReviewStatus.APPROVED
    assert page.url == url and page.evaluate("window.__sameDocument") is True
    page.wait_for_function(f"document.activeElement.getAttribute('data-fact') === 'event:{third.pk}'")
    assert _card(page, second).locator(".status").inner_text() == "Approved"
    assert _card(page, second).locator("button.reopen").is_visible()

    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.name") == "reason"
    assert page.evaluate("document.activeElement.closest('article').getAttribute('data-fact')") == f"event:{third.pk}"
    page.keyboard.type("Not an event")  # typed keys are text, not commands: "a" approves nothing here
    page.keyboard.press("Enter")
    page.wait_for_selector(f'article[data-fact="event:{third.pk}"][data-status="rejected"]')
    assert _card(page, third).locator("dd.rejection-reason").inner_text() == "Not an event"
    assert Event.objects.get(pk=third.pk).rejection_reason == "Not an event"
    assert _status(first) == ReviewStatus.PENDING
    assert page.evaluate("window.__sameDocument") is True
    page.screenshot(path=str(ARTIFACTS / "queue.png"), full_page=True)

    # Back to the first card, still pending: e opens its edit-then-approve page.
    page.keyboard.press("k")
    page.keyboard.press("k")
    assert _focused_key(page) == f"event:{first.pk}"
    page.keyboard.press("e")
    page.wait_for_url(re.compile(rf"/admin/relations/event/{first.pk}/change/\?next="))


def test_undo_reopens_the_last_decision_in_place(page, live_server):
    first, second = _events(2)
    login(page, live_server, editor().username)
    _open_queue(page, live_server)

    _card(page, first).locator("button.approve").click()
    page.wait_for_selector(f'article[data-fact="event:{first.pk}"][data-status="approved"]')
    assert _status(first) == ReviewStatus.APPROVED
    page.keyboard.press("u")
    page.wait_for_selector(f'article[data-fact="event:{first.pk}"][data-status="pending"]')
    assert _status(first) == ReviewStatus.PENDING
    assert Event.objects.get(pk=first.pk).history.latest().history_change_reason.startswith("reopened:")
    assert _card(page, first).locator("button.approve").is_visible()
    assert _status(second) == ReviewStatus.PENDING
    assert page.evaluate("window.__sameDocument") is True
    # Decided again after the undo: the card carries the version the reopen returned.
    _card(page, first).locator("button.approve").click()
    page.wait_for_selector(f'article[data-fact="event:{first.pk}"][data-status="approved"]')
    assert _status(first) == ReviewStatus.APPROVED


def test_bulk_on_the_filters_shows_the_count_and_items_before_it_acts(page, live_server):
    kazan = _events(3, place="Kazan")
    other = _events(1, place="Sochi")[0]
    login(page, live_server, editor().username)
    page.goto(f"{live_server.url}/admin/editorial/queue/?types=event&q=Kazan")
    bulk = page.locator("#bulk-form")
    bulk.locator('select[name="decision"]').select_option("approve")
    bulk.locator('select[name="scope"]').select_option("matching")
    bulk.locator('button[name="bulk"]').click()
    page.wait_for_selector(".bulk-count")
    assert page.locator(".bulk-count").inner_text() == "3"
    listed = page.locator("tr.bulk-item").evaluate_all("rows => rows.map(r => r.getAttribute('data-fact'))")
    assert sorted(listed) == sorted(f"event:{e.pk}" for e in kazan)
    assert "Officials met in Kazan for round 0" in page.locator(".bulk-items").inner_text()
    assert {_status(e) for e in kazan} == {ReviewStatus.PENDING}  # nothing changed before confirming
    page.screenshot(path=str(ARTIFACTS / "bulk-preview.png"), full_page=True)
    page.click("button.confirm-bulk")
    page.wait_for_selector(".messagelist .success")
    assert {_status(e) for e in kazan} == {ReviewStatus.APPROVED}
    assert _status(other) == ReviewStatus.PENDING


def test_the_queue_fits_a_390_pixel_screen(page, live_server):
    _events(3)
    article = ArticleFactory(text="A-very-long-unbroken-token-" * 20 + ". Then more.")
    evidence = EvidenceFactory(article=article)
    EventFactory(evidence=[evidence])
    login(page, live_server, editor().username)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/admin/editorial/queue/")
    page.wait_for_selector("article.queue-item")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "queue-390.png"), full_page=True)
