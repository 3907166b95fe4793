"""The base of every API viewset: read-only by default, strict parameters, keyset pages,
CSV, conditional GET, merged ids redirected to their survivor (review actions: relations/api/review.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase, HttpResponseRedirectBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import http_date
from django.views.defaults import page_not_found
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from .conditional import apply_validators, not_modified_since, vary_and_cache, watermark_timestamp
from .pagination import KeysetPagination
from .params import FORMAT_CHOICES, check_query_params, include_requested
from .problems import is_api_path, problem_response
from .renderers import CSVRenderer
from .throttling import ratelimit_of

MAX_MERGE_CHAIN = 20


class HttpResponseTemporaryRedirect(HttpResponseRedirectBase):
    status_code = 307


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The project's 404 handler: API paths that match no route (e.g. `/api/v1/actors/abc/`)
    answer JSON like every other API error; other paths get Django's page."""
    if is_api_path(request.path):
        return problem_response(status.HTTP_404_NOT_FOUND)
    return page_not_found(request, exception)


if TYPE_CHECKING:
    _ViewBase = viewsets.GenericViewSet[Any]
else:
    _ViewBase = object


class ApiMixin(_ViewBase):
    """Strict parameters, CSV, conditional GET and Vary for any API view."""

    renderer_classes: Sequence[type[BaseRenderer]] = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    filterset_class: Any  # set by the viewsets that filter

    @property
    def user(self) -> Any:
        request = getattr(self, "request", None)
        return getattr(request, "user", None)

    @property
    def include_evidence(self) -> bool:
        request = getattr(self, "request", None)
        return request is not None and hasattr(request, "query_params") and include_requested(request, "evidence")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "include_evidence": self.include_evidence}

    # --- parameters ---------------------------------------------------------------------

    def allowed_query_params(self) -> set[str]:
        if self.action == "list":
            names = set(self.filterset_class.base_filters) if getattr(self, "filterset_class", None) else set()
            return names | {"cursor", "page_size", "ordering"}
        return set()

    def perform_content_negotiation(self, request: Request, force: bool = False) -> tuple[BaseRenderer, str]:
        # DRF answers an unknown `?format=` with a 404; it is a bad parameter like any other.
        # (With force=True DRF is rendering an error already and falls back to JSON.)
        fmt = request.query_params.get("format")
        if not force and fmt is not None and fmt not in FORMAT_CHOICES:
            raise ValidationError({"format": [f"Unknown format. Choose one of: {', '.join(sorted(FORMAT_CHOICES))}."]})
        return super().perform_content_negotiation(request, force=force)

    def check_permissions(self, request: Request) -> None:
        # A write to a read-only route is a 405 for everyone, not a 401/403 hinting that a
        # token would help.
        method = (request.method or "").lower()
        if method not in self.http_method_names or not hasattr(self, method):
            self.http_method_not_allowed(request)
        super().check_permissions(request)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        check_query_params(request, self.allowed_query_params())
        include_requested(request, "evidence")  # validates the value on every endpoint

    # --- reads ----------------------------------------------------------------------------

    def _last_modified(self) -> int | None:
        if not hasattr(self, "_watermark"):
            self._watermark = watermark_timestamp(user=self.user)
        return self._watermark

    def _not_modified(self) -> HttpResponseNotModified:
        response = HttpResponseNotModified()
        response["Last-Modified"] = http_date(self._last_modified())
        return response

    # DRF takes and returns any HttpResponseBase here (a 304 is not a Response); the stubs say Response.
    def finalize_response(  # type: ignore[override]
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[arg-type]
        is_read = request.method in ("GET", "HEAD") and response.status_code == status.HTTP_200_OK
        if is_read and isinstance(response, Response):
            response = apply_validators(request, response, self._last_modified())
        vary_and_cache(response)
        limit = ratelimit_of(request)
        if limit is not None:
            for name, value in limit.headers().items():
                response[name] = value
        return response


class ApiViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet[Any]):
    """List and detail. Subclasses name their selector, filterset and orderings."""

    pagination_class = KeysetPagination
    filter_backends = [DjangoFilterBackend]
    lookup_value_regex = r"[0-9]{1,18}"
    # public name -> (ORM field, nullable); ties always break on id.
    ordering_fields: dict[str, tuple[str, bool]] = {"id": ("id", False)}
    default_ordering = "id"
    # Whether a merged row's id answers 307 to its survivor (documented in the schema).
    redirects_merged = False

    def get_ordering_fields(self) -> dict[str, tuple[str, bool]]:
        return self.ordering_fields

    def get_default_ordering(self, request: Request) -> str:
        return self.default_ordering

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]  # a 304
        if not_modified_since(request, self._last_modified()):
            return self._not_modified()
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]  # 304, 307
        if not_modified_since(request, self._last_modified()):
            return self._not_modified()
        instance = self.get_object()
        survivor_id = self.survivor_id(instance)
        if survivor_id is not None:
            # 307, not 301: a merge can be undone, so no client or cache may remember it for
            # good. Django's reverse, not DRF's, which would add `?format=` a second time.
            url = request.build_absolute_uri(reverse(f"api:{self.basename}-detail", kwargs={"pk": survivor_id}))
            query = request.META.get("QUERY_STRING", "")
            return HttpResponseTemporaryRedirect(f"{url}?{query}" if query else url)
        return Response(self.get_serializer(instance).data)

    def get_object(self) -> Any:
        # A detail read ignores the list filters: no filter parameter hides or reveals one object.
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs[self.lookup_field])
        self.check_object_permissions(self.request, obj)
        return obj

    def survivor_id(self, instance: Any) -> int | None:
        """For merged rows: the id of the visible survivor (404 when there is none)."""
        if getattr(instance, "merged_into_id", None) is None:
            return None
        visible = self.get_queryset().model.objects.visible_to(self.user)
        current = instance
        for _ in range(MAX_MERGE_CHAIN):
            survivor = get_object_or_404(visible.only("id", "merged_into"), pk=current.merged_into_id)
            if survivor.merged_into_id is None:
                return cast(int, survivor.pk)
            current = survivor
        return None
