"""The audit log's filter form: it validates the GET parameters and nothing else."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from relations.history import SEED_EDITOR_USERNAME

from .audit import ACTION_CHOICES, AuditFilters
from .facts import FACT_TYPES


class EditorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class AuditFilterForm(forms.Form):
    editor = EditorChoiceField(
        # Whoever can enter the admin, and the account the seed decisions are credited to.
        queryset=get_user_model()
        .objects.filter(Q(is_staff=True) | Q(username=SEED_EDITOR_USERNAME))
        .order_by("username"),
        required=False,
        empty_label="anyone",
    )
    action = forms.ChoiceField(choices=[("", "any action"), *ACTION_CHOICES], required=False)
    kind = forms.ChoiceField(required=False)
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    # A page reads every kind's history up to its end: far pages are narrowed by date instead.
    page = forms.IntegerField(min_value=1, max_value=1000, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the kinds the user may view are offered (and accepted).
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", "any kind"),
            *((k, FACT_TYPES[k].label) for k in kinds),
        ]
        self.kinds = kinds

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start date is after the end date.")
        return data

    def to_filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            kinds=[data["kind"]] if data.get("kind") else list(self.kinds),
            editor_id=data["editor"].pk if data.get("editor") else None,
            action=data.get("action") or None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
