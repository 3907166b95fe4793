import json

import pytest
from django.conf import settings


@pytest.fixture
def seed_registry(db):
    """The seed registry, loaded through the same service `make run` uses."""
    from relations.services import registry_load

    registry_load(json.loads((settings.SEEDS_DIR / "registry.json").read_text(encoding="utf-8")))
