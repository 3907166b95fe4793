"""Fetching untrusted URLs: bounded in time, size and redirects, and never inward.

The SSRF guard lives in the connection layer: every TCP connection (the first request
and each redirect) resolves its host once, refuses any address that is not public, and
connects to the address it checked, so a DNS answer cannot change between the check and
the connection. TLS still verifies the certificate against the host name. Hosts named in
FETCH_ALLOWED_HOSTS are exempt (the tests' local server).
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from django.conf import settings

ALLOWED_SCHEMES = ("http", "https")
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
TEMPORARY_CODES = frozenset({408, 425, 429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """A URL that could not be fetched; `temporary` says whether trying later may help, and
    `timed_out` that the fetch ran into its deadline (the source is slow)."""

    def __init__(
        self,
        reason: str,
        *,
        temporary: bool,
        status: int | None = None,
        retry_after: float | None = None,
        timed_out: bool = False,
    ):
        super().__init__(reason)
        self.reason = reason
        self.temporary = temporary
        self.status = status
        self.retry_after = retry_after
        self.timed_out = timed_out


# The monotonic time by which the current fetch must be done (None: no fetch under way). One
# deadline for the whole fetch, redirects included, read at every connect, read and write:
# a server trickling its status line or headers a byte at a time never trips a read timeout.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("fetch_deadline", default=None)


@contextmanager
def fetch_deadline(seconds: float) -> Iterator[float]:
    deadline = time.monotonic() + seconds
    token = _deadline.set(deadline)
    try:
        yield deadline
    finally:
        _deadline.reset(token)


def _remaining(timeout: float | None, exc: type[Exception]) -> float | None:
    """The socket timeout to use now: the caller's, cut to what is left of the fetch's deadline."""
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise exc("the fetch's total deadline has passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write is bounded by what is left of the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, timeout=_remaining(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout=_remaining(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None, timeout: float | None = None):
        inner = self._inner.start_tls(
            ssl_context, server_hostname=server_hostname, timeout=_remaining(timeout, httpcore.ConnectTimeout)
        )
        return DeadlineStream(inner)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class BlockedAddressError(FetchError):
    def __init__(self, reason: str):
        super().__init__(reason, temporary=False)


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: int
    content: bytes
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address, IPv4 or IPv6, looking through the
    IPv6 forms that embed an IPv4 address (mapped, 6to4, NAT64)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(str(embedded))
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_loopback)


def _host_allowed(host: str) -> bool:
    allowed = {h.strip().lower().strip("[]") for h in settings.FETCH_ALLOWED_HOSTS if h.strip()}
    return host.lower().strip("[]").rstrip(".") in allowed


def resolve_checked(host: str, port: int) -> list[str]:
    """The addresses to connect to for `host`, all of them checked; raises when none may be used."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except UnicodeError as exc:
        raise FetchError(f"malformed host name {host!r}: {exc}", temporary=False) from exc
    except socket.gaierror as exc:
        # Only a resolver that could not answer now (EAI_AGAIN) may answer later; a name that
        # does not exist will not, and retrying it only delays the run's record.
        temporary = exc.errno in (socket.EAI_AGAIN, getattr(socket, "EAI_SYSTEM", None))
        raise FetchError(f"cannot resolve host {host!r}: {exc}", temporary=temporary) from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchError(f"host {host!r} has no address", temporary=True)
    if _host_allowed(host):
        return addresses
    blocked = [a for a in addresses if not is_public_address(a)]
    if blocked:
        # One private answer is enough to refuse: a host that resolves inward is not a news site.
        raise BlockedAddressError(f"refused: {host} resolves to a non-public address ({blocked[0]})")
    return addresses


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, connecting only to checked addresses."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable | None = None,
    ) -> httpcore.NetworkStream:
        last_error: Exception | None = None
        for address in resolve_checked(host, port):
            try:
                stream = self._inner.connect_tcp(
                    address,
                    port,
                    timeout=_remaining(timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
                return DeadlineStream(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options=None):
        raise BlockedAddressError("refused: unix sockets")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def guarded_transport() -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(retries=0)
    # httpx offers no public hook for the network backend; the pool reads this attribute
    # for every new connection, which is exactly where the guard must sit.
    transport._pool._network_backend = GuardedBackend()
    return transport


class _Decoder:
    """Content-Encoding undone with a cap counted on the decoded bytes, so that a
    compression bomb stops at the cap instead of filling memory."""

    def __init__(self, encoding: str, limit: int):
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
            self._raw_deflate = encoding == "deflate"
        else:
            raise FetchError(f"unsupported content encoding {encoding!r}", temporary=False)
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def _take(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(f"response larger than {self.limit} bytes (after decompression)", temporary=False)
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self._zlib is None:
            self._take(chunk)
            return
        try:
            data = self._zlib.decompress(chunk, self.limit - self.size + 1)
            self._take(data)
            while self._zlib.unconsumed_tail:
                self._take(self._zlib.decompress(self._zlib.unconsumed_tail, self.limit - self.size + 1))
        except zlib.error as exc:
            if self._raw_deflate and not self.parts:
                # Some servers send raw deflate without the zlib header.
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                self._raw_deflate = False
                self.feed(chunk)
                return
            raise FetchError(f"corrupt compressed response: {exc}", temporary=False) from exc

    def result(self) -> bytes:
        return b"".join(self.parts)


def _check_scheme(url: str) -> None:
    """Refuse, before any connection, what is not an http(s) URL with a host and a valid port
    (a port beyond 65535 would otherwise reach the socket layer and fail as if temporarily)."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        port = parts.port  # raises ValueError when out of range
    except ValueError as exc:
        raise FetchError(f"invalid URL {url[:200]!r}: {exc}", temporary=False) from exc
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(
            f"refused: only http and https URLs are fetched, not {scheme or 'a relative'!r}", temporary=False
        )
    if not parts.hostname or port == 0:
        raise FetchError(f"invalid URL {url[:200]!r}: no host or port to connect to", temporary=False)


def _check_redirect(response: httpx.Response) -> None:
    """A response hook: refuse a redirect to another scheme before httpx tries to build its
    request (which would fail on `javascript:` with a less helpful message)."""
    if response.status_code in REDIRECT_CODES:
        location = response.headers.get("location", "").strip()
        if location:
            _check_scheme(urljoin(str(response.request.url), location))


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


class Fetcher:
    """One client for a run's requests. Use as a context manager."""

    def __init__(self) -> None:
        self.max_bytes: int = settings.FETCH_MAX_BYTES
        self.max_redirects: int = settings.FETCH_MAX_REDIRECTS
        connect, read = settings.FETCH_CONNECT_TIMEOUT, settings.FETCH_READ_TIMEOUT
        # A server that trickles a byte at a time defeats a read timeout; this bounds the whole
        # fetch (connect, status line, headers, body, every redirect) at the socket.
        self.total_timeout: float = settings.FETCH_TOTAL_TIMEOUT
        self.client = httpx.Client(
            transport=guarded_transport(),
            timeout=httpx.Timeout(connect=connect, read=read, write=read, pool=connect),
            follow_redirects=False,
            trust_env=False,  # a proxy from the environment would bypass the address check
            event_hooks={"response": [_check_redirect]},
            headers={"User-Agent": settings.FETCH_USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info) -> None:
        self.client.close()

    def _late(self) -> FetchError:
        return FetchError(
            f"the fetch took longer than its {self.total_timeout:g}s deadline (FETCH_TOTAL_TIMEOUT)",
            temporary=True,
            timed_out=True,
        )

    def get(self, url: str, *, etag: str = "", last_modified: str = "", accept: str = "*/*") -> FetchResult:
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        with fetch_deadline(self.total_timeout) as deadline:
            for _hop in range(self.max_redirects + 1):
                _check_scheme(current)
                result = self._request(current, headers, deadline)
                if isinstance(result, FetchResult):
                    return result
                current = result  # a redirect: checked again, scheme and address, on the next hop
        raise FetchError(f"more than {self.max_redirects} redirects", temporary=False)

    def _request(self, url: str, headers: dict[str, str], deadline: float) -> FetchResult | str:
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code in REDIRECT_CODES:
                    location = response.headers.get("location", "")
                    if not location:
                        raise FetchError(f"HTTP {response.status_code} without a Location", temporary=False)
                    return urljoin(url, location.strip())
                if response.status_code == 304:
                    return FetchResult(url=url, status=304, content=b"")
                if response.status_code in TEMPORARY_CODES:
                    raise FetchError(
                        f"HTTP {response.status_code}",
                        temporary=True,
                        status=response.status_code,
                        retry_after=_retry_after(response),
                    )
                if not 200 <= response.status_code < 300:
                    raise FetchError(f"HTTP {response.status_code}", temporary=False, status=response.status_code)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"response larger than {self.max_bytes} bytes (declared)", temporary=False)
                decoder = _Decoder(response.headers.get("content-encoding", ""), self.max_bytes)
                for chunk in response.iter_raw():
                    decoder.feed(chunk)
                    if time.monotonic() > deadline:
                        raise self._late()
                return FetchResult(
                    url=str(response.url),
                    status=response.status_code,
                    content=decoder.result(),
                    content_type=response.headers.get("content-type", ""),
                    etag=response.headers.get("etag", "")[:500],
                    last_modified=response.headers.get("last-modified", "")[:100],
                )
        except httpx.TimeoutException as exc:
            if time.monotonic() >= deadline:
                raise self._late() from exc
            raise FetchError(f"timed out ({exc.__class__.__name__})", temporary=True, timed_out=True) from exc
        except httpx.UnsupportedProtocol as exc:
            raise FetchError(f"refused: {exc}", temporary=False) from exc
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL: {exc}", temporary=False) from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise FetchError(f"network error: {exc.__class__.__name__}: {exc}"[:500], temporary=True) from exc


def fetch(url: str, *, etag: str = "", last_modified: str = "", accept: str = "*/*") -> FetchResult:
    with Fetcher() as fetcher:
        return fetcher.get(url, etag=etag, last_modified=last_modified, accept=accept)
