"""Merges: the possible duplicates, and the confirmation of one merge."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from agreements.merging import (
    agreement_distinction_undo,
    agreement_merge,
    agreement_merge_candidates,
    agreements_mark_distinct,
)
from agreements.models import Agreement, AgreementDistinction
from curated import registry
from relations.merging import actor_distinction_undo, actor_merge, actor_merge_candidates, actors_mark_distinct
from relations.models import Actor, ActorDistinction
from relations.services import (
    ReviewError,
)

from .. import selectors
from ..forms import DistinctionUndoForm, MergeForm
from .common import next_url, page_context

# Kinds whose duplicates editors merge (those whose rows keep a pointer to their survivor).
MERGEABLE = {kind.key: (kind.model, kind.change_permission) for kind in registry.KINDS if kind.mergeable}


def merge_candidates_view(request: HttpRequest, site) -> HttpResponse:
    may_view_actors = request.user.has_perm("relations.view_actor")
    may_view_agreements = request.user.has_perm("agreements.view_agreement")
    if not (may_view_actors or may_view_agreements):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "admin/editorial/merge_candidates.html",
        page_context(
            site,
            request,
            "Possible duplicates",
            actor_pairs=actor_merge_candidates() if may_view_actors else [],
            agreement_pairs=agreement_merge_candidates() if may_view_agreements else [],
            dismissed_actors=selectors.dismissed_actor_pairs() if may_view_actors else [],
            dismissed_agreements=selectors.dismissed_agreement_pairs() if may_view_agreements else [],
            may_merge_actors=request.user.has_perm("relations.change_actor"),
            may_merge_agreements=request.user.has_perm("agreements.change_agreement"),
        ),
    )


@require_POST
def distinction_undo_view(request: HttpRequest, site, kind: str) -> HttpResponse:
    """Take back a "not the same" judgement (whoever may mark a pair may take it back)."""
    if kind not in MERGEABLE:
        raise PermissionDenied
    if not request.user.has_perm(MERGEABLE[kind][1]):
        raise PermissionDenied
    back = next_url(request, reverse("admin:editorial_merge_candidates"))
    form = DistinctionUndoForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(back)
    pk, reason = form.cleaned_data["distinction"], form.cleaned_data["reason"]
    try:
        if kind == "actor":
            distinction = get_object_or_404(ActorDistinction, pk=pk)
            actor_distinction_undo(distinction=distinction, user=request.user, reason=reason)
            pair = f"“{distinction.actor_low}” and “{distinction.actor_high}”"
        else:
            agreement_distinction = get_object_or_404(AgreementDistinction, pk=pk)
            agreement_distinction_undo(distinction=agreement_distinction, user=request.user, reason=reason)
            pair = f"“{agreement_distinction.agreement_low}” and “{agreement_distinction.agreement_high}”"
    except ReviewError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(back)
    messages.success(request, f"Taken back: {pair} may be proposed as duplicates again.")
    return HttpResponseRedirect(back)


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
                return HttpResponseRedirect(next_url(request, reverse("admin:editorial_merge_candidates")))
            try:
                if kind == "actor":
                    actor_merge(merged=cast(Actor, merged), survivor=cast(Actor, survivor), user=request.user)
                else:
                    agreement_merge(
                        merged=cast(Agreement, merged), survivor=cast(Agreement, survivor), user=request.user
                    )
            except ReviewError as error:
                messages.error(request, str(error))
                return HttpResponseRedirect(next_url(request, changelist))
            messages.success(request, f"Merged “{merged}” into “{survivor}”.")
            change = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[survivor.pk])
            return HttpResponseRedirect(change)
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(next_url(request, changelist))
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
        page_context(
            site,
            request,
            f"Merge two {model._meta.verbose_name_plural}",
            kind=kind,
            records=records,
            next=next_url(request, changelist),
        ),
    )
