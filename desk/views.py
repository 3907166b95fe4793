"""The editorial desk's views: thin, they check permissions, call a selector or a service, and render.

Every view is wrapped by `admin_site.admin_view` (staff login, CSRF, no caching); every
write also checks the model permission here, on the server, whatever the page showed.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from agreements.merging import (
    agreement_merge,
    agreement_merge_candidates,
    agreements_mark_distinct,
)
from agreements.models import Agreement
from articles.models import Article
from curated import registry
from relations.conflicts import observation_conflicts, observation_mark_preferred
from relations.merging import actor_merge, actor_merge_candidates, actors_mark_distinct
from relations.models import Actor, MetricObservation, Relationship
from relations.observations import group_key
from relations.services import (
    ReviewError,
    fact_approve,
    fact_claim,
    fact_reject,
    fact_release,
    facts_bulk_review,
)

from . import selectors
from .facts import FACT_TYPES, parse_fact_key
from .forms import REJECTION_REASONS, BulkDecisionForm, DecisionForm, MergeForm, QueueFilterForm
from .text import Span, highlight_spans, safe_url

# The most a bulk decision "on everything matching the filters" covers at once.
BULK_LIMIT = 200

# Kinds whose duplicates editors merge (those whose rows keep a pointer to their survivor).
MERGEABLE = {kind.key: (kind.model, kind.change_permission) for kind in registry.KINDS if kind.mergeable}


def _context(site, request: HttpRequest, title: str, **extra) -> dict:
    return {**site.each_context(request), "title": title, **extra}


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


def _require_any_view(request: HttpRequest) -> None:
    if not any(request.user.has_perm(t.view_permission) for t in FACT_TYPES.values()):
        raise PermissionDenied


# --- The review queue -------------------------------------------------------------------


def queue_view(request: HttpRequest, site) -> HttpResponse:
    _require_any_view(request)
    form = QueueFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        filters, per_page, page = form.to_filters(), form.cleaned_data["per_page"] or 20, form.cleaned_data["page"] or 1
    else:
        filters, per_page, page = selectors.QueueFilters(), 20, 1
    filters.types = [k for k in filters.types if request.user.has_perm(FACT_TYPES[k].view_permission)]
    result = selectors.queue_page(filters=filters, user=request.user, page=page, per_page=per_page)
    may_decide = {k: request.user.has_perm(t.change_permission) for k, t in FACT_TYPES.items()}
    for item in result.items:
        item.may_decide = may_decide[item.fact_type.key]
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "admin/editorial/queue.html",
        _context(
            site,
            request,
            "Review queue",
            form=form,
            page=result,
            may_decide=may_decide,
            may_decide_any=any(may_decide.values()),
            backlog=selectors.backlog_counts(),
            count_cap=selectors.COUNT_CAP,
            base_query=query.urlencode(),
            rejection_reasons=REJECTION_REASONS,
            here=request.get_full_path(),
        ),
    )


@require_POST
def decide_view(request: HttpRequest, site) -> HttpResponse:
    back = _next_url(request, reverse("admin:editorial_queue"))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(back)
    try:
        fact_type, pk = parse_fact_key(form.cleaned_data["fact"])
    except ValueError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(back)
    if not request.user.has_perm(fact_type.change_permission):
        raise PermissionDenied
    fact = get_object_or_404(fact_type.model, pk=pk)
    action, version = form.cleaned_data["action"], form.cleaned_data["version"]
    try:
        if action == "approve":
            fact_approve(fact=fact, user=request.user, expected_version=version)
            messages.success(request, f"Approved {fact_type.label.lower()} “{fact}”.")
        elif action == "reject":
            fact_reject(fact=fact, user=request.user, reason=form.cleaned_data["reason"], expected_version=version)
            messages.success(request, f"Rejected {fact_type.label.lower()} “{fact}”.")
        elif action == "claim":
            fact_claim(fact=fact, user=request.user, expected_version=version)
            messages.success(request, f"You claimed {fact_type.label.lower()} “{fact}”.")
        else:
            fact_release(fact=fact, user=request.user)
            messages.success(request, f"Released {fact_type.label.lower()} “{fact}”.")
    except ReviewError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(back)


@require_POST
def bulk_view(request: HttpRequest, site) -> HttpResponse:
    if not any(request.user.has_perm(t.change_permission) for t in FACT_TYPES.values()):
        raise PermissionDenied
    back = _next_url(request, reverse("admin:editorial_queue"))
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(back)
    if form.cleaned_data["scope"] == "matching":
        filters_form = QueueFilterForm(request.POST)
        if not filters_form.is_valid():
            messages.error(request, "The filters are not valid; nothing was decided.")
            return HttpResponseRedirect(back)
        filters = filters_form.to_filters()
        if any(not request.user.has_perm(FACT_TYPES[k].change_permission) for k in filters.types):
            raise PermissionDenied
        facts = selectors.queue_facts_matching(filters=filters, user=request.user, limit=BULK_LIMIT)
    else:
        wanted: dict[str, list[int]] = {}
        for key in form.cleaned_data["facts"]:
            try:
                fact_type, pk = parse_fact_key(key)
            except ValueError as error:
                messages.error(request, str(error))
                return HttpResponseRedirect(back)
            if not request.user.has_perm(fact_type.change_permission):
                raise PermissionDenied
            wanted.setdefault(fact_type.key, []).append(pk)
        facts = [f for key, ids in wanted.items() for f in FACT_TYPES[key].model.objects.filter(pk__in=ids)]
    result = facts_bulk_review(
        facts=facts, user=request.user, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"]
    )
    verb = "Approved" if form.cleaned_data["decision"] == "approve" else "Rejected"
    messages.success(request, f"{verb} {len(result.done)} fact(s).")
    for fact, why in result.skipped[:20]:
        messages.warning(request, f"Skipped “{fact}”: {why}")
    if len(result.skipped) > 20:
        messages.warning(request, f"…and {len(result.skipped) - 20} more skipped.")
    return HttpResponseRedirect(back)


# --- Merges -----------------------------------------------------------------------------


def merge_candidates_view(request: HttpRequest, site) -> HttpResponse:
    if not (request.user.has_perm("relations.view_actor") or request.user.has_perm("agreements.view_agreement")):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "admin/editorial/merge_candidates.html",
        _context(
            site,
            request,
            "Possible duplicates",
            actor_pairs=actor_merge_candidates() if request.user.has_perm("relations.view_actor") else [],
            agreement_pairs=agreement_merge_candidates() if request.user.has_perm("agreements.view_agreement") else [],
            may_merge_actors=request.user.has_perm("relations.change_actor"),
            may_merge_agreements=request.user.has_perm("agreements.change_agreement"),
        ),
    )


def merge_view(request: HttpRequest, site, kind: str) -> HttpResponse:
    """Confirm a merge of two records of one kind: pick the survivor, see what moves."""
    if kind not in MERGEABLE:
        raise PermissionDenied
    model, permission = MERGEABLE[kind]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    if request.method == "POST":
        form = MergeForm(request.POST)
        if form.is_valid():
            survivor = get_object_or_404(model, pk=form.cleaned_data["survivor"])
            merged = get_object_or_404(model, pk=form.cleaned_data["merged"])
            if request.POST.get("action") == "distinct":
                if kind == "actor":
                    actors_mark_distinct(actor_a=cast(Actor, survivor), actor_b=cast(Actor, merged), user=request.user)
                else:
                    agreements_mark_distinct(
                        agreement_a=cast(Agreement, survivor), agreement_b=cast(Agreement, merged), user=request.user
                    )
                messages.success(request, f"Noted: “{survivor}” and “{merged}” are not the same.")
                return HttpResponseRedirect(_next_url(request, reverse("admin:editorial_merge_candidates")))
            try:
                if kind == "actor":
                    actor_merge(merged=cast(Actor, merged), survivor=cast(Actor, survivor), user=request.user)
                else:
                    agreement_merge(
                        merged=cast(Agreement, merged), survivor=cast(Agreement, survivor), user=request.user
                    )
            except ReviewError as error:
                messages.error(request, str(error))
                return HttpResponseRedirect(_next_url(request, changelist))
            messages.success(request, f"Merged “{merged}” into “{survivor}”.")
            change = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[survivor.pk])
            return HttpResponseRedirect(change)
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(_next_url(request, changelist))
    ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.strip().isdigit()][:3]
    if len(ids) != 2 or ids[0] == ids[1]:
        messages.error(request, "Pick exactly two records to merge.")
        return HttpResponseRedirect(changelist)
    # Which relations to prefetch depends on the kind: the plugin checks them on the base model.
    qs: QuerySet[Any] = model.objects.filter(pk__in=ids)
    qs = (
        qs.prefetch_related("aliases", "events")
        if kind == "actor"
        else qs.prefetch_related("parties", "status_changes")
    )
    records = sorted(qs, key=lambda r: ids.index(r.pk))
    if len(records) != 2:
        messages.error(request, "One of those records no longer exists.")
        return HttpResponseRedirect(changelist)
    return TemplateResponse(
        request,
        "admin/editorial/merge.html",
        _context(
            site,
            request,
            f"Merge two {model._meta.verbose_name_plural}",
            kind=kind,
            records=records,
            next=_next_url(request, changelist),
        ),
    )


# --- Conflicts --------------------------------------------------------------------------


def conflicts_view(request: HttpRequest, site) -> HttpResponse:
    if not request.user.has_perm("relations.view_metricobservation"):
        raise PermissionDenied
    may_prefer = request.user.has_perm("relations.change_metricobservation")
    if request.method == "POST":
        if not may_prefer:
            raise PermissionDenied
        observation_id = request.POST.get("observation", "")
        if not observation_id.isdigit():
            messages.error(request, "No observation was chosen.")
            return HttpResponseRedirect(reverse("admin:editorial_conflicts"))
        observation = get_object_or_404(MetricObservation, pk=int(observation_id))
        version = request.POST.get("version", "")
        try:
            observation_mark_preferred(
                observation=observation,
                user=request.user,
                expected_version=int(version) if version.isdigit() else None,
            )
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"“{observation}” is now the preferred observation of its period.")
        return HttpResponseRedirect(reverse("admin:editorial_conflicts"))
    conflicts = list(observation_conflicts().prefetch_related("evidence__article")[:200])
    groups: list[list[MetricObservation]] = []
    for o in conflicts:
        key = group_key(o)
        if groups and groups[-1][0].conflict_key == key:  # type: ignore[attr-defined]  # set below, for the template
            groups[-1].append(o)
        else:
            groups.append([o])
        o.conflict_key = key  # type: ignore[attr-defined, unused-ignore]  # read by the template
    return TemplateResponse(
        request,
        "admin/editorial/conflicts.html",
        _context(site, request, "Conflicting observations", groups=groups, may_prefer=may_prefer),
    )


# --- The article reader -----------------------------------------------------------------


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
        _context(
            site,
            request,
            article.title or f"Article {article.pk}",
            article=article,
            article_link=safe_url(article.url or article.canonical_url),
            body=highlight_spans(article.text, spans),
            evidence=evidence,
        ),
    )


# --- The dashboard ----------------------------------------------------------------------


def dashboard_view(request: HttpRequest, site) -> HttpResponse:
    _require_any_view(request)
    relationship = selectors.dashboard_relationship(request.GET.get("relationship"))
    charts = {}
    if relationship is not None:
        charts = {
            "metrics": selectors.metric_series(relationship),
            "agreements": selectors.agreements_by_status(relationship),
            "events": selectors.events_by_month(relationship),
        }
    may_see_runs = request.user.has_perm("articles.view_ingestionrun")
    may_see_sources = request.user.has_perm("articles.view_source")
    return TemplateResponse(
        request,
        "admin/editorial/dashboard.html",
        _context(
            site,
            request,
            f"Dashboard: {relationship}" if relationship else "Dashboard",
            relationship=relationship,
            relationships=list(Relationship.objects.all()[:100]),
            backlog=selectors.backlog_counts(relationship=relationship) if relationship else [],
            count_cap=selectors.COUNT_CAP,
            runs=selectors.latest_runs() if may_see_runs else [],
            failing=selectors.failing_sources() if may_see_sources else [],
            quiet=selectors.quiet_sources() if may_see_sources else [],
            events=selectors.recent_events(relationship) if relationship else [],
            charts=charts,
        ),
    )
