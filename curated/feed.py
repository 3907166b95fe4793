"""Publishing the changes feed: turn what writes marked into entries of the append-only log.

Triggers (migration agreements 0006) mark, inside every writing transaction, the objects a
write may have changed (`FeedPending`). `feed_publish` takes those marks, adds the objects
whose public form depends on them (an actor's events, an agreement's status changes, the
evidence a fact cites...), renders each one exactly as the anonymous list endpoint does,
and compares the digest with what the feed last said (`PublishedState`): a difference is
one entry, anything else (a pending edit, a claim, a re-approval, extraction bookkeeping)
is none.

Ordering: entries are only appended here, under a transaction-level advisory lock that
is held until the publishing transaction commits. Their ids (the feed's sequence numbers)
are drawn under that lock, so publishing transactions commit one after another in id
order: a reader that has seen id N can never later find a committed entry below N. A
PostgreSQL sequence alone would not promise that, since transactions that drew 5 and 6 may
commit 6 first. Publishing reads committed data only, so a writer's own transaction never
waits for it.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import connection, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from agreements.models import (
    Agreement,
    AgreementStatusChange,
    FeedAction,
    FeedEntry,
    FeedPending,
    FeedResource,
    PublishedState,
)
from articles.models import Article, Evidence
from relations.curation import CuratedModel
from relations.models import Actor, Event, MetricObservation

from . import registry
from .selectors import data_watermark

if TYPE_CHECKING:
    from common.api.views import ApiViewSet

# pg_advisory_xact_lock key of the feed's appenders ("feed" in ASCII).
FEED_LOCK = 0x66656564
BATCH = 2000
CHUNK = 500

# resource -> the route whose anonymous list is its public form.
ROUTES = registry.feed_routes()
# Curated facts are "approved" when they appear; the rest is "published".
FACTS = set(registry.BY_KEY)
# The order resources are published in within a batch: the feed's own names first, then any
# curated kind the registry adds.
PUBLISH_ORDER = [*FeedResource.values, *(resource for resource in ROUTES if resource not in FeedResource.values)]
# Rows that leave the lists as merged pointers instead of disappearing.
MERGEABLE: dict[str, type[Any]] = {kind.key: kind.model for kind in registry.KINDS if kind.mergeable}


def _list_view(resource: str) -> ApiViewSet:
    """The anonymous list view of a resource: its selector and serializer, not a copy of them."""
    viewsets = {basename: viewset for _, viewset, basename in registry.api_routes()}
    # No request: the views then read as an anonymous user without `?include=`.
    view: ApiViewSet = viewsets[ROUTES[resource]](action="list", request=None, format_kwarg=None, kwargs={})
    return view


def public_forms(resource: str, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The objects among `ids` that the anonymous list of `resource` shows, as it shows them."""
    view = _list_view(resource)
    serializer_class = view.get_serializer_class()
    ordered = sorted(set(ids))
    forms: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ordered), CHUNK):
        rows = view.get_queryset().filter(pk__in=ordered[start : start + CHUNK]).order_by("pk")
        data = serializer_class(rows, many=True, context={"include_evidence": False}).data
        # Rendered and parsed back: the JSON the endpoint sends, not Python values.
        for item in json.loads(JSONRenderer().render(data)):
            forms[item["id"]] = item
    return forms


