"""One item, exactly once: read its document (through the reader of its kind), store the
article, revise a changed one, and record the item's status in the same transaction."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.canonical import canonical_url as make_canonical_url
from articles.cleaning import CleaningError, cap_text, date_refusal, repair_text
from articles.feeds import FeedError
from articles.fetching import Fetcher, FetchError
from articles.models import Article, DatePrecision, IngestionItem, IngestionRun, ItemStatus, Source
from articles.services import article_store, content_hash

from .dispatch import article_extraction_queue
from .readers import item_document
from .readers.base import WEB_PAYLOAD_KINDS, PayloadKind
from .readers.feed import inline_document
from .retries import MAX_ATTEMPTS, RetryLater, retry_delay
from .runs import failure_add, run_refresh
from .sources import source_mark_slow

logger = logging.getLogger(__name__)


# Bulky parts of an item's payload: needed only until the item is done (the article keeps its
# own text and raw content), so a finished item drops them rather than keep every page for ever.
SPENT_PAYLOAD_KEYS = ("body_b64", "html")


def _payload_spent(payload: dict | None) -> dict:
    payload = dict(payload or {})
    for key in SPENT_PAYLOAD_KEYS:
        if payload.get(key):
            payload[f"{key}_dropped_chars"] = len(payload.pop(key))
    return payload


def _item_finish(*, item_id: int, status: str, article: Article | None = None) -> bool:
    with transaction.atomic():
        item = IngestionItem.objects.select_for_update().get(pk=item_id)
        if item.status != ItemStatus.PENDING:
            return False
        item.status = status
        item.article = article
        item.finished_at = timezone.now()
        item.payload = _payload_spent(item.payload)
        item.save(update_fields=["status", "article", "finished_at", "payload"])
    return True


def _item_fail(*, item: IngestionItem, reason: str, temporary: bool) -> str:
    with transaction.atomic():
        locked = IngestionItem.objects.select_for_update().get(pk=item.pk)
        if locked.status != ItemStatus.PENDING:
            return locked.status
        failure_add(run=locked.run, item=locked, url=locked.url or "(pasted text)", reason=reason, temporary=temporary)
        locked.status = ItemStatus.FAILED
        locked.finished_at = timezone.now()
        locked.payload = _payload_spent(locked.payload)
        locked.save(update_fields=["status", "finished_at", "payload"])
    return ItemStatus.FAILED


def item_process(*, item_id: int, fetcher: Fetcher | None = None, max_attempts: int = MAX_ATTEMPTS) -> str:
    """Ingest one item, exactly once; returns its final status.

    Raises RetryLater for a temporary failure with deliveries left. Whatever else goes
    wrong with this input is recorded on the run and does not touch the other items.
    """
    with transaction.atomic():
        item = IngestionItem.objects.select_for_update(of=("self",)).select_related("run__source").get(pk=item_id)
        if item.status != ItemStatus.PENDING:
            return item.status
        item.attempts += 1
        item.save(update_fields=["attempts"])
    if item.attempts > max_attempts:
        status = _item_fail(item=item, reason=f"gave up after {max_attempts} deliveries", temporary=True)
        run_refresh(run_id=item.run_id)
        return status
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        status = _item_ingest(item, fetcher)
    except FetchError as exc:
        if exc.timed_out:
            source_mark_slow(source_id=item.run.source_id, reason=exc.reason)
        if exc.temporary and item.attempts < max_attempts:
            raise RetryLater(exc.reason, retry_delay(item.attempts, exc.retry_after), slow=exc.timed_out) from exc
        status = _item_fail(item=item, reason=exc.reason, temporary=exc.temporary)
    except (CleaningError, FeedError, ValueError, OSError) as exc:
        status = _item_fail(item=item, reason=str(exc) or exc.__class__.__name__, temporary=False)
    except Exception as exc:
        # Anything unforeseen (a bug, a database hiccup): retried like a temporary error, and
        # recorded after the last delivery, so one bad input never stops the batch or loops.
        logger.exception("ingesting item %s failed", item.pk)
        reason = f"unexpected error: {exc.__class__.__name__}: {exc}"
        if item.attempts < max_attempts:
            raise RetryLater(reason, retry_delay(item.attempts)) from exc
        status = _item_fail(item=item, reason=reason, temporary=True)
    finally:
        if own:
            fetcher.client.close()
    run_refresh(run_id=item.run_id)
    return status


def _change_signal(article: Article, payload: dict) -> str:
    """Why a stored article at this item's URL may have changed ("" when nothing says so): the
    source's page came again rather than a 304, or the feed dates the entry after the text we have."""
    if payload.get("kind") == PayloadKind.PAGE:
        return "the page was fetched again (not answered 304 not modified)"
    updated = payload.get("updated") or ""
    if updated and article.source_updated and updated > article.source_updated:
        return f"the feed says it was updated at {updated} (the stored text is of {article.source_updated})"
    return ""


