"""The editorial roles: Editor (review, edit, merge) and Viewer (read-only).

Defined once here, applied by a data migration and, in tests that flush the database,
again by the same function.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITOR, VIEWER = "Editor", "Viewer"

CURATED = [
    ("relations", "actor"),
    ("relations", "actoralias"),
    ("relations", "event"),
    ("relations", "metric"),
    ("relations", "metricobservation"),
    ("relations", "actormerge"),
    ("relations", "actordistinction"),
    ("agreements", "agreement"),
    ("agreements", "agreementstatuschange"),
    ("agreements", "agreementmerge"),
    ("agreements", "agreementdistinction"),
]
READ_ONLY = [
    ("relations", "relationship"),
    ("articles", "article"),
    ("articles", "evidence"),
    ("articles", "ingestionrun"),
    ("articles", "ingestionfailure"),
]
SOURCES = [("articles", "source")]


def roles_define(apps=global_apps) -> None:
    """Create or complete the two groups with their permissions; safe to run again."""
    for app_label in ("articles", "relations", "agreements"):
        app_config = apps.get_app_config(app_label)
        # In a migration the app configs are stubs; create_permissions only checks this flag.
        stub = getattr(app_config, "models_module", None) is None
        if stub:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        if stub:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(models, actions):
        for app_label, model in models:
            for action in actions:
                yield Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")

    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.add(
        *perms(CURATED, ["view", "add", "change"]),
        *perms(READ_ONLY, ["view"]),
        *perms(SOURCES, ["view", "add", "change"]),
    )
    viewer, _ = Group.objects.get_or_create(name=VIEWER)
    viewer.permissions.add(*perms(CURATED + READ_ONLY + SOURCES, ["view"]))
