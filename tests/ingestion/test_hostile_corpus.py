"""The hostile-input corpus: every class of hostile source the ingestion must withstand, one
row per case, each served over real HTTP by the local test server (or laid out as files
below a temporary ingest root) and ingested through the same services the tasks call.

Each case asserts the reason recorded on the run (a failure's reason, an item's status or
note, or the run's message), the kind of failure where one is recorded, and that nothing
already stored changed: two articles stored before the case (one of them fetched from a
"victim" site that hostile feeds and pages claim to speak for) are compared field by field
afterwards. docs/ingestion.md holds the table of classes and outcomes this file proves.

Temporary failures are recorded on their first delivery here (MAX_ATTEMPTS is 1 for the
corpus; retries and backoff are tested in test_tasks.py), and the slow servers trickle
within a deadline of about a second, so the whole corpus stays quick.
"""

from __future__ import annotations

import gzip
import os
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from articles.cleaning import html_document
from articles.fetching import Fetcher
from articles.ingestion import retries
from articles.ingestion.items import item_process
from articles.ingestion.runs import run_enumerate, run_start
from articles.models import Article, IngestionRun, Source
from articles.services import article_store
from tests.factories import SourceFactory

from .server import (
    BILLION_LAUGHS,
    MALFORMED,
    XXE,
    LocalServer,
    Response,
    article_html,
    article_text,
    endless,
    rss,
)
from .trickle import TrickleServer

pytestmark = pytest.mark.django_db

HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/rss+xml"}
BINARY = random.Random(19).randbytes(20_000)
PAGE = article_html("A plain page", article_text(1901)).encode()
MAX_BYTES = 1024 * 1024

# The classes of the issue; docs/ingestion.md has one row per class.
FILES = "file disclosure: path and symlink escapes"
ATTRIBUTION = "spoofed attribution and canonicals"
SLOW = "slow status line, headers or body"
BINARY_CLASS = "binary and mislabelled content"
OVERSIZE = "oversized pages and decompression bombs"
FEEDS = "malformed feeds and XML attacks"
ADDRESSES = "private, loopback, metadata, decimal, hex and mapped addresses, and redirects to them"
HUGE = "huge feeds"
URLS = "unresolvable hosts and malformed URLs"
DATES = "implausible dates"
ENCODINGS = "mixed encodings"

# Outcomes, as the table in the docs words them.
REFUSED = "refused, permanent"  # a permanent failure with its reason; nothing stored
TEMPORARY = "failed, temporary"  # a temporary failure (retried by the tasks), the source marked slow when it timed out
STORED = "stored, with a note"  # stored, and the item (or run) says what was repaired or left out
KEPT = "the stored article stands"  # nothing of the hostile input replaces or shadows what is stored


class Corpus:
    """What a case may use: the local server, a second one as the victim site, slow servers,
    an ingest root with a secret beside it. Each helper returns the Source to ingest."""

    def __init__(self, server: LocalServer, victim: LocalServer, tmp_path: Path) -> None:
        self.server, self.victim, self.tmp = server, victim, tmp_path
        self.root = tmp_path / "root"
        self.root.mkdir()
        self.outside = tmp_path / "outside"
        self.outside.mkdir()
        (self.outside / "secret.txt").write_text("Secret title\n" + article_text(1902), encoding="utf-8")
        self.trickles: list[TrickleServer] = []

    # Sources -------------------------------------------------------------------------------

    def url_source(self, url: str) -> Source:
        # A row as an older or hand-made source would be (no form validation): the run refuses.
        return SourceFactory(kind=Source.Kind.URL, url=url)

    def page(self, response: Response | Callable, path: str = "/case") -> Source:
        self.server.routes[path] = response
        return self.url_source(self.server.url(path))

    def feed(self, body: bytes | Response, path: str = "/feed.xml") -> Source:
        self.server.routes[path] = body if isinstance(body, Response) else Response(body, headers=XML)
        return SourceFactory(kind=Source.Kind.FEED, url=self.server.url(path), interval=timedelta(hours=1))

    def entry(self, response: Response | Callable, path: str = "/case") -> Source:
        """A feed with one teaser entry whose page is the case."""
        self.server.routes[path] = response
        return self.feed(rss([{"title": "Teaser", "link": self.server.url(path)}]))

    def redirect(self, location: str) -> Source:
        return self.page(Response(status=302, headers={"Location": location}))

    def folder(self, path: Path | str) -> Source:
        return SourceFactory(kind=Source.Kind.FOLDER, url="", path=str(path))

    def files(self, **named: bytes | str) -> Source:
        """A folder below the root holding these files (bytes, or a symlink target given as 'link:PATH')."""
        folder = self.root / "case"
        folder.mkdir(exist_ok=True)
        for name, content in named.items():
            target = folder / name.replace("__", ".")
            if isinstance(content, str) and content.startswith("link:"):
                os.symlink(content.removeprefix("link:"), target)
            else:
                target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return self.folder(folder)

    def trickle(self, head: bytes) -> str:
        self.trickles.append(TrickleServer(head=head, interval=0.05).start())
        return self.trickles[-1].url("/slow")

    def inline_entry(self, *, date: str = "Tue, 02 Dec 2025 10:00:00 GMT", seed: int = 1903, **extra) -> Source:
        content = "".join(f"<p>{sentence}</p>" for sentence in article_text(seed).split(". "))
        entry = {"title": "Inline entry", "link": self.server.url(f"/inline/{seed}"), "content": content}
        return self.feed(rss([{**entry, "date": date, **extra}]))

    def stop(self) -> None:
        for trickle in self.trickles:
            trickle.stop()


