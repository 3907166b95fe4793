"""schemathesis over every operation, in-process (WSGI), anonymous and as an editor:
no server error, and every documented response matches the schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

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
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
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

# No 5xx; every status code, content type, header and body the API answers is documented.
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
]
FUZZ = settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@schema.parametrize()
@FUZZ
def test_anonymous(case, fuzz_world):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_editor(case, fuzz_world):
    case.call_and_validate(headers=fuzz_world, checks=CHECKS)
