"""The newcomer's path: the README's first command on a fresh copy of the checkout, with no
database and no broker configured, then every admin page an editor can reach, every API
list endpoint, and a feed source that the scheduler started by `make run` fetches on its own.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from tests.ingestion.processes import free_port, wait_while_progressing
from tests.ingestion.server import LocalServer, Response, article_html, article_text, rss

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
# Variables a newcomer's shell does not have: nothing points at a database, broker or profile.
NOT_SET = {"DATABASE_URL", "TEST_DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CELERY_BROKER_URL", "REDIS_URL"}
# Pages that change state or leave the site when requested, rather than show something.
SKIP = re.compile(r"/(logout|delete|password_change)/|[?&](_popup|_to_field)=|/add/\?")


def _fresh_copy(destination: Path) -> Path:
    """The files a clone would have (tracked, plus new ones not ignored), timestamps kept so
    that make sees the shared virtualenv as up to date."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (entry.decode() for entry in listed)):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    (destination / ".venv").symlink_to(ROOT / ".venv")
    return destination


class Newcomer:
    """`make run` in a fresh copy, and a browser-like client logged in as the demo editor."""

    def __init__(self, checkout: Path, feed_host: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = checkout / "make-run.log"
        environment = {key: value for key, value in os.environ.items() if key not in NOT_SET}
        environment.update(INGEST_DISPATCH_SECONDS="1", FETCH_ALLOWED_HOSTS=feed_host, PYTHONUNBUFFERED="1")
        self.log = self.log_path.open("w")
        # A terminal delivers Ctrl-C; a suite started in the background ignores SIGINT, and its
        # children would inherit that (make run would then ignore the Ctrl-C of stop()).
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            self.process = subprocess.Popen(
                ["make", "run", f"ADDRESS=127.0.0.1:{self.port}"],
                cwd=checkout,
                env=environment,
                stdout=self.log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            signal.signal(signal.SIGINT, previous)
        self.client = httpx.Client(base_url=self.base, follow_redirects=True, timeout=60)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until_serving(self) -> None:
        def serving() -> bool:
            assert self.process.poll() is None, f"make run exited:\n{self.output()[-4000:]}"
            try:
                return self.client.get("/admin/login/").status_code == 200
            except httpx.TransportError:
                return False

        wait_while_progressing(
            serving, lambda: len(self.output()), stall=240, limit=900, message="make run to serve the admin"
        )

    def log_in(self, username: str, password: str) -> None:
        page = self.client.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = self.client.post(
            "/admin/login/?next=/admin/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.base}/admin/login/"},
        )
        assert response.url.path == "/admin/", "the demo editor could not log in"

    def post_form(self, path: str, fields: dict[str, str]) -> httpx.Response:
        page = self.client.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return self.client.post(
            path, data={**fields, "csrfmiddlewaretoken": token}, headers={"Referer": f"{self.base}{path}"}
        )

    def stop(self) -> None:
        """Ctrl-C, as a person would press it: make, the server, the scheduler and the
        embedded database all stop."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


@pytest.fixture
def feed_server():
    server = LocalServer().start()
    yield server
    server.stop()


@pytest.fixture
def newcomer(tmp_path, feed_server):
    checkout = _fresh_copy(tmp_path / "checkout")
    person = Newcomer(checkout, feed_host=urlsplit(feed_server.base).hostname)
    yield person
    person.stop()
    postmaster = checkout / ".data" / "postgres" / "postmaster.pid"
    assert not postmaster.exists(), "the embedded PostgreSQL kept running after make run stopped"


def _crawl(newcomer: Newcomer, start: str, limit: int = 600) -> dict[str, int]:
    """Every admin page reachable from `start` by links, each requested once."""
    seen: dict[str, int] = {}
    queue = [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = newcomer.client.get(path)
        seen[path] = response.status_code
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        for href in re.findall(r'href="([^"#]+)"', response.text):
            link = urljoin(path, href.replace("&amp;", "&"))
            parts = urlsplit(link)
            if parts.netloc or not parts.path.startswith("/admin/") or SKIP.search(link):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append(target)
    return seen


def test_make_run_serves_a_newcomer_every_page_with_seed_data_and_runs_schedules(newcomer, feed_server):
    newcomer.wait_until_serving()

    # Anonymous API: every list endpoint answers, and the seed decisions made facts public.
    api = httpx.Client(base_url=newcomer.base, timeout=60)
    endpoints = api.get("/api/v1/").json()
    assert {"agreements", "observations", "events", "articles", "evidence", "changes"} <= endpoints.keys()
    for name, url in endpoints.items():
        assert api.get(url).status_code == 200, name
    agreements = api.get("/api/v1/agreements/").json()["results"]
    observations = api.get("/api/v1/observations/").json()["results"]
    assert agreements and observations
    assert all(row["review_status"] == "approved" and row["evidence_ids"] for row in observations)
    evidence = api.get("/api/v1/evidence/", params={"id": observations[0]["evidence_ids"][0]}).json()["results"]
    assert evidence and evidence[0]["sentence"]

    # The editor's admin: every page reachable from the home page and from the review queue.
    newcomer.log_in("editor", "editor")
    pages = _crawl(newcomer, "/admin/")
    for path in ("/admin/editorial/queue/", "/admin/editorial/dashboard/", "/admin/editorial/duplicates/"):
        assert path in pages
    assert any("/history/" in path for path in pages), "no history page was reached"
    assert any(re.search(r"/admin/editorial/.*article", path) for path in pages), "no article reader was reached"
    assert any(re.search(r"/admin/(agreements|relations)/\w+/\d+/change/", path) for path in pages)
    broken = {path: status for path, status in pages.items() if status != 200}
    assert not broken, broken
    assert len(pages) > 60, sorted(pages)

    # A feed added through the admin is fetched by the scheduler `make run` started.
    links = [feed_server.url(f"/story-{n}") for n in (1, 2)]
    for n, link in enumerate(links, start=1):
        title = f"Newcomer feed story {n}"
        feed_server.routes[f"/story-{n}"] = Response(
            article_html(title, article_text(7000 + n)).encode(), headers={"Content-Type": "text/html"}
        )
    feed_server.routes["/feed.xml"] = Response(
        rss([{"title": f"Newcomer feed story {n}", "link": link} for n, link in enumerate(links, start=1)]),
        headers={"Content-Type": "application/rss+xml"},
    )
    added = newcomer.post_form(
        "/admin/articles/source/add/",
        {"name": "Local feed", "kind": "feed", "url": feed_server.url("/feed.xml"), "is_active": "on"}
        | {"interval": "00:00:02", "path": "", "pasted_text": "", "_save": "Save"},
    )
    assert added.status_code == 200 and "was added successfully" in added.text, added.text[-2000:]

    def arrived() -> bool:
        titles = {row["title"] for row in api.get("/api/v1/articles/", params={"page_size": 100}).json()["results"]}
        return {"Newcomer feed story 1", "Newcomer feed story 2"} <= titles

    wait_while_progressing(
        arrived,
        lambda: (sum(feed_server.hits.values()), len(newcomer.output())),
        stall=120,
        limit=600,
        message="the scheduler to fetch the feed's articles",
    )

    output = newcomer.output()
    assert "Traceback" not in output, output[-6000:]
    assert not re.search(r'" 5\d\d \d+', output), "the server answered with a server error"
