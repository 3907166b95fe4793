"""A fact from the text: a new fact read from a sentence of the article reader, and a fact's
evidence moved to the right sentence. Both write through services that log the correction."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles.models import Article, Evidence
from curated.services import fact_create_from_sentence
from relations.services import ReviewError, fact_evidence_correct

from ..authoring import SENTENCE_KINDS, SentenceSelection, article_relationship, prefill, sentence_selection
from ..authoring_forms import SENTENCE_FORMS, EvidenceCorrectionForm, SentenceFactForm
from ..facts import FACT_TYPES, parse_fact_key
from ..text import paragraph_around
from .common import page_context


def add_permission(kind: str) -> str:
    meta = FACT_TYPES[kind].model._meta
    return f"{meta.app_label}.add_{meta.model_name}"


def sentence_kinds_for(user: Any) -> dict[str, str]:
    """The kinds this user may make from a sentence (those whose model they may add)."""
    return {kind: label for kind, label in SENTENCE_KINDS.items() if user.has_perm(add_permission(kind))}


def _reader_url(article: Article, evidence: Evidence | None = None) -> str:
    url = reverse("admin:editorial_article_reader", args=[article.pk])
    return f"{url}#evidence-{evidence.pk}" if evidence is not None else url


def _offset(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def _selection(article: Article, start: int | None, end: int | None) -> SentenceSelection:
    """The sentence around the span the editor selected; ValueError (said to the editor) without one."""
    if start is None or end is None or end < start:
        raise ValueError("Select a sentence or a span of it in the text first.")
    return sentence_selection(article, start, end)


def _form_class(request: HttpRequest, kind: str) -> type[SentenceFactForm]:
    if kind not in SENTENCE_FORMS:
        raise ValueError(f"Choose what the sentence reports: {', '.join(SENTENCE_KINDS.values())}.")
    if not request.user.has_perm(add_permission(kind)):
        raise PermissionDenied
    return SENTENCE_FORMS[kind]


def _make_form(form_class: type[SentenceFactForm], data: Any, article: Article, **kwargs: Any) -> SentenceFactForm:
    if form_class is SENTENCE_FORMS["status_change"]:
        kwargs["relationship"] = article_relationship(article)
    return form_class(data, **kwargs)


def _render(
    request: HttpRequest, site, article: Article, kind: str, selection: SentenceSelection, form
) -> HttpResponse:
    return TemplateResponse(
        request,
        "admin/editorial/article_new_fact.html",
        page_context(
            site,
            request,
            f"New {SENTENCE_KINDS[kind].lower()} from a sentence",
            article=article,
            kind=kind,
            kinds=sentence_kinds_for(request.user),
            selection=selection,
            paragraph=paragraph_around(article.text, selection.sentence_start, selection.sentence_end),
            form=form,
            reader_url=_reader_url(article),
            may_approve=request.user.has_perm(FACT_TYPES[kind].change_permission),
        ),
    )


def fact_from_text_view(request: HttpRequest, site, article_id: int, kind: str) -> HttpResponse:
    """The form for a new fact, pre-filled from the span the editor selected in the reader."""
    article = get_object_or_404(Article, pk=article_id)
    try:
        form_class = _form_class(request, kind)
        start, end = _offset(request.GET.get("start")), _offset(request.GET.get("end"))
        selection = _selection(article, start, end)
    except ValueError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(_reader_url(article))
    initial = {**prefill(kind, selection, article_relationship(article)), "start": start, "end": end}
    form = _make_form(form_class, None, article, initial=initial)
    return _render(request, site, article, kind, selection, form)


@require_POST
def fact_from_text_save_view(request: HttpRequest, site, article_id: int, kind: str) -> HttpResponse:
    article = get_object_or_404(Article, pk=article_id)
    try:
        form_class = _form_class(request, kind)
    except ValueError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(_reader_url(article))
    form = _make_form(form_class, request.POST, article)
    valid = form.is_valid()
    start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")
    try:
        selection = _selection(article, start, end)
    except ValueError as error:
        # Without a sentence there is nothing to show the form beside: back to the reader.
        messages.error(request, str(error))
        return HttpResponseRedirect(_reader_url(article))
    if not valid:
        return _render(request, site, article, kind, selection, form)
    approve = form.cleaned_data["approve_now"]
    if approve and not request.user.has_perm(FACT_TYPES[kind].change_permission):
        raise PermissionDenied
    try:
        fact = fact_create_from_sentence(
            kind=kind,
            article=article,
            start=selection.start,
            end=selection.end,
            values=form.values(),
            prefilled=prefill(kind, selection, article_relationship(article)),
            user=request.user,
            approve=approve,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return _render(request, site, article, kind, selection, form)
    except ReviewError as error:
        form.add_error(None, str(error))
        return _render(request, site, article, kind, selection, form)
    evidence = fact.evidence.first()  # the one sentence it was made from
    state = "approved" if approve else "pending in the review queue"
    messages.success(request, f"Saved {SENTENCE_KINDS[kind].lower()} “{fact}”, {state}.")
    return HttpResponseRedirect(_reader_url(article, evidence))


@require_POST
def evidence_correct_view(request: HttpRequest, site, article_id: int) -> HttpResponse:
    """Move one fact's evidence to the sentence the editor selected instead."""
    article = get_object_or_404(Article, pk=article_id)
    form = EvidenceCorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(_reader_url(article))
    try:
        fact_type, pk = parse_fact_key(form.cleaned_data["fact"])
    except ValueError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(_reader_url(article))
    if not request.user.has_perm(fact_type.change_permission):
        raise PermissionDenied
    fact = get_object_or_404(fact_type.model, pk=pk)
    evidence = get_object_or_404(Evidence, pk=form.cleaned_data["evidence"], article=article)
    try:
        fact = fact_evidence_correct(
            fact=fact,
            evidence=evidence,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            user=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except ReviewError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(_reader_url(article, evidence))
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    moved = fact.evidence.filter(article=article, start__lte=start, end__gte=end).order_by("-id").first()
    messages.success(request, f"{fact_type.label} “{fact}” now cites the sentence you selected.")
    return HttpResponseRedirect(_reader_url(article, moved))
