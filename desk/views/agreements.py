"""The story of an agreement: approving a status change together with its pending agreement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from agreements.models import AgreementStatusChange
from agreements.services import status_change_approve_with_agreement
from relations.services import ReviewError

from .common import next_url

# Approving both writes both: the editor needs the change permission on each.
APPROVE_BOTH_PERMISSIONS = ("agreements.change_agreement", "agreements.change_agreementstatuschange")


def _version(value: str) -> int | None:
    return int(value) if value.isdigit() else None


@require_POST
def approve_both_view(request: HttpRequest, site) -> HttpResponse:
    if not all(request.user.has_perm(p) for p in APPROVE_BOTH_PERMISSIONS):
        raise PermissionDenied
    back = next_url(request, reverse("admin:editorial_queue"))
    change_id = request.POST.get("change", "")
    if not change_id.isdigit():
        messages.error(request, "No status change was named; nothing was approved.")
        return HttpResponseRedirect(back)
    change = get_object_or_404(AgreementStatusChange.objects.select_related("agreement"), pk=int(change_id))
    try:
        status_change_approve_with_agreement(
            change=change,
            user=request.user,
            expected_version=_version(request.POST.get("version", "")),
            agreement_expected_version=_version(request.POST.get("agreement_version", "")),
        )
    except ReviewError as error:
        messages.error(request, f"Nothing was approved: {error}")
    else:
        messages.success(request, f"Approved the agreement “{change.agreement}” and its status change “{change}”.")
    return HttpResponseRedirect(back)
