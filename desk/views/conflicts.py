"""Conflicting observations of one metric and period, and choosing the preferred one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from relations.conflicts import observation_mark_preferred
from relations.models import MetricObservation
from relations.services import (
    ReviewError,
)

from .. import selectors
from .common import page_context, requested_as_of


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
        # Back to the same date, when one was shown (the form posts to the page's own URL).
        shown_on = request.GET.get("as_of", "")
        return HttpResponseRedirect(
            reverse("admin:editorial_conflicts") + (f"?{urlencode({'as_of': shown_on})}" if shown_on else "")
        )
    as_of_form, as_of = requested_as_of(request)
    groups = selectors.conflict_groups(as_of=as_of)
    return TemplateResponse(
        request,
        "admin/editorial/conflicts.html",
        page_context(
            site,
            request,
            f"Conflicting observations as known on {as_of.isoformat()}" if as_of else "Conflicting observations",
            groups=groups,
            may_prefer=may_prefer,
            as_of=as_of,
            as_of_form=as_of_form,
        ),
    )
