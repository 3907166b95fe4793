"""The shape of the ingestion code, checked rather than only drawn in docs/ingestion.md: tasks
call services and services never import tasks; dispatch is the one module that queues a task;
the names tasks are registered under (which beat entries and queued messages carry) hold."""

import ast
from pathlib import Path

from celery import current_app
from django.conf import settings

from articles import tasks
from articles.ingestion import dispatch

ARTICLES = Path(__file__).resolve().parents[2] / "articles"
QUEUEING_CALLS = {"delay", "apply_async", "apply", "send_task", "delay_on_commit"}


def _modules():
    for path in sorted(ARTICLES.rglob("*.py")):
        if "migrations" in path.parts or "extraction" in path.relative_to(ARTICLES).parts:
            continue
        yield path.relative_to(ARTICLES).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Every module a file imports, at the top or inside a function, made absolute."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            found = ".".join([*base, *([node.module] if node.module else [])])
            names.add(found)
            names.update(f"{found}.{alias.name}" for alias in node.names)
    return names


def test_nothing_but_the_app_config_imports_the_tasks():
    importers = set()
    for name, tree in _modules():
        is_package = name.endswith("__init__.py")
        module = "articles." + name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        if "articles.tasks" in _imported(tree, module, is_package):
            importers.add(name)
    assert importers == {"apps.py"}


def test_only_dispatch_queues_a_task():
    queueing = {
        name
        for name, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in QUEUEING_CALLS
        and name != "tasks.py"  # a task retrying itself (task.retry) is not queueing new work
    }
    assert queueing == {"ingestion/dispatch.py"}


def test_tasks_are_registered_under_the_names_dispatch_and_beat_use():
    assert {tasks.ingest_run.name, tasks.ingest_item.name, tasks.extract_article.name, tasks.dispatch_sources.name} == {
        dispatch.INGEST_RUN,
        dispatch.INGEST_ITEM,
        dispatch.EXTRACT_ARTICLE,
        dispatch.DISPATCH_SOURCES,
    }
    assert dispatch.INGEST_RUN == "articles.tasks.ingest_run"  # queued messages and bench name it
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert dispatch.DISPATCH_SOURCES in scheduled
    assert all(name in current_app.tasks for name in (dispatch.INGEST_RUN, dispatch.EXTRACT_ARTICLE))


def test_every_source_kind_has_its_reader_and_the_web_kinds_are_said_once():
    from articles.ingestion.readers import SOURCE_READERS
    from articles.models import WEB_SOURCE_KINDS, SourceKind

    assert set(SOURCE_READERS) == set(SourceKind)
    assert {SourceKind.FEED, SourceKind.URL} == WEB_SOURCE_KINDS
    for path in [ARTICLES / "models.py", *sorted((ARTICLES / "ingestion").rglob("*.py"))]:
        text = path.read_text(encoding="utf-8").replace(" ", "")
        assert "(SourceKind.FEED,SourceKind.URL)" not in text, f"{path.name} lists the web kinds again"


def test_every_payload_kind_is_read_by_exactly_one_path():
    from articles.ingestion.readers import ITEM_READERS
    from articles.ingestion.readers.base import WEB_PAYLOAD_KINDS, PayloadKind

    assert not set(ITEM_READERS) & WEB_PAYLOAD_KINDS
    # A 304 item is created finished and never read.
    assert set(ITEM_READERS) | WEB_PAYLOAD_KINDS | {PayloadKind.NOT_MODIFIED} == set(PayloadKind)
