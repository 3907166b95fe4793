"""What the desk's browser tests share besides fixtures: where Chromium is, where screenshots go, logging in."""

import re
from pathlib import Path

from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
# A bound on each browser step, not a pace: Chromium shares two cores with the rest of the suite.
TIMEOUT_MS = 120_000


def login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
