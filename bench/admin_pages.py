"""Admin changelists and the review queue, against the page's own queryset evaluated alone.

The subject is the whole page as an editor gets it: the Django test client, logged in as a
superuser, in-process (middleware, session, permissions, template rendering). The floor is
the rows the page shows: the changelist's own `result_list` queryset (with the admin's
select_related/prefetches) re-evaluated, or for the queue the selector the view calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from agreements.models import Agreement
from articles.models import Article
from relations.models import Event, MetricObservation

BENCH_SUPERUSER = "bench-admin"
CHANGELISTS: tuple[tuple[str, type[models.Model]], ...] = (
    ("agreements", Agreement),
    ("observations", MetricObservation),
    ("events", Event),
    ("articles", Article),
)
PAGE_SIZES = (1, 50, 200)
QUEUE_PAGE_SIZES = (10, 20, 50)  # the sizes the queue's form offers


def superuser() -> Any:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=BENCH_SUPERUSER, defaults={"is_staff": True, "is_superuser": True, "email": "bench@example.org"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def logged_in_client() -> Client:
    client = Client()
    client.force_login(superuser())
    return client


def changelist_url(model: type[models.Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def queue_url() -> str | None:
    try:
        return reverse("admin:editorial_queue")
    except NoReverseMatch:
        return None


@contextmanager
def per_page(model: type[models.Model], size: int) -> Iterator[None]:
    """Show `size` rows per changelist page for the duration (the admin has no page-size parameter)."""
    model_admin = admin.site._registry[model]
    before = model_admin.list_per_page
    model_admin.list_per_page = size
    try:
        yield
    finally:
        model_admin.list_per_page = before


def get_page(client: Client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response.content


def query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        get_page(client, url)
    return len(ctx.captured_queries)


@dataclass(frozen=True)
class PagePair:
    subject: Callable[[], Any]
    floor: Callable[[], Any]


def changelist_pair(client: Client, model: type[models.Model]) -> PagePair:
    url = changelist_url(model)
    model_admin = admin.site._registry[model]
    request = RequestFactory().get(url)
    request.user = superuser()
    result_list = model_admin.get_changelist_instance(request).result_list

    def floor() -> list[Any]:
        return list(result_list._chain())

    return PagePair(subject=lambda: get_page(client, url), floor=floor)


def queue_pair(client: Client, url: str, size: int = 20) -> PagePair:
    from desk import selectors

    user = superuser()

    def floor() -> Any:
        return selectors.queue_page(filters=selectors.QueueFilters(), user=user, page=1, per_page=size)

    # The default page size needs no parameter, so the view reads the same default filters as the floor.
    page_url = url if size == 20 else f"{url}?per_page={size}"
    return PagePair(subject=lambda: get_page(client, page_url), floor=floor)
