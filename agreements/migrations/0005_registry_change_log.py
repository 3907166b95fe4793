"""Agreements log into the registry change log too (relations 0006): an agreement's title,
keys, merge and whether it is approved are what the extractor's registry snapshot reads of it."""

from django.db import migrations

TRIGGERS = """
CREATE TRIGGER agreements_agreement_registry_change AFTER INSERT OR DELETE ON agreements_agreement
    FOR EACH ROW EXECUTE FUNCTION registry_change_log('agreement', 'id');
CREATE TRIGGER agreements_agreement_registry_update AFTER UPDATE ON agreements_agreement
    FOR EACH ROW WHEN (
        OLD.title IS DISTINCT FROM NEW.title OR OLD.keys IS DISTINCT FROM NEW.keys
        OR OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id
        OR (OLD.review_status = 'approved') IS DISTINCT FROM (NEW.review_status = 'approved')
    ) EXECUTE FUNCTION registry_change_log('agreement', 'id');
"""

DROP = """
DROP TRIGGER IF EXISTS agreements_agreement_registry_change ON agreements_agreement;
DROP TRIGGER IF EXISTS agreements_agreement_registry_update ON agreements_agreement;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_admin_list_order_index"),
        ("relations", "0006_registrychange"),
    ]

    operations = [migrations.RunSQL(TRIGGERS, DROP)]
