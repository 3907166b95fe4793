"""The story of an agreement and "New article", in Chromium: the timeline reads in order on the
agreement's page; an editor adds a pasted article from the admin home and lands on its facts."""

import datetime
import re

import pytest

from agreements.models import AgreementStatusChange
from articles.models import Article
from relations.services import fact_approve
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    EvidenceFactory,
    SourceFactory,
    StatusChangeFactory,
    editor,
)

from .browsing import ARTIFACTS, login

pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _change(agreement, status, effective_on, sentence, source):
    article = ArticleFactory(text=sentence, title=f"Report: {status}", source=source)
    evidence = EvidenceFactory(article=article, start=0, end=len(sentence), sentence=sentence)
    return StatusChangeFactory(agreement=agreement, status=status, effective_on=effective_on, evidence=[evidence])


def test_the_agreement_page_tells_its_story_in_order(page, live_server):
    user = editor()
    source = SourceFactory(name="Wire")
    agreement = AgreementFactory(title="S-400 Triumf air defence systems")
    # Created out of order: the timeline orders them by when they took effect, undated last.
    undated = _change(agreement, "in_progress", None, "Deliveries of the S-400 are under way.", source)
    agreed = _change(agreement, "agreed", datetime.date(2018, 10, 5), "India and Russia signed the S-400 deal.", source)
    proposed = _change(agreement, "proposed", datetime.date(2016, 10, 15), "Russia offered India the S-400.", source)
    fact_approve(fact=proposed, user=user)
    login(page, live_server, user.username)
    page.goto(f"{live_server.url}/admin/agreements/agreement/{agreement.pk}/change/")
    entries = page.locator("#status-timeline .timeline-entry")
    entries.first.wait_for()
    sentences = page.locator("#status-timeline .timeline-sentence").all_inner_texts()
    assert sentences == [f"“{c.evidence.get().sentence}”" for c in (proposed, agreed, undated)]
    assert "date unknown" in entries.nth(2).inner_text()
    assert "Proposed → Agreed" in entries.nth(1).inner_text()
    page.screenshot(path=str(ARTIFACTS / "agreement-timeline.png"), full_page=True)
    # The article's title opens the reader at that sentence.
    entries.nth(1).locator("a.timeline-article").click()
    page.wait_for_url(re.compile(rf"/admin/editorial/articles/{agreed.evidence.get().article_id}/#evidence-"))


def test_an_editor_adds_a_pasted_article_from_the_admin_home_and_reads_its_facts(page, live_server):
    user = editor()
    login(page, live_server, user.username)
    page.click("#editorial-desk a#new-article")
    page.wait_for_url(re.compile(r"/admin/editorial/articles/new/$"))
    page.fill("#id_paste-title", "India and Russia agree on S-400 deliveries")
    page.fill(
        "#id_paste-text",
        "India and Russia agree on S-400 deliveries\n\n"
        "India and Russia signed the S-400 Triumf air defence missile system deal on October 5, 2018, "
        "officials recalled.\n"
        "India and Russia are negotiating a new agreement on the joint production of Su-57 fighter jets, "
        "officials said.\n",
    )
    page.fill("#id_paste-published_on", "2026-03-03")
    page.click('button[name="paste"]')
    page.wait_for_url(re.compile(r"/admin/editorial/articles/\d+/$"))
    article = Article.objects.get()
    assert page.url.endswith(f"/admin/editorial/articles/{article.pk}/")
    facts = page.locator(".article-facts")
    facts.locator(".reader-evidence").first.wait_for()
    text = facts.inner_text()
    assert "S-400 Triumf" in text and "Su-57" in text
    assert page.locator("#article-text mark").count() >= 2  # the sentences, highlighted in the text
    page.screenshot(path=str(ARTIFACTS / "new-article-reader.png"), full_page=True)
    assert AgreementStatusChange.objects.filter(evidence__article=article).count() == 2
