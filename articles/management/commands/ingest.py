"""`manage.py ingest PATH|URL... | --source ID`: the ingestion pipeline, run synchronously."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.fetching import Fetcher
from articles.models import IngestionRun, RunTrigger, Source
from articles.services import RetryLater, run_enumerate, run_process_inline, run_start, targets_enumerate


class Command(BaseCommand):
    help = (
        "Ingest local files, folders, URLs (pages or feeds) or one configured source, through the same "
        "pipeline as the scheduled jobs. Exits non-zero only when nothing could be ingested."
    )

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="*", help="Files, folders, or http(s) URLs of pages or feeds.")
        parser.add_argument("--source", type=int, help="The id of a configured Source to run now.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar, even on a terminal.")

    def handle(self, *args, targets, source, no_progress, **options):
        if bool(targets) == bool(source):
            raise CommandError("Give files, folders or URLs, or --source ID (not both).")
        if source:
            run = self._source_run(source)
        else:
            run = run_start(trigger=RunTrigger.COMMAND)
            with Fetcher() as fetcher:
                item_ids = targets_enumerate(run=run, targets=targets, fetcher=fetcher)
            run = self._process(run, item_ids, no_progress)
        self._summary(run)
        if run.fetched == 0 and run.failed:
            raise CommandError("Nothing could be ingested.")
        if run.fetched and run.new + run.duplicate + run.unchanged == 0:
            raise CommandError("Nothing could be ingested.")

    def _source_run(self, source_id: int) -> IngestionRun:
        source = Source.objects.filter(pk=source_id).first()
        if source is None:
            raise CommandError(f"No source with id {source_id}.")
        run = run_start(source=source, trigger=RunTrigger.COMMAND)
        item_ids: list[int] = []
        for _ in range(4):
            try:
                item_ids = run_enumerate(run_id=run.pk)
                break
            except RetryLater as exc:
                self.stderr.write(f"Temporary failure ({exc.reason}); trying again.")
        return self._process(run, item_ids, no_progress=False)

    def _process(self, run: IngestionRun, item_ids: list[int], no_progress: bool) -> IngestionRun:
        show = sys.stdout.isatty() and not no_progress
        with tqdm(total=len(item_ids), disable=not show, unit="item", desc="Ingesting") as bar:

            def advance(status: str) -> None:
                bar.set_postfix_str(status)
                bar.update(1)

            run_process_inline(run_id=run.pk, item_ids=item_ids, on_item=advance)
        run.refresh_from_db()
        return run

    def _summary(self, run: IngestionRun) -> None:
        self.stdout.write(
            f"Run {run.pk}: {run.fetched} fetched, {run.new} new, {run.duplicate} duplicate, "
            f"{run.unchanged} unchanged, {run.failed} failed ({run.get_status_display()})."
        )
        if run.message:
            self.stdout.write(run.message)
        for failure in run.failures.all()[:50]:
            self.stdout.write(f"  failed: {failure.url}: {failure.reason}")
