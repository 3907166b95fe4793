"""The dashboard: the backlog, the charts of one relationship, ingestion's health."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from relations.models import Relationship

from .. import selectors
from .common import page_context, requested_as_of, require_any_view


def dashboard_view(request: HttpRequest, site) -> HttpResponse:
    require_any_view(request)
    relationship = selectors.dashboard_relationship(request.GET.get("relationship"))
    as_of_form, as_of = requested_as_of(request)
    charts = {}
    if relationship is not None:
        charts = {
            "metrics": selectors.metric_series(relationship, as_of=as_of),
            "agreements": selectors.agreements_by_status(relationship, as_of=as_of),
            "events": selectors.events_by_month(relationship, as_of=as_of),
            "conflicts_url": reverse("admin:editorial_conflicts") + (f"?as_of={as_of.isoformat()}" if as_of else ""),
        }
    may_see_runs = request.user.has_perm("articles.view_ingestionrun")
    may_see_sources = request.user.has_perm("articles.view_source")
    return TemplateResponse(
        request,
        "admin/editorial/dashboard.html",
        page_context(
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
            events=selectors.recent_events(relationship, as_of=as_of) if relationship else [],
            as_of=as_of,
            as_of_form=as_of_form,
            charts=charts,
        ),
    )