def _digest(form: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(form, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _ids(queryset: QuerySet[Any], field: str) -> set[int]:
    return set(queryset.values_list(field, flat=True))


def _evidence_of(model: type[CuratedModel], ids: set[int]) -> set[int]:
    through = model.evidence.through
    owner = f"{model._meta.model_name}_id"
    return _ids(through._default_manager.filter(**{f"{owner}__in": ids}), "evidence_id")


def _dependents(marked: dict[str, set[int]]) -> dict[str, set[int]]:
    """The marked objects and every object whose public form reads them.

    Link tables mark both of their ends themselves; this adds what a row's own change
    reaches: the facts that nest an actor, a relationship or a metric, the status changes an
    agreement's visibility decides, the evidence whose visibility follows the facts citing it,
    and the evidence that shows its article's (and source's) title, address and name.
    """
    out: dict[str, set[int]] = defaultdict(set)
    for resource, ids in marked.items():
        if resource != "source":
            out[resource] |= ids
    sources = marked.get("source", set())
    if sources:
        out[FeedResource.ARTICLE] |= _ids(Article.objects.filter(source_id__in=sources), "id")
    relationships = marked.get(FeedResource.RELATIONSHIP, set())
    if relationships:
        with_relationship: list[tuple[str, type[Any]]] = [
            (FeedResource.EVENT, Event),
            (FeedResource.OBSERVATION, MetricObservation),
            (FeedResource.AGREEMENT, Agreement),
        ]
        for resource, model in with_relationship:
            out[resource] |= _ids(model.objects.filter(relationship_id__in=relationships), "id")
    actors = out.get(FeedResource.ACTOR, set())
    if actors:
        out[FeedResource.EVENT] |= _ids(Event.actors.through.objects.filter(actor_id__in=actors), "event_id")
        out[FeedResource.AGREEMENT] |= _ids(
            Agreement.parties.through.objects.filter(actor_id__in=actors), "agreement_id"
        )
    metrics = out.get(FeedResource.METRIC, set())
    if metrics:
        out[FeedResource.OBSERVATION] |= _ids(MetricObservation.objects.filter(metric_id__in=metrics), "id")
    observations = out.get(FeedResource.OBSERVATION, set())
    if observations:
        out[FeedResource.METRIC] |= _ids(MetricObservation.objects.filter(id__in=observations), "metric_id")
    statuses = out.get(FeedResource.STATUS_CHANGE, set())
    if statuses:
        out[FeedResource.AGREEMENT] |= _ids(AgreementStatusChange.objects.filter(id__in=statuses), "agreement_id")
    agreements = out.get(FeedResource.AGREEMENT, set())
    if agreements:
        out[FeedResource.STATUS_CHANGE] |= _ids(AgreementStatusChange.objects.filter(agreement_id__in=agreements), "id")
    for resource, model in [
        (FeedResource.ACTOR, Actor),
        (FeedResource.EVENT, Event),
        (FeedResource.OBSERVATION, MetricObservation),
        (FeedResource.AGREEMENT, Agreement),
        (FeedResource.STATUS_CHANGE, AgreementStatusChange),
    ]:
        if out.get(resource):
            out[FeedResource.EVIDENCE] |= _evidence_of(model, out[resource])
    articles = out.get(FeedResource.ARTICLE, set())
    if articles:
        out[FeedResource.EVIDENCE] |= _ids(Evidence.objects.filter(article_id__in=articles), "id")
    return out


def _merged_into(resource: str, ids: set[int]) -> dict[int, int]:
    """Approved rows among `ids` that left the lists because they were merged: id -> survivor."""
    model = MERGEABLE.get(resource)
    if model is None or not ids:
        return {}
    rows = model.objects.approved().filter(pk__in=ids, merged_into__isnull=False)
    return dict(rows.values_list("pk", "merged_into_id"))


def _publish_resource(resource: str, ids: set[int], now: datetime.datetime) -> list[tuple[FeedEntry, PublishedState]]:
    forms = public_forms(resource, ids)
    merged = _merged_into(resource, ids - forms.keys())
    previous = {state.object_id: state for state in PublishedState.objects.filter(resource=resource, object_id__in=ids)}
    changes = []
    for object_id in sorted(ids):
        state = previous.get(object_id)
        was_public = state is not None and state.digest != ""
        form = forms.get(object_id)
        if form is not None:
            digest = _digest(form)
            if was_public and state is not None and state.digest == digest:
                continue
            if was_public:
                action = FeedAction.EDITED
            elif state is not None and state.merged_into is not None:
                action = FeedAction.UNMERGED
            else:
                action = FeedAction.APPROVED if resource in FACTS else FeedAction.PUBLISHED
            entry = FeedEntry(at=now, resource=resource, object_id=object_id, action=action, data=form)
            new_state = PublishedState(resource=resource, object_id=object_id, digest=digest, changed_at=now)
        elif was_public:
            survivor = merged.get(object_id)
            action = FeedAction.WITHDRAWN if survivor is None else FeedAction.MERGED
            entry = FeedEntry(at=now, resource=resource, object_id=object_id, action=action, survivor_id=survivor)
            new_state = PublishedState(
                resource=resource, object_id=object_id, digest="", merged_into=survivor, changed_at=now
            )
        else:
            continue
        changes.append((entry, new_state))
    return changes


def _take_marks(limit: int) -> dict[str, set[int]]:
    """Delete and return up to `limit` committed marks (marks of open transactions stay)."""
    table = FeedPending._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} ORDER BY id LIMIT %s) "  # noqa: S608
            "RETURNING resource, object_id",
            [limit],
        )
        rows = cursor.fetchall()
    marked: dict[str, set[int]] = defaultdict(set)
    for resource, object_id in rows:
        marked[resource].add(object_id)
    return marked


