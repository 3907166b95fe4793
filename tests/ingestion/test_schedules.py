"""Schedules as editors change them: an edited interval moves the next run, a source switched
back on starts afresh, only permanent failures switch a source off, and failing or quiet
sources are announced on the admin home."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.ingestion.dispatch import source_fetch_now, source_on_saved
from articles.models import IngestionRun, Source
from tests.factories import SourceFactory

from .server import Response

pytestmark = pytest.mark.django_db

DAY, HOUR = timedelta(days=1), timedelta(hours=1)


def change_form(source: Source, **changes) -> dict:
    data = {
        "name": source.name,
        "kind": source.kind,
        "url": source.url,
        "interval_0": "",
        "interval": str(source.interval or ""),
        "is_active": "on" if source.is_active else "",
        "is_slow": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_shortening_the_interval_in_the_admin_makes_the_source_due_now(admin_client):
    now = timezone.now()
    source = SourceFactory(kind=Source.Kind.FEED, interval=DAY, last_run_at=now - 2 * HOUR, next_due_at=now + 22 * HOUR)
    response = admin_client.post(
        f"/admin/articles/source/{source.pk}/change/", change_form(source, interval="01:00:00")
    )
    assert response.status_code == 302, response.content[:2000]
    source.refresh_from_db()
    assert source.interval == HOUR and source.next_due_at <= timezone.now()
    assert source in Source.objects.due()


def test_lengthening_the_interval_moves_the_next_run_to_the_last_run_plus_the_new_interval():
    now = timezone.now()
    source = SourceFactory(kind=Source.Kind.FEED, interval=7 * DAY, last_run_at=now - HOUR, next_due_at=now)
    source_on_saved(source=source, created=False, changed=["interval"])
    source.refresh_from_db()
    assert source.next_due_at == source.last_run_at + 7 * DAY
    assert source not in Source.objects.due()
    Source.objects.filter(pk=source.pk).update(interval=None)
    source_on_saved(source=Source.objects.get(pk=source.pk), created=False, changed=["interval"])
    assert Source.objects.get(pk=source.pk).next_due_at is None  # fetched by hand only


def test_a_change_of_another_field_leaves_the_schedule_alone():
    later = timezone.now() + 5 * HOUR
    source = SourceFactory(kind=Source.Kind.FEED, interval=DAY, next_due_at=later, consecutive_failures=2)
    source_on_saved(source=source, created=False, changed=["name"])
    source.refresh_from_db()
    assert (source.next_due_at, source.consecutive_failures) == (later, 2)


def test_switching_a_disabled_source_back_on_resets_its_failures(admin_client):
    source = SourceFactory(
        kind=Source.Kind.FEED,
        interval=DAY,
        is_active=False,
        consecutive_failures=5,
        disabled_reason="Disabled after 5 consecutive failures; last: HTTP 410",
        next_due_at=timezone.now() + 3 * DAY,
    )
    response = admin_client.post(f"/admin/articles/source/{source.pk}/change/", change_form(source, is_active="on"))
    assert response.status_code == 302, response.content[:2000]
    source.refresh_from_db()
    assert source.is_active and source.consecutive_failures == 0 and source.disabled_reason == ""
    assert source in Source.objects.due() and source not in Source.objects.failing()


def test_temporary_failures_back_a_source_off_but_never_switch_it_off(server, commits, settings):
    settings.INGEST_MAX_CONSECUTIVE_FAILURES = 2
    server.routes["/busy.xml"] = Response(status=503)
    source = SourceFactory(kind=Source.Kind.FEED, url=server.url("/busy.xml"), interval=HOUR)
    for _ in range(3):
        commits(source_fetch_now, source_id=source.pk)
    source.refresh_from_db()
    assert set(IngestionRun.objects.values_list("status", flat=True)) == {"failed"}
    assert source.is_active and source.consecutive_failures == 3 and source.disabled_reason == ""
    assert source in Source.objects.failing()  # shown to editors all the same

    server.routes["/busy.xml"] = Response(status=410)  # gone: permanent
    commits(source_fetch_now, source_id=source.pk)
    source.refresh_from_db()
    assert source.is_active  # one permanent failure after temporary ones is not yet a streak
    commits(source_fetch_now, source_id=source.pk)
    source.refresh_from_db()
    assert not source.is_active and "HTTP 410" in source.disabled_reason


def test_the_admin_home_announces_failing_and_quiet_sources(admin_client, settings):
    page = admin_client.get("/admin/").content.decode()
    assert 'id="ingestion-attention"' not in page  # nothing to say
    SourceFactory(kind=Source.Kind.FEED, consecutive_failures=2)
    SourceFactory(kind=Source.Kind.FEED, is_active=False, consecutive_failures=5, disabled_reason="Disabled after 5")
    quiet = SourceFactory(kind=Source.Kind.FEED, interval=DAY)
    Source.objects.filter(pk=quiet.pk).update(created_at=timezone.now() - settings.INGEST_QUIET_AFTER - DAY)
    page = admin_client.get("/admin/").content.decode()
    assert 'id="ingestion-attention"' in page
    assert "2 failing (1 switched off)" in page and "1 quiet" in page
    assert "/admin/editorial/dashboard/#failing-sources" in page
