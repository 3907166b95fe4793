"""Indexes for the API's default orders, so that a page is read off an index at any size.

The events index (latest first, undated last) is created in SQL here and declared on the
model by migration 0005.
"""

from django.db import migrations, models

CREATE_EVENT_INDEX = (
    'CREATE INDEX IF NOT EXISTS relations_event_date_desc ON relations_event ("date" DESC NULLS LAST, id DESC)'
)
DROP_EVENT_INDEX = "DROP INDEX IF EXISTS relations_event_date_desc"


class Migration(migrations.Migration):
    dependencies = [("relations", "0003_admin_list_order_index")]

    operations = [
        migrations.RunSQL(CREATE_EVENT_INDEX, DROP_EVENT_INDEX),
        migrations.AddIndex(
            model_name="metricobservation",
            index=models.Index(fields=["period_start", "id"], name="relations_obs_period_id"),
        ),
    ]
