"""The audit log in a real browser: an editor approves in the queue, then finds the decision in the log."""

import pytest

from relations.models import MetricObservation
from relations.services import fact_reject
from tests.factories import EventFactory, MetricObservationFactory, editor

from .browsing import ARTIFACTS, login

pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_editor_approves_in_the_queue_then_finds_it_in_the_audit_log_filtered_by_name_and_action(page, live_server):
    alice, bob = editor("alice"), editor("bob")
    observation = MetricObservationFactory()
    fact_reject(fact=EventFactory(title="Visit by bob"), user=bob, reason="Not an event")
    login(page, live_server, alice.username)
    page.goto(f"{live_server.url}/admin/editorial/queue/")
    page.locator(f'article[data-fact="observation:{observation.pk}"] button.approve').click()
    # The decision is made in place (queue-keys.js): the card says so, with no reload.
    page.wait_for_selector(f'article[data-fact="observation:{observation.pk}"][data-status="approved"]')

    # From the admin home: the decision is in Recent actions, and the desk box links to the log.
    page.goto(f"{live_server.url}/admin/")
    assert str(MetricObservation.objects.get(pk=observation.pk)) in page.locator("#recent-actions-module").inner_text()
    page.click("#editorial-desk >> text=Audit log")
    page.wait_for_selector("#audit-filters")
    page.select_option("#id_editor", label="alice")
    page.select_option("#id_action", "approved")
    page.click("#audit-filters button[type=submit]")
    page.wait_for_url("**/editorial/audit/?*action=approved*")
    rows = page.locator("#audit-log tbody tr")
    assert rows.count() == 1
    row = rows.first.inner_text()
    assert "alice" in row and "approved" in row and "Metric observation" in row
    assert "Visit by bob" not in page.locator("#content-main").inner_text()
    page.screenshot(path=str(ARTIFACTS / "audit.png"), full_page=True)

    # The fact's label opens its change page, which an editor may open.
    rows.first.locator("td:nth-child(5) a").click()
    page.wait_for_url(f"**/admin/relations/metricobservation/{observation.pk}/change/")
