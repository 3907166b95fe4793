"""`manage.py ingest PATH|URL... | --source ID`: the ingestion pipeline, run synchronously."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from articles.cleaning import CleaningError
from articles.fetching import Fetcher
from articles.ingestion.inline import run_process_inline, targets_enumerate
from articles.ingestion.retries import MAX_ATTEMPTS, RetryLater
from articles.ingestion.runs import run_enumerate, run_start
from articles.ingestion.sources import source_register_folder
from articles.models import IngestionItem, IngestionRun, RunTrigger, Source


class _WarningsAndAbove(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


@contextmanager
def _command_logging(verbosity: int) -> Iterator[None]:
    """Console log lines go above the progress bar, never through it; below -v 2 they are
    warnings and errors only (in-process tasks would otherwise log "Task ... succeeded"
    and the recorder a line per article)."""
    root = logging.getLogger()
    before = set(root.handlers)
    with logging_redirect_tqdm():
        # The console handlers, swapped for ones that write through tqdm for this command.
        for handler in root.handlers:
            if handler not in before and verbosity < 2:
                handler.addFilter(_WarningsAndAbove())
        yield


class Command(BaseCommand):
    help = (
        "Ingest local files, folders, URLs (pages or feeds) or one configured source, through the same "
        "pipeline as the scheduled jobs: a progress bar on a terminal, a summary at the end, each item "
        "at -v 2. Exits non-zero only when nothing could be ingested."
    )

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="*", help="Files, folders, or http(s) URLs of pages or feeds.")
        parser.add_argument("--source", type=int, help="The id of a configured Source to run now.")
        parser.add_argument(
            "--folder-source",
            metavar="NAME",
            help="Register the one folder given as a folder Source of this name (once) and run it as that source.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar, even on a terminal.")

    def handle(self, *args, targets, source, folder_source, no_progress, verbosity=1, **options):
        if bool(targets) == bool(source):
            raise CommandError("Give files, folders or URLs, or --source ID (not both).")
        if folder_source:
            if len(targets) != 1:
                raise CommandError("--folder-source takes exactly one folder.")
            try:
                source = source_register_folder(name=folder_source, path=targets[0]).pk
            except CleaningError as exc:
                raise CommandError(str(exc)) from exc
        self.verbosity = verbosity
        with _command_logging(verbosity):
            if source:
                run = self._source_run(source, no_progress)
            else:
                run = run_start(trigger=RunTrigger.COMMAND)
                with Fetcher() as fetcher:
                    item_ids = targets_enumerate(run=run, targets=targets, fetcher=fetcher)
                run = self._process(run, item_ids, no_progress)
        self._summary(run)
        if run.new + run.duplicate + run.unchanged == 0 and (run.failed or run.errors):
            raise CommandError("Nothing could be ingested.")

    def _source_run(self, source_id: int, no_progress: bool) -> IngestionRun:
        source = Source.objects.filter(pk=source_id).first()
        if source is None:
            raise CommandError(f"No source with id {source_id}.")
        run = run_start(source=source, trigger=RunTrigger.COMMAND)
        item_ids: list[int] = []
        # run_enumerate counts its deliveries and records the failure after the last one.
        for _ in range(MAX_ATTEMPTS + 1):
            try:
                item_ids = run_enumerate(run_id=run.pk)
                break
            except RetryLater as exc:
                self.stderr.write(f"Temporary failure ({exc.reason}); trying again.")
                time.sleep(min(exc.delay, 2.0))  # a person is waiting at the terminal
        return self._process(run, item_ids, no_progress)

    def _process(self, run: IngestionRun, item_ids: list[int], no_progress: bool) -> IngestionRun:
        show = sys.stderr.isatty() and not no_progress
        with tqdm(total=len(item_ids), disable=not show, unit="item", desc="Ingesting", file=sys.stderr) as bar:

            def advance(item_id: int, status: str) -> None:
                bar.set_postfix_str(status, refresh=False)
                bar.update(1)
                if self.verbosity >= 2:
                    self._item_line(item_id, status)

            run_process_inline(run_id=run.pk, item_ids=item_ids, on_item=advance)
        run.refresh_from_db()
        return run

    def _item_line(self, item_id: int, status: str) -> None:
        item = IngestionItem.objects.select_related("article").get(pk=item_id)
        what = item.article.title if item.article else ""
        where = item.url or "(pasted text)"
        line = f"  {status:<9} {where}" + (f"  {what[:100]}" if what else "")
        with tqdm.external_write_mode(file=sys.stdout):
            self.stdout.write(line)

    def _summary(self, run: IngestionRun) -> None:
        self.stdout.write(
            f"Run {run.pk}: {run.fetched} fetched, {run.new} new, {run.duplicate} duplicate, "
            f"{run.unchanged} unchanged, {run.failed} failed, {run.errors} run errors"
            + (f", {run.deferred} left for the next run" if run.deferred else "")
            + f" ({run.get_status_display()})."
        )
        if run.message:
            self.stdout.write(run.message)
        for failure in run.failures.all()[:50]:
            self.stdout.write(f"  failed: {failure.url}: {failure.reason}")
