"""The dashboard: the backlog, the charts of one relationship, ingestion's health."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from relations.models import Relationship

from .. import selectors
from .common import page_context, require_any_view


def dashboard_view(request: HttpRequest, site) -> HttpResponse:
    require_any_view(request)
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
            events=selectors.recent_events(relationship) if relationship else [],
            charts=charts,
        ),
    )
