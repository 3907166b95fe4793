"""Validation of query parameters before anything reaches the ORM."""

from __future__ import annotations

from collections.abc import Iterable

from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

MAX_PARAM_LENGTH = 1000

# Understood on every endpoint: DRF's format override and the evidence expansion.
COMMON_PARAMS = frozenset({"format", "include"})
INCLUDE_CHOICES = frozenset({"evidence"})
FORMAT_CHOICES = frozenset({"json", "csv", "api"})


def check_query_params(request: Request, allowed: Iterable[str]) -> None:
    """Refuse unknown parameters, empty values, NUL bytes and oversized values with a 400 that says why."""
    allowed = set(allowed) | COMMON_PARAMS
    errors: dict[str, list[str]] = {}
    for key, values in request.query_params.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            errors.setdefault("query", []).append("Parameters cannot contain NUL bytes.")
            continue
        if key not in allowed:
            errors.setdefault(key[:100], []).append(f"Unknown parameter. Allowed here: {', '.join(sorted(allowed))}.")
            continue
        if any(not value for value in values):
            # `?updated_since=` would otherwise silently mean "no filter" (django-filter skips it).
            errors.setdefault(key, []).append("Empty value. Leave the parameter out instead.")
            continue
        if any(len(value) > MAX_PARAM_LENGTH for value in values):
            errors.setdefault(key, []).append(f"Longer than {MAX_PARAM_LENGTH} characters.")
    fmt = request.query_params.get("format")
    if fmt is not None and "format" not in errors and fmt not in FORMAT_CHOICES:
        errors["format"] = [f"Unknown format. Choose one of: {', '.join(sorted(FORMAT_CHOICES))}."]
    if errors:
        raise ValidationError(errors)


def include_requested(request: Request, name: str) -> bool:
    """Whether `?include=` names `name`; unknown names are a 400."""
    raw = request.query_params.get("include", "")
    names = {part.strip() for part in raw.split(",") if part.strip()}
    unknown = names - INCLUDE_CHOICES
    if unknown:
        raise ValidationError({"include": [f"Unknown value. Choose among: {', '.join(sorted(INCLUDE_CHOICES))}."]})
    return name in names
