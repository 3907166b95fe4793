"""The dashboard in Chromium: a time axis in proportion, conflicts marked, a point that opens
its observations, and the "as known on" control. Screenshot: test-artifacts/dashboard.png."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import EventFactory, editor

from .browsing import ARTIFACTS, login
from .test_dash import _approved, _known_from, _year

pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

AXIS_PIXELS = """() => {
  const chart = Chart.getChart(document.querySelector("#metric-charts canvas"));
  return [2024, 2025, 2030].map((year) => chart.scales.x.getPixelForValue(Date.UTC(year, 0, 1)));
}"""

# Where the actual series' point of a period is drawn, in page coordinates, and its style.
POINT = """(period) => {
  const canvas = document.querySelector("#metric-charts canvas");
  const chart = Chart.getChart(canvas);
  const index = chart.data.datasets[0].data.findIndex((p) => p.period === period);
  const element = chart.getDatasetMeta(0).data[index];
  const box = canvas.getBoundingClientRect();
  return {x: box.left + element.x, y: box.top + element.y, style: chart.data.datasets[0].pointStyle[index]};
}"""


def _points(page) -> int:
    return page.evaluate(
        """() => Chart.getChart(document.querySelector("#metric-charts canvas"))
                   .data.datasets.reduce((n, set) => n + set.data.length, 0)"""
    )


def test_the_dashboard_charts_time_in_proportion_marks_conflicts_and_opens_a_points_observations(page, live_server):
    user = editor()
    _known_from(_year(2023, value="50000000000"), user, datetime.date(2024, 2, 1))
    conflicting = [_approved(_year(2024, value=v), user) for v in ("60000000000", "68000000000")]
    _approved(_year(2025, value="66000000000"), user)
    _approved(_year(2030, "target", "100000000000"), user)
    _approved(EventFactory(date=timezone.localdate() - datetime.timedelta(days=95)), user)
    _approved(EventFactory(date=timezone.localdate()), user)

    login(page, live_server, user.username)
    page.goto(f"{live_server.url}/admin/editorial/dashboard/")
    page.wait_for_selector("body[data-charts-ready=true]")

    # 2024 → 2025 is one year, 2025 → 2030 five: the axis is in proportion, not one slot per label.
    at_2024, at_2025, at_2030 = page.evaluate(AXIS_PIXELS)
    assert at_2024 < at_2025 < at_2030
    assert (at_2030 - at_2025) / (at_2025 - at_2024) == pytest.approx(1826 / 366, rel=0.01)
    # One series per kind; the target is drawn as points, never joined by a line.
    datasets = page.evaluate(
        """() => Chart.getChart(document.querySelector("#metric-charts canvas")).data.datasets
                   .map((set) => [set.label, set.showLine, set.data.length])"""
    )
    assert datasets == [["Actual", True, 3], ["Target", False, 1], ["Unresolved conflict", False, 0]]
    # Events per month: four months from the first to the last, the empty ones as zeros.
    months = page.evaluate(
        """() => Chart.getChart(document.querySelector("#chart-events")).data.datasets[0].data.map((p) => p.y)"""
    )
    assert sum(months) == 2 and len(months) >= 4 and months.count(0) == len(months) - 2
    # The conflicting period is marked on the chart and explained beside it.
    assert page.evaluate(POINT, "2024")["style"] == "triangle"
    assert page.evaluate(POINT, "2025")["style"] == "circle"
    assert "1 period(s) with unresolved conflicting observations" in page.locator(".conflict-note").inner_text()
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

    point = page.evaluate(POINT, "2024")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(re.compile(r"/admin/relations/metricobservation/\?"))
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    hrefs = rows.locator("th a").evaluate_all("links => links.map((a) => a.getAttribute('href'))")
    listed = {int(re.search(r"/metricobservation/(\d+)/change/", href)[1]) for href in hrefs}
    assert listed == {o.pk for o in conflicting}

    # As known on 2024-06-01: only the 2023 figure had been approved, from an article published by then.
    page.goto(f"{live_server.url}/admin/editorial/dashboard/")
    page.wait_for_selector("body[data-charts-ready=true]")
    assert _points(page) == 4
    page.fill('input[name="as_of"]', "2024-06-01")
    page.click("#dashboard-switch button[type=submit]")
    page.wait_for_url(re.compile(r"as_of=2024-06-01"))
    page.wait_for_selector("body[data-charts-ready=true]")
    assert _points(page) == 1
    assert page.locator(".conflict-note").count() == 0
    assert "as known on 2024-06-01" in page.locator("#as-of-note").inner_text()
    assert "No approved dated events" in page.locator("#content-main").inner_text()
    page.screenshot(path=str(ARTIFACTS / "dashboard-as-of.png"), full_page=True)
