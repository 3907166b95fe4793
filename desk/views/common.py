"""What every desk view shares: the page context, a safe `next`, the view permission."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from ..facts import FACT_TYPES
from ..forms import AsOfForm


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


def requested_as_of(request: HttpRequest) -> tuple[AsOfForm, datetime.date | None]:
    """The "as known on" date asked for (?as_of=YYYY-MM-DD), or None for today.

    A date that does not parse is reported in a message and the page shows today's facts.
    """
    form = AsOfForm(request.GET if request.GET.get("as_of") else None)
    if form.is_bound and not form.is_valid():
        given = request.GET.get("as_of", "")
        messages.error(request, f"As known on “{given}”: {form.errors['as_of'][0]} Showing what is known today.")
        return AsOfForm(), None
    return form, form.cleaned_data["as_of"] if form.is_bound else None
