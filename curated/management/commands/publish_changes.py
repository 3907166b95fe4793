"""Publish marked writes to the changes feed now (API reads do it too, before answering)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from curated.feed import feed_publish


class Command(BaseCommand):
    help = "Append to the changes feed what writes since the last publication changed for anonymous readers."

    def handle(self, *args: Any, **options: Any) -> None:
        appended = feed_publish(wait=True)
        self.stdout.write(f"{appended} feed entries appended.")
