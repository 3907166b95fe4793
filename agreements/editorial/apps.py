from django.contrib.admin.apps import AdminConfig


class EditorialAdminConfig(AdminConfig):
    """The admin, with the editorial desk's views on its site."""

    default_site = "agreements.editorial.site.EditorialAdminSite"
