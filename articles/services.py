"""Writes on articles: storing a cleaned text once, whatever route it came by, and the
ingestion pipeline that gets it there (runs, items, sources, extraction bookkeeping).

Every step is idempotent: an item's status commits in the same transaction as its
article, and a step that finds its work done returns without writing.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from . import neardup
from .canonical import canonical_url as make_canonical_url
from .cleaning import (
    CleanDocument,
    CleaningError,
    bytes_document,
    cap_text,
    date_refusal,
    decode_bytes,
    html_document,
    looks_like_html,
    repair_text,
    text_document,
)
from .feeds import FeedError, looks_like_feed, parse_feed
from .fetching import Fetcher, FetchError
from .models import (
    Article,
    ArticleBand,
    DatePrecision,
    IngestionFailure,
    IngestionItem,
    IngestionRun,
    ItemStatus,
    RunStatus,
    RunTrigger,
    Source,
    SourceKind,
)
from .paths import OutsideIngestRootError, path_within_ingest_root, read_within_ingest_root

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # deliveries of one task before its work is recorded as failed
LOCAL_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm"})
# A feed entry whose own content has this many words is the article; a shorter one is a
# teaser, and the page it links to is fetched.
INLINE_CONTENT_MIN_WORDS = 80


def normalize_for_hash(text: str) -> str:
    """The form two copies of one text share: NFKC, case-folded, punctuation-blind, one space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()


# --- Articles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredArticle:
    article: Article
    created: bool


def article_store(
    *,
    text: str,
    title: str = "",
    source: Source | None = None,
    url: str = "",
    canonical_url: str | None = None,
    raw_content: str = "",
    published_on: datetime.date | None = None,
    published_precision: str = DatePrecision.UNKNOWN,
    language: str = "",
    author: str = "",
    site_name: str = "",
    url_verified: bool = False,
    canonical_hint: str = "",
    etag: str = "",
    last_modified: str = "",
    source_updated: str = "",
    revision_of: Article | None = None,
) -> StoredArticle:
    """Store a clean text once: an existing row with the same canonical URL or text hash wins.

    A new text that nearly matches an earlier original (the same wire story on another
    site) is stored linked to it (`duplicate_of`) and marked skipped for extraction.
    Safe under concurrency: the unique constraints decide, and the loser reads the winner.
    A revision (the newer text of a URL whose earlier text, `revision_of`, is stored) is never
    a near-duplicate of that earlier text: it is extracted in its own right.
    """
    if not text.strip():
        raise ValueError("An article needs some text.")
    normalized = normalize_for_hash(text)
    digest = hashlib.sha256(normalized.encode("utf-8")).hexdigest()
    existing = _find_existing(digest, canonical_url)
    if existing is not None:
        return StoredArticle(existing, False)
    shingle_set = neardup.shingles(normalized)
    band_keys = neardup.bands(shingle_set)
    original = None if revision_of is not None else _near_duplicate_of(shingle_set, band_keys)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                source=source,
                url=url[:2000],
                canonical_url=canonical_url or None,
                url_verified=bool(canonical_url) and url_verified,
                canonical_hint=canonical_hint[:2000],
                content_hash=digest,
                title=title[:1000],
                text=text,
                raw_content=raw_content,
                published_on=published_on,
                published_precision=published_precision if published_on else DatePrecision.UNKNOWN,
                language=language[:12],
                author=author[:500],
                site_name=site_name[:500],
                etag=etag[:500],
                last_modified=last_modified[:100],
                source_updated=source_updated[:40],
                duplicate_of=original,
                revision_of=revision_of,
                extraction_status=Article.ExtractionStatus.SKIPPED if original else Article.ExtractionStatus.PENDING,
            )
            ArticleBand.objects.bulk_create([ArticleBand(article=article, value=key) for key in set(band_keys)])
    except IntegrityError:
        existing = _find_existing(digest, canonical_url)
        if existing is None:
            raise
        return StoredArticle(existing, False)
    return StoredArticle(article, True)


def _find_existing(digest: str, canonical_url: str | None) -> Article | None:
    if canonical_url:
        hit = Article.objects.filter(canonical_url=canonical_url).first()
        if hit is not None:
            return hit
    return Article.objects.filter(content_hash=digest).first()


def _near_duplicate_of(shingle_set: set[int], band_keys: list[int]) -> Article | None:
    """The earliest original whose text is at least THRESHOLD similar, if any."""
    if not band_keys:
        return None
    candidates = (
        Article.objects.originals().filter(bands__value__in=band_keys).distinct().order_by("id").only("id", "text")[:50]
    )
    for candidate in candidates:
        if neardup.jaccard(shingle_set, neardup.shingles(normalize_for_hash(candidate.text))) >= neardup.THRESHOLD:
            return candidate
    return None


# --- Extraction bookkeeping ----------------------------------------------------------------------


