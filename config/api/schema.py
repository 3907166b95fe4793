"""The OpenAPI schema class: every read documents the answers it can give besides 200.

A consumer (and schemathesis, which checks that every status code and body is documented)
learns from the schema that a bad parameter is a 400 naming it, that a hidden or missing
object is a 404, that a merged one is a 307, that conditional GETs may answer 304 and that
anonymous clients may be throttled (429).
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


# {"page_size": ["Must be an integer from 1 to 200."], ...}: each bad parameter, and why.
PARAMETER_ERRORS = {
    "type": "object",
    "description": "Each refused parameter, with what is wrong and what is allowed.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "minProperties": 1,
}

READ_ERRORS = {
    "400": (PARAMETER_ERRORS, "A refused parameter (unknown, malformed, out of range, NUL byte, too long)."),
    "401": (ErrorSerializer, "The credentials given are invalid (no credentials is fine for reads)."),
    "429": (ErrorSerializer, "Too many anonymous requests; retry after the `Retry-After` header."),
}


class ApiAutoSchema(AutoSchema):
    """AutoSchema that adds the error, redirect and not-modified answers to every GET."""

    def _get_response_bodies(self, direction="response") -> dict:
        responses = super()._get_response_bodies(direction)
        if self.method != "GET" or direction != "response":
            return responses
        errors = dict(READ_ERRORS)
        if "{" in self.path:
            errors["404"] = (ErrorSerializer, "No such object, or not one you may see.")
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
        for code, (serializer, description) in errors.items():
            if code not in responses:
                responses[code] = {**self._get_response_for_code(serializer, code), "description": description}
        responses.setdefault("304", {"description": "Not modified since the `If-None-Match` / `If-Modified-Since`."})
        return responses
