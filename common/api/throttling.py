"""Rate limits: per client address for anonymous requests, per user for token holders, and per
client address for failed token attempts; counted in the shared cache, announced in headers.

- The client address is REMOTE_ADDR, unless that peer is one of TRUSTED_PROXIES: then the
  X-Forwarded-For hops are read from the right, and the first one that is not a trusted proxy
  is the client. A client can write anything into X-Forwarded-For, so an untrusted peer's
  header is ignored, and only the part a trusted proxy appended is believed.
- Counts are fixed windows (`limit` per `period`, opened by an identity's first request)
  kept with an atomic `incr` in the default cache: Redis in production (`REDIS_URL`), so
  every process and host counts together.
- Each counted response carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
  (seconds until the window ends), the three-header form of the IETF draft
  (draft-ietf-httpapi-ratelimit-headers); a 429 also carries `Retry-After`.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.cache import cache
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

if TYPE_CHECKING:
    from django.http import HttpRequest
    from rest_framework.request import Request
    from rest_framework.views import APIView

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class RateLimit:
    limit: int
    used: int
    reset: int  # seconds until the window ends

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }


def parse_rate(rate: str) -> tuple[int, int]:
    """`120/minute` -> (120, 60)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period.strip()[0]]


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest | Request) -> str:
    """The client's address as the nearest trusted proxy reports it (see the module docstring)."""
    remote: str = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not _is_trusted(remote, networks):
        return remote
    forwarded: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a garbled hop: the last trusted proxy is all we know
    return hops[0] if hops else remote


def _django_request(request: HttpRequest | Request) -> HttpRequest:
    return cast("HttpRequest", getattr(request, "_request", request))


def ratelimit_of(request: HttpRequest | Request) -> RateLimit | None:
    """The limit the last counted throttle found for this request, for the response headers."""
    limit: RateLimit | None = getattr(_django_request(request), "ratelimit", None)
    return limit


class WindowThrottle(BaseThrottle):
    """`limit` requests per fixed window of `period` seconds, per identity, in the shared cache."""

    scope = ""

    def identity(self, request: Request) -> str | None:
        """Who is counted, or None when this throttle does not apply to the request."""
        raise NotImplementedError

    def rate(self) -> tuple[int, int]:
        return parse_rate(cast(str, api_settings.DEFAULT_THROTTLE_RATES[self.scope]))

    def count(self, request: Request, *, increment: bool) -> RateLimit | None:
        """This request's standing in its window (counting it when `increment`)."""
        identity = self.identity(request)
        if identity is None:
            return None
        limit, period = self.rate()
        # A window opens at its identity's first request (no global boundary where every
        # client's count resets at once), and its start is kept beside the count for the reset.
        # The period is part of the key: a changed rate starts new windows, not one as long as the old.
        key = f"throttle:{self.scope}:{period}:{identity}"
        try:
            if increment:
                if cache.add(key, 0, timeout=period):
                    cache.set(f"{key}:start", time.time(), timeout=period)
                used = cache.incr(key)
            else:
                used = cache.get(key, 0)
            start = cache.get(f"{key}:start") or time.time()
        except Exception:
            logger.warning("Rate limit cache unavailable; %s not counted", self.scope, exc_info=True)
            return None
        return RateLimit(limit=limit, used=used, reset=max(1, math.ceil(start + period - time.time())))

    def allow_request(self, request: Request, view: APIView) -> bool:
        self.limit = self.count(request, increment=True)
        if self.limit is None:
            return True
        _django_request(request).ratelimit = self.limit  # type: ignore[attr-defined]  # read by ratelimit_of
        return self.limit.used <= self.limit.limit

    def wait(self) -> float | None:
        return self.limit.reset if self.limit is not None else None


class AnonThrottle(WindowThrottle):
    """Anonymous requests, per client address (`API_ANON_RATE`)."""

    scope = "anon"

    def identity(self, request: Request) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return client_address(request)


class UserThrottle(WindowThrottle):
    """Authenticated requests, per user (`API_USER_RATE`, higher than the anonymous one)."""

    scope = "user"

    def identity(self, request: Request) -> str | None:
        if request.user and request.user.is_authenticated:
            return str(request.user.pk)
        return None


class AuthFailureThrottle(WindowThrottle):
    """Failed token attempts, per client address (`API_AUTH_FAILURE_RATE`): guessing is slow."""

    scope = "auth_failure"

    def identity(self, request: Request) -> str | None:
        return client_address(request)


class ThrottledTokenAuthentication(TokenAuthentication):
    """Token authentication that counts failures per client address and, past the limit,
    answers 429 before even looking the token up."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        if not get_authorization_header(request):
            return None
        throttle = AuthFailureThrottle()
        seen = throttle.count(request, increment=False)
        if seen is not None and seen.used >= seen.limit:
            _django_request(request).ratelimit = seen  # type: ignore[attr-defined]  # read by ratelimit_of
            raise exceptions.Throttled(wait=seen.reset)
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.count(request, increment=True)
            raise
