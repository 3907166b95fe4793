"""What an editor sees of ingestion in the admin: runs with their counts and failures, a
source's state (disabled with its reason, quiet), and "fetch now"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.ingestion.dispatch import source_fetch_now
from articles.models import Article, IngestionRun, Source
from tests.factories import SourceFactory

from .server import Response, article_text

pytestmark = pytest.mark.django_db


def test_fetch_now_in_the_admin_runs_the_selected_sources(admin_client, commits):
    source = SourceFactory(kind=Source.Kind.TEXT, name="Pasted", pasted_text="Pasted headline\n" + article_text(70))
    other = SourceFactory(kind=Source.Kind.TEXT, name="Not selected", pasted_text="Other\n" + article_text(71))
    response = commits(
        admin_client.post,
        "/admin/articles/source/",
        {"action": "fetch_now", "_selected_action": [source.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Started 1 run(s)" in response.content.decode()
    run = IngestionRun.objects.get()
    assert (run.source, run.trigger, run.new, run.status) == (source, "manual", 1, "succeeded")
    assert Article.objects.get().title == "Pasted headline" and not other.runs.exists()


def test_runs_show_their_counts_and_each_failure_with_its_url_and_reason(admin_client, commits, server):
    server.routes["/gone"] = Response(status=410)
    source = SourceFactory(kind=Source.Kind.URL, name="Gone page", url=server.url("/gone"))
    run = commits(source_fetch_now, source_id=source.pk)
    listing = admin_client.get("/admin/articles/ingestionrun/").content.decode()
    for column in ("Fetched", "New", "Duplicate", "Unchanged", "Failed", "Started at", "Finished at"):
        assert column in listing
    assert "Gone page" in listing
    page = admin_client.get(f"/admin/articles/ingestionrun/{run.pk}/change/").content.decode()
    assert server.url("/gone") in page and "HTTP 410" in page


def test_a_disabled_source_shows_why_and_a_quiet_one_is_flagged(admin_client, settings):
    settings.INGEST_QUIET_AFTER = timedelta(days=14)
    disabled = SourceFactory(
        kind=Source.Kind.FEED,
        name="Broken feed",
        is_active=False,
        consecutive_failures=5,
        disabled_reason="Disabled after 5 consecutive failures; last: HTTP 410",
    )
    SourceFactory(
        kind=Source.Kind.FEED,
        name="Sleepy feed",
        interval=timedelta(hours=1),
        last_new_article_at=timezone.now() - timedelta(days=30),
    )
    listing = admin_client.get("/admin/articles/source/").content.decode()
    assert "Disabled after 5 consecutive failures" in listing
    # Active and quiet for the sleepy feed, neither for the disabled one (quiet is for active
    # sources); neither is slow.
    assert (listing.count('alt="True"'), listing.count('alt="False"')) == (2, 4)
    page = admin_client.get(f"/admin/articles/source/{disabled.pk}/change/").content.decode()
    assert "Disabled after 5 consecutive failures; last: HTTP 410" in page
