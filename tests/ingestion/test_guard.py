"""The SSRF guard: one resolution, the checked address connected to, every hop checked."""

import socket

import pytest

from articles import fetching
from articles.fetching import BlockedAddressError, FetchError, fetch, is_public_address

from .server import Response


@pytest.fixture
def dns(monkeypatch):
    """Fake answers for chosen host names (everything else resolves as usual), counting lookups.

    `answers[host]` is a list of address lists: the first lookup gets the first, a second
    lookup (a rebinding DNS server) the next."""
    real = socket.getaddrinfo
    answers: dict[str, list[list[str]]] = {}
    lookups: dict[str, int] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        n = lookups[host] = lookups.get(host, 0) + 1
        addresses = answers[host][min(n, len(answers[host])) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers, lookups


def test_the_connection_goes_to_the_address_that_was_checked(server, dns, monkeypatch, settings):
    """A rebinding DNS answers a public address to the check and a private one after: the
    name must be resolved once, and the connection made to that checked address."""
    settings.FETCH_ALLOWED_HOSTS = []
    answers, lookups = dns
    answers["news.example"] = [["127.0.0.1"], ["10.255.255.1"]]
    # Within this test only, 127.0.0.1 plays a public address (the local server is all there is).
    monkeypatch.setattr(fetching, "is_public_address", lambda address: address == "127.0.0.1")
    server.routes["/page"] = Response(b"hello")
    result = fetch(f"http://news.example:{server.port}/page")
    assert result.content == b"hello"
    assert lookups["news.example"] == 1  # no second resolution by the HTTP library
    assert server.headers["/page"]["Host"] == f"news.example:{server.port}"  # the name is still sent


def test_a_name_with_any_private_answer_is_refused_before_connecting(server, dns, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    answers, _ = dns
    answers["mixed.example"] = [["8.8.8.8", "127.0.0.1"]]
    with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.1"):
        fetch(f"http://mixed.example:{server.port}/")
    assert server.hits == {}


def test_every_redirect_is_checked_again(server, dns):
    answers, lookups = dns
    answers["inside.example"] = [["10.1.2.3"]]
    server.routes["/out"] = Response(status=302, headers={"Location": f"http://inside.example:{server.port}/x"})
    server.routes["/v6"] = Response(status=307, headers={"Location": f"http://[::1]:{server.port}/x"})
    server.routes["/js"] = Response(status=302, headers={"Location": "javascript:alert(1)"})
    server.routes["/ftp"] = Response(status=301, headers={"Location": "ftp://example.org/x"})
    with pytest.raises(BlockedAddressError, match=r"10\.1\.2\.3"):
        fetch(server.url("/out"))  # localhost is allowed; the host it redirects to is not
    assert lookups["inside.example"] == 1
    with pytest.raises(BlockedAddressError, match="::1"):
        fetch(server.url("/v6"))
    for path in ("/js", "/ftp"):
        with pytest.raises(FetchError, match="only http and https"):
            fetch(server.url(path))
    assert "/x" not in server.hits


def test_the_allowlist_setting_exempts_exactly_the_hosts_it_names(server, settings):
    server.routes["/ok"] = Response(b"ok")
    settings.FETCH_ALLOWED_HOSTS = ["localhost"]
    assert fetch(server.url("/ok")).content == b"ok"
    with pytest.raises(BlockedAddressError):
        fetch(f"http://127.0.0.1:{server.port}/ok")  # the same server under a name not listed
    settings.FETCH_ALLOWED_HOSTS = []
    with pytest.raises(BlockedAddressError, match="non-public"):
        fetch(server.url("/ok"))


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.1.2.3",
        "0.0.0.0",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # CGNAT
        "100.127.255.254",
        "224.0.0.1",  # multicast
        "239.255.255.250",
        "240.0.0.1",  # reserved
        "255.255.255.255",
        "192.0.2.1",  # documentation
        "::",
        "::1",
        "fe80::1",  # link-local
        "fe80::1%eth0",
        "fc00::1",  # unique local
        "fd12:3456::1",
        "ff02::1",  # multicast
        "ff0e::1",  # global-scope multicast is still multicast
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2001:db8::1",  # documentation
        "not an address",
    ],
)
def test_addresses_that_are_not_public_are_refused(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"])
def test_public_addresses_pass(address):
    assert is_public_address(address)


def test_a_feed_is_parsed_from_its_bytes_and_never_opened_by_name(tmp_path):
    """Bytes that name a file (or a URL) are parsed as a document, never followed to one."""
    from articles.feeds import FeedError, parse_feed

    from .server import rss

    local = tmp_path / "feed.xml"
    local.write_bytes(rss([{"title": "Local", "link": "https://example.org/local"}]))
    for name in (str(local).encode(), local.as_uri().encode()):
        with pytest.raises(FeedError):
            parse_feed(name)
    assert [e.link for e in parse_feed(local.read_bytes()).entries] == ["https://example.org/local"]