@dataclass(frozen=True)
class Case:
    name: str
    klass: str
    source: Callable[[Corpus], Source]
    expect: str  # found in what the run recorded (see `records`)
    outcome: str
    stored: int = 0  # articles the case adds
    check: Callable[[Corpus, IngestionRun], None] | None = field(default=None, compare=False)


def _gzip_bomb(size: int = 8 * MAX_BYTES) -> bytes:
    return gzip.compress(b"<p>" + b"a" * size, compresslevel=9)


def _deflate_bomb(size: int = 8 * MAX_BYTES) -> bytes:
    return zlib.compress(b"<p>" + b"a" * size, 9)


def _mixed(declared: str = "utf-8", meta: bool = True) -> bytes:
    """A UTF-8 page with a quotation pasted in from a windows-1252 system."""
    text = "Москва и Нью-Дели обсудили café и naïve вопросы торговли. " * 10
    page = article_html("Смешанная кодировка", text, charset=declared if meta else "utf-8").encode()
    if not meta:
        page = page.replace(b'<meta charset="utf-8">', b"")
    quote = "“Trade will double”".encode("cp1252")
    middle = page.index("торговли".encode())
    return page[:middle] + quote + b" " + page[middle:]


def _dated_text(year: str) -> str:
    return f"Report on the summit\n1 January {year}\n\n" + article_text(1904)


def _canonical_page(canonical: str, seed: int) -> Response:
    return Response(article_html(f"Canonical {seed}", article_text(seed), canonical=canonical).encode(), headers=HTML)


def _og_url_page(url: str) -> Response:
    page = article_html("Open Graph", article_text(1905)).replace(
        "<title>", f'<meta property="og:url" content="{url}"><title>', 1
    )
    return Response(page.encode(), headers=HTML)


def _spoof_inline(link: str) -> bytes:
    words = "".join(f"<p>{sentence}</p>" for sentence in article_text(1999).split(". "))
    return rss([{"title": "Spoof", "link": link, "content": words}])


def _hint(expected: Callable[[Corpus], str]) -> Callable[[Corpus, IngestionRun], None]:
    def check(corpus: Corpus, run: IngestionRun) -> None:
        article = run.items.get().article
        assert article.canonical_url == corpus.server.url("/case") and article.url_verified
        assert article.canonical_hint == expected(corpus)

    return check


def _no_spoof(corpus: Corpus, run: IngestionRun) -> None:
    assert not Article.objects.filter(text__contains="Report number 1999").exists()


def _slow(corpus: Corpus, run: IngestionRun) -> None:
    assert Source.objects.get(pk=run.source_id).is_slow


def _undated(corpus: Corpus, run: IngestionRun) -> None:
    assert run.items.get().article.published_on is None


def _repaired(corpus: Corpus, run: IngestionRun) -> None:
    text = run.items.get().article.text
    assert "“Trade will double”" in text and "\ufffd" not in text and "Москва и Нью-Дели" in text


def _cut(corpus: Corpus, run: IngestionRun) -> None:
    item = run.items.get()
    assert len(item.article.text) <= 5000 and "body_b64" not in item.payload  # the page is not kept on the item


def _cap_taken(corpus: Corpus, run: IngestionRun) -> None:
    assert (run.deferred, run.new, run.status) == (1995, 5, "succeeded")


def _in_feed(links: list[str], **entry) -> bytes:
    return rss([{"title": "Entry", "link": link, **entry} for link in links])


