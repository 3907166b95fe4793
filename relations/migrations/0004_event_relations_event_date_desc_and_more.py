"""Indexes for the API's default orders, so that a page is read off an index at any size.

The events index (latest first, undated last) needs NULLS LAST, which SQLite refuses in an
index: it is created on PostgreSQL only and not declared on the model (SQLite rebuilds a
table from the declared indexes whenever it alters one).
"""

from django.db import migrations, models

CREATE_EVENT_INDEX = (
    'CREATE INDEX IF NOT EXISTS relations_event_date_desc ON relations_event ("date" DESC NULLS LAST, id DESC)'
)
DROP_EVENT_INDEX = "DROP INDEX IF EXISTS relations_event_date_desc"


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("relations", "0003_admin_list_order_index")]

    operations = [
        migrations.RunPython(_on_postgres(CREATE_EVENT_INDEX), _on_postgres(DROP_EVENT_INDEX)),
        migrations.AddIndex(
            model_name="metricobservation",
            index=models.Index(fields=["period_start", "id"], name="relations_obs_period_id"),
        ),
    ]
