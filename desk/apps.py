from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class DeskConfig(AppConfig):
    """The desk's own app: templates, management commands, and the roles applied after every migrate."""

    default = True
    name = "desk"
    verbose_name = "Editorial desk"

    def ready(self) -> None:
        from .roles import roles_define_after_migrate

        # After every migrate (not in a migration): a curated kind added later gets its
        # permissions in both roles without a migration of its own.
        post_migrate.connect(roles_define_after_migrate, sender=self, dispatch_uid="desk.roles")


class DeskAdminConfig(admin_apps.AdminConfig):
    """The admin, with the editorial desk's views on its site (listed in INSTALLED_APPS by its path)."""

    default = False

    default_site = "desk.site.EditorialAdminSite"
