from django.db import migrations


def create_groups(apps, schema_editor):
    from agreements.roles import roles_define

    roles_define(apps)


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

    operations = [migrations.RunPython(create_groups, remove_groups)]
