from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.services import article_store


class Command(BaseCommand):
    help = "Ingest local text files or folders of them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")

    def handle(self, *args, paths, **options):
        files = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files.extend(sorted(p for p in path.iterdir() if p.suffix in {".txt", ".html", ".htm"}))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"No such file or folder: {raw}")
        new = 0
        for path in files:
            text = path.read_text(encoding="utf-8")
            title = text.strip().splitlines()[0].strip() if text.strip() else ""
            new += article_store(text=text, title=title, url="").created
        self.stdout.write(f"{len(files)} files, {new} new articles.")
