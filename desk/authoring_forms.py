"""Forms of "a new fact from this sentence" and "cite another sentence": they validate input
and nothing else; their field names are the create services' keyword arguments."""

from __future__ import annotations

from typing import Any

from django import forms

from agreements.models import Agreement, AgreementStatus, Sector
from articles.models import DatePrecision
from relations.models import EventKind, Metric, ObservationKind, Relationship

DATE = forms.DateInput(attrs={"type": "date"})


class SentenceFactForm(forms.Form):
    """What every kind's form carries: the span it was read from and "approve now"."""

    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    approve_now = forms.BooleanField(
        required=False, label="Approve now", help_text="Otherwise it waits in the review queue."
    )

    SPAN_FIELDS = ("start", "end", "approve_now")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") is not None and data.get("end") is not None and data["end"] < data["start"]:
            raise forms.ValidationError("The selection ends before it starts; select the text again.")
        return data

    def values(self) -> dict[str, Any]:
        """The fact's own fields, as the create service takes them."""
        return {name: value for name, value in self.cleaned_data.items() if name not in self.SPAN_FIELDS}


def _relationship_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=Relationship.objects.all(), empty_label=None)


class AgreementFactForm(SentenceFactForm):
    title = forms.CharField(max_length=500)
    relationship = _relationship_field()
    sector = forms.ChoiceField(choices=Sector.choices)
    keys = forms.CharField(
        required=False,
        max_length=500,
        label="Distinctive names",
        help_text="Comma-separated, e.g. 'S-400, Triumf': how extraction finds it again.",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_keys(self) -> list[str]:
        return [k.strip() for k in (self.cleaned_data.get("keys") or "").split(",") if k.strip()]


class StatusChangeFactForm(SentenceFactForm):
    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.filter(merged_into__isnull=True).order_by("title", "id"),
        help_text="The agreement whose status the sentence reports.",
    )
    status = forms.ChoiceField(choices=AgreementStatus.choices)
    effective_on = forms.DateField(
        required=False, widget=DATE, help_text="The date the sentence gives; leave empty when it gives none."
    )

    def __init__(self, *args: Any, relationship: Relationship | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if relationship is not None:
            field = self.fields["agreement"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Agreement.objects.filter(merged_into__isnull=True, relationship=relationship).order_by(
                "title", "id"
            )


class ObservationFactForm(SentenceFactForm):
    metric = forms.ModelChoiceField(queryset=Metric.objects.all())
    relationship = _relationship_field()
    kind = forms.ChoiceField(choices=ObservationKind.choices)
    value = forms.DecimalField(
        min_value=0, max_digits=30, decimal_places=4, help_text="In base units: $65 billion is 65000000000."
    )
    unit = forms.CharField(max_length=50, help_text="ISO 4217 code for money (USD, INR, RUB), else the counted noun.")
    qualifier = forms.CharField(required=False, max_length=50)
    period_label = forms.CharField(required=False, max_length=100, help_text="As stated, e.g. '2024'.")
    period_start = forms.DateField(required=False, widget=DATE)
    period_end = forms.DateField(required=False, widget=DATE)
    reported_on = forms.DateField(required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The period ends before it starts.")
        return data


class EventFactForm(SentenceFactForm):
    title = forms.CharField(max_length=500)
    relationship = _relationship_field()
    kind = forms.ChoiceField(choices=EventKind.choices)
    date = forms.DateField(required=False, widget=DATE)
    date_precision = forms.ChoiceField(choices=DatePrecision.choices, initial=DatePrecision.UNKNOWN)
    place = forms.CharField(required=False, max_length=300)


SENTENCE_FORMS: dict[str, type[SentenceFactForm]] = {
    "agreement": AgreementFactForm,
    "status_change": StatusChangeFactForm,
    "observation": ObservationFactForm,
    "event": EventFactForm,
}


class EvidenceCorrectionForm(forms.Form):
    """Cite another sentence of the same article instead of a wrong one."""

    fact = forms.CharField(max_length=50)
    evidence = forms.IntegerField(min_value=1)
    version = forms.IntegerField(min_value=1)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") is not None and data.get("end") is not None and data["end"] < data["start"]:
            raise forms.ValidationError("The selection ends before it starts; select the text again.")
        return data
