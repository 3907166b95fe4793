"""`manage.py run_scheduler`, the periodic tick of the embedded default: due sources are run,
and a failing tick is logged without stopping the scheduler."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, IngestionRun, Source

from .server import Response, article_html, article_text, rss

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def feed(server):
    server.routes["/story"] = Response(article_html("Scheduled story", article_text(41)).encode())
    server.routes["/feed.xml"] = Response(rss([{"title": "Scheduled story", "link": server.url("/story")}]))
    return server


def test_one_tick_runs_a_due_feed_source_in_process(feed):
    Source.objects.create(name="Feed", kind="feed", url=feed.url("/feed.xml"), interval=datetime.timedelta(minutes=5))
    call_command("run_scheduler", once=True)
    assert Article.objects.filter(title="Scheduled story").exists()
    source = Source.objects.get()
    assert source.next_due_at > timezone.now()
    assert IngestionRun.objects.get().finished_at is not None


def test_a_failing_tick_is_logged_and_the_scheduler_goes_on(monkeypatch, caplog, capsys):
    def broken():
        raise RuntimeError("database restarting")

    monkeypatch.setattr("articles.management.commands.run_scheduler.sources_dispatch", broken)
    call_command("run_scheduler", once=True)
    assert "scheduler tick failed" in caplog.text
    assert "Scheduler stopped." in capsys.readouterr().out
