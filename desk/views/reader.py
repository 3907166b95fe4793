"""The article reader: the text with each evidence sentence marked, and its facts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from articles.models import Article

from .. import selectors
from ..facts import FACT_TYPES
from ..text import Span, highlight_spans, safe_url
from .authoring import sentence_kinds_for
from .common import page_context


def article_reader_view(request: HttpRequest, site, article_id: int) -> HttpResponse:
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    article = get_object_or_404(Article.objects.select_related("source"), pk=article_id)
    evidence = selectors.article_reader(article)
    spans = [
        Span(e.evidence.start, e.evidence.end, f"evidence-{e.evidence.pk}", f"{len(e.facts)} fact(s)") for e in evidence
    ]
    return TemplateResponse(
        request,
        "admin/editorial/article_reader.html",
        page_context(
            site,
            request,
            article.title or f"Article {article.pk}",
            article=article,
            article_link=safe_url(article.url or article.canonical_url),
            body=highlight_spans(article.text, spans),
            evidence=evidence,
            # A fact from the text (desk/views/authoring.py): the kinds this editor may add, and
            # the kinds whose facts they may move to another sentence.
            sentence_kinds=sentence_kinds_for(request.user),
            may_correct={key for key, t in FACT_TYPES.items() if request.user.has_perm(t.change_permission)},
        ),
    )
