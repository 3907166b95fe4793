"""Duplicates in a real browser: the duplicates page proposes the S-400 pair, the editor merges it
(keeping the longer title, the second record), and the merged-away deal is gone from the queue.
A screenshot of the duplicates page goes to test-artifacts/duplicates.png."""

import re

import pytest

from agreements.models import Agreement
from tests.factories import AgreementFactory, editor

from .browsing import ARTIFACTS, login

pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_editor_merges_the_proposed_s400_pair_and_the_merged_deal_leaves_the_queue(page, live_server):
    user = editor()
    deal = AgreementFactory(title="S-400 Triumf deal", sector="other")
    system = AgreementFactory(title="S-400 Triumf air defense missile system", sector="defense")
    unrelated = AgreementFactory(title="Kudankulam units 5 and 6", sector="nuclear")

    login(page, live_server, user.username)
    page.goto(f"{live_server.url}/admin/editorial/duplicates/")
    candidate = page.locator(".candidate", has_text="S-400 Triumf air defense missile system")
    assert "S-400 Triumf deal" in candidate.inner_text() and "similar titles" in candidate.inner_text()
    assert page.locator(".candidate", has_text="Kudankulam").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "duplicates.png"), full_page=True)

    candidate.get_by_role("link", name="Compare and merge").click()
    page.wait_for_selector("#merge-form")
    # Keep the longer title: the second record, so the deal is the one merged away (merge.js).
    page.check(f'#merge-form input[name="survivor"][value="{system.pk}"]')
    assert page.locator("#merged-id").input_value() == str(deal.pk)
    page.click("#merge-submit")
    page.wait_for_url(re.compile(rf"/admin/agreements/agreement/{system.pk}/change/"))
    assert Agreement.objects.get(pk=deal.pk).merged_into_id == system.pk

    page.goto(f"{live_server.url}/admin/editorial/queue/?types=agreement")
    page.wait_for_selector(f'article[data-fact="agreement:{system.pk}"]')
    assert page.locator(f'article[data-fact="agreement:{deal.pk}"]').count() == 0
    assert page.locator(f'article[data-fact="agreement:{unrelated.pk}"]').count() == 1
    assert page.locator('.backlog-count[data-type="agreement"]').inner_text() == "Agreement: 2"