CASES: list[Case] = [
    # --- File disclosure: path and symlink escapes ----------------------------------------------
    Case("folder outside the root", FILES, lambda c: c.folder(c.outside), "outside the ingest root", REFUSED),
    Case("/etc as a folder", FILES, lambda c: c.folder("/etc"), "outside the ingest root", REFUSED),
    Case("the filesystem root", FILES, lambda c: c.folder("/"), "outside the ingest root", REFUSED),
    Case("/proc/self", FILES, lambda c: c.folder("/proc/self"), "outside the ingest root", REFUSED),
    Case("a .. climb", FILES, lambda c: c.folder(c.root / ".." / "outside"), "outside the ingest root", REFUSED),
    Case("a relative path", FILES, lambda c: c.folder("outside"), "outside the ingest root", REFUSED),
    Case(
        "a symlinked folder leading out",
        FILES,
        lambda c: (os.symlink(c.outside, c.root / "out"), c.folder(c.root / "out"))[1],
        "outside the ingest root",
        REFUSED,
    ),
    Case(
        "a symlinked folder to /etc",
        FILES,
        lambda c: (os.symlink("/etc", c.root / "etc"), c.folder(c.root / "etc"))[1],
        "outside the ingest root",
        REFUSED,
    ),
    Case(
        "a file linked to /etc/passwd",
        FILES,
        lambda c: c.files(passwd__txt="link:/etc/passwd"),
        "outside the ingest root",
        REFUSED,
    ),
    Case(
        "a file linked out of the root",
        FILES,
        lambda c: c.files(secret__txt=f"link:{c.outside / 'secret.txt'}"),
        "outside the ingest root",
        REFUSED,
    ),
    Case(
        "a relative file link climbing out",
        FILES,
        lambda c: c.files(up__txt="link:../../outside/secret.txt"),
        "outside the ingest root",
        REFUSED,
    ),
    Case(
        "a chain of links leading out",
        FILES,
        lambda c: c.files(first__txt="link:second.txt", second__txt=f"link:{c.outside / 'secret.txt'}"),
        "outside the ingest root",
        REFUSED,
    ),
    Case(
        "a link to /dev/zero", FILES, lambda c: c.files(zero__txt="link:/dev/zero"), "outside the ingest root", REFUSED
    ),
    Case(
        "a dangling link",
        FILES,
        lambda c: c.files(gone__txt=f"link:{c.tmp / 'nowhere.txt'}"),
        "outside the ingest root",
        REFUSED,
    ),
    Case(
        "a dangling link inside the root",
        FILES,
        lambda c: c.files(gone__txt=f"link:{c.root / 'nowhere.txt'}"),
        "No such file",
        REFUSED,
    ),
    Case(
        "a link to a folder named .txt",
        FILES,
        lambda c: c.files(folder__txt=f"link:{c.root}"),
        "Is a directory",
        REFUSED,
    ),
    Case("a folder that does not exist", FILES, lambda c: c.folder(c.root / "missing"), "no such folder", REFUSED),
    # --- Spoofed attribution and canonicals -------------------------------------------------------
    Case(
        "inline content under the victim's stored URL",
        ATTRIBUTION,
        lambda c: c.feed(_spoof_inline(c.victim.url("/story"))),
        "status:unchanged",
        KEPT,
        check=_no_spoof,
    ),
    Case(
        "inline content under a new URL of another site",
        ATTRIBUTION,
        lambda c: c.feed(_spoof_inline(c.victim.url("/fresh"))),
        "status:new",
        KEPT,
        stored=1,
        check=lambda c, run: (_no_spoof(c, run), c.victim.hits["/fresh"] == 1 or pytest.fail("not fetched")),
    ),
    Case(
        "inline content under the victim's URL with tracking parameters",
        ATTRIBUTION,
        lambda c: c.feed(_spoof_inline(c.victim.url("/story?utm_source=x#top"))),
        "status:unchanged",
        KEPT,
        check=_no_spoof,
    ),
    Case(
        "inline content under the victim's URL, host in capitals",
        ATTRIBUTION,
        lambda c: c.feed(_spoof_inline(c.victim.url("/story").replace("localhost", "LOCALHOST"))),
        "status:unchanged",
        KEPT,
        check=_no_spoof,
    ),
    Case(
        "a teaser for the victim's stored URL",
        ATTRIBUTION,
        lambda c: c.feed(rss([{"title": "Teaser", "link": c.victim.url("/story")}])),
        "status:unchanged",
        KEPT,
        check=lambda c, run: c.victim.hits.get("/story", 0) == 0 or pytest.fail("refetched"),
    ),
    Case(
        "rel=canonical naming the victim",
        ATTRIBUTION,
        lambda c: c.page(_canonical_page(c.victim.url("/story"), 1906)),
        "status:new",
        KEPT,
        stored=1,
        check=_hint(lambda c: c.victim.url("/story")),
    ),
    Case(
        "rel=canonical naming another page of the same site",
        ATTRIBUTION,
        lambda c: c.page(_canonical_page("/elsewhere", 1907)),
        "status:new",
        KEPT,
        stored=1,
        check=_hint(lambda c: c.server.url("/elsewhere")),
    ),
    Case(
        "og:url naming the victim",
        ATTRIBUTION,
        lambda c: c.page(_og_url_page(c.victim.url("/story"))),
        "status:new",
        KEPT,
        stored=1,
        check=_hint(lambda c: c.victim.url("/story")),
    ),
    Case(
        "rel=canonical with a javascript: URL",
        ATTRIBUTION,
        lambda c: c.page(_canonical_page("javascript:alert(1)", 1908)),
        "status:new",
        KEPT,
        stored=1,
        check=_hint(lambda c: ""),
    ),
    Case(
        "the victim's text copied under another URL",
        ATTRIBUTION,
        lambda c: c.page(Response(article_html("Genuine story", article_text(1900)).encode(), headers=HTML)),
        "status:duplicate",
        KEPT,
    ),
    Case(
        "a redirect to the victim's stored page",
        ATTRIBUTION,
        lambda c: c.redirect(c.victim.url("/story")),
        "status:unchanged",
        KEPT,
    ),
    # --- Slow status line, headers or body ---------------------------------------------------------
    Case(
        "status line a byte at a time",
        SLOW,
        lambda c: c.url_source(c.trickle(b"HTTP/1.1 200 OK")),
        "deadline",
        TEMPORARY,
        check=_slow,
    ),
    Case(
        "headers a byte at a time",
        SLOW,
        lambda c: c.url_source(c.trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: ")),
        "deadline",
        TEMPORARY,
        check=_slow,
    ),
    Case(
        "body a byte at a time",
        SLOW,
        lambda c: c.url_source(c.trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>")),
        "deadline",
        TEMPORARY,
        check=_slow,
    ),
    Case(
        "a feed's headers a byte at a time",
        SLOW,
        lambda c: SourceFactory(kind=Source.Kind.FEED, url=c.trickle(b"HTTP/1.1 200 OK\r\nX-Slow: ")),
        "deadline",
        TEMPORARY,
        check=_slow,
    ),
    Case(
        "a teaser's page trickling its body",
        SLOW,
        lambda c: c.feed(rss([{"title": "T", "link": c.trickle(b"HTTP/1.1 200 OK\r\n\r\n<p>")}])),
        "deadline",
        TEMPORARY,
        check=_slow,
    ),
    Case(
        "a redirect to a trickling server",
        SLOW,
        lambda c: c.redirect(c.trickle(b"HTTP/1.1 200 OK")),
        "deadline",
        TEMPORARY,
        check=_slow,
    ),
    Case("a server that never answers", SLOW, lambda c: c.page(c.server.hang), "timed out", TEMPORARY, check=_slow),
    Case(
        "503 with a Retry-After",
        SLOW,
        lambda c: c.page(Response(b"busy", status=503, headers={"Retry-After": "120"})),
        "HTTP 503",
        TEMPORARY,
    ),
    Case("429 too many requests", SLOW, lambda c: c.page(Response(b"slow down", status=429)), "HTTP 429", TEMPORARY),
    # --- Binary and mislabelled content --------------------------------------------------------------
    Case(
        "a PDF",
        BINARY_CLASS,
        lambda c: c.page(Response(b"%PDF-1.7\n" + PAGE, headers={"Content-Type": "application/pdf"})),
        "the content type is application/pdf",
        REFUSED,
    ),
    Case(
        "a PDF served as HTML",
        BINARY_CLASS,
        lambda c: c.page(Response(b"%PDF-1.7\n" + BINARY, headers=HTML)),
        "a PDF document",
        REFUSED,
    ),
    Case(
        "a PNG",
        BINARY_CLASS,
        lambda c: c.page(Response(b"\x89PNG\r\n\x1a\n" + BINARY, headers={"Content-Type": "image/png"})),
        "image/png",
        REFUSED,
    ),
    Case(
        "a PNG served as HTML",
        BINARY_CLASS,
        lambda c: c.page(Response(b"\x89PNG\r\n\x1a\n" + BINARY, headers=HTML)),
        "a PNG image",
        REFUSED,
    ),
    Case(
        "a JPEG served as text",
        BINARY_CLASS,
        lambda c: c.page(Response(b"\xff\xd8\xff\xe0" + BINARY, headers={"Content-Type": "text/plain"})),
        "a JPEG image",
        REFUSED,
    ),
    Case(
        "a GIF with no content type",
        BINARY_CLASS,
        lambda c: c.page(Response(b"GIF89a" + BINARY)),
        "a GIF image",
        REFUSED,
    ),
    Case(
        "a ZIP served as HTML",
        BINARY_CLASS,
        lambda c: c.page(Response(b"PK\x03\x04" + BINARY, headers=HTML)),
        "a ZIP archive",
        REFUSED,
    ),
    Case(
        "an executable served as HTML",
        BINARY_CLASS,
        lambda c: c.page(Response(b"\x7fELF" + BINARY, headers=HTML)),
        "an executable",
        REFUSED,
    ),
    Case(
        "gzip bytes served as HTML",
        BINARY_CLASS,
        lambda c: c.page(Response(gzip.compress(PAGE), headers=HTML)),
        "gzip-compressed bytes",
        REFUSED,
    ),
    Case(
        "random bytes served as HTML",
        BINARY_CLASS,
        lambda c: c.page(Response(BINARY, headers=HTML)),
        "control characters",
        REFUSED,
    ),
    Case(
        "octet-stream",
        BINARY_CLASS,
        lambda c: c.page(Response(PAGE, headers={"Content-Type": "application/octet-stream"})),
        "application/octet-stream",
        REFUSED,
    ),
    Case(
        "JSON for a page",
        BINARY_CLASS,
        lambda c: c.page(Response(b'{"a": 1}', headers={"Content-Type": "application/json"})),
        "application/json",
        REFUSED,
    ),
    Case(
        "a teaser's page is a PDF",
        BINARY_CLASS,
        lambda c: c.entry(Response(b"%PDF-1.4\n" + BINARY, headers={"Content-Type": "application/pdf"})),
        "application/pdf",
        REFUSED,
    ),
    Case(
        "a JPEG file named .html",
        BINARY_CLASS,
        lambda c: c.files(photo__html=b"\xff\xd8\xff\xe0" + BINARY),
        "a JPEG image",
        REFUSED,
    ),
    Case(
        "random bytes named .txt",
        BINARY_CLASS,
        lambda c: c.files(noise__txt=BINARY),
        "control characters",
        REFUSED,
    ),
    Case(
        "an empty page",
        BINARY_CLASS,
        lambda c: c.page(Response(b"", headers=HTML)),
        "empty document",
        REFUSED,
    ),
    Case(
        "a page with no article",
        BINARY_CLASS,
        lambda c: c.page(Response(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", headers=HTML)),
        "no article text",
        REFUSED,
    ),
    # --- Oversized pages and decompression bombs --------------------------------------------------------
    Case("an endless body", OVERSIZE, lambda c: c.page(endless), "larger than", REFUSED),
    Case(
        "a declared Content-Length over the cap",
        OVERSIZE,
        lambda c: c.page(Response(b"x" * (MAX_BYTES + 1), headers=HTML)),
        "(declared)",
        REFUSED,
    ),
    Case(
        "a gzip bomb",
        OVERSIZE,
        lambda c: c.page(Response(_gzip_bomb(), headers={**HTML, "Content-Encoding": "gzip"})),
        "after decompression",
        REFUSED,
    ),
    Case(
        "a deflate bomb",
        OVERSIZE,
        lambda c: c.page(Response(_deflate_bomb(), headers={**HTML, "Content-Encoding": "deflate"})),
        "after decompression",
        REFUSED,
    ),
    Case(
        "a gzip bomb as a feed",
        OVERSIZE,
        lambda c: c.feed(Response(_gzip_bomb(), headers={**XML, "Content-Encoding": "gzip"})),
        "after decompression",
        REFUSED,
    ),
    Case(
        "a teaser's page is a gzip bomb",
        OVERSIZE,
        lambda c: c.entry(Response(_gzip_bomb(), headers={**HTML, "Content-Encoding": "gzip"})),
        "after decompression",
        REFUSED,
    ),
    Case(
        "corrupt gzip",
        OVERSIZE,
        lambda c: c.page(Response(b"\x1f\x8b\x08\x00garbage" * 10, headers={**HTML, "Content-Encoding": "gzip"})),
        "corrupt compressed response",
        REFUSED,
    ),
    Case(
        "an unknown content encoding",
        OVERSIZE,
        lambda c: c.page(Response(PAGE, headers={**HTML, "Content-Encoding": "zstd-bomb"})),
        "unsupported content encoding",
        REFUSED,
    ),
    Case(
        "a file over the cap",
        OVERSIZE,
        lambda c: c.files(big__txt=b"Big title\n" + b"word " * (MAX_BYTES // 5 + 1)),
        "file larger than",
        REFUSED,
    ),
    Case(
        "a text over the stored-text cap",
        OVERSIZE,
        lambda c: c.page(
            Response(("Long report\n\n" + "\n\n".join(article_text(3000 + i) for i in range(12))).encode(), headers={})
        ),
        "text cut at",
        STORED,
        stored=1,
        check=_cut,
    ),
    # --- Malformed feeds and XML attacks -----------------------------------------------------------------
    Case("malformed XML", FEEDS, lambda c: c.feed(MALFORMED), "malformed XML", REFUSED),
    Case("billion laughs", FEEDS, lambda c: c.feed(BILLION_LAUGHS), "declares entities", REFUSED),
    Case("external entity (XXE)", FEEDS, lambda c: c.feed(XXE), "declares entities", REFUSED),
    Case(
        "a parameter entity",
        FEEDS,
        lambda c: c.feed(
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1/x.dtd"> %p;]>'
            b'<rss version="2.0"><channel><title>t</title></channel></rss>'
        ),
        "declares entities",
        REFUSED,
    ),
    Case(
        "quadratic blowup",
        FEEDS,
        lambda c: c.feed(
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + b"a" * 50_000 + b'">]>'
            b'<rss version="2.0"><channel><title>' + b"&a;" * 2000 + b"</title></channel></rss>"
        ),
        "declares entities",
        REFUSED,
    ),
    Case(
        "a truncated feed",
        FEEDS,
        lambda c: c.feed(_in_feed([c.server.url("/a")])[:-40]),
        "malformed XML",
        REFUSED,
    ),
    Case("an empty feed", FEEDS, lambda c: c.feed(b""), "not an RSS or Atom feed", REFUSED),
    Case(
        "an HTML page for a feed",
        FEEDS,
        lambda c: c.feed(Response(PAGE, headers=HTML)),
        "not an RSS or Atom feed",
        REFUSED,
    ),
    Case(
        "XML that is no feed",
        FEEDS,
        lambda c: c.feed(b'<?xml version="1.0"?><catalog><book>x</book></catalog>'),
        "not an RSS or Atom feed",
        REFUSED,
    ),
    Case(
        "a NUL byte in the XML",
        FEEDS,
        lambda c: c.feed(_in_feed([c.server.url("/a")]).replace(b"<title>Entry", b"<title>\x00Entry")),
        "malformed XML",
        REFUSED,
    ),
    Case(
        "invalid UTF-8 in the XML",
        FEEDS,
        lambda c: c.feed(_in_feed([c.server.url("/a")]).replace(b"<title>Entry", b"<title>\xff\xfeEntry")),
        "malformed XML",
        REFUSED,
    ),
    Case(
        "an entry linking to file:",
        FEEDS,
        lambda c: c.feed(_in_feed(["file:///etc/passwd"])),
        "not an http(s) URL",
        REFUSED,
    ),
    Case(
        "an entry linking to javascript:",
        FEEDS,
        lambda c: c.feed(_in_feed(["javascript:alert(1)"])),
        "not an http(s) URL",
        REFUSED,
    ),
    Case(
        "an entry linking to data:",
        FEEDS,
        lambda c: c.feed(_in_feed(["data:text/html,<p>hi</p>"])),
        "not an http(s) URL",
        REFUSED,
    ),
    Case(
        "an entry linking to gopher:",
        FEEDS,
        lambda c: c.feed(_in_feed(["gopher://127.0.0.1:6379/_FLUSHALL"])),
        "not an http(s) URL",
        REFUSED,
    ),
    Case(
        "an entry without a link",
        FEEDS,
        lambda c: c.feed(
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            b"<item><title>No link</title></item></channel></rss>"
        ),
        "not an http(s) URL",
        REFUSED,
    ),
    # --- Private, loopback, metadata, decimal, hex and mapped addresses ------------------------------------
    *[
        Case(f"address {host}", ADDRESSES, lambda c, host=host: c.url_source(f"http://{host}/x"), expect, REFUSED)
        for host, expect in [
            ("127.0.0.1", "non-public address (127.0.0.1)"),
            ("127.1", "non-public address (127.0.0.1)"),
            ("2130706433", "non-public address (127.0.0.1)"),
            ("0x7f000001", "non-public address (127.0.0.1)"),
            ("0177.0.0.1", "Invalid IPv4 address"),
            ("0x7f.0.0.1", "non-public address (127.0.0.1)"),
            ("[::1]", "non-public address (::1)"),
            ("[::ffff:127.0.0.1]", "non-public address (::ffff:127.0.0.1)"),
            ("[::ffff:7f00:1]", "non-public address (::ffff:127.0.0.1)"),
            ("[::ffff:169.254.169.254]", "non-public address (::ffff:169.254.169.254)"),
            ("169.254.169.254", "non-public address (169.254.169.254)"),
            ("2852039166", "non-public address (169.254.169.254)"),
            ("[fd00:ec2::254]", "non-public address (fd00:ec2::254)"),
            ("10.0.0.1", "non-public address (10.0.0.1)"),
            ("172.16.0.1", "non-public address (172.16.0.1)"),
            ("192.168.1.1", "non-public address (192.168.1.1)"),
            ("100.64.0.1", "non-public address (100.64.0.1)"),
            ("0.0.0.0", "non-public address (0.0.0.0)"),
            ("0", "non-public address (0.0.0.0)"),
            ("[::]", "non-public address (::)"),
            ("224.0.0.1", "non-public address (224.0.0.1)"),
            ("255.255.255.255", "non-public address (255.255.255.255)"),
            ("198.18.0.1", "non-public address (198.18.0.1)"),
            ("[fe80::1]", "non-public address (fe80::1)"),
            ("[fc00::1]", "non-public address (fc00::1)"),
            ("[2002:7f00:1::1]", "non-public address (2002:7f00:1::1)"),
            ("[64:ff9b::7f00:1]", "non-public address (64:ff9b::7f00:1)"),
            ("[0:0:0:0:0:ffff:7f00:1]", "non-public address (::ffff:127.0.0.1)"),
        ]
    ],
    *[
        Case(f"redirect to {location}", ADDRESSES, lambda c, location=location: c.redirect(location), expect, REFUSED)
        for location, expect in [
            ("http://127.0.0.1/", "non-public address (127.0.0.1)"),
            ("http://2130706433/", "non-public address (127.0.0.1)"),
            ("http://0x7f000001/", "non-public address (127.0.0.1)"),
            ("http://[::ffff:127.0.0.1]/", "non-public address (::ffff:127.0.0.1)"),
            ("http://169.254.169.254/latest/meta-data/", "non-public address (169.254.169.254)"),
            ("http://10.0.0.1/admin", "non-public address (10.0.0.1)"),
            ("http://[::1]:6379/", "non-public address (::1)"),
            ("file:///etc/passwd", "only http and https"),
            ("javascript:alert(1)", "only http and https"),
            ("gopher://127.0.0.1:6379/_INFO", "only http and https"),
        ]
    ],
    Case(
        "a teaser linking to the metadata service",
        ADDRESSES,
        lambda c: c.feed(_in_feed(["http://169.254.169.254/latest/meta-data/"])),
        "non-public address (169.254.169.254)",
        REFUSED,
    ),
    Case(
        "a redirect loop",
        ADDRESSES,
        lambda c: c.redirect(c.server.url("/case")),
        "more than",
        REFUSED,
    ),
    # --- Huge feeds ------------------------------------------------------------------------------------------
    Case(
        "2,000 entries under a cap of 5",
        HUGE,
        lambda c: c.feed(
            rss(
                [
                    {
                        "title": f"E{i}",
                        "link": c.server.url(f"/e/{i}"),
                        "content": "".join(f"<p>{s}</p>" for s in article_text(5000 + i).split(". ")),
                    }
                    if i < 5
                    else {"title": f"E{i}", "link": c.server.url(f"/e/{i}")}
                    for i in range(2000)
                ]
            )
        ),
        "1995 feed entries beyond the cap",
        STORED,
        stored=5,
        check=_cap_taken,
    ),
    Case(
        "a feed over the byte cap",
        HUGE,
        lambda c: c.feed(_in_feed([c.server.url(f"/e/{i}") for i in range(4000)], summary="x" * 200)),
        "larger than",
        REFUSED,
    ),
    Case(
        "one link repeated 3,000 times",
        HUGE,
        lambda c: c.feed(_in_feed([c.victim.url("/story")] * 3000)),
        "status:unchanged",
        KEPT,
        check=lambda c, run: run.fetched == 1 or pytest.fail(f"{run.fetched} items for one link"),
    ),
    # --- Unresolvable hosts and malformed URLs -----------------------------------------------------------------
    *[
        Case(f"URL {url!r}", URLS, lambda c, url=url: c.url_source(url), expect, REFUSED)
        for url, expect in [
            ("http://no-such-host.invalid/x", "cannot resolve host"),
            ("http://exa\u00admple..com/", "Invalid IDNA hostname"),
            ("http://" + "a" * 64 + ".com/", "malformed host name"),
            ("http://[::1/", "invalid URL"),
            ("http:///no-host", "no host or port"),
            ("http://93.184.216.34:99999/", "Port out of range"),
            ("http://93.184.216.34:0/", "no host or port"),
            ("ftp://example.org/file.txt", "only http and https"),
            ("file:///etc/passwd", "only http and https"),
            ("javascript:alert(1)", "only http and https"),
            ("//example.org/relative", "only http and https"),
            ("not a url at all", "only http and https"),
        ]
    ],
    Case(
        "a redirect to an unresolvable host",
        URLS,
        lambda c: c.redirect("http://no-such-host.invalid/"),
        "cannot resolve host",
        REFUSED,
    ),
    Case(
        "a teaser linking to an unresolvable host",
        URLS,
        lambda c: c.feed(_in_feed(["http://no-such-host.invalid/story"])),
        "cannot resolve host",
        REFUSED,
    ),
    Case("404", URLS, lambda c: c.page(Response(b"gone", status=404)), "HTTP 404", REFUSED),
    Case("a redirect without a Location", URLS, lambda c: c.page(Response(status=302)), "without a Location", REFUSED),
    # --- Implausible dates ---------------------------------------------------------------------------------------
    Case(
        "a feed entry dated 9999",
        DATES,
        lambda c: c.inline_entry(date="Fri, 31 Dec 9999 10:00:00 GMT"),
        "9999-12-31 was refused as implausible",
        STORED,
        stored=1,
        check=_undated,
    ),
    Case(
        "a feed entry dated 1000",
        DATES,
        lambda c: c.inline_entry(date="Wed, 01 Jan 1000 10:00:00 GMT", seed=1909),
        "1000-01-01 was refused as implausible",
        STORED,
        stored=1,
        check=_undated,
    ),
    Case(
        "an Atom entry updated in 9999",
        DATES,
        lambda c: c.feed(
            (
                '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
                f'<entry><title>Atom entry</title><link href="{c.server.url("/atom/1")}"/>'
                "<id>urn:x:1</id><updated>9999-06-01T00:00:00Z</updated>"
                '<content type="html">'
                + "".join(f"&lt;p&gt;{s}&lt;/p&gt;" for s in article_text(1910).split(". "))
                + "</content></entry></feed>"
            ).encode()
        ),
        "9999-06-01 was refused as implausible",
        STORED,
        stored=1,
        check=_undated,
    ),
    Case(
        "a feed entry dated 1899",
        DATES,
        lambda c: c.inline_entry(date="Sun, 31 Dec 1899 10:00:00 GMT", seed=1913),
        "1899-12-31 was refused as implausible",
        STORED,
        stored=1,
        check=_undated,
    ),
    Case(
        "a feed entry dated 2099",
        DATES,
        lambda c: c.inline_entry(date="Thu, 01 Jan 2099 10:00:00 GMT", seed=1914),
        "2099-01-01 was refused as implausible",
        STORED,
        stored=1,
        check=_undated,
    ),
    Case(
        # The plain-text header reader (articles.extraction.document) never reads such a year.
        "a text file dated 1000",
        DATES,
        lambda c: c.files(old__txt=_dated_text("1000")),
        "status:new",
        STORED,
        stored=1,
        check=_undated,
    ),
    # --- Mixed encodings ---------------------------------------------------------------------------------------
    Case(
        "UTF-8 declared, windows-1252 quotes inside",
        ENCODINGS,
        lambda c: c.page(Response(_mixed(), headers=HTML)),
        "mixed encodings: 2 byte(s)",
        STORED,
        stored=1,
        check=_repaired,
    ),
    Case(
        "no charset anywhere, windows-1252 quotes inside UTF-8",
        ENCODINGS,
        lambda c: c.page(Response(_mixed(meta=False), headers={"Content-Type": "text/html"})),
        "mixed encodings",
        STORED,
        stored=1,
        check=_repaired,
    ),
    Case(
        "a teaser's page mixing encodings",
        ENCODINGS,
        lambda c: c.entry(Response(_mixed(), headers={"Content-Type": "text/html"})),
        "mixed encodings",
        STORED,
        stored=1,
        check=_repaired,
    ),
    Case(
        "a text file mixing encodings",
        ENCODINGS,
        lambda c: c.files(
            mixed__txt=("Смешанная кодировка\n" + "Москва и Нью-Дели обсудили café. " * 10).encode()
            + "“Trade will double”".encode("cp1252")
        ),
        "mixed encodings: 2 byte(s)",
        STORED,
        stored=1,
    ),
]


@pytest.fixture
def corpus(server, tmp_path, settings, monkeypatch):
    settings.INGEST_ROOT = [tmp_path / "root"]
    settings.FETCH_MAX_BYTES = MAX_BYTES
    settings.FETCH_READ_TIMEOUT = 0.5  # a trickle's byte every 0.05 s never trips it
    settings.FETCH_TOTAL_TIMEOUT = 1.0
    settings.FETCH_MAX_REDIRECTS = 3
    settings.INGEST_MAX_ITEMS_PER_RUN = 5
    settings.INGEST_MAX_TEXT_CHARS = 5000
    monkeypatch.setattr(retries, "MAX_ATTEMPTS", 1)  # record temporary failures at once
    victim = LocalServer().start()
    victim.routes["/story"] = Response(article_html("Genuine story", article_text(1900)).encode(), headers=HTML)
    victim.routes["/fresh"] = Response(article_html("Fresh story", article_text(1911)).encode(), headers=HTML)
    local = Corpus(server, victim, tmp_path)
    # What is stored before the case: the victim's page, fetched from it, and a pasted text.
    article_store(
        text=html_document(victim.routes["/story"].body.decode(), url=victim.url("/story")).text,
        title="Genuine story",
        url=victim.url("/story"),
        canonical_url=victim.url("/story"),
        url_verified=True,
    )
    article_store(text=article_text(1912), title="Pasted")
    victim.hits.clear()
    yield local
    local.stop()
    victim.stop()


FIELDS = ("pk", "canonical_url", "url_verified", "canonical_hint", "content_hash", "title", "text", "published_on")


def snapshot() -> list[tuple]:
    return list(Article.objects.order_by("pk").values_list(*FIELDS))


def ingest(source: Source) -> IngestionRun:
    """One run of the source through the services the tasks call (ingest_run, then ingest_item)."""
    run = run_start(source=source)
    with Fetcher() as fetcher:
        for item_id in run_enumerate(run_id=run.pk, fetcher=fetcher):
            item_process(item_id=item_id, fetcher=fetcher, max_attempts=1)
    run.refresh_from_db()
    return run


def records(run: IngestionRun) -> str:
    """Everything the run recorded: failures (with their kind), items' status and notes, its message."""
    lines = [f"{f.kind}: {f.reason}" for f in run.failures.all()]
    lines += [f"status:{item.status} {item.note}" for item in run.items.all()]
    return "\n".join([*lines, run.message])


def test_the_corpus_has_at_least_100_cases_covering_every_class():
    assert len(CASES) >= 100
    assert len({case.name for case in CASES}) == len(CASES)
    assert {case.klass for case in CASES} == {
        FILES,
        ATTRIBUTION,
        SLOW,
        BINARY_CLASS,
        OVERSIZE,
        FEEDS,
        ADDRESSES,
        HUGE,
        URLS,
        DATES,
        ENCODINGS,
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input(case: Case, corpus: Corpus):
    before = snapshot()
    run = ingest(case.source(corpus))
    recorded = records(run)
    assert case.expect in recorded, recorded
    assert run.finished_at is not None and run.status != "running"
    failures = set(run.failures.values_list("kind", flat=True))
    if case.outcome == REFUSED:
        assert failures == {"permanent"}, recorded
        assert run.status == "failed"
    elif case.outcome == TEMPORARY:
        assert failures == {"temporary"}, recorded
    else:
        assert not failures, recorded
    assert snapshot()[: len(before)] == before  # nothing already stored changed
    assert Article.objects.count() == len(before) + case.stored
    if case.check is not None:
        case.check(corpus, run)
