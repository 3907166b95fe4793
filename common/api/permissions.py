"""Deny by default: reads are open, writes need a view's explicit, narrower permission."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rest_framework.permissions import SAFE_METHODS, BasePermission

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ReadOnly(BasePermission):
    """The project default: GET/HEAD/OPTIONS for everyone, every write refused."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.method in SAFE_METHODS


class CanReview(BasePermission):
    """An authenticated user holding the model's `change` permission (the Editor group).

    Anonymous users get 401 (the token authenticator names its scheme), viewers 403.
    """

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        model = cast("GenericAPIView[Any]", view).get_queryset().model
        return user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
