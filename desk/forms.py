"""Forms of the editorial desk: they validate input and nothing else."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from agreements.models import Sector
from articles.models import Source
from relations.curation import ReviewStatus
from relations.models import Relationship

from .facts import FACT_TYPES
from .selectors import DEFAULT_ORDER, QUEUE_ORDERS, QueueFilters

PER_PAGE_CHOICES = [(10, "10"), (20, "20"), (50, "50")]

# Offered as suggestions beside every reason box (any other text is accepted too).
REJECTION_REASONS = [
    "Not about this relationship",
    "Duplicate of another fact",
    "Wrong value, unit or period",
    "Speculation or opinion, not a fact",
    "Misread: the sentence says something else",
    "Not an agreement",
    "Not an event",
]

# What the history says of a decision taken back from the queue without a typed reason.
REOPEN_REASON = "reopened from the queue"


class QueueFilterForm(forms.Form):
    types = forms.MultipleChoiceField(
        choices=[(t.key, t.label) for t in FACT_TYPES.values()], required=False, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(choices=ReviewStatus.choices, required=False, initial=ReviewStatus.PENDING)
    relationship = forms.ModelChoiceField(queryset=Relationship.objects.all(), required=False)
    sector = forms.ChoiceField(choices=[("", "any sector"), *Sector.choices], required=False)
    source = forms.ModelChoiceField(queryset=Source.objects.all(), required=False)
    date_from = forms.DateField(required=False, label="Article from", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="Article to", widget=forms.DateInput(attrs={"type": "date"}))
    max_confidence = forms.FloatField(
        required=False, min_value=0, max_value=1, label="Confidence at most", widget=forms.NumberInput({"step": "0.05"})
    )
    q = forms.CharField(required=False, max_length=200, label="Search")
    order = forms.ChoiceField(
        choices=[(order.key, order.label) for order in QUEUE_ORDERS.values()],
        required=False,
    )
    claims = forms.ChoiceField(
        choices=[("available", "Unclaimed or mine"), ("mine", "Claimed by me"), ("all", "All")], required=False
    )
    per_page = forms.TypedChoiceField(
        choices=PER_PAGE_CHOICES,
        coerce=int,
        required=False,
        empty_value=20,  # type: ignore[arg-type]  # the stubs allow only a str, Django takes any value
        initial=20,
    )
    page = forms.IntegerField(min_value=1, required=False)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            # A bound form shows what it was given, not its initial values: a query that leaves
            # a field out (e.g. ?types=event) gets the default the queue applies, so the page
            # shows "20 per page" when it lists 20, not the first choice.
            data = data.copy()
            for name, field in self.base_fields.items():
                if name not in data and field.initial is not None:
                    data[name] = field.initial
        super().__init__(data, *args, **kwargs)

    def to_filters(self) -> QueueFilters:
        data = self.cleaned_data
        return QueueFilters(
            types=data.get("types") or list(FACT_TYPES),
            status=data.get("status") or ReviewStatus.PENDING,
            relationship=data.get("relationship"),
            sector=data.get("sector") or "",
            source=data.get("source"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            max_confidence=data.get("max_confidence"),
            q=(data.get("q") or "").strip(),
            order=data.get("order") or DEFAULT_ORDER,
            claims=data.get("claims") or "available",
        )


class DecisionForm(forms.Form):
    ACTIONS = ["approve", "reject", "claim", "release", "reopen"]

    fact = forms.CharField(max_length=50)
    version = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    reason = forms.CharField(required=False, max_length=2000)

    def clean(self):
        data = cast(dict[str, Any], super().clean())
        if data.get("action") == "reject" and not (data.get("reason") or "").strip():
            raise forms.ValidationError("A rejection needs a reason.")
        if data.get("action") == "reopen" and not (data.get("reason") or "").strip():
            data["reason"] = REOPEN_REASON
        return data


class BulkDecisionForm(forms.Form):
    facts = forms.MultipleChoiceField(required=False, choices=[])  # choices checked against the queue keys
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    reason = forms.CharField(required=False, max_length=2000)
    scope = forms.ChoiceField(choices=[("selected", "selected"), ("matching", "matching")], initial="selected")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any "type:id" string is acceptable here; the view resolves and checks each one.
        cast(forms.MultipleChoiceField, self.fields["facts"]).valid_value = lambda value: True  # type: ignore[method-assign]

    def clean(self):
        data = cast(dict[str, Any], super().clean())
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            raise forms.ValidationError("A rejection needs a reason.")
        if data.get("scope") == "selected" and not data.get("facts"):
            raise forms.ValidationError("Select at least one fact, or apply to everything matching the filters.")
        return data


class MergeForm(forms.Form):
    survivor = forms.IntegerField()
    merged = forms.IntegerField()

    def clean(self):
        data = cast(dict[str, Any], super().clean())
        if data.get("survivor") is not None and data.get("survivor") == data.get("merged"):
            raise forms.ValidationError("Pick two different records.")
        return data


class AsOfForm(forms.Form):
    """The dashboard's and the conflicts page's "as known on" date (GET ?as_of=YYYY-MM-DD)."""

    as_of = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        label="As known on",
        error_messages={"invalid": "Enter the date as YYYY-MM-DD."},
    )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        # The bounds keep the end-of-day arithmetic and the charts' timestamps in range.
        if day is not None and not 1900 <= day.year <= 2999:
            raise forms.ValidationError("Choose a date between 1900 and 2999 as YYYY-MM-DD.")
        return day


class DistinctionUndoForm(forms.Form):
    """Taking back a "not the same" judgement; the reason is optional."""

    distinction = forms.IntegerField(min_value=1)
    reason = forms.CharField(required=False, max_length=500)
