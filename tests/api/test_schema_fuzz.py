"""schemathesis over every operation, in-process (WSGI), anonymous and as an editor, with
every check schemathesis has (the CLI's `--checks all`): no server error; every status code,
content type (CSV included), header and body documented; invalid input refused, valid input
accepted; undocumented methods answered 405 with `Allow`; auth not ignored."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS as CHECKS_REGISTRY
from schemathesis.checks import load_all_checks
from schemathesis.config import SchemathesisConfig

from tests.api.builders import build_world, client_for
from tests.factories import ArticleFactory, editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_schema(db):
    # As Django's test client does: a finished request must not close the connection that
    # holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        config = SchemathesisConfig()
        # NUL bytes are refused (400) in every parameter, as the hostile-input tests show; a
        # schema cannot say so for query strings, so valid cases leave them out.
        config.projects.default.generation.update(allow_x00=False)
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=config)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_world(db):
    build_world()
    ArticleFactory(title="India and Russia sign <b>defence</b> pact", text="Defence ties grew. =HYPERLINK() too.")
    token = client_for(editor("fuzz-editor"))._credentials["HTTP_AUTHORIZATION"]
    return {"Authorization": token}


schema = schemathesis.pytest.from_fixture("api_schema")

load_all_checks()
# Every registered check, as `--checks all` runs them.
CHECKS = list(CHECKS_REGISTRY.get_all())
FUZZ = settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


def without_made_up_cursors(case):
    # A cursor is opaque: only a `next` link holds a valid one, so a generated "valid" cursor
    # is a 400 (tests/api/test_pagination.py covers those); valid cases go without.
    if case.meta is not None and case.meta.generation.mode.is_positive and case.query:
        case.query.pop("cursor", None)
    return case


@schema.parametrize()
@FUZZ
def test_anonymous(case, fuzz_world):
    without_made_up_cursors(case).call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_editor(case, fuzz_world):
    without_made_up_cursors(case).call_and_validate(headers=fuzz_world, checks=CHECKS)
