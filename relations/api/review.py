"""POST {id}/approve/ and {id}/reject/ on every fact endpoint, through the same services as
the admin, and how the schema documents them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.validators import RegexValidator
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from common.api.permissions import CanReview
from common.api.schema import ErrorSerializer
from relations.services import ClaimedError, ReviewError, StaleFactError, fact_approve, fact_reject

INCLUDE_PARAMETER = OpenApiParameter(
    "include",
    str,
    enum=["evidence"],
    required=False,
    description="`evidence` expands each fact's evidence (sentence, offsets, article, source URL).",
)


class ApproveSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="The version you reviewed; 409 if it changed."
    )


class RejectSerializer(ApproveSerializer):
    reason = serializers.CharField(
        min_length=1,
        max_length=2000,
        # Surrounding spaces are trimmed, so the reason needs one visible character.
        validators=[RegexValidator(r"\S", "Give a reason.")],
        help_text="Why it is rejected (required, not blank).",
    )


REVIEW_RESPONSES = {
    400: OpenApiResponse(
        ErrorSerializer,
        description="Invalid body (`errors` names the field), or a decision "
        "the fact does not allow (e.g. no evidence).",
    ),
    401: OpenApiResponse(ErrorSerializer, description="No credentials, or invalid ones."),
    403: OpenApiResponse(ErrorSerializer, description="Not an editor."),
    404: OpenApiResponse(ErrorSerializer, description="No such fact, or not one you may see."),
    409: OpenApiResponse(
        ErrorSerializer, description="The fact changed since the given version, or another editor claimed it."
    ),
}
APPROVE_DESCRIPTION = (
    "Approve this fact: it becomes public (anonymous readers see it) and its `version` goes up. "
    "Editors only (the Editor role). Send the `version` you reviewed to be told (409) if it changed since."
)
REJECT_DESCRIPTION = (
    "Reject this fact with a reason: it is hidden from anonymous readers (withdrawn if it was approved). "
    "Editors only (the Editor role). Send the `version` you reviewed to be told (409) if it changed since."
)


if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView

    _ViewBase = GenericAPIView[Any]
else:
    _ViewBase = object


class ReviewActionsMixin(_ViewBase):
    """POST {id}/approve/ and {id}/reject/ for editors, through the same services as the admin."""

    def _decide(self, request, payload_class, decide):
        fact = self.get_object()
        payload = payload_class(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            decide(fact, payload.validated_data)
        except (StaleFactError, ClaimedError) as error:
            # Someone else changed or holds the fact: a conflict to resolve, not a bad request.
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        except ReviewError as error:
            raise ValidationError({"detail": str(error)}) from None
        return Response(self.get_serializer(self.get_object()).data)

    @action(detail=True, methods=["post"], permission_classes=[CanReview])
    def approve(self, request, pk=None):
        return self._decide(
            request,
            ApproveSerializer,
            lambda fact, data: fact_approve(fact=fact, user=request.user, expected_version=data.get("version")),
        )

    @action(detail=True, methods=["post"], permission_classes=[CanReview])
    def reject(self, request, pk=None):
        return self._decide(
            request,
            RejectSerializer,
            lambda fact, data: fact_reject(
                fact=fact, user=request.user, reason=data["reason"], expected_version=data.get("version")
            ),
        )


def fact_schema(serializer_class):
    """Document a fact viewset: the `include` parameter, and the review actions' bodies and answers."""
    return extend_schema_view(
        list=extend_schema(parameters=[INCLUDE_PARAMETER]),
        retrieve=extend_schema(parameters=[INCLUDE_PARAMETER]),
        approve=extend_schema(
            summary="Approve (publish) a fact",
            description=APPROVE_DESCRIPTION,
            request=ApproveSerializer,
            responses={200: serializer_class, **REVIEW_RESPONSES},
        ),
        reject=extend_schema(
            summary="Reject (hide) a fact",
            description=REJECT_DESCRIPTION,
            request=RejectSerializer,
            responses={200: serializer_class, **REVIEW_RESPONSES},
        ),
    )
