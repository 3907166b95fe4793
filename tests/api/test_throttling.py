"""Rate limits: per client address as a trusted proxy reports it, per user for tokens, failed
token attempts counted, RateLimit headers, counts in the shared cache (the test Redis)."""

from __future__ import annotations

import itertools
import uuid

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from tests.api.builders import client_for, editor_client

pytestmark = pytest.mark.django_db

_addresses = itertools.count(1)


@pytest.fixture
def rates(settings):
    """Small limits, counted under a key prefix of the test's own: ids and addresses recur
    between runs, and clearing the test Redis would also clear the Celery broker."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}

    def set_rates(anon="3/hour", user="5/hour", auth_failure="2/hour", proxies=()):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user, "auth_failure": auth_failure},
        }
        settings.TRUSTED_PROXIES = list(proxies)

    return set_rates


def fresh_address() -> str:
    return f"10.0.{next(_addresses) // 250}.{next(_addresses) % 250 + 1}"


def test_counts_live_in_the_shared_redis_cache(rates):
    rates(anon="5/hour")
    address = fresh_address()
    client_for().get("/api/v1/actors/", REMOTE_ADDR=address)
    assert isinstance(caches["default"], RedisCache)
    # What another process (a second gunicorn worker) reads: the count, straight from Redis.
    raw = caches["default"]._cache.get_client(write=False)
    assert int(raw.get(caches["default"].make_key(f"throttle:anon:3600:{address}"))) == 1


def test_anonymous_requests_are_limited_per_address_with_ratelimit_headers(rates):
    rates(anon="3/hour")
    client, address = client_for(), fresh_address()
    responses = [client.get("/api/v1/actors/", REMOTE_ADDR=address) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert [r["RateLimit-Remaining"] for r in responses] == ["2", "1", "0", "0"]
    assert all(r["RateLimit-Limit"] == "3" for r in responses)
    assert 0 < int(responses[0]["RateLimit-Reset"]) <= 3600
    throttled = responses[-1]
    assert throttled["Content-Type"] == "application/problem+json"
    assert 0 < int(throttled["Retry-After"]) <= 3600
    # Another address has its own count.
    assert client.get("/api/v1/actors/", REMOTE_ADDR=fresh_address()).status_code == 200


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(rates):
    rates(anon="2/hour")
    client, address = client_for(), fresh_address()
    statuses = [
        client.get("/api/v1/actors/", REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=fresh_address()).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_a_trusted_proxy_reports_the_client_address(rates):
    proxy = "192.0.2.10"
    rates(anon="2/hour", proxies=["192.0.2.0/24"])
    client, alice, bob = client_for(), fresh_address(), fresh_address()

    def get(forwarded):
        return client.get("/api/v1/actors/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded).status_code

    # What the client wrote itself (left of the hop the proxy appended) changes nothing.
    assert [get(f"{fresh_address()}, {alice}") for _ in range(3)] == [200, 200, 429]
    assert get(bob) == 200


def test_token_holders_have_their_own_higher_limit(rates):
    rates(anon="1/hour", user="4/hour")
    client, address = editor_client("throttled-editor"), fresh_address()
    responses = [client.get("/api/v1/actors/", REMOTE_ADDR=address) for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert responses[0]["RateLimit-Limit"] == "4"


def test_failed_token_attempts_are_throttled_per_address(rates):
    rates(auth_failure="2/hour")
    address = fresh_address()
    guesser = client_for()
    guesser.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    statuses = [guesser.get("/api/v1/actors/", REMOTE_ADDR=address).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    # Even a right token waits out the window from that address; elsewhere it works.
    editor = editor_client("right-editor")
    assert editor.get("/api/v1/actors/", REMOTE_ADDR=address).status_code == 429
    assert editor.get("/api/v1/actors/", REMOTE_ADDR=fresh_address()).status_code == 200
