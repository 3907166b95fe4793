"""New article: paste a text, upload a file or give a URL, and land on its reader with its facts."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.ingestion.single import (
    IngestRefused,
    SingleIngestion,
    article_ingest_text,
    article_ingest_upload,
    article_ingest_url,
)

from ..ingest_forms import INGEST_WAYS, PasteForm, UploadForm, UrlForm
from .common import page_context

# Read up to one byte past the limit the service enforces: a larger file is refused, not cut.
UPLOAD_READ_MARGIN = 1


def ingest_view(request: HttpRequest, site) -> HttpResponse:
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    paste, upload, url = PasteForm(prefix="paste"), UploadForm(prefix="upload"), UrlForm(prefix="url")
    duplicate = None
    if request.method == "POST":
        way = next((w for w in INGEST_WAYS if w in request.POST), "")
        form: forms.Form
        if way == "paste":
            form = paste = PasteForm(request.POST, prefix="paste")
        elif way == "upload":
            form = upload = UploadForm(request.POST, request.FILES, prefix="upload")
        elif way == "url":
            form = url = UrlForm(request.POST, prefix="url")
        else:
            messages.error(request, "Choose how to add the article: paste, upload or URL.")
            return HttpResponseRedirect(reverse("admin:editorial_ingest"))
        if form.is_valid():
            try:
                result = _ingest(way, form)
            except IngestRefused as error:
                form.add_error(None, str(error))
            else:
                if result.article is None:
                    form.add_error(None, f"The article could not be read: {result.reason}.")
                elif result.is_duplicate:
                    duplicate = result.article
                else:
                    return _to_reader(request, result)
    return TemplateResponse(
        request,
        "admin/editorial/ingest.html",
        page_context(site, request, "New article", paste=paste, upload=upload, url=url, duplicate=duplicate),
    )


def _ingest(way: str, form: forms.Form) -> SingleIngestion:
    data = form.cleaned_data
    if way == "paste":
        return article_ingest_text(
            text=data["text"], title=data["title"], url=data["url"], published_on=data["published_on"]
        )
    if way == "upload":
        uploaded = data["file"]
        return article_ingest_upload(
            name=uploaded.name, data=uploaded.read(settings.FETCH_MAX_BYTES + UPLOAD_READ_MARGIN)
        )
    return article_ingest_url(url=data["page_url"])


def _to_reader(request: HttpRequest, result: SingleIngestion) -> HttpResponse:
    assert result.article is not None
    title = result.article.title or f"article {result.article.pk}"
    messages.success(request, f"Added “{title}”; its facts wait in the review queue.")
    if result.extraction_note:
        messages.warning(request, result.extraction_note)
    return HttpResponseRedirect(reverse("admin:editorial_article_reader", args=[result.article.pk]))
