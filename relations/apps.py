from django.apps import AppConfig


class RelationsConfig(AppConfig):
    name = "relations"
    verbose_name = "Relations: actors, events, metrics"
