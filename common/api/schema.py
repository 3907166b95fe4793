"""The OpenAPI schema class: every operation documents what the server really answers.

A consumer (and schemathesis, which the suite runs with every check) learns from the schema:
- that reads need no credentials (`security: [{}]`, so Swagger UI shows no lock; a token or
  the admin session, when sent, is honoured and only widens what you see) and writes do;
- every error as `application/problem+json` (common/api/problems.py): 400 naming the refused
  parameters, 401, 403, 404 (missing, or hidden from you), 405 (another method), 413, 429;
- that a merged actor or agreement answers 307, conditional GETs 304;
- the CSV form of every 200 (`text/csv`: a header row, then one row per item);
- the RateLimit headers, and that `page_size` is 1 to 200 everywhere.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from .pagination import MAX_PAGE_SIZE
from .params import MAX_PARAM_LENGTH
from .problems import PROBLEM_CONTENT_TYPE


class ErrorSerializer(serializers.Serializer[Any]):
    """RFC 9457 problem details: the body of every API error."""

    type = serializers.CharField(help_text="Always `about:blank`: the status code says what kind of problem it is.")
    title = serializers.CharField(help_text="The status's reason phrase.")
    status = serializers.IntegerField(min_value=400, max_value=599)
    detail = serializers.CharField(help_text="What went wrong, in a sentence.")
    # A field named `errors` shadows Serializer.errors in the stubs.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Each refused parameter or body field, with what is wrong and what is allowed.",
    )

    class Meta:
        ref_name = "Problem"


READ_ERRORS = {
    "400": "A refused parameter (unknown, malformed, out of range, NUL byte, too long); `errors` names it.",
    "401": "The credentials given are invalid (no credentials is fine for reads).",
    "405": "This path does not take this method (reads are GET, HEAD and OPTIONS).",
    "429": "Too many requests; retry after the `Retry-After` header.",
}
WRITE_ERRORS = {
    "405": "This path does not take this method.",
    "413": "The request body is too large.",
    "429": "Too many requests; retry after the `Retry-After` header.",
}
RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": {"schema": {"type": "integer"}, "description": "Requests allowed in the current window."},
    "RateLimit-Remaining": {"schema": {"type": "integer"}, "description": "Requests left in the current window."},
    "RateLimit-Reset": {"schema": {"type": "integer"}, "description": "Seconds until the window ends."},
}
CSV_CONTENT = {
    "schema": {
        "type": "string",
        "description": (
            "A header row, then one row per item (nested objects as dotted columns, lists of "
            "values joined with `; `, booleans as true/false); the next page is in the `Link` header."
        ),
    }
}
ANONYMOUS: dict[str, list[str]] = {}


class ApiAutoSchema(AutoSchema):
    """AutoSchema that documents errors, redirects, 304s, CSV, rate limits and anonymous reads."""

    def get_operation(
        self, path: str, path_regex: str, path_prefix: str, method: str, registry: Any
    ) -> dict[str, Any] | None:
        operation: dict[str, Any] | None = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        is_read = self.method == "GET"
        if is_read:
            operation["security"] = [ANONYMOUS]
        for parameter in operation.get("parameters", []):
            if parameter.get("in") != "query":
                continue
            schema = parameter.setdefault("schema", {})
            if parameter.get("name") == "page_size":
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
            elif schema.get("type") == "string" and "enum" not in schema:
                # What check_query_params refuses: empty values and over 1000 characters (and NUL bytes).
                schema.setdefault("minLength", 1)
                limit = self._filter_max_length(parameter["name"]) or MAX_PARAM_LENGTH
                schema["maxLength"] = min(schema.get("maxLength", limit), limit, MAX_PARAM_LENGTH)
        self._complete_responses(operation["responses"], is_read=is_read)
        return operation

    def _filter_max_length(self, name: str) -> int | None:
        """A CharFilter's `max_length`, which drf-spectacular leaves out of the schema."""
        filterset = getattr(self.view, "filterset_class", None)
        found = filterset.base_filters.get(name) if filterset is not None else None
        max_length: int | None = found.extra.get("max_length") if found is not None else None
        return max_length

    def _problem(self, description: str) -> dict[str, Any]:
        problem: dict[str, Any] = self._get_response_for_code(  # type: ignore[no-untyped-call]  # drf-spectacular's
            ErrorSerializer, "400", media_types=[PROBLEM_CONTENT_TYPE]
        )
        return {**problem, "description": description}

    def _complete_responses(self, responses: dict[str, Any], *, is_read: bool) -> None:
        for code, response in responses.items():
            content: dict[str, Any] = response.get("content", {})
            if code.startswith("2"):
                if "text/csv" in content:
                    content["text/csv"] = CSV_CONTENT
                response.setdefault("headers", {}).update(RATE_LIMIT_HEADERS)
            elif code.startswith(("4", "5")):
                # Errors are problem details whatever the Accept header asked for.
                first: dict[str, Any] = next(iter(content.values()), {})
                schema = first.get("schema")
                if schema is not None:
                    response["content"] = {PROBLEM_CONTENT_TYPE: {"schema": schema}}
        errors: dict[str, str] = dict(READ_ERRORS if is_read else WRITE_ERRORS)
        if is_read and "{" in self.path:
            errors["404"] = "No such object, or not one you may see."
            if getattr(self.view, "redirects_merged", False):
                responses.setdefault(
                    "307",
                    {
                        "description": (
                            "Merged into another: `Location` is the survivor's URL, with this request's query. "
                            "Temporary, since a merge can be undone: ask again next time."
                        ),
                        "headers": {"Location": {"schema": {"type": "string", "format": "uri"}}},
                    },
                )
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._problem(description)
        if "429" in responses:
            responses["429"].setdefault("headers", {}).update(
                {
                    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."},
                    **RATE_LIMIT_HEADERS,
                }
            )
        if is_read:
            responses.setdefault(
                "304", {"description": "Not modified since the `If-None-Match` / `If-Modified-Since`."}
            )
