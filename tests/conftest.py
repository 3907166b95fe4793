import json

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

# Properties assert what is computed, never how fast: hypothesis's default 200 ms deadline per
# example turns a loaded machine into a failure, so no test of the suite has one.
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")


def pytest_report_header(config):
    database = settings.DATABASES["default"]
    host = str(database["HOST"])
    where = f"the embedded PostgreSQL ({host})" if host.startswith("/") else f"{host}:{database['PORT'] or 5432}"
    return f"database: {where}, test database test_{database['NAME']}"


@pytest.fixture
def seed_registry(db):
    """The seed registry, loaded through the same service `make run` uses."""
    from relations.services import registry_load

    registry_load(json.loads((settings.SEEDS_DIR / "registry.json").read_text(encoding="utf-8")))
