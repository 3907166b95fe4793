"""Folder sources read only below INGEST_ROOT, symlinks resolved; only a superuser sets one up."""

import os

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.ingestion.items import item_process
from articles.ingestion.runs import run_enumerate, run_start
from articles.models import Article, IngestionFailure, Source
from tests.factories import SourceFactory, editor

from .server import article_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(tmp_path, settings):
    """An ingest root with one article in it, and a secret file beside (outside) it."""
    inbox = tmp_path / "inbox"
    (inbox / "news").mkdir(parents=True)
    (inbox / "news" / "a.txt").write_text("Allowed title\n" + article_text(1), encoding="utf-8")
    (tmp_path / "secret.txt").write_text("Secret title\n" + article_text(2), encoding="utf-8")
    settings.INGEST_ROOT = [inbox]
    return inbox


def folder_source(path) -> Source:
    # Created as a row, as an old or hand-made source would be: the run itself must refuse.
    return SourceFactory(kind=Source.Kind.FOLDER, url="", path=str(path))


def run_source(commits, source):
    from articles.ingestion.dispatch import source_fetch_now

    run = commits(source_fetch_now, source_id=source.pk)
    run.refresh_from_db()
    return run


def test_a_folder_source_outside_the_ingest_root_is_refused_with_its_reason(root, commits):
    run = run_source(commits, folder_source(root.parent))  # holds secret.txt
    assert run.status == "failed" and run.fetched == 0
    reason = IngestionFailure.objects.get(run=run).reason
    assert "outside the ingest root" in reason and str(root) in reason
    assert not Article.objects.exists()


def test_etc_is_refused_even_as_a_relative_climb_out_of_the_root(root, commits):
    run = run_source(commits, folder_source(f"{root}/news/../../../../../../etc"))
    assert run.status == "failed"
    assert "outside the ingest root" in IngestionFailure.objects.get(run=run).reason
    assert not Article.objects.exists()


def test_a_symlinked_file_inside_the_root_that_points_outside_is_refused_and_the_rest_ingested(root, commits):
    os.symlink(root.parent / "secret.txt", root / "news" / "b.txt")
    run = run_source(commits, folder_source(root / "news"))
    assert (run.status, run.new, run.failed, run.errors) == ("partial", 1, 0, 1)  # refused when listed
    failure = IngestionFailure.objects.get(run=run)
    assert failure.url.endswith("b.txt") and "outside the ingest root" in failure.reason
    assert list(Article.objects.values_list("title", flat=True)) == ["Allowed title"]


def test_a_symlinked_folder_inside_the_root_that_points_outside_is_refused(root, commits):
    os.symlink(root.parent, root / "escape")
    run = run_source(commits, folder_source(root / "escape"))
    assert run.status == "failed"
    assert "resolves to" in IngestionFailure.objects.get(run=run).reason
    assert not Article.objects.exists()


def test_a_file_swapped_for_a_symlink_after_listing_is_refused_when_read(root):
    source = folder_source(root / "news")
    run = run_start(source=source)
    (item_id,) = run_enumerate(run_id=run.pk)
    (root / "news" / "a.txt").unlink()
    os.symlink(root.parent / "secret.txt", root / "news" / "a.txt")
    assert item_process(item_id=item_id) == "failed"
    assert "outside the ingest root" in IngestionFailure.objects.get(run=run).reason
    assert not Article.objects.exists()


def test_source_clean_refuses_a_folder_outside_the_root_and_accepts_one_below_it(root):
    for path in ("/etc", str(root.parent), f"{root}/../"):
        with pytest.raises(ValidationError, match="outside the ingest root"):
            Source(name="x", kind=Source.Kind.FOLDER, path=path).full_clean()
    os.symlink("/etc", root / "etc-link")
    with pytest.raises(ValidationError, match="outside the ingest root"):
        Source(name="x", kind=Source.Kind.FOLDER, path=str(root / "etc-link")).full_clean()
    Source(name="ok", kind=Source.Kind.FOLDER, path=str(root / "news")).full_clean()


def test_the_default_ingest_root_is_the_seeds_and_the_inbox():
    from django.conf import settings as django_settings

    assert django_settings.INGEST_ROOT == [django_settings.SEEDS_DIR, django_settings.BASE_DIR / ".data" / "inbox"]


def test_the_command_registers_a_folder_source_only_below_the_root(root, commits):
    with pytest.raises(CommandError, match="outside the ingest root"):
        call_command("ingest", str(root.parent), "--folder-source", "Everything", "--no-progress")
    assert not Source.objects.exists()
    commits(call_command, "ingest", str(root / "news"), "--folder-source", "News", "--no-progress")
    assert Article.objects.get().source.name == "News"


def admin_form(**fields):
    data = {"name": "A folder", "kind": "folder", "url": "", "path": "", "pasted_text": "", "is_active": "on"}
    data.update(fields)
    return data


def test_an_editor_cannot_create_a_folder_source_in_the_admin(client, root):
    client.force_login(editor())
    page = client.get("/admin/articles/source/add/")
    assert page.status_code == 200 and b'value="folder"' not in page.content
    response = client.post("/admin/articles/source/add/", admin_form(path=str(root / "news")))
    assert response.status_code == 200  # the form again, with an error
    assert not Source.objects.exists()


def test_an_editor_cannot_change_a_folder_source_but_can_still_edit_feeds(client, root):
    source = folder_source(root / "news")
    client.force_login(editor())
    response = client.post(f"/admin/articles/source/{source.pk}/change/", admin_form(path="/etc"))
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.path == str(root / "news")
    feed = SourceFactory(kind=Source.Kind.FEED, url="https://news.example.org/rss")
    assert client.get(f"/admin/articles/source/{feed.pk}/change/").status_code == 200
    # An editor cannot turn a feed into a folder either.
    client.post(f"/admin/articles/source/{feed.pk}/change/", admin_form(path="/etc", url=""))
    feed.refresh_from_db()
    assert feed.kind == "feed"


def test_a_superuser_creates_a_folder_source_below_the_root_only(admin_client, root):
    client = admin_client
    response = client.post("/admin/articles/source/add/", admin_form(path="/etc"))
    assert response.status_code == 200 and b"outside the ingest root" in response.content
    assert not Source.objects.exists()
    response = client.post("/admin/articles/source/add/", admin_form(path=str(root / "news")))
    assert response.status_code == 302
    assert Source.objects.get().path == str(root / "news")