def article_extraction_begin(*, article_id: int, max_attempts: int = MAX_ATTEMPTS) -> int | None:
    """Count one delivery of an article's extraction; None when there is nothing to do.

    The count commits before the work starts, so a worker killed mid-extraction still
    used up a delivery: a text that crashes the worker every time ends failed, not looping.
    """
    with transaction.atomic():
        article = (
            Article.objects.select_for_update()
            .filter(pk=article_id, extraction_status=Article.ExtractionStatus.PENDING)
            .first()
        )
        if article is None:
            return None
        article.extraction_attempts += 1
        article.save(update_fields=["extraction_attempts"])
    if article.extraction_attempts > max_attempts:
        article_extraction_fail(article_id=article_id, error=f"gave up after {max_attempts} deliveries")
        return None
    return article.extraction_attempts


def article_extract(*, article_id: int) -> object:
    """One delivery of an article's extraction through the configured recorder.

    Raises RetryLater while deliveries are left; after the last, records the failure.
    """
    attempt = article_extraction_begin(article_id=article_id)
    if attempt is None:
        return None
    try:
        return import_string(settings.EXTRACTION_RECORDER)(article_id=article_id)
    except Exception as exc:
        error = f"{exc.__class__.__name__}: {exc}"
        if attempt >= MAX_ATTEMPTS:
            article_extraction_fail(article_id=article_id, error=error)
            return None
        raise RetryLater(error, retry_delay(attempt)) from exc


def article_extraction_fail(*, article_id: int, error: str) -> None:
    """Record that extraction failed for good; an article already done stays done."""
    failed = Article.objects.filter(pk=article_id, extraction_status=Article.ExtractionStatus.PENDING).update(
        extraction_status=Article.ExtractionStatus.FAILED, extraction_error=error[:5000]
    )
    if failed:
        # An editor has to look at it; say so where an operator reads (the command, the worker log).
        logger.warning("extraction of article %s failed for good: %s", article_id, error[:500])


def article_extraction_queue(*, article_id: int) -> None:
    """Queue an article's extraction once the current transaction commits."""
    from .tasks import extract_article

    Article.objects.filter(pk=article_id).update(extraction_queued_at=timezone.now())
    transaction.on_commit(lambda: _publish(extract_article, article_id))


def _publish(task, *args, queue: str | None = None) -> None:
    """Queue a task (on `queue`, else the default one); in-process (no broker), run it here
    without touching a broker connection."""
    if task.app.conf.task_always_eager:
        task.apply(args=args)
        return
    try:
        task.apply_async(args=args, **({"queue": queue} if queue else {}))
    except Exception:
        # The broker may be away for a moment (a restart); the sweeper re-queues what was
        # not published, so a failed publish is logged rather than failing the committed work.
        logger.exception("could not queue %s%r; the sweeper will re-queue it", task.name, args)


# --- Runs and their items --------------------------------------------------------------------------


