"""The editorial roles: Editor (review, edit, merge) and Viewer (read-only).

Defined once here and applied after every `migrate` (desk's post_migrate handler) and, in
tests that flush the database, again by the same function. Not in a migration: a migration
must mean the same for ever, and a kind of fact added later gets its permissions here.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

from curated import registry

EDITOR, VIEWER = "Editor", "Viewer"

# The curated kinds and the models editors write beside them (curated/registry.py).
CURATED = [(model._meta.app_label, model._meta.model_name) for model in registry.editor_models()]
READ_ONLY = [
    ("relations", "relationship"),
    ("articles", "article"),
    ("articles", "evidence"),
    ("articles", "ingestionrun"),
    ("articles", "ingestionfailure"),
    ("relations", "correction"),
]
SOURCES = [("articles", "source")]
# Editors add an article by hand (the desk's "New article"); ingestion still writes it.
ARTICLES_ADDED = [("articles", "article")]


def roles_define(apps=global_apps) -> None:
    """Create or complete the two groups with their permissions; safe to run again."""
    for app_label in sorted({app_label for app_label, _ in CURATED + READ_ONLY + SOURCES}):
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
        *perms(ARTICLES_ADDED, ["add"]),
    )
    viewer, _ = Group.objects.get_or_create(name=VIEWER)
    viewer.permissions.add(*perms(CURATED + READ_ONLY + SOURCES, ["view"]))


def roles_define_after_migrate(sender, apps=global_apps, **kwargs) -> None:
    """post_migrate handler (desk.apps), also sent after a flush: the roles, complete for every
    model that exists now."""
    try:
        roles_define(apps)
    except LookupError:
        return  # a partial migrate, before some model of the roles exists
