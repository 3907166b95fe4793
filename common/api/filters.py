"""Filter pieces every filterset shares: strict validation and bounded id lists."""

from __future__ import annotations

import datetime
from typing import Any, cast

import django_filters
from django import forms
from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

MAX_IDS = 200
MAX_ID = 2**63 - 1


class IdListField(forms.CharField):
    """`1,2,3`: up to 200 positive integers that fit a bigint."""

    def clean(self, value: Any) -> list[int] | None:
        value = super().clean(value)
        if not value:
            return None
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if len(parts) > MAX_IDS:
            raise forms.ValidationError(f"At most {MAX_IDS} ids.")
        if not all(part.isascii() and part.isdigit() and 0 < int(part) <= MAX_ID for part in parts):
            raise forms.ValidationError("Ids must be positive integers separated by commas, e.g. 1,2,3.")
        return [int(part) for part in parts]


@extend_schema_field(
    {
        "type": "string",
        # Positive integers of up to 18 digits (a bigint), up to 200 of them.
        "pattern": r"^[1-9][0-9]{0,17}(,[1-9][0-9]{0,17}){0,199}$",
        "example": "1,2,3",
        "description": "Comma-separated ids, e.g. 1,2,3 (at most 200).",
    }
)
class IdListFilter(django_filters.Filter):  # type: ignore[misc]  # django-filter has no types
    field_class = IdListField

    def filter(self, qs: QuerySet[Any], value: list[int] | None) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):  # type: ignore[misc]  # django-filter has no types
    """One id: an integer that fits a bigint, refused (400) otherwise rather than failing in the database."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class UtcDateTimeField(IsoDateTimeField):  # type: ignore[misc]  # django-filter has no types
    """ISO 8601, normalised to UTC: PostgreSQL refuses offsets Python accepts (e.g. +19:42)."""

    def clean(self, value: Any) -> datetime.datetime | None:
        value = super().clean(value)
        if value is None:
            return None
        try:
            return cast(datetime.datetime, value).astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError("Out of range.") from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):  # type: ignore[misc]  # django-filter has no types
    field_class = UtcDateTimeField


@extend_schema_field({"type": "boolean"})
class StrictBooleanFilter(django_filters.BooleanFilter):  # type: ignore[misc]  # django-filter has no types
    """`true` or `false`; anything else is a 400 instead of being silently ignored."""

    field_class = forms.TypedChoiceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("coerce", lambda value: value == "true")
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)


def changed_since(*, field: str, resource: str, value: datetime.datetime) -> Q:
    """`updated_since`: the row's own time column at or after `value`, or its public form changed
    at or after it (when the changes feed last published a change of it: a nested actor renamed,
    a status change approved, evidence becoming citable). Rows the public never saw change only
    through the column, so a pending edit moves nothing public."""
    state = apps.get_model("agreements", "PublishedState")  # an app's model: looked up by label, never imported
    changed = state.objects.filter(resource=resource, object_id=OuterRef("pk"), changed_at__gte=value)
    # Q | Exists is a Q at run time; the stubs say Combinable.
    return cast(Q, Q(**{f"{field}__gte": value}) | Exists(changed))


class ChangedSinceFilter(UtcDateTimeFilter):
    """`updated_since` through `changed_since` for one resource of the changes feed."""

    def __init__(self, *args: Any, resource: str, **kwargs: Any) -> None:
        self.resource = resource
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: datetime.datetime | None) -> QuerySet[Any]:
        if value is None:
            return qs
        return qs.filter(changed_since(field=self.field_name, resource=self.resource, value=value))
