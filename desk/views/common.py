"""What every desk view shares: the page context, a safe `next`, the view permission."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from ..facts import FACT_TYPES


def page_context(site, request: HttpRequest, title: str, **extra) -> dict:
    return {**site.each_context(request), "title": title, **extra}


def next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


def require_any_view(request: HttpRequest) -> None:
    if not any(request.user.has_perm(t.view_permission) for t in FACT_TYPES.values()):
        raise PermissionDenied
