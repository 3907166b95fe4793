"""The served app answers over real HTTP."""

import httpx
import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_served_app_answers_admin_login_and_api_root(live_server):
    with httpx.Client(base_url=live_server.url, timeout=120) as client:
        login = client.get("/admin/login/")
        assert login.status_code == 200
        assert "csrfmiddlewaretoken" in login.text
        api = client.get("/api/v1/", headers={"Accept": "application/json"})
        assert api.status_code == 200
        assert api.headers["content-type"].startswith("application/json")


def test_the_browsers_favicon_request_finds_the_desks_icon(live_server):
    with httpx.Client(base_url=live_server.url, timeout=120, follow_redirects=True) as client:
        icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg")
