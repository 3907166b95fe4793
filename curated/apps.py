from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CuratedConfig(AppConfig):
    name = "curated"
    verbose_name = "Curated facts"

    def ready(self) -> None:
        post_migrate.connect(_feed_triggers_install, sender=self, dispatch_uid="curated.feed_triggers")


def _feed_triggers_install(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from .feed import feed_triggers_install

    feed_triggers_install(using=using)
