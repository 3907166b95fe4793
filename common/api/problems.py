"""One error format for the whole API: RFC 9457 problem details (`application/problem+json`).

Every error under /api/ has `type` (always `about:blank`: the status code says what kind of
problem it is), `title` (the status's reason phrase), `status`, `detail` (one human-readable
sentence) and, when parameters or body fields were refused, `errors`: each offending name
with what is wrong and what is allowed (`{"page_size": ["Must be an integer from 1 to 200."]}`).

Three layers produce it, so that no setting (DEBUG on or off) and no failure point (a view,
DRF, Django's own request parsing, a middleware, the URL resolver) escapes:
- `exception_handler`, DRF's EXCEPTION_HANDLER, for everything raised inside an API view;
- `ProblemDetailsMiddleware`, outermost, which refuses oversized bodies before anything reads
  them and rewrites any other error response under /api/ (Django's DEBUG pages, handler404,
  handler500, a RuntimeError in a middleware) into a problem with the same status;
- `ApiCommonMiddleware`, which redirects a POST to `.../approve` to `.../approve/` with a 308
  instead of raising APPEND_SLASH's RuntimeError under DEBUG.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.http.response import HttpResponseBase
from django.middleware.common import CommonMiddleware
from django.utils.http import escape_leading_slashes
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"
# Headers of an error worth keeping when it is rewritten (what to retry, how to authenticate).
KEPT_HEADERS = (
    "WWW-Authenticate",
    "Retry-After",
    "Allow",
    "Location",
    "Vary",
    "Cache-Control",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
)

GENERIC_DETAIL = {
    400: "The request is malformed.",
    401: "Authentication credentials were not provided or are invalid.",
    403: "You do not have permission to do this.",
    404: "Not found.",
    405: "This method is not allowed here.",
    406: "No representation of this resource is acceptable to the client.",
    409: "The resource changed.",
    413: "The request body is too large.",
    415: "Unsupported media type.",
    429: "Too many requests.",
    500: "The server failed to answer this request; the failure is logged.",
}


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


def problem_body(
    status: int, detail: str | None = None, errors: dict[str, list[str]] | None = None
) -> dict[str, object]:
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body: dict[str, object] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail or GENERIC_DETAIL.get(status, title),
    }
    if errors:
        body["errors"] = errors
    return body


def problem_response(
    status: int,
    detail: str | None = None,
    errors: dict[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(problem_body(status, detail, errors), ensure_ascii=False),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _messages(value: object) -> list[str]:
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, inner in value.items() for message in _messages(inner)]
    if isinstance(value, list | tuple):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def _from_drf_data(data: object) -> tuple[str | None, dict[str, list[str]] | None]:
    """DRF error data -> (detail, errors). `{"detail": ...}` is a sentence; other keys name parameters."""
    if isinstance(data, dict):
        errors = {
            str(key): _messages(value) for key, value in data.items() if key not in ("detail", "non_field_errors")
        }
        sentences = _messages(data.get("detail", [])) + _messages(data.get("non_field_errors", []))
        if errors and not sentences:
            sentences = [f"{name}: {message}" for name, messages in errors.items() for message in messages[:1]]
        return (" ".join(sentences) or None), (errors or None)
    return (" ".join(_messages(data)) or None), None


def exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse | None:
    """DRF's handler, answering problem details. No model or class name reaches the message."""
    if isinstance(exc, Http404):
        # Django's get_object_or_404 names the model ("No Actor matches the given query.").
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        return problem_response(413)
    elif isinstance(exc, TooManyFieldsSent):
        return problem_response(400, f"Too many parameters: at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} are read.")
    elif isinstance(exc, SuspiciousOperation):
        return problem_response(400)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a server error: logged by Django, rewritten by the middleware
    detail, errors = _from_drf_data(response.data)
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return problem_response(response.status_code, detail, errors, headers)


class ProblemDetailsMiddleware:
    """Outermost: every error response under /api/ becomes a problem, whatever produced it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_api_path(request.path_info):
            return self.get_response(request)
        too_big = self._body_too_big(request)
        if too_big is not None:
            return too_big
        response = self.get_response(request)
        if response.status_code < 400 or response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
            return response
        detail = None
        streaming = getattr(response, "streaming", False)
        if (
            not streaming
            and response.get("Content-Type", "").startswith("application/json")
            and response.status_code < 500
        ):
            try:
                detail, _ = _from_drf_data(json.loads(cast(HttpResponse, response).content))
            except (ValueError, TypeError):
                detail = None
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        return problem_response(response.status_code, detail, None, headers)

    @staticmethod
    def _body_too_big(request: HttpRequest) -> HttpResponse | None:
        # DRF's parsers read the body straight from the stream, past Django's size check.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem_response(400, "Content-Length is not a number.")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return problem_response(413, f"The request body is larger than {limit} bytes.")
        return None


class HttpResponsePermanentRedirectKeepMethod(HttpResponsePermanentRedirect):
    status_code = 308


class ApiCommonMiddleware(CommonMiddleware):
    """CommonMiddleware, except that an API write to a path missing its trailing slash is
    redirected with 308 (method and body kept) instead of Django's RuntimeError (DEBUG) or a
    301 that turns the POST into a GET (DEBUG off)."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if (
            is_api_path(request.path_info)
            and request.method not in ("GET", "HEAD")
            and response.status_code == 404
            and self.should_redirect_with_slash(request)
        ):
            return HttpResponsePermanentRedirectKeepMethod(
                escape_leading_slashes(request.get_full_path(force_append_slash=True))
            )
        return super().process_response(request, response)
