"""Canonical URLs: one spelling per page, so that one page is stored once.

Pure functions (no Django), safe on any input: a string that is not an http(s) URL
gives `None` rather than an exception, and canonicalizing twice changes nothing.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Parameters that say who sent the reader, not which page it is.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "ref_url",
        "cmpid",
        "ocid",
        "soc_src",
        "soc_trk",
        "sr_share",
        "spm",
        "ito",
        "ncid",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "outputtype",
        "amp",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_", "oly_", "vero_", "__hs")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters kept as they are in a path; everything else is percent-encoded once.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_QUERY_SAFE = ":@!$'()*,;/?-._~"  # no "+": in a query it would read back as a space
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9_.-]{0,251}[a-z0-9])?")
_IPV6_HOST = re.compile(r"[0-9a-f:.]{2,45}")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _requote(part: str, safe: str) -> str:
    """Percent-encode once: decoding first makes `%7E` and `~` one spelling."""
    return quote(unquote(part, errors="surrogateescape"), safe=safe, errors="surrogateescape")


def canonical_url(url: str) -> str | None:
    """The page's canonical spelling, or None when `url` is not a usable http(s) URL.

    Lower-cases the scheme and host (IDNA-encoded), drops the default port, the
    fragment, user info and tracking parameters, sorts the remaining parameters, and
    percent-encodes the path and query one way.
    """
    if not isinstance(url, str):
        return None
    url = _CONTROL.sub("", url.strip())
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS:
            return None
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if not host:
        return None
    try:
        host = host.encode("idna").decode("ascii").lower() if not host.isascii() else host.lower()
    except UnicodeError:
        return None
    if ":" in host:  # an IPv6 literal keeps its brackets
        if not _IPV6_HOST.fullmatch(host):
            return None
        host = f"[{host}]"
    elif not _HOST.fullmatch(host):
        return None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _requote(re.sub(r"/{2,}", "/", parts.path), _PATH_SAFE) or "/"
    # parse_qsl has decoded the parameters already; they are encoded once, below.
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k and not _is_tracking(k)]
    query = urlencode(sorted(params), safe=_QUERY_SAFE, quote_via=quote)
    result = urlunsplit((scheme, netloc, path, query, ""))
    return result if len(result) <= 2000 else None
