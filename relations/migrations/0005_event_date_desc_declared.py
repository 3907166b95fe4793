"""Declares on the model the events index that migration 0004 created in SQL; the
database already has it, so only the migration state changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("relations", "0004_event_relations_event_date_desc_and_more")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="event",
                    index=models.Index(
                        models.OrderBy(models.F("date"), descending=True, nulls_last=True),
                        models.OrderBy(models.F("id"), descending=True),
                        name="relations_event_date_desc",
                    ),
                ),
            ]
        ),
    ]