class RetryLater(Exception):
    """A temporary failure with deliveries left: the caller should try again after `delay`
    seconds, on the slow queue when `slow` (the fetch ran into its deadline)."""

    def __init__(self, reason: str, delay: float, *, slow: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.delay = delay
        self.slow = slow


def source_queue(source: Source | None) -> str | None:
    """The queue for a source's runs and items: the slow one for a slow source, else the default."""
    return settings.INGEST_SLOW_QUEUE if source is not None and source.is_slow else None


def source_mark_slow(*, source_id: int | None, reason: str) -> None:
    """A fetch for this source ran into its deadline: its work goes to the slow queue from now
    on (an editor clears the flag once the site is fast again)."""
    if source_id is None:
        return
    marked = Source.objects.filter(pk=source_id, is_slow=False).update(is_slow=True, slow_reason=reason[:2000])
    if marked:
        logger.warning(
            "source %s is slow (%s); its fetches move to the %s queue", source_id, reason, settings.INGEST_SLOW_QUEUE
        )


def items_publish(*, run_id: int, item_ids: list[int]) -> None:
    """Queue one task per item, on its source's queue."""
    from .tasks import ingest_item

    run = IngestionRun.objects.select_related("source").get(pk=run_id)
    queue = source_queue(run.source)
    for item_id in item_ids:
        _publish(ingest_item, item_id, queue=queue)


def retry_delay(attempt: int, retry_after: float | None = None) -> float:
    """Exponential backoff (2s, 8s, 32s...), or the server's Retry-After when it asks for longer."""
    delay = 2.0 * 4 ** max(attempt - 1, 0)
    if retry_after:
        delay = max(delay, min(retry_after, 600.0))
    return min(delay, 600.0)


def run_start(*, source: Source | None = None, trigger: str = RunTrigger.COMMAND) -> IngestionRun:
    """A new run; the source's earlier runs stuck without progress are closed first, as
    interrupted (without beat, nothing else would close them)."""
    if source is not None:
        runs_close_stalled(source_id=source.pk)
    return IngestionRun.objects.create(source=source, trigger=trigger)


def _failure_add(
    *, run: IngestionRun, url: str, reason: str, temporary: bool, item: IngestionItem | None = None
) -> None:
    IngestionFailure.objects.create(
        run=run,
        item=item,
        url=url.replace("\x00", "")[:2000],
        kind=IngestionFailure.Kind.TEMPORARY if temporary else IngestionFailure.Kind.PERMANENT,
        reason=reason.replace("\x00", "")[:5000],
    )


def _items_add(*, run: IngestionRun, specs: list[tuple[str, dict]]) -> list[int]:
    start = (run.items.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    now = timezone.now()
    items = IngestionItem.objects.bulk_create(
        [
            IngestionItem(
                run=run,
                position=start + i,
                url=url.replace("\x00", "")[:2000],
                # PostgreSQL's JSON cannot hold NUL; feeds are untrusted text.
                payload={
                    key: value.replace("\x00", "") if isinstance(value, str) else value
                    for key, value in payload.items()
                },
                queued_at=now,
            )
            for i, (url, payload) in enumerate(specs)
        ]
    )
    return [item.pk for item in items]


def _local_files(path: Path) -> list[Path]:
    """The article files directly in a folder. A symlink is listed whatever it points to (a
    device, a folder, nothing), so that it is refused or fails with its reason on the run
    rather than being skipped without a word."""
    if path.is_dir():
        return sorted(
            p for p in path.iterdir() if (p.is_file() or p.is_symlink()) and p.suffix.lower() in LOCAL_SUFFIXES
        )
    return [path]


def _empty_folder_reason(folder: Path) -> str:
    """Why a folder gave no files, in words a person can act on."""
    kinds = ", ".join(sorted(LOCAL_SUFFIXES))
    subfolders = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    reason = f"no article files ({kinds}) directly in {folder}"
    if subfolders:
        shown = ", ".join(f"{name}/" for name in subfolders[:3])
        reason += f"; subfolders are not read: give the one that holds the articles ({shown})"
    return reason


Specs = list[tuple[str, dict]]
Refusals = list[tuple[str, str]]


def _page_or_feed_specs(*, url: str, fetched) -> tuple[Specs, Refusals, int]:
    """A fetched URL becomes its feed's entries, or itself as one page with its content;
    plus the entries refused (link, reason), recorded with the items in one transaction, and
    how many entries were left for the next run (beyond the per-run cap)."""
    if looks_like_feed(fetched.content):
        feed = parse_feed(fetched.content)
        feed.entries = _entries_within_cap(feed.entries)
        specs = [
            (
                entry.link,
                {
                    "kind": "entry",
                    "title": entry.title,
                    "published": entry.published,
                    "html": entry.content_html,
                    # Where the feed itself came from (after redirects): its inline content
                    # may speak for entries on this site only.
                    "feed_url": fetched.url,
                    "updated": entry.updated,
                },
            )
            for entry in feed.entries
        ]
        return specs, feed.refused, feed.entries.deferred
    page = {
        "kind": "page",
        "final_url": fetched.url,
        "content_type": fetched.content_type,
        # Bytes kept as they came (base64: JSON cannot hold every byte); decoded when read.
        "body_b64": base64.b64encode(fetched.content).decode("ascii"),
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
    }
    return [(url, page)], [], 0


class CappedEntries(list):
    """A feed's entries as a run takes them, with how many were left for the next run."""

    deferred = 0


def _entries_within_cap(entries: list) -> CappedEntries:
    """Every entry already stored (cheap: not fetched again) and at most
    INGEST_MAX_ITEMS_PER_RUN of the others, in feed order; the rest are counted, and the next
    run, finding the first ones stored, takes them."""
    cap = settings.INGEST_MAX_ITEMS_PER_RUN
    links = {entry.link: make_canonical_url(entry.link) for entry in entries}
    known = set(
        Article.objects.filter(canonical_url__in=[c for c in links.values() if c]).values_list(
            "canonical_url", flat=True
        )
    )
    taken = CappedEntries()
    fresh = 0
    for entry in entries:
        if links[entry.link] in known:
            taken.append(entry)
        elif fresh < cap:
            taken.append(entry)
            fresh += 1
        else:
            taken.deferred += 1
    return taken


def _deferred_note(deferred: int) -> str:
    return (
        f"{deferred} feed entries beyond the cap of {settings.INGEST_MAX_ITEMS_PER_RUN} new entries per run "
        "(INGEST_MAX_ITEMS_PER_RUN) were left for the next run."
    )


def run_enumerate(*, run_id: int, fetcher: Fetcher | None = None) -> list[int]:
    """Read a run's source into items, once; returns the ids of items still pending.

    A source-level temporary failure with deliveries left raises RetryLater; otherwise
    it is recorded and the run finishes failed. Run again (a redelivered task), it only
    returns what is still pending.
    """
    with transaction.atomic():
        run = IngestionRun.objects.select_for_update(of=("self",)).select_related("source").get(pk=run_id)
        if run.finished_at is not None:
            return []
        if run.items.exists():
            return list(run.items.pending().values_list("pk", flat=True))
        run.attempts += 1
        run.save(update_fields=["attempts"])
    source = run.source
    if source is None:
        # A command's run is read by the command itself: one without items here was killed
        # before it finished reading its inputs.
        run_interrupt(run_id=run_id, reason="interrupted: the command stopped before it had read its inputs")
        return []
    where = source.url or source.path or source.name
    if run.attempts > MAX_ATTEMPTS:
        # Deliveries used up without an answer: the worker was killed each time (or the broker lost it).
        run_interrupt(run_id=run_id, reason=f"interrupted: gave up after {MAX_ATTEMPTS} deliveries")
        return []
    try:
        specs, refused, validators, deferred = _source_specs(source=source, fetcher=fetcher)
    except FetchError as exc:
        if exc.timed_out:
            source_mark_slow(source_id=source.pk, reason=exc.reason)
        if exc.temporary and run.attempts < MAX_ATTEMPTS:
            raise RetryLater(exc.reason, retry_delay(run.attempts, exc.retry_after), slow=exc.timed_out) from exc
        return _run_fail(run_id=run_id, url=where, reason=exc.reason, temporary=exc.temporary)
    except (FeedError, CleaningError, OSError) as exc:
        return _run_fail(run_id=run_id, url=where, reason=str(exc), temporary=False)
    except Exception as exc:
        logger.exception("reading the source of run %s failed", run_id)
        reason = f"unexpected error: {exc.__class__.__name__}: {exc}"
        if run.attempts < MAX_ATTEMPTS:
            raise RetryLater(reason, retry_delay(run.attempts)) from exc
        return _run_fail(run_id=run_id, url=where, reason=reason, temporary=True)
    with transaction.atomic():
        run = IngestionRun.objects.select_for_update().get(pk=run_id)
        if run.finished_at is not None or run.items.exists():
            return list(run.items.pending().values_list("pk", flat=True))
        ids = _items_add(run=run, specs=specs)
        for link, reason in refused:
            _failure_add(run=run, url=link, reason=reason, temporary=False)
        if deferred:
            # Not an error: the entries wait for the next run, which finds these ones stored.
            run.deferred = deferred
            run.message = _deferred_note(deferred)
            run.save(update_fields=["deferred", "message"])
        if validators is not None:
            # With entries left over, the next fetch must not be answered 304 "not modified".
            etag, last_modified = validators if not deferred else ("", "")
            Source.objects.filter(pk=source.pk).update(etag=etag, last_modified=last_modified)
        elif source.kind in (SourceKind.FEED, SourceKind.URL):
            # A 304: the feed was fetched and is unchanged. It counts as one unchanged item,
            # finished here, so the run's counts say what happened (fetched 1, unchanged 1).
            now = timezone.now()
            IngestionItem.objects.create(
                run=run,
                position=1,
                url=source.url[:2000],
                payload={"kind": "not_modified"},
                status=ItemStatus.UNCHANGED,
                queued_at=now,
                finished_at=now,
            )
            run.message = "Not modified since the last fetch (HTTP 304)."
            run.save(update_fields=["message"])
    if not ids:
        run_refresh(run_id=run_id)
    return ids


def _source_specs(*, source: Source, fetcher: Fetcher | None) -> tuple[Specs, Refusals, tuple[str, str] | None, int]:
    """The items a source holds now, the entries refused, the conditional-GET validators
    to keep (None: keep the old ones), and the feed entries left for the next run."""
    if source.kind in (SourceKind.FEED, SourceKind.URL):
        own = fetcher is None
        fetcher = fetcher or Fetcher()
        try:
            fetched = fetcher.get(
                source.url,
                etag=source.etag,
                last_modified=source.last_modified,
                accept="application/rss+xml, application/atom+xml, application/xml, text/html;q=0.9, */*;q=0.5",
            )
        finally:
            if own:
                fetcher.client.close()
        if fetched.not_modified:
            return [], [], None, 0
        if source.kind == SourceKind.FEED and not looks_like_feed(fetched.content):
            raise FeedError("not an RSS or Atom feed")
        specs, refused, deferred = _page_or_feed_specs(url=source.url, fetched=fetched)
        return specs, refused, (fetched.etag, fetched.last_modified), deferred
    if source.kind == SourceKind.FOLDER:
        folder = path_within_ingest_root(source.path)
        if not folder.is_dir():
            raise CleaningError(f"no such folder: {source.path}")
        files = _local_files(folder)
        if not files:
            raise CleaningError(_empty_folder_reason(folder))
        specs: Specs = []
        refused: Refusals = []
        for file in files:
            # A symlink inside the folder may point anywhere on the server: each file is checked resolved.
            try:
                specs.append((str(path_within_ingest_root(file)), {"kind": "file"}))
            except OutsideIngestRootError as exc:
                refused.append((str(file), str(exc)))
        return specs, refused, None, 0
    if source.kind == SourceKind.UPLOAD:
        if not source.upload:
            raise CleaningError("the source has no uploaded file")
        return [(source.upload.name, {"kind": "upload"})], [], None, 0
    if source.kind == SourceKind.TEXT:
        return [("", {"kind": "text", "text": source.pasted_text})], [], None, 0
    raise CleaningError(f"unknown source kind {source.kind!r}")


def _run_fail(*, run_id: int, url: str, reason: str, temporary: bool) -> list[int]:
    with transaction.atomic():
        run = IngestionRun.objects.select_for_update().get(pk=run_id)
        if run.finished_at is None:
            _failure_add(run=run, url=url, reason=reason, temporary=temporary)
            IngestionRun.objects.filter(pk=run_id).update(message=reason[:2000])
    run_refresh(run_id=run_id, source_failed=True)
    return []


def targets_enumerate(*, run: IngestionRun, targets: list[str], fetcher: Fetcher | None = None) -> list[int]:
    """The command's inputs (files, folders, URLs) as items of one run; a target that cannot
    be read is recorded as a failure and the others go on."""
    specs: Specs = []
    refused: Refusals = []
    for target in targets:
        if urlsplit(target).scheme.lower() in ("http", "https"):
            try:
                fetched = (fetcher or Fetcher()).get(target)
                found, refusals, deferred = _page_or_feed_specs(url=target, fetched=fetched)
                if deferred:
                    IngestionRun.objects.filter(pk=run.pk).update(
                        deferred=F("deferred") + deferred, message=_deferred_note(deferred)
                    )
                specs.extend(found)
                refused.extend(refusals)
            except (FetchError, FeedError) as exc:
                temporary = isinstance(exc, FetchError) and exc.temporary
                _failure_add(run=run, url=target, reason=getattr(exc, "reason", str(exc)), temporary=temporary)
            continue
        path = Path(target)
        if not path.exists():
            _failure_add(run=run, url=target, reason="no such file or folder", temporary=False)
            continue
        files = _local_files(path)
        if not files:
            _failure_add(run=run, url=target, reason=_empty_folder_reason(path), temporary=False)
        specs.extend((str(p.resolve()), {"kind": "file"}) for p in files)
    with transaction.atomic():
        for link, reason in refused:
            _failure_add(run=run, url=link, reason=reason, temporary=False)
        return _items_add(run=run, specs=specs)


# --- One item ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemDocument:
    doc: CleanDocument
    url: str
    canonical: str | None
    raw: str
    # The text was fetched from `canonical` itself (after redirects), not only claimed for it.
    verified: bool = False
    # A canonical link the page declared that is not where it was fetched from.
    hint: str = ""
    # The response's validators, kept on the article for a conditional refetch.
    etag: str = ""
    last_modified: str = ""


def _inline_document(item: IngestionItem) -> ItemDocument | None:
    """A feed entry's own full text, when the entry's link is on the feed's own site; None
    for a teaser, or for content claiming another site's URL (that page is fetched instead:
    a feed may not put words under someone else's address)."""
    payload = item.payload or {}
    link = item.url
    if payload.get("kind") != "entry" or not payload.get("html") or not link:
        return None
    feed_url = payload.get("feed_url") or (item.run.source.url if item.run.source else "")
    if not feed_url or _site(link) != _site(feed_url):
        return None
    content = payload["html"]
    try:
        inline = html_document(content, url=link) if looks_like_html(content) else text_document(content)
    except CleaningError:
        return None
    if len(inline.text.split()) < INLINE_CONTENT_MIN_WORDS:
        return None
    # A fragment has no <title>: the feed's title for the entry is the better one.
    feed_title = repair_text(payload.get("title", ""))[:1000]
    if feed_title:
        inline = dataclasses.replace(inline, title=feed_title)
    return ItemDocument(inline, link, make_canonical_url(link), content)


def _item_document(
    item: IngestionItem, fetcher: Fetcher, *, etag: str = "", last_modified: str = ""
) -> ItemDocument | None:
    """The item's document; None when a conditional refetch (`etag`, `last_modified`) was
    answered 304 "not modified"."""
    payload = item.payload or {}
    kind = payload.get("kind", "page")
    if kind == "text":
        raw = payload.get("text", "")
        return ItemDocument(text_document(raw), "", None, raw)
    if kind in ("file", "upload"):
        if kind == "upload":
            from django.core.files.storage import default_storage

            with default_storage.open(item.url, "rb") as handle:
                data = handle.read(settings.FETCH_MAX_BYTES + 1)
        elif item.run.source is not None and item.run.source.kind == SourceKind.FOLDER:
            data = read_within_ingest_root(item.url, settings.FETCH_MAX_BYTES)
        else:
            # A path given on the command line: the operator at the shell may read what they can.
            with open(item.url, "rb") as handle:
                data = handle.read(settings.FETCH_MAX_BYTES + 1)
        if len(data) > settings.FETCH_MAX_BYTES:
            raise CleaningError(f"file larger than {settings.FETCH_MAX_BYTES} bytes")
        content_type = "text/plain" if Path(item.url).suffix.lower() in {".txt", ".text"} else ""
        return ItemDocument(bytes_document(data, content_type=content_type), "", None, decode_bytes(data))
    link = item.url
    if (inline := _inline_document(item)) is not None:
        return inline
    if kind == "page":
        body = base64.b64decode(payload.get("body_b64", ""))
        final_url = payload.get("final_url") or link
        content_type = payload.get("content_type", "")
        validators = (payload.get("etag", ""), payload.get("last_modified", ""))
    else:
        fetched = fetcher.get(
            link,
            etag=etag,
            last_modified=last_modified,
            accept="text/html, application/xhtml+xml, text/plain;q=0.8, */*;q=0.5",
        )
        if fetched.not_modified:
            return None
        body, final_url, content_type = fetched.content, fetched.url, fetched.content_type
        validators = (fetched.etag, fetched.last_modified)
    doc = bytes_document(body, content_type=content_type, url=final_url)
    raw = decode_bytes(body, _charset(content_type))
    fetched_from = make_canonical_url(final_url)
    return ItemDocument(
        doc,
        final_url,
        fetched_from,
        raw,
        verified=fetched_from is not None,
        hint=_canonical_hint(doc, final_url),
        etag=validators[0],
        last_modified=validators[1],
    )


def _charset(content_type: str) -> str | None:
    found = re.search(r"charset=([\w.:-]+)", content_type or "", re.IGNORECASE)
    return found.group(1) if found else None


def _canonical_hint(doc: CleanDocument, final_url: str) -> str:
    """The page's declared canonical link when it differs from where it was fetched. Kept as a
    hint only: a page that could name its own identity could shadow an article it does not own."""
    if not doc.canonical_link:
        return ""
    claimed = make_canonical_url(urljoin(final_url, doc.canonical_link))
    return claimed if claimed and claimed != make_canonical_url(final_url) else ""


def _site(url: str) -> str:
    """Host (without www.) and any non-default port: what a feed may speak for."""
    try:
        parts = urlsplit(make_canonical_url(url) or url)
        host = (parts.hostname or "").removeprefix("www.")
        return f"{host}:{parts.port}" if parts.port else host
    except ValueError:
        return ""


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
        _failure_add(run=locked.run, item=locked, url=locked.url or "(pasted text)", reason=reason, temporary=temporary)
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
    if payload.get("kind") == "page":
        return "the page was fetched again (not answered 304 not modified)"
    updated = payload.get("updated") or ""
    if updated and article.source_updated and updated > article.source_updated:
        return f"the feed says it was updated at {updated} (the stored text is of {article.source_updated})"
    return ""


def _item_ingest(item: IngestionItem, fetcher: Fetcher) -> str:
    payload = item.payload or {}
    source = item.run.source
    inline = _inline_document(item)
    revising: Article | None = None
    signal = ""
    if payload.get("kind") in ("entry", "page") and item.url:
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
    if revising is not None and inline is None and payload.get("kind") == "entry":
        found = _item_document(item, fetcher, etag=revising.etag, last_modified=revising.last_modified)
        if found is None:  # 304: the page did not change after all
            Article.objects.filter(pk=revising.pk).update(source_updated=payload.get("updated") or "")
            _item_finish(item_id=item.pk, status=ItemStatus.UNCHANGED, article=revising)
            return ItemStatus.UNCHANGED
    else:
        found = inline or _item_document(item, fetcher)
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
    fields = {
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
    claimant = Source.objects.filter(pk=claimed.source_id).values_list("name", flat=True).first()
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


# --- Finishing runs and keeping sources' schedules ---------------------------------------------------


def run_refresh(*, run_id: int, source_failed: bool = False, interrupted: bool = False) -> IngestionRun:
    """Recount a run from its items; finish it (once) when nothing is pending."""
    with transaction.atomic():
        run = IngestionRun.objects.select_for_update(of=("self",)).select_related("source").get(pk=run_id)
        counts = run.items.aggregate(
            fetched=Count("pk"),
            new=Count("pk", filter=Q(status=ItemStatus.NEW)),
            duplicate=Count("pk", filter=Q(status=ItemStatus.DUPLICATE)),
            unchanged=Count("pk", filter=Q(status=ItemStatus.UNCHANGED)),
            item_failed=Count("pk", filter=Q(status=ItemStatus.FAILED)),
            pending=Count("pk", filter=Q(status=ItemStatus.PENDING)),
        )
        pending = counts.pop("pending")
        run.failed = counts.pop("item_failed")
        for name, value in counts.items():
            setattr(run, name, value)
        # Items that failed and run-level errors (the source unreadable, a refused entry link,
        # an interruption) are counted apart.
        run.errors = run.failures.filter(item__isnull=True).count()
        fields = [*counts, "failed", "errors"]
        if pending == 0 and run.finished_at is None:
            run.finished_at = timezone.now()
            succeeded = run.new + run.duplicate + run.unchanged
            if interrupted:
                run.status = RunStatus.INTERRUPTED
            elif source_failed or ((run.failed or run.errors) and not succeeded):
                run.status = RunStatus.FAILED
            elif run.failed or run.errors:
                run.status = RunStatus.PARTIAL
            else:
                run.status = RunStatus.SUCCEEDED
            fields += ["finished_at", "status"]
            if run.source_id:
                _source_after_run(run=run)
        run.save(update_fields=fields)
    return run


def run_interrupt(*, run_id: int, reason: str) -> IngestionRun:
    """Close a run that stopped without finishing (its process killed, its messages lost for
    good, or left `running` with no scheduler to sweep it): its pending items fail with the
    reason, the reason is a run-level error, and the run is `interrupted`, never `succeeded`."""
    with transaction.atomic():
        run = IngestionRun.objects.select_for_update().get(pk=run_id)
        if run.finished_at is not None:
            return run
        now = timezone.now()
        for item in run.items.pending().select_for_update():
            _failure_add(run=run, item=item, url=item.url or "(pasted text)", reason=reason, temporary=True)
        run.items.pending().update(status=ItemStatus.FAILED, finished_at=now)
        _failure_add(
            run=run, url=run.source.url or run.source.path if run.source_id else "", reason=reason, temporary=True
        )
    IngestionRun.objects.filter(pk=run_id).update(message=reason[:2000])
    return run_refresh(run_id=run_id, interrupted=True)


def runs_close_stalled(*, source_id: int, now: datetime.datetime | None = None) -> list[int]:
    """Interrupt this source's runs that have made no progress for INGEST_ITEM_STALE_AFTER:
    without beat no sweep would ever close them, so the source's next run does."""
    now = now or timezone.now()
    cutoff = now - settings.INGEST_ITEM_STALE_AFTER
    stalled = list(
        IngestionRun.objects.unfinished()
        .filter(source_id=source_id, started_at__lt=cutoff)
        .exclude(items__finished_at__gte=cutoff)
        .values_list("pk", flat=True)
        .distinct()
    )
    for run_id in stalled:
        run_interrupt(
            run_id=run_id,
            reason=f"interrupted: no progress since {cutoff:%Y-%m-%d %H:%M} UTC; closed when the source ran again",
        )
    return stalled


def _source_after_run(*, run: IngestionRun) -> None:
    source = Source.objects.select_for_update().get(pk=run.source_id)
    now = run.finished_at or timezone.now()
    source.last_run_at = now
    fields = ["last_run_at", "updated_at"]
    if run.status == RunStatus.INTERRUPTED:
        pass  # our process stopped, not the source: no failure counted, no success either
    elif run.status == RunStatus.FAILED:
        source.consecutive_failures += 1
        fields.append("consecutive_failures")
        reason = run.failures.order_by("-id").values_list("reason", flat=True).first() or "unknown error"
        limit = settings.INGEST_MAX_CONSECUTIVE_FAILURES
        if source.consecutive_failures >= limit and _failed_for_good(run=run, runs=limit):
            source.is_active = False
            source.disabled_reason = (
                f"Disabled after {source.consecutive_failures} consecutive failures; last: {reason}"
            )
            fields += ["is_active", "disabled_reason"]
        elif source.interval:
            # Back off a failing source: 1, 2, 4... intervals, at most a day beyond one interval.
            backoff = source.interval * 2 ** (source.consecutive_failures - 1)
            source.next_due_at = now + min(backoff, source.interval + datetime.timedelta(days=1))
            fields.append("next_due_at")
    else:
        source.last_success_at = now
        source.consecutive_failures = 0
        fields += ["last_success_at", "consecutive_failures"]
        if run.new:
            source.last_new_article_at = now
            fields.append("last_new_article_at")
    source.save(update_fields=fields)


def _failed_for_good(*, run: IngestionRun, runs: int) -> bool:
    """Whether this failed run and the source's runs before it (interruptions aside), `runs` in
    all, each failed with a permanent failure: only those switch a source off. A site that
    times out or answers 503 may be back tomorrow; it is backed off and shown as failing, but
    stays on. (The run being finished is not saved yet: it is passed in.)"""
    earlier = list(
        IngestionRun.objects.filter(source_id=run.source_id, finished_at__isnull=False)
        .exclude(pk=run.pk)
        .exclude(status=RunStatus.INTERRUPTED)
        .order_by("-finished_at", "-id")
        .values_list("pk", "status")[: runs - 1]
    )
    recent = [(run.pk, run.status), *earlier]
    permanent = set(
        IngestionFailure.objects.filter(
            run_id__in=[pk for pk, _ in recent], kind=IngestionFailure.Kind.PERMANENT
        ).values_list("run_id", flat=True)
    )
    return len(recent) == runs and all(status == RunStatus.FAILED and pk in permanent for pk, status in recent)


def source_register_folder(*, name: str, path: str | Path) -> Source:
    """The folder source at this path, created (without a schedule) the first time, so that
    articles loaded from a folder by hand still show in the admin where they came from."""
    folder = Path(path).resolve()
    if not folder.is_dir():
        raise CleaningError(f"no such folder: {path}")
    try:
        folder = path_within_ingest_root(folder)
    except OutsideIngestRootError as exc:
        raise CleaningError(str(exc)) from exc
    source, _ = Source.objects.get_or_create(
        kind=SourceKind.FOLDER, path=str(folder), defaults={"name": name[:200], "interval": None}
    )
    return source


def source_fetch_now(*, source_id: int, trigger: str = RunTrigger.MANUAL) -> IngestionRun:
    """Start a run of one source now (the admin's "fetch now"); its task is queued after commit."""
    from .tasks import ingest_run

    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source_id)
        run = run_start(source=source, trigger=trigger)
        if source.interval:
            source.next_due_at = timezone.now() + source.interval
            source.save(update_fields=["next_due_at", "updated_at"])
        queue = source_queue(source)
        transaction.on_commit(lambda: _publish(ingest_run, run.pk, queue=queue))
    return run


def source_on_saved(*, source: Source, created: bool, changed: Collection[str] = ()) -> IngestionRun | None:
    """After a source is saved (the admin): a new upload or pasted text is ingested at once (it
    has no schedule to wait for); other kinds wait for their schedule or a "fetch now".
    `changed` names the fields an editor changed: a new interval moves the next run (to the
    last run plus the new interval, or now when that has passed), and a source switched back on
    starts afresh (failure count and disabled reason cleared, due at the next tick). Returns the
    run started, if any."""
    if created and source.kind in (SourceKind.UPLOAD, SourceKind.TEXT) and source.is_active:
        return source_fetch_now(source_id=source.pk)
    if not created:
        source_schedule_update(source_id=source.pk, changed=changed)
    return None


def source_schedule_update(*, source_id: int, changed: Collection[str]) -> Source:
    """Apply an edited schedule now, not after the next run under the old one."""
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source_id)
        fields: list[str] = []
        now = timezone.now()
        if "is_active" in changed and source.is_active:
            source.consecutive_failures = 0
            source.disabled_reason = ""
            source.next_due_at = now if source.interval else None
            fields += ["consecutive_failures", "disabled_reason", "next_due_at"]
        elif "interval" in changed:
            if source.interval is None:
                source.next_due_at = None
            else:
                source.next_due_at = max(now, (source.last_run_at or now) + source.interval)
            fields.append("next_due_at")
        if fields:
            source.save(update_fields=[*fields, "updated_at"])
    return source


def sources_dispatch(*, now: datetime.datetime | None = None, limit: int = 100) -> list[int]:
    """The periodic tick: start a run for every due source, read from the rows each time (so
    an edited schedule applies at the next tick), then sweep what a crash or broker restart
    left behind. Returns the ids of the runs started."""
    from .tasks import ingest_run

    now = now or timezone.now()
    started: list[tuple[int, str | None]] = []
    with transaction.atomic():
        due = list(Source.objects.due(now).select_for_update(skip_locked=True).order_by("next_due_at", "id")[:limit])
        busy = set(
            IngestionRun.objects.unfinished().filter(source__in=due).values_list("source_id", flat=True).distinct()
        )
        for source in due:
            source.next_due_at = now + source.interval
            source.save(update_fields=["next_due_at", "updated_at"])
            if source.pk in busy:
                continue  # the previous run is still going; never two runs of one source at once
            run = run_start(source=source, trigger=RunTrigger.SCHEDULE)
            started.append((run.pk, source_queue(source)))
        transaction.on_commit(lambda: [_publish(ingest_run, run_id, queue=queue) for run_id, queue in started])
    ingestion_sweep(now=now)
    return [run_id for run_id, _ in started]


def ingestion_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Re-queue work whose message was lost (its task's state is in the database, so this is
    safe to repeat): pending items queued long ago, runs never read, articles never extracted;
    and finish runs whose items are all done."""
    from .tasks import extract_article, ingest_item, ingest_run

    now = now or timezone.now()
    stale_before = now - settings.INGEST_ITEM_STALE_AFTER
    items = list(IngestionItem.objects.stale(now).values_list("pk", flat=True)[:1000])
    IngestionItem.objects.filter(pk__in=items).update(queued_at=now)
    runs = list(
        IngestionRun.objects.unfinished()
        .filter(started_at__lt=stale_before, items__isnull=True)
        .values_list("pk", flat=True)[:100]
    )
    finished = 0
    for run_id in IngestionRun.objects.unfinished().filter(items__isnull=False).values_list("pk", flat=True).distinct():
        if not IngestionItem.objects.filter(run_id=run_id, status=ItemStatus.PENDING).exists():
            run_refresh(run_id=run_id)
            finished += 1
    # Stamped when queued, like the items: an article waiting behind a long queue is queued
    # again once per staleness period, not at every tick (that would flood the queue). One
    # whose deliveries are used up is queued too: its next delivery records the failure.
    articles = list(
        Article.objects.awaiting_extraction()
        .filter(
            Q(extraction_queued_at__lt=stale_before)
            | Q(extraction_queued_at__isnull=True, ingested_at__lt=stale_before)
        )
        .values_list("pk", flat=True)[:1000]
    )
    Article.objects.filter(pk__in=articles).update(extraction_queued_at=now)
    slow_items = set(IngestionItem.objects.filter(pk__in=items, run__source__is_slow=True).values_list("pk", flat=True))
    slow_runs = set(IngestionRun.objects.filter(pk__in=runs, source__is_slow=True).values_list("pk", flat=True))
    slow = settings.INGEST_SLOW_QUEUE
    for item_id in items:
        _publish(ingest_item, item_id, queue=slow if item_id in slow_items else None)
    for run_id in runs:
        _publish(ingest_run, run_id, queue=slow if run_id in slow_runs else None)
    for article_id in articles:
        _publish(extract_article, article_id)
    return {"items": len(items), "runs": len(runs), "articles": len(articles), "finished": finished}


# --- The synchronous path (the command) ---------------------------------------------------------------


def run_process_inline(
    *, run_id: int, item_ids: list[int], on_item: Callable[[int, str], None] | None = None, sleep=None
) -> IngestionRun:
    """Process a run's items in this process, with the same retries the tasks make;
    `on_item(item_id, status)` is called after each."""
    import time

    sleep = sleep or time.sleep
    with Fetcher() as fetcher:
        for item_id in item_ids:
            status = ItemStatus.PENDING
            for _ in range(MAX_ATTEMPTS + 1):
                try:
                    status = item_process(item_id=item_id, fetcher=fetcher)
                    break
                except RetryLater as exc:
                    sleep(min(exc.delay, 2.0))  # a person is waiting at the terminal
            if on_item:
                on_item(item_id, status)
    return run_refresh(run_id=run_id)
