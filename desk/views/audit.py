"""The audit log: who decided what, site-wide, newest first, filtered by editor, action, kind and date."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from ..audit import AuditFilters, audit_page
from ..audit_forms import AuditFilterForm
from ..facts import FACT_TYPES
from .common import page_context, require_any_view

AUDIT_PER_PAGE = 50


def audit_view(request: HttpRequest, site) -> HttpResponse:
    require_any_view(request)
    kinds = [key for key, kind in FACT_TYPES.items() if request.user.has_perm(kind.view_permission)]
    form = AuditFilterForm(request.GET or None, kinds=kinds)
    page = None
    if not form.is_bound:
        page = audit_page(filters=AuditFilters(kinds=kinds), per_page=AUDIT_PER_PAGE)
    elif form.is_valid():
        page = audit_page(filters=form.to_filters(), page=form.cleaned_data["page"] or 1, per_page=AUDIT_PER_PAGE)
    # Invalid filters show their errors and no rows: an unfiltered list would pass for the answer.
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "admin/editorial/audit.html",
        page_context(site, request, "Audit log", form=form, page=page, base_query=query.urlencode()),
    )
