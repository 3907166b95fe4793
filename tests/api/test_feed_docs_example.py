"""The mirroring example of docs/api.md, run as written against a live test server."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from relations.curation import ReviewStatus
from relations.services import fact_approve, fact_reject, fact_update
from tests.api.builders import build_world, client_for
from tests.api.test_feed_mirror import listed
from tests.factories import MetricObservationFactory, editor

pytestmark = pytest.mark.django_db(transaction=True)


def docs_example() -> str:
    text = (settings.BASE_DIR / "docs" / "api.md").read_text(encoding="utf-8")
    section = text[text.index("### Mirroring the data") :]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


def test_the_documented_mirror_equals_the_lists_and_keeps_up(live_server):
    world = build_world()
    user = editor()
    pending = MetricObservationFactory()
    namespace = {"API": f"{live_server.url}/api/v1"}
    exec(docs_example(), namespace)
    copy = namespace["copy"]
    anonymous = client_for()
    assert copy == listed(anonymous)
    assert ("actor", world.by_state[ReviewStatus.APPROVED]["actor"].pk) in copy
    assert ("observation", pending.pk) not in copy

    # Later: a decision, an edit and a withdrawal reach the copy through the URL it kept.
    fact_approve(fact=pending, user=user)
    approved_event = world.by_state[ReviewStatus.APPROVED]["event"]
    fact_update(fact=approved_event, user=user, changes={"title": "Renamed summit"})
    fact_reject(fact=world.by_state[ReviewStatus.APPROVED]["observation"], user=user, reason="Wrong")
    namespace["mirror"](namespace["next_url"], copy)
    assert copy == listed(anonymous)
    assert copy[("event", approved_event.pk)]["title"] == "Renamed summit"
    assert ("observation", pending.pk) in copy
