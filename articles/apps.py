from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and ingestion"

    def ready(self) -> None:
        # Register the tasks in every process (web, scheduler, command), not only in a worker:
        # `ingestion.dispatch` finds them by name in Celery's registry.
        from . import tasks  # noqa: F401
