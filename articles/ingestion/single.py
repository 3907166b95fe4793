"""One article by hand (the desk's "New article"): a pasted text, an uploaded file or a page's
URL, through the same pipeline as a source's items (a run of its own, one item, the reader of
its kind, `article_store`), then extracted at once so that the editor lands on its facts.

Nothing here cleans, stores or extracts by itself: the readers, `items._item_ingest` and
`extracting.article_extract` do, as for every other route in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.cleaning import text_refusal
from articles.feeds import looks_like_feed
from articles.fetching import Fetcher, FetchError
from articles.models import Article, IngestionItem, IngestionRun, ItemStatus, RunTrigger

from .extracting import article_extract
from .inline import run_process_inline
from .readers.base import PayloadKind
from .readers.page import page_or_feed_specs
from .retries import RetryLater
from .runs import failure_add, items_add, run_refresh, run_start

# The kinds of file an editor may upload here (as a text source's upload, plus Markdown).
UPLOAD_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm"})


class IngestRefused(ValueError):
    """The input cannot become an article; the message says why, for the editor."""


@dataclass(frozen=True)
class SingleIngestion:
    """What became of one hand-given input: its run, the item's status, the article (new or
    the one already stored) and, when it failed, why."""

    run_id: int
    status: str
    article: Article | None = None
    reason: str = ""
    extraction_note: str = ""

    @property
    def is_new(self) -> bool:
        return self.status == ItemStatus.NEW

    @property
    def is_duplicate(self) -> bool:
        return self.status in (ItemStatus.DUPLICATE, ItemStatus.UNCHANGED)


def article_ingest_text(
    *, text: str, title: str = "", url: str = "", published_on: datetime.date | None = None
) -> SingleIngestion:
    """A pasted text; the given title and date win over what its first lines say."""
    if not text.strip():
        raise IngestRefused("Paste the article's text.")
    payload = {"kind": PayloadKind.TEXT, "text": text, "title": title.strip()}
    if published_on is not None:
        payload["published"] = published_on.isoformat()
    run = run_start(trigger=RunTrigger.MANUAL)
    return _process(run, items_add(run=run, specs=[(url.strip(), payload)]))


def article_ingest_upload(*, name: str, data: bytes) -> SingleIngestion:
    """An uploaded .txt, .md or .html file, refused before it is stored when it is too large or
    not text (the upload reader would refuse it too, after a run; the editor is told at once)."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise IngestRefused(f"Upload a text (.txt, .md) or HTML (.html) file; “{name}” is not one.")
    if len(data) > settings.FETCH_MAX_BYTES:
        raise IngestRefused(f"The file is larger than {settings.FETCH_MAX_BYTES:,} bytes; paste the article instead.")
    if not data.strip():
        raise IngestRefused("The file is empty.")
    if (refusal := text_refusal(data)) is not None:
        raise IngestRefused(f"The file is not a text article ({refusal}).")
    stored = default_storage.save(f"uploads/desk/{timezone.now():%Y/%m}/{PurePath(name).name}", ContentFile(data))
    run = run_start(trigger=RunTrigger.MANUAL)
    return _process(run, items_add(run=run, specs=[(stored, {"kind": PayloadKind.UPLOAD})]))


def article_ingest_url(*, url: str, fetcher: Fetcher | None = None) -> SingleIngestion:
    """A page at an http(s) URL, fetched through the address guard (private addresses are
    refused). A feed is refused here: following one is a source's job."""
    run = run_start(trigger=RunTrigger.MANUAL)
    client = fetcher or Fetcher()
    try:
        fetched = client.get(url, accept="text/html, application/xhtml+xml, text/plain;q=0.8, */*;q=0.5")
    except FetchError as exc:
        failure_add(run=run, url=url, reason=exc.reason, temporary=exc.temporary)
        run_refresh(run_id=run.pk)
        return SingleIngestion(run.pk, ItemStatus.FAILED, reason=exc.reason)
    finally:
        if fetcher is None:
            client.client.close()
    if looks_like_feed(fetched.content):
        reason = "this address is a feed, not an article: add it as a source to follow it"
        failure_add(run=run, url=url, reason=reason, temporary=False)
        run_refresh(run_id=run.pk)
        return SingleIngestion(run.pk, ItemStatus.FAILED, reason=reason)
    specs, _, _ = page_or_feed_specs(url=url, fetched=fetched)
    return _process(run, items_add(run=run, specs=specs))


def _process(run: IngestionRun, item_ids: list[int]) -> SingleIngestion:
    """Process the run's one item here, then extract a new article here too (a worker that also
    got the extraction task finds it done: extraction is recorded once)."""
    run_process_inline(run_id=run.pk, item_ids=item_ids)
    item = IngestionItem.objects.select_related("article").get(pk=item_ids[0])
    if item.status == ItemStatus.FAILED:
        failure = item.failures.order_by("-id").first()
        return SingleIngestion(run.pk, item.status, reason=failure.reason if failure else "it could not be read")
    article = item.article
    note = ""
    if item.status == ItemStatus.NEW and article is not None:
        try:
            article_extract(article_id=article.pk)
        except RetryLater as exc:
            note = f"Extraction failed ({exc.reason}); it will be tried again."
        article.refresh_from_db()
    elif article is not None and article.duplicate_of_id is not None:
        # A near-copy of an article already stored: the editor reads the original.
        article = Article.objects.get(pk=article.duplicate_of_id)
    return SingleIngestion(run.pk, item.status, article=article, extraction_note=note)
