"""The forms of "New article": paste a text, upload a file, or give a page's URL."""

from __future__ import annotations

from django import forms

# Which form a POST is for: the name of its submit button.
INGEST_WAYS = ("paste", "upload", "url")


class PasteForm(forms.Form):
    title = forms.CharField(max_length=1000, required=False, help_text="Empty: the text's first line.")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), max_length=500_000)
    url = forms.URLField(
        max_length=2000, required=False, assume_scheme="https", label="Original URL", help_text="Optional."
    )
    published_on = forms.DateField(
        required=False, label="Date", widget=forms.DateInput(attrs={"type": "date"}), help_text="Optional."
    )


class UploadForm(forms.Form):
    file = forms.FileField(label="File", help_text="A .txt, .md or .html file.")


class UrlForm(forms.Form):
    page_url = forms.URLField(max_length=2000, assume_scheme="https", label="Page URL")

    def clean_page_url(self) -> str:
        url = self.cleaned_data["page_url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Only http and https pages are fetched.")
        return url