def _lock(*, wait: bool) -> bool:
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [FEED_LOCK])
        return bool(cursor.fetchone()[0])


def feed_publish(*, wait: bool = True, batch: int = BATCH, batches: int | None = None) -> int:
    """Append what marked writes changed for anonymous readers; returns the entries appended.

    With `wait=False` (readers) it returns at once when another process is publishing:
    that one takes the marks. Each batch of marks is one transaction; `batches` bounds how
    many this call takes (None: until no mark is left).
    """
    appended = 0
    for _ in itertools.count() if batches is None else range(batches):
        with transaction.atomic():
            if not _lock(wait=wait):
                return appended
            marked = _take_marks(batch)
            if not marked:
                return appended
            now = timezone.now()
            changes = []
            dependents = _dependents(marked)
            for resource in PUBLISH_ORDER:
                if dependents.get(resource):
                    changes += _publish_resource(resource, dependents[resource], now)
            entries = FeedEntry.objects.bulk_create([entry for entry, _ in changes])
            states = []
            for entry, state in zip(entries, (state for _, state in changes), strict=True):
                state.entry_id = entry.pk
                states.append(state)
            PublishedState.objects.bulk_create(
                states,
                update_conflicts=True,
                unique_fields=["resource", "object_id"],
                update_fields=["digest", "merged_into", "changed_at", "entry_id"],
            )
            appended += len(entries)
    return appended


def feed_has_pending() -> bool:
    return FeedPending.objects.exists()


def feed_publish_if_pending() -> None:
    """What readers call first: publish marked writes unless another process is already at it.

    One batch at most, so that a reader after a large import (or the migration that marked
    everything) does not pay for all of it: the next readers take the rest.
    """
    if feed_has_pending():
        feed_publish(wait=False, batches=1)


def api_watermark(*, user: Any = None) -> datetime.datetime | None:
    """The API's data watermark (the `API_WATERMARK` setting): what writes marked is published
    first, so that the watermark of anonymous readers (the feed's latest entry) already counts it."""
    feed_publish_if_pending()
    return data_watermark(user=user)


def feed_triggers_install(using: str = "default") -> None:
    """Mark writes to every curated kind's tables for the feed (the feed_mark() function of
    migration agreements 0006), as the registry says; safe to run again. Run after every
    migrate (curated.apps), so that a kind added later needs no hand-written trigger."""
    quote = connections[using].ops.quote_name
    statements = []
    for table, arguments in registry.feed_marks().items():
        literals = ", ".join("'" + argument.replace("'", "''") + "'" for argument in arguments)
        statements.append(
            f"CREATE OR REPLACE TRIGGER {quote(table + '_feed_mark')} AFTER INSERT OR UPDATE OR DELETE "
            f"ON {quote(table)} FOR EACH ROW EXECUTE FUNCTION feed_mark({literals})"
        )
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_proc WHERE proname = 'feed_mark'")
        if cursor.fetchone() is None:
            return  # a partial migrate, before the feed exists
        for statement in statements:
            cursor.execute(statement)
