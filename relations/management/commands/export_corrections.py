import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from relations.selectors import corrections_export


class Command(BaseCommand):
    help = (
        "Export the correction log (who changed which field of which fact, from what to what, with the "
        "fact's evidence sentences) as JSON Lines: the extractor's training labels."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", action="store_true", help="JSON Lines, one correction a line (the format).")
        parser.add_argument("--since", help="Only corrections made on or after this date (YYYY-MM-DD).")
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")

    def handle(self, *args, jsonl, since, output, **options):
        if not jsonl:
            raise CommandError("Say the format: --jsonl (the only one so far).")
        try:
            since_date = datetime.date.fromisoformat(since) if since else None
        except ValueError as exc:
            raise CommandError(f"--since {since!r} is not a date (YYYY-MM-DD).") from exc
        # Standard output through the command's own stream, so that call_command can capture it.
        out = open(output, "w", encoding="utf-8") if output else None  # noqa: SIM115  # closed below
        count = 0
        try:
            for row in corrections_export(since=since_date):
                line = json.dumps(row, ensure_ascii=False)
                if out is not None:
                    out.write(line + "\n")
                else:
                    self.stdout.write(line)
                count += 1
        finally:
            if out is not None:
                out.close()
        self.stderr.write(f"{count} correction(s) exported.")
