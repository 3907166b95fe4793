"""The dashboard that does not mislead: time axes, one series per kind, conflicts marked,
figures linked to their observations, and "as known on" a date (dashboard and conflicts page)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from desk import selectors
from relations.conflicts import observation_mark_preferred
from relations.models import Event, MetricObservation
from relations.services import fact_approve, fact_reject
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    EvidenceFactory,
    MetricObservationFactory,
    RelationshipFactory,
    SourceFactory,
    StatusChangeFactory,
    editor,
    viewer,
)

pytestmark = pytest.mark.django_db


def _year(year: int, kind: str = "actual", value: str = "65000000000", **fields) -> MetricObservation:
    return MetricObservationFactory(
        kind=kind,
        value=Decimal(value),
        period_label=str(year),
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        **fields,
    )


def _approved(fact, user, on: datetime.date | None = None):
    """Approve through the service; `on` backdates the approval (a test of "as known on" needs a past)."""
    fact_approve(fact=fact, user=user)
    if on is not None:
        moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
        type(fact).objects.filter(pk=fact.pk).update(reviewed_at=moment)
    fact.refresh_from_db()
    return fact


def _published(on: datetime.date | None):
    return [EvidenceFactory(article=ArticleFactory(published_on=on))]


def _ms(day: datetime.date) -> int:
    return int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp() * 1000)


def test_chart_time_is_milliseconds_at_utc_midnight_so_that_distances_follow_time():
    assert selectors.chart_time(datetime.date(2024, 1, 1)) == 1_704_067_200_000
    gap_one_year = selectors.chart_time(datetime.date(2025, 1, 1)) - selectors.chart_time(datetime.date(2024, 1, 1))
    gap_five_years = selectors.chart_time(datetime.date(2030, 1, 1)) - selectors.chart_time(datetime.date(2025, 1, 1))
    assert gap_one_year == 366 * 86_400_000
    assert round(gap_five_years / gap_one_year) == 5


def test_metric_series_has_one_series_per_kind_with_time_values():
    user = editor()
    for year in (2022, 2023, 2024):
        _approved(_year(year), user)
    _approved(_year(2025, "target", "80000000000"), user)
    _approved(_year(2030, "target", "100000000000"), user)
    _approved(_year(2024, "other", "1000"), user)
    _year(2021)  # pending: not charted
    relationship = RelationshipFactory()

    [chart] = selectors.metric_series(relationship)

    assert [(s["kind"], s["label"]) for s in chart["series"]] == [
        ("actual", "Actual"),
        ("target", "Target"),
        ("other", "Other"),
    ]
    actual, target, other = chart["series"]
    assert [p["x"] for p in actual["data"]] == [_ms(datetime.date(y, 1, 1)) for y in (2022, 2023, 2024)]
    assert [p["period"] for p in target["data"]] == ["2025", "2030"]
    assert [p["y"] for p in target["data"]] == [80e9, 100e9]
    assert [p["y"] for p in other["data"]] == [1000.0]
    assert not any(p["conflict"] for s in chart["series"] for p in s["data"])
    assert chart["conflicts"] == 0


def test_metric_series_splits_units_and_prefers_the_preferred_observation():
    user = editor()
    _approved(_year(2024, value="60000000000"), user)
    preferred = _approved(_year(2024, value="65000000000"), user)
    _approved(_year(2024, value="61000000000"), user)  # reported later, but not preferred
    observation_mark_preferred(observation=preferred, user=user)
    _approved(_year(2024, value="5000000000000", unit="INR"), user)

    [chart] = selectors.metric_series(RelationshipFactory())

    assert chart["title"] == "bilateral trade (INR, USD)"
    assert [(s["label"], [p["y"] for p in s["data"]]) for s in chart["series"]] == [
        ("Actual (INR)", [5e12]),
        ("Actual (USD)", [65e9]),
    ]


def test_a_period_whose_approved_figures_disagree_is_marked_until_one_is_preferred():
    user = editor()
    _approved(_year(2023, value="50000000000"), user)
    low = _approved(_year(2024, value="60000000000"), user)
    _approved(_year(2024, value="68000000000"), user)
    _year(2023, value="90000000000")  # pending: the chart's conflicts are among approved figures only
    relationship = RelationshipFactory()

    [chart] = selectors.metric_series(relationship)
    [actual] = chart["series"]
    assert [(p["period"], p["conflict"]) for p in actual["data"]] == [("2023", False), ("2024", True)]
    assert chart["conflicts"] == 1

    observation_mark_preferred(observation=low, user=user)
    [chart] = selectors.metric_series(relationship)
    assert [p["conflict"] for p in chart["series"][0]["data"]] == [False, False]
    assert chart["series"][0]["data"][1]["y"] == 60e9


def test_each_point_links_to_the_observations_of_its_period(client):
    user = editor()
    first = _approved(_year(2024, value="60000000000"), user)
    second = _approved(_year(2024, value="68000000000"), user)
    other_year = _approved(_year(2023), user)
    target = _approved(_year(2024, "target", "70000000000"), user)
    [chart] = selectors.metric_series(RelationshipFactory())
    point = next(p for p in chart["series"][0]["data"] if p["period"] == "2024")

    client.force_login(user)
    response = client.get(point["url"])

    assert response.status_code == 200
    assert point["url"].startswith(reverse("admin:relations_metricobservation_changelist"))
    listed = {o.pk for o in response.context["cl"].result_list}
    assert listed == {first.pk, second.pk}
    assert other_year.pk not in listed and target.pk not in listed


def test_events_per_month_fill_the_empty_months_between_the_first_and_the_last():
    user = editor()
    this_month = timezone.localdate().replace(day=1)

    def months_ago(n: int) -> datetime.date:
        day = this_month
        for _ in range(n):
            day = (day - datetime.timedelta(days=1)).replace(day=1)
        return day

    for date in (months_ago(5), months_ago(5) + datetime.timedelta(days=3), months_ago(1)):
        _approved(EventFactory(date=date), user)
    EventFactory(date=months_ago(3))  # pending
    _approved(EventFactory(date=months_ago(30)), user)  # outside the two years

    events = selectors.events_by_month(RelationshipFactory())

    assert events["labels"] == [months_ago(n).strftime("%Y-%m") for n in (5, 4, 3, 2, 1)]
    assert events["data"] == [2, 0, 0, 0, 1]
    assert events["x"] == [_ms(months_ago(n)) for n in (5, 4, 3, 2, 1)]


def test_no_events_no_months():
    assert selectors.events_by_month(RelationshipFactory()) == {"labels": [], "x": [], "data": []}


def test_known_on_counts_approval_and_publication_dates():
    user = editor()
    march = datetime.date(2025, 3, 1)
    early = _approved(_year(2023, evidence=_published(datetime.date(2025, 2, 1))), user, on=march)
    published_later = _approved(_year(2024, evidence=_published(datetime.date(2025, 5, 1))), user, on=march)
    undated_article = _approved(_year(2022, evidence=_published(None)), user, on=march)
    rejected = _year(2021, evidence=_published(datetime.date(2025, 1, 1)))
    fact_reject(fact=rejected, user=user, reason="Wrong figure")

    def known(day):
        return set(MetricObservation.objects.known_on(day).values_list("pk", flat=True))

    assert known(datetime.date(2025, 2, 28)) == set()  # nothing approved yet
    assert known(march) == {early.pk}  # the undated article was ingested today, after March
    assert known(datetime.date(2025, 5, 1)) == {early.pk, published_later.pk}
    assert known(timezone.localdate()) == {early.pk, published_later.pk, undated_article.pk}


def _known_from(fact, user, day: datetime.date):
    """A fact cited by an article published on `day` and approved the day after."""
    fact.evidence.set(_published(day))
    return _approved(fact, user, on=day + datetime.timedelta(days=1))


def test_as_of_narrows_every_chart_to_what_was_known_then():
    user = editor()
    relationship = RelationshipFactory()
    _known_from(_year(2023), user, datetime.date(2024, 1, 10))
    _known_from(_year(2024), user, datetime.date(2025, 1, 10))
    _known_from(_year(2023, value="90000000000"), user, datetime.date(2025, 6, 1))  # disagrees with the first
    agreement = _known_from(AgreementFactory(), user, datetime.date(2024, 1, 1))
    _known_from(StatusChangeFactory(agreement=agreement, status="agreed"), user, datetime.date(2024, 1, 1))
    _known_from(StatusChangeFactory(agreement=agreement, status="in_progress"), user, datetime.date(2025, 2, 1))
    _known_from(EventFactory(date=datetime.date(2024, 3, 5)), user, datetime.date(2024, 3, 6))
    _known_from(EventFactory(date=datetime.date(2025, 3, 5)), user, datetime.date(2025, 3, 6))
    Agreement.objects.get(pk=agreement.pk).current_status_refresh()

    def charted(as_of):
        return [
            ([p["period"] for p in series["data"]], chart["conflicts"])
            for chart in selectors.metric_series(relationship, as_of=as_of)
            for series in chart["series"]
        ]

    assert charted(datetime.date(2023, 12, 31)) == []
    assert charted(datetime.date(2024, 6, 1)) == [(["2023"], 0)]
    assert charted(datetime.date(2025, 3, 1)) == [(["2023", "2024"], 0)]
    assert charted(datetime.date(2025, 7, 1)) == [(["2023", "2024"], 1)]

    def statuses(as_of):
        return selectors.agreements_by_status(relationship, as_of=as_of)["labels"]

    assert statuses(datetime.date(2023, 6, 1)) == []
    assert statuses(datetime.date(2024, 6, 1)) == ["Agreed"]
    assert statuses(datetime.date(2025, 6, 1)) == ["In progress"]
    assert statuses(None) == ["In progress"]

    events = selectors.events_by_month(relationship, as_of=datetime.date(2024, 12, 31))
    assert (events["labels"], events["data"]) == (["2024-03"], [1])
    events = selectors.events_by_month(relationship, as_of=datetime.date(2025, 12, 31))
    assert (events["labels"][0], events["labels"][-1], len(events["data"]), sum(events["data"])) == (
        "2024-03",
        "2025-03",
        13,
        2,
    )
    recent = selectors.recent_events(relationship, as_of=datetime.date(2024, 12, 31))
    assert [e.date for e in recent] == [datetime.date(2024, 3, 5)]


def test_conflict_groups_as_of_compare_only_what_was_known_then():
    user = editor()
    _known_from(_year(2024, value="60000000000"), user, datetime.date(2025, 1, 1))
    _known_from(_year(2024, value="68000000000"), user, datetime.date(2025, 6, 1))
    assert selectors.conflict_groups(as_of=datetime.date(2025, 3, 1)) == []
    [group] = selectors.conflict_groups(as_of=datetime.date(2025, 7, 1))
    assert [o.value for o in group] == [Decimal("60000000000"), Decimal("68000000000")]
    assert len(selectors.conflict_groups()) == 1


# --- The pages --------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["admin:editorial_dashboard", "admin:editorial_conflicts"])
@pytest.mark.parametrize(
    "given", ["2024-13-01", "yesterday", "2024-02-30", "9999-12-31", "0001-01-01", "<script>x</script>"]
)
def test_an_invalid_as_of_date_is_named_and_the_page_still_renders(client, url_name, given):
    client.force_login(editor())
    response = client.get(reverse(url_name), {"as_of": given})
    html = response.content.decode()
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("As known on “") and "YYYY-MM-DD" in m for m in messages), messages
    assert "<script>x</script>" not in html
    assert response.context["as_of"] is None


def test_the_dashboard_as_of_control_changes_what_is_shown(client):
    user = editor()
    _approved(_year(2023, evidence=_published(datetime.date(2024, 1, 10))), user, on=datetime.date(2024, 1, 15))
    _approved(_year(2030, "target", "100000000000"), user)  # approved today
    client.force_login(viewer())

    today = client.get(reverse("admin:editorial_dashboard"))
    then = client.get(reverse("admin:editorial_dashboard"), {"as_of": "2024-06-01"})

    assert [s["kind"] for s in today.context["charts"]["metrics"][0]["series"]] == ["actual", "target"]
    assert [s["kind"] for s in then.context["charts"]["metrics"][0]["series"]] == ["actual"]
    html = then.content.decode()
    assert 'value="2024-06-01"' in html and "as known on 2024-06-01" in html
    assert "?as_of=2024-06-01" in then.context["charts"]["conflicts_url"]
    assert 'id="dashboard-data"' in html and "onchange=" not in html


def test_the_conflicts_page_shows_each_observations_outlet_and_article(client):
    wire = SourceFactory(name="Wire <b>service</b>")
    from_wire = EvidenceFactory(article=ArticleFactory(source=wire, title="Trade at $60bn", site_name=""))
    from_site = EvidenceFactory(article=ArticleFactory(title="Trade at $68bn", site_name="The Hindu"))
    _year(2024, value="60000000000", evidence=[from_wire])
    _year(2024, value="68000000000", evidence=[from_site])
    client.force_login(viewer())

    response = client.get(reverse("admin:editorial_conflicts"))
    html = response.content.decode()

    assert html.count('class="module conflict-group"') == 1
    assert "Wire &lt;b&gt;service&lt;/b&gt;" in html and "The Hindu" in html
    for evidence in (from_wire, from_site):
        assert f'href="{reverse("admin:editorial_article_reader", args=[evidence.article_id])}"' in html
    assert "Trade at $60bn" in html and "Trade at $68bn" in html
    # Pending observations are no longer compared as known on a date: only approved ones count.
    response = client.get(reverse("admin:editorial_conflicts"), {"as_of": timezone.localdate().isoformat()})
    assert 'class="module conflict-group"' not in response.content.decode()


def test_events_are_charted_on_a_time_axis(client):
    user = editor()
    _approved(EventFactory(date=timezone.localdate() - datetime.timedelta(days=70)), user)
    _approved(EventFactory(date=timezone.localdate()), user)
    client.force_login(user)
    events = client.get(reverse("admin:editorial_dashboard")).context["charts"]["events"]
    assert len(events["x"]) == len(events["data"]) >= 3
    assert sum(events["data"]) == Event.objects.approved().count() == 2


def test_preferring_an_observation_returns_to_the_same_date(client):
    user = editor()
    low = _approved(_year(2024, value="60000000000"), user)
    _approved(_year(2024, value="68000000000"), user)
    client.force_login(user)
    url = reverse("admin:editorial_conflicts") + "?as_of=" + timezone.localdate().isoformat()
    response = client.post(url, {"observation": low.pk, "version": low.version})
    assert response.status_code == 302
    assert response["Location"] == url
    low.refresh_from_db()
    assert low.is_preferred
    assert selectors.conflict_groups(as_of=timezone.localdate()) == []
