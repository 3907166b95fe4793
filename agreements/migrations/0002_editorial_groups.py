"""The Editor and Viewer groups were first created here by calling application code
(`roles_define`). A migration must mean the same for ever, so the groups are now defined after
every migrate instead (desk/roles.py, desk's post_migrate handler) and this one does nothing
forward. Backwards it still removes them."""

from django.db import migrations


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Viewer"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0001_initial"),
        ("relations", "0001_initial"),
        ("articles", "0002_article_search_vector"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, remove_groups)]
