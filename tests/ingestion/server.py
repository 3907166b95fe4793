"""A local HTTP server for ingestion tests: routes to canned responses, hostile ones included."""

from __future__ import annotations

import gzip
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Response:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[BaseHTTPRequestHandler], Response | None]


class LocalServer:
    """Serves `routes` (path -> Response or handler) on 127.0.0.1, reached as http://localhost:PORT."""

    def __init__(self) -> None:
        self.routes: dict[str, Response | Handler] = {}
        self.hits: dict[str, int] = {}
        self.headers: dict[str, dict[str, str]] = {}  # the last request's headers, by path
        self.stopping = threading.Event()
        server = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                server.hits[path] = server.hits.get(path, 0) + 1
                server.headers[path] = dict(self.headers)
                route = server.routes.get(path, Response(b"not found", status=404))
                response = route(self) if callable(route) else route
                if response is None:
                    return  # the handler wrote (or refused to write) the response itself
                try:
                    self.send_response(response.status)
                    for name, value in response.headers.items():
                        self.send_header(name, value)
                    if "Content-Length" not in response.headers:
                        self.send_header("Content-Length", str(len(response.body)))
                    self.end_headers()
                    self.wfile.write(response.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://localhost:{self.port}"
        # A short poll: stopping waits for the next poll, and every test stops its servers.
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def hang(self, handler: BaseHTTPRequestHandler) -> None:
        """Accepts the request and never answers (until the server stops, at most 30 s)."""
        self.stopping.wait(30)

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> LocalServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


# --- Content --------------------------------------------------------------------------------

_WORDS = [
    "harbour",
    "railway",
    "cabinet",
    "tariff",
    "monsoon",
    "satellite",
    "reactor",
    "corridor",
    "freight",
    "pipeline",
    "council",
    "minister",
    "budget",
    "reform",
    "summit",
    "treaty",
    "frontier",
    "customs",
    "refinery",
    "turbine",
    "vaccine",
    "festival",
    "orchard",
    "glacier",
    "river",
    "valley",
    "market",
    "bank",
    "rupee",
    "rouble",
    "export",
    "import",
    "engine",
    "shipyard",
    "academy",
    "museum",
    "archive",
    "library",
    "bridge",
    "tunnel",
    "airport",
    "station",
    "port",
    "canal",
    "delta",
    "plateau",
    "coast",
    "island",
    "forest",
    "desert",
    "steppe",
    "harvest",
    "wheat",
    "cotton",
    "steel",
    "copper",
    "nickel",
    "lithium",
    "cobalt",
    "software",
    "network",
    "cable",
    "antenna",
    "radar",
    "drone",
    "rocket",
    "orbit",
    "lander",
    "probe",
    "telescope",
    "laboratory",
]


def article_text(seed: int, words: int = 140) -> str:
    """A distinct text for each seed (near-duplicate detection must not join them)."""
    rng = random.Random(seed)
    body = " ".join(rng.choice(_WORDS) for _ in range(words))
    return f"Report number {seed} on the {rng.choice(_WORDS)} programme. {body.capitalize()}."


def article_html(
    title: str, text: str, *, canonical: str = "", date: str = "2025-12-02", charset: str = "utf-8"
) -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in _paragraphs(text))
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="{charset}"><title>{escape(title)}</title>{link}'
        f'<meta property="article:published_time" content="{date}T09:00:00Z">'
        f'<meta name="author" content="Staff Reporter"></head><body>'
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>'
        '<li><a href="/business">Business</a></li></ul></nav>'
        f"<article><h1>{escape(title)}</h1>{paragraphs}"
        '<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div></article>'
        '<aside class="read-next"><h3>Read next</h3><ul><li><a href="/other">An unrelated story about the weather '
        'and the markets</a></li><li><a href="/other2">Another unrelated story</a></li></ul></aside>'
        "<footer><p>Copyright 2025 Example News. All rights reserved.</p></footer></body></html>"
    )


def _paragraphs(text: str) -> list[str]:
    words = text.split()
    return [" ".join(words[i : i + 40]) for i in range(0, len(words), 40)]


def rss(items: list[dict], *, title: str = "Example feed") -> bytes:
    """An RSS 2.0 feed; an item's `content` goes into content:encoded as its full text."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
        f"<title>{escape(title)}</title><link>http://example.org/</link><description>d</description>",
    ]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(item.get('title', ''))}</title><link>{escape(item['link'])}</link>")
        parts.append(f"<guid>{escape(item['link'])}</guid>")
        parts.append(f"<pubDate>{item.get('date', 'Tue, 02 Dec 2025 10:00:00 GMT')}</pubDate>")
        if item.get("content"):
            parts.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        parts.append(f"<description>{escape(item.get('summary', 'A teaser.'))}</description></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title><link>http://example.org/a</link></item>
</channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title><link>http://example.org/b</link></item>
</channel></rss>"""

MALFORMED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken<item><link>http://e.org/c</link></channel>'


def gzip_bomb(size: int = 50 * 1024 * 1024) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9)


def endless(handler: BaseHTTPRequestHandler) -> None:
    """A 50 MB body with no Content-Length, written until the client hangs up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65_000 + b"</p>"
    try:
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
