"""A fact from the text in a real browser: the editor selects a span in the reader, chooses
"event", finds the form pre-filled from the span, saves, and the event waits in the queue
with its sentence highlighted; then moves a wrong evidence to the right sentence.
The reader's screenshot goes to test-artifacts/reader.png."""

import datetime

import pytest
from django.urls import reverse

from relations.curation import ReviewStatus
from relations.models import Correction, Event
from tests.factories import ArticleFactory, EventFactory, EvidenceFactory, RelationshipFactory, editor

from .browsing import ARTIFACTS, login

pytest.importorskip("playwright.sync_api")
from playwright.sync_api import expect  # only once Playwright is known to be there

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# The flags are characters beyond the BMP: one each to Python, two UTF-16 units each to JavaScript.
TEXT = (
    "Moscow 🇮🇳🇷🇺, 3 December.\n"
    "Officials of both countries met on Tuesday & talked <b>trade</b>. "
    "Putin will visit New Delhi on 4 December 2025 for the annual summit.\n"
    "Bilateral trade reached $65 billion in 2024, officials said."
)

# Selects `phrase` inside the reader's text as a person dragging over it would, across the
# text nodes and <mark> elements the highlighting splits it into.
SELECT = """(phrase) => {
  const root = document.getElementById("article-text");
  const at = root.textContent.indexOf(phrase);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let position = 0, range = document.createRange(), started = false;
  while (walker.nextNode()) {
    const node = walker.currentNode, length = node.data.length;
    if (!started && at < position + length) { range.setStart(node, at - position); started = true; }
    if (started && at + phrase.length <= position + length) {
      range.setEnd(node, at + phrase.length - position);
      break;
    }
    position += length;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""

# Puts the caret inside `phrase`, as a click there does.
CLICK = SELECT.replace("at + phrase.length", "at")


def test_editor_makes_an_event_from_a_selected_span_and_finds_it_in_the_queue(page, live_server):
    user = editor()
    relationship = RelationshipFactory()
    article = ArticleFactory(title="Putin to visit India", text=TEXT, published_on=datetime.date(2025, 12, 3))
    start, end = 0, TEXT.index("\n")
    EventFactory(evidence=[EvidenceFactory(article=article, start=start, end=end, sentence=TEXT[start:end])])
    login(page, live_server, user.username)
    page.goto(live_server.url + reverse("admin:editorial_article_reader", args=[article.pk]))
    # Hostile-looking text stays text: no element was made from it.
    expect(page.locator("#article-text b")).to_have_count(0)
    expect(page.locator("button.new-fact-kind[data-kind=event]")).to_be_disabled()

    # A click (an empty selection) in a sentence stands for the whole sentence.
    page.evaluate(CLICK, "trade reached")
    expect(page.locator("#span-preview")).to_have_text("Bilateral trade reached $65 billion in 2024, officials said.")
    page.evaluate(SELECT, "visit New Delhi on 4 December 2025")
    expect(page.locator("#span-preview")).to_have_text("visit New Delhi on 4 December 2025")
    expect(page.locator("button.new-fact-kind[data-kind=event]")).to_be_enabled()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reader.png"), full_page=True)
    # On a phone the selection box stays on screen, its buttons reachable.
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("button.new-fact-kind[data-kind=event]")).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "reader-390.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    page.click("button.new-fact-kind[data-kind=event]")
    page.wait_for_selector("#new-fact-save")
    expect(page.locator("#id_title")).to_have_value("visit New Delhi on 4 December 2025")
    expect(page.locator("#id_kind")).to_have_value("visit")
    expect(page.locator("#id_date")).to_have_value("2025-12-04")
    expect(page.locator("#id_relationship")).to_have_value(str(relationship.pk))
    expect(page.locator("#new-fact-sentence mark")).to_have_text(
        "Putin will visit New Delhi on 4 December 2025 for the annual summit."
    )
    page.fill("#id_title", "Putin visits New Delhi")
    page.click("#new-fact-save input[type=submit]")
    page.wait_for_selector("ul.messagelist li.success")

    event = Event.objects.get(title="Putin visits New Delhi")
    assert event.review_status == ReviewStatus.PENDING
    page.goto(live_server.url + reverse("admin:editorial_queue") + "?types=event")
    card = page.locator(f'article[data-fact="event:{event.pk}"]')
    expect(card).to_be_visible()
    expect(card.locator("mark")).to_have_text("Putin will visit New Delhi on 4 December 2025 for the annual summit.")
    assert Correction.objects.filter(object_id=event.pk, field="title").exists()


def test_editor_moves_a_wrong_evidence_to_the_sentence_selected(page, live_server):
    user = editor()
    article = ArticleFactory(title="Trade", text=TEXT)
    start, end = 0, TEXT.index("\n")
    wrong = EvidenceFactory(article=article, start=start, end=end, sentence=TEXT[start:end])
    event = EventFactory(title="Annual summit", evidence=[wrong])
    login(page, live_server, user.username)
    page.goto(live_server.url + reverse("admin:editorial_article_reader", args=[article.pk]))
    page.click(f'button.correct-span[data-fact="event:{event.pk}"]')
    expect(page.locator("#correct-label")).to_have_text("Event: Annual summit")
    expect(page.locator("#correct-submit")).to_be_disabled()
    page.evaluate(SELECT, "annual summit")
    expect(page.locator("#correct-submit")).to_be_enabled()
    page.click("#correct-submit")
    page.wait_for_selector("ul.messagelist li.success")
    [now] = event.evidence.all()
    assert now.sentence == "Putin will visit New Delhi on 4 December 2025 for the annual summit."
    expect(page.locator(f"#evidence-{now.pk} .read-by")).to_be_visible()