def _item_ingest(item: IngestionItem, fetcher: Fetcher) -> str:
    payload = item.payload or {}
    source = item.run.source
    inline = inline_document(item)
    revising: Article | None = None
    signal = ""
    if payload.get("kind") in WEB_PAYLOAD_KINDS and item.url:
        # Seen before under this address: nothing to fetch (an unchanged feed costs no page
        # fetches) unless the source says the article changed, or the stored text was only
        # claimed for it and this is a real fetch.
        known = make_canonical_url(item.url)
        article = Article.objects.filter(canonical_url=known).first() if known else None
        if article is not None and (article.url_verified or inline is not None):
            signal = _change_signal(article, payload)
            if not signal:
                if payload.get("updated") and not article.source_updated:
                    # First seen with a date: the baseline later entries are compared with.
                    Article.objects.filter(pk=article.pk, source_updated="").update(source_updated=payload["updated"])
                _item_finish(item_id=item.pk, status=ItemStatus.UNCHANGED, article=article)
                return ItemStatus.UNCHANGED
            revising = article
    if revising is not None and inline is None and payload.get("kind") == PayloadKind.ENTRY:
        found = item_document(item, fetcher, etag=revising.etag, last_modified=revising.last_modified)
        if found is None:  # 304: the page did not change after all
            Article.objects.filter(pk=revising.pk).update(source_updated=payload.get("updated") or "")
            _item_finish(item_id=item.pk, status=ItemStatus.UNCHANGED, article=revising)
            return ItemStatus.UNCHANGED
    else:
        found = inline or item_document(item, fetcher)
    # Only a conditional GET answers "not modified", and only a revision sends one.
    assert found is not None
    doc = found.doc
    notes = [doc.note]
    published = None
    for candidate in (doc.published_on, _iso_date(payload.get("published"))):
        if (refusal := date_refusal(candidate)) and refusal not in notes:
            notes.append(refusal)
        elif candidate is not None and published is None and not refusal:
            published = candidate
    text, cut = cap_text(doc.text, settings.INGEST_MAX_TEXT_CHARS)
    if cut:
        notes.append(f"text cut at {len(text)} of {len(doc.text)} characters (INGEST_MAX_TEXT_CHARS)")
    title = doc.title or repair_text(payload.get("title", ""))
    fields: dict[str, Any] = {
        "text": text,
        "title": title,
        "source": source,
        "url": found.url,
        "canonical_url": found.canonical,
        "raw_content": found.raw.replace("\x00", "")[:2_000_000],
        "published_on": published,
        "published_precision": DatePrecision.DAY if published else DatePrecision.UNKNOWN,
        "language": doc.language,
        "author": doc.author,
        "site_name": doc.site_name,
        "url_verified": found.verified,
        "canonical_hint": found.hint,
        "etag": found.etag,
        "last_modified": found.last_modified,
        "source_updated": payload.get("updated") or "",
    }
    with transaction.atomic():
        locked = IngestionItem.objects.select_for_update().get(pk=item.pk)
        if locked.status != ItemStatus.PENDING:
            return locked.status
        if revising is not None:
            status, article, note = _article_revise(article_id=revising.pk, fields=fields, signal=signal)
            notes.append(note)
        else:
            if found.verified and found.canonical:
                notes.append(_claimed_text_replace(canonical=found.canonical, text=text, run_id=item.run_id))
            stored = article_store(**fields)
            article = stored.article
            if stored.created:
                status = ItemStatus.DUPLICATE if article.duplicate_of_id else ItemStatus.NEW
                if status == ItemStatus.NEW:
                    article_extraction_queue(article_id=article.pk)
            elif found.canonical is None or article.canonical_url == found.canonical:
                status = ItemStatus.UNCHANGED  # the same file or page again
            else:
                status = ItemStatus.DUPLICATE  # the same text under another address
        locked.status = status
        locked.article = article
        locked.note = "\n".join(filter(None, notes))
        locked.finished_at = timezone.now()
        locked.payload = _payload_spent(locked.payload)
        locked.save(update_fields=["status", "article", "note", "finished_at", "payload"])
    return status


