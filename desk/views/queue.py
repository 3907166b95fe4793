"""The review queue: the list of pending facts, one decision, a bulk decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from relations.services import (
    ReviewError,
    fact_approve,
    fact_claim,
    fact_reject,
    fact_release,
    fact_reopen,
    facts_bulk_review,
)

from .. import selectors
from ..facts import FACT_TYPES, fact_key, parse_fact_key
from ..forms import REJECTION_REASONS, BulkDecisionForm, DecisionForm, QueueFilterForm
from ..recent_actions import decisions_log
from .common import next_url, page_context, require_any_view

# The most a bulk decision "on everything matching the filters" covers at once.
BULK_LIMIT = 200


def queue_view(request: HttpRequest, site) -> HttpResponse:
    require_any_view(request)
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
        page_context(
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


def _wants_json(request: HttpRequest) -> bool:
    """The queue's script asks for JSON to decide in place; a plain form post gets a redirect."""
    return "application/json" in request.headers.get("Accept", "")


def _decision_answer(request: HttpRequest, back: str, *, error: str = "", status: int = 400) -> HttpResponse:
    """A refused decision: JSON for the script, a message and the redirect for a plain form."""
    if _wants_json(request):
        return JsonResponse({"ok": False, "error": error}, status=status)
    messages.error(request, error)
    return HttpResponseRedirect(back)


@require_POST
def decide_view(request: HttpRequest, site) -> HttpResponse:
    back = next_url(request, reverse("admin:editorial_queue"))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _decision_answer(request, back, error=error)
    try:
        fact_type, pk = parse_fact_key(form.cleaned_data["fact"])
    except ValueError as error:
        return _decision_answer(request, back, error=str(error))
    if not request.user.has_perm(fact_type.change_permission):
        raise PermissionDenied
    fact = get_object_or_404(fact_type.model, pk=pk)
    action, version, reason = form.cleaned_data["action"], form.cleaned_data["version"], form.cleaned_data["reason"]
    label = fact_type.label.lower()
    try:
        if action == "approve":
            fact = fact_approve(fact=fact, user=request.user, expected_version=version)
            decisions_log(user=request.user, facts=[fact], decision="approve")
            message = f"Approved {label} “{fact}”."
        elif action == "reject":
            fact = fact_reject(fact=fact, user=request.user, reason=reason, expected_version=version)
            decisions_log(user=request.user, facts=[fact], decision="reject", reason=reason)
            message = f"Rejected {label} “{fact}”."
        elif action == "reopen":
            fact = fact_reopen(fact=fact, user=request.user, reason=reason, expected_version=version)
            decisions_log(user=request.user, facts=[fact], decision="reopen", reason=reason)
            message = f"Reopened {label} “{fact}”: it is pending again."
        elif action == "claim":
            fact = fact_claim(fact=fact, user=request.user, expected_version=version)
            message = f"You claimed {label} “{fact}”."
        else:
            fact = fact_release(fact=fact, user=request.user)
            message = f"Released {label} “{fact}”."
    except ReviewError as error:
        return _decision_answer(request, back, error=str(error), status=409)
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "fact": form.cleaned_data["fact"],
                "action": action,
                "status": fact.review_status,
                "status_label": fact.get_review_status_display(),
                "version": fact.version,
                "rejection_reason": fact.rejection_reason,
                "message": message,
            }
        )
    messages.success(request, message)
    return HttpResponseRedirect(back)


@require_POST
def bulk_view(request: HttpRequest, site) -> HttpResponse:
    if not any(request.user.has_perm(t.change_permission) for t in FACT_TYPES.values()):
        raise PermissionDenied
    back = next_url(request, reverse("admin:editorial_queue"))
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
        # Nothing is decided yet: the editor sees what matches, then confirms exactly those keys
        # (a fact that starts matching meanwhile is not touched by the confirmation).
        preview = selectors.queue_page(filters=filters, user=request.user, page=1, per_page=BULK_LIMIT)
        return TemplateResponse(
            request,
            "admin/editorial/bulk_preview.html",
            page_context(
                site,
                request,
                "Confirm the bulk decision",
                items=preview.items,
                more=preview.has_next,
                limit=BULK_LIMIT,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                back=back,
            ),
        )
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
    # A confirmed preview names the version each fact was shown at: one edited since is left alone.
    shown = {
        key: int(value)
        for key in form.cleaned_data["facts"]
        if (value := request.POST.get(f"version:{key}", "")).isdigit()
    }
    changed = [f for f in facts if shown.get(fact_key(f), f.version) != f.version]
    facts = [f for f in facts if f not in changed]
    result = facts_bulk_review(
        facts=facts, user=request.user, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"]
    )
    decisions_log(
        user=request.user, facts=result.done, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"]
    )
    verb = "Approved" if form.cleaned_data["decision"] == "approve" else "Rejected"
    messages.success(request, f"{verb} {len(result.done)} fact(s).")
    result.skipped[:0] = [(f, "it changed after the preview; look at it again") for f in changed]
    for fact, why in result.skipped[:20]:
        messages.warning(request, f"Skipped “{fact}”: {why}")
    if len(result.skipped) > 20:
        messages.warning(request, f"…and {len(result.skipped) - 20} more skipped.")
    return HttpResponseRedirect(back)
