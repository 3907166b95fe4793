"""ETag and Last-Modified for every GET, and the 304 answers they allow.

- ETag: a hash of the rendered body, so it is right by construction whatever changed,
  including nested facts, merges and withdrawals (the body is still built, but not sent).
- Last-Modified: the data watermark, the latest moment anything the reader may see was
  written (for anonymous readers the changes feed's latest entry; for Editors and Viewers also the
  history rows of every fact), rounded up to the second. It is global, not per object:
  coarse but never stale. It is only sent once it is at least a second old, so a change in
  the same second cannot hide behind it.
  If-Modified-Since is answered before any list query runs.
"""

from __future__ import annotations

import datetime
import hashlib
import math
from typing import cast

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.module_loading import import_string
from rest_framework.response import Response


def watermark_timestamp(*, user: AbstractBaseUser | AnonymousUser | None = None) -> int | None:
    """The data watermark as an HTTP timestamp, or None when too recent (or no data) to promise.

    The watermark is app knowledge: the function named by the `API_WATERMARK` setting
    (the latest moment anything `user` may see was written) gives it.
    """
    watermark: datetime.datetime | None = import_string(settings.API_WATERMARK)(user=user)
    if watermark is None or timezone.now() - watermark < datetime.timedelta(seconds=1):
        return None
    return math.ceil(watermark.timestamp())


def not_modified_since(request: HttpRequest, last_modified: int | None) -> bool:
    """True when If-Modified-Since alone (no If-None-Match) proves the client is current."""
    if last_modified is None or request.headers.get("If-None-Match"):
        return False
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and last_modified <= since


def apply_validators(request: HttpRequest, response: Response, last_modified: int | None) -> HttpResponse:
    """Render, tag with ETag/Last-Modified, and turn the response into a 304 when the client is current."""
    response.render()
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # Never None when given a response: it is returned as it is, or a 304/412 instead.
    return cast(
        HttpResponse,
        get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response),
    )


def vary_and_cache(response: HttpResponseBase) -> None:
    # What a user may see depends on who asks: shared caches must key on the credentials.
    patch_vary_headers(response, ("Accept", "Authorization", "Cookie"))
    response.setdefault("Cache-Control", "no-cache")