def _article_revise(*, article_id: int, fields: dict, signal: str) -> tuple[str, Article, str]:
    """Store the newer text of a stored article's URL (the source said it changed); returns the
    item's status, its article and a note. Evidence offsets index into an article's text, and
    editors decided on facts read from it, so the text is never rewritten in place: the earlier
    row keeps its text, facts and decisions and gives the URL up (kept as its hint); the new row
    (`revision_of` the old one) takes the URL and is extracted; facts it states again gain
    evidence, decisions untouched. The same text again only refreshes the validators."""
    old = Article.objects.select_for_update().get(pk=article_id)
    validators = {key: fields[key] for key in ("etag", "last_modified", "source_updated") if fields[key]}
    digest = content_hash(fields["text"])
    if digest == old.content_hash:
        Article.objects.filter(pk=old.pk).update(**validators)
        return ItemStatus.UNCHANGED, old, ""
    if (elsewhere := Article.objects.filter(content_hash=digest).exclude(pk=old.pk).first()) is not None:
        # The "new" text is another article's: the URL keeps what it has.
        Article.objects.filter(pk=old.pk).update(**validators)
        return ItemStatus.DUPLICATE, elsewhere, f"Not updated: {signal}, but the new text is article {elsewhere.pk}'s."
    url = old.canonical_url
    Article.objects.filter(pk=old.pk).update(canonical_url=None, canonical_hint=url or old.canonical_hint)
    # Verified only when fetched from this very URL (a page that now redirects elsewhere is not).
    verified = fields["url_verified"] and fields["canonical_url"] == url
    new = article_store(**{**fields, "canonical_url": url, "url_verified": verified}, revision_of=old).article
    article_extraction_queue(article_id=new.pk)
    note = (
        f"Updated article {old.pk} under {url}: {signal}. The new text is article {new.pk}, queued for "
        f"extraction; article {old.pk} keeps its text, the facts read from it and the editors' decisions."
    )
    logger.info(note)
    return ItemStatus.NEW, new, note


def _claimed_text_replace(*, canonical: str, text: str, run_id: int) -> str:
    """Before storing a text fetched from `canonical`: a text stored under that URL that did not
    come from it (a feed's claim, or older rows) gives the URL up. It stays as its own row, with
    the facts read from it and the URL it claimed as a hint; the fetched text takes the URL.
    Returns the note recorded on the item and the run ("" when nothing was replaced)."""
    claimed = Article.objects.select_for_update().filter(canonical_url=canonical, url_verified=False).first()
    if claimed is None:
        return ""
    if claimed.content_hash == content_hash(text):
        # The same text after all: now it is known to come from the URL.
        Article.objects.filter(pk=claimed.pk).update(url_verified=True)
        return ""
    Article.objects.filter(pk=claimed.pk).update(canonical_url=None, canonical_hint=canonical)
    claimant = (
        Source.objects.filter(pk=claimed.source_id).values_list("name", flat=True).first()
        if claimed.source_id is not None
        else None
    )
    note = (
        f"Replaced article {claimed.pk} under {canonical}: its text was not fetched from that URL "
        f"(claimed by {f'source {claimant!r}' if claimant else 'an earlier import'}); "
        "the text fetched from it now stands there."
    )
    run = IngestionRun.objects.select_for_update().get(pk=run_id)
    run.message = "\n".join(filter(None, [run.message, note]))[:10_000]
    run.save(update_fields=["message"])
    logger.info(note)
    return note


def _iso_date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
