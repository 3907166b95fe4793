"""Conflicting observations of one metric and period, and choosing the preferred one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from relations.conflicts import observation_conflicts, observation_mark_preferred
from relations.models import MetricObservation
from relations.observations import group_key
from relations.services import (
    ReviewError,
)

from .common import page_context


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
        page_context(site, request, "Conflicting observations", groups=groups, may_prefer=may_prefer),
    )
