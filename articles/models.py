"""Where facts come from: sources, the articles fetched from them, and evidence sentences.

This app sits at the bottom of the dependency chain (articles <- relations <- agreements):
nothing here imports the other apps.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .querysets import (
    ArticleQuerySet,
    EvidenceQuerySet,
    IngestionItemQuerySet,
    IngestionRunQuerySet,
    SourceQuerySet,
)


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


class SourceKind(models.TextChoices):
    FEED = "feed", "RSS/Atom feed"
    URL = "url", "Single article URL"
    FOLDER = "folder", "Local folder"
    UPLOAD = "upload", "Uploaded file"
    TEXT = "text", "Pasted text"


# The kinds read from the web (over HTTP, through the SSRF guard, with conditional GET): said
# once, here; the source's validation and the run's bookkeeping of a 304 derive from it.
WEB_SOURCE_KINDS = frozenset({SourceKind.FEED, SourceKind.URL})


class Source(models.Model):
    Kind = SourceKind

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    url = models.URLField(max_length=2000, blank=True, help_text="Feed or page URL (feed and url kinds).")
    path = models.CharField(
        max_length=1000,
        blank=True,
        help_text="Folder on the server below the ingest root (folder kind; only superusers set it).",
    )
    upload = models.FileField(upload_to="uploads/%Y/%m/", blank=True, help_text="A text or HTML file (upload kind).")
    pasted_text = models.TextField(blank=True, help_text="The article itself, first line as title (text kind).")

    is_active = models.BooleanField(default=True)
    interval = models.DurationField(
        null=True, blank=True, help_text="How often to fetch; empty for sources fetched once or by hand."
    )
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_new_article_at = models.DateTimeField(
        null=True, blank=True, help_text="When this source last yielded an article not seen before."
    )
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_reason = models.TextField(blank=True, help_text="Why ingestion switched this source off.")
    is_slow = models.BooleanField(
        default=False,
        help_text=(
            "Fetched on the slow queue (INGEST_SLOW_QUEUE), apart from the others. Set when a fetch ran "
            "into its deadline; clear it once the site answers quickly again."
        ),
    )
    slow_reason = models.TextField(blank=True, help_text="The fetch that made this source slow.")
    # Conditional GET validators from the last successful response.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values),
                name="articles_source_kind_valid",
                violation_error_message="Choose one of the listed kinds of source.",
            ),
            models.CheckConstraint(
                condition=Q(interval__isnull=True) | Q(interval__gt=timedelta(0)),
                name="articles_source_interval_positive",
                violation_error_message="The fetch interval must be longer than zero.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Each kind needs its own input; a folder must lie below INGEST_ROOT; an upload must be a
        text or HTML file."""
        from django.core.exceptions import ValidationError

        needs: dict[str, tuple[str, str]] = {
            SourceKind.FEED: ("url", "a feed URL"),
            SourceKind.URL: ("url", "a page URL"),
            SourceKind.FOLDER: ("path", "a folder on the server"),
            SourceKind.UPLOAD: ("upload", "an uploaded file"),
            SourceKind.TEXT: ("pasted_text", "the pasted text"),
        }
        if self.kind in needs:
            field, what = needs[self.kind]
            value = getattr(self, field)
            if not value or (isinstance(value, str) and not value.strip()):
                raise ValidationError({field: f"A source of this kind needs {what}."})
        web = self.kind in WEB_SOURCE_KINDS
        if web and self.url and not self.url.lower().startswith(("http://", "https://")):
            raise ValidationError({"url": "Only http and https URLs are fetched."})
        if self.kind == SourceKind.FOLDER and self.path:
            from .paths import OutsideIngestRootError, path_within_ingest_root

            try:
                path_within_ingest_root(self.path)
            except OutsideIngestRootError as exc:
                raise ValidationError({"path": str(exc)}) from exc
        if self.kind == SourceKind.UPLOAD and self.upload:
            name = (self.upload.name or "").lower()
            if not name.endswith((".txt", ".text", ".html", ".htm")):
                raise ValidationError({"upload": "Upload a text (.txt) or HTML (.html) file."})
            if self.upload.size > settings.FETCH_MAX_BYTES:
                raise ValidationError({"upload": f"The file is larger than {settings.FETCH_MAX_BYTES} bytes."})

    @property
    def is_quiet(self) -> bool:
        """A scheduled source that has yielded nothing new for longer than INGEST_QUIET_AFTER
        (the same rule as `Source.objects.quiet()`, without a query)."""
        if not (self.is_active and self.interval):
            return False
        since = self.last_new_article_at or self.created_at
        return since is not None and since < timezone.now() - settings.INGEST_QUIET_AFTER


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped (near-duplicate)"


class Article(models.Model):
    ExtractionStatus = ExtractionStatus

    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    url = models.URLField(max_length=2000, blank=True, help_text="The URL it was fetched from, as given.")
    canonical_url = models.URLField(
        max_length=2000,
        null=True,
        blank=True,
        unique=True,
        help_text="The page's canonical link without tracking parameters or fragment; empty for uploads.",
    )
    url_verified = models.BooleanField(
        default=False,
        help_text=(
            "True when the text was fetched from canonical_url itself (after redirects). False when the "
            "URL was only claimed (a feed's inline content for an entry on its own site, or stored before "
            "this was checked): a later fetch of the URL replaces such a text."
        ),
    )
    canonical_hint = models.URLField(
        max_length=2000,
        blank=True,
        help_text=(
            "The canonical link the page declared, or the URL a replaced text had claimed, when it is not "
            "the URL the text came from: a hint for editors, never the article's identity."
        ),
    )
    content_hash = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the normalized clean text: one row per text."
    )
    title = models.CharField(max_length=1000, blank=True)
    text = models.TextField(help_text="Clean text. Evidence offsets index into this.")
    raw_content = models.TextField(blank=True, help_text="What was fetched or uploaded, before cleaning.")
    published_on = models.DateField(null=True, blank=True, db_index=True)
    published_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN)
    language = models.CharField(max_length=12, blank=True)
    author = models.CharField(max_length=500, blank=True)
    site_name = models.CharField(max_length=500, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="near_duplicates",
        help_text="The first copy of the same story; a near-duplicate corroborates it and is not extracted.",
    )
    # What the source said about this text when it was stored, to tell a changed article from
    # an unchanged one at the next run (conditional GET, or the feed's <updated>).
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    source_updated = models.CharField(
        max_length=40, blank=True, help_text="The feed entry's updated time (ISO, UTC) when this text was stored."
    )
    revision_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
        help_text=(
            "The earlier text of the same URL, which this newer text replaced when the source said the "
            "article changed. That row keeps its own text, the facts read from it and the editors' decisions."
        ),
    )
    ingested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    extraction_status = models.CharField(
        max_length=10, choices=ExtractionStatus.choices, default=ExtractionStatus.PENDING, db_index=True
    )
    extracted_at = models.DateTimeField(null=True, blank=True)
    extractor_version = models.CharField(max_length=50, blank=True)
    extraction_error = models.TextField(blank=True)
    extraction_attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Deliveries of the extraction task so far; it gives up after a bounded number."
    )
    extraction_queued_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When its extraction task was last queued; the sweep queues it again only once this is stale.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-ingested_at", "-id"]
        # The API's and the admin's default order: a page is read off the index, however many articles.
        indexes = [models.Index(fields=["ingested_at", "id"], name="articles_article_ingested_id")]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_precision__in=DatePrecision.values),
                name="articles_article_precision_valid",
                violation_error_message="Choose one of the listed date precisions.",
            ),
            models.CheckConstraint(
                condition=Q(extraction_status__in=ExtractionStatus.values),
                name="articles_article_extraction_status_valid",
                violation_error_message="Choose one of the listed extraction statuses.",
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("id")),
                name="articles_article_not_duplicate_of_itself",
                violation_error_message="An article cannot be a duplicate of itself.",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.canonical_url or f"Article {self.pk}"


class Evidence(models.Model):
    """A verbatim sentence of an article that a fact was read from."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="evidence")
    sentence = models.TextField(help_text="Verbatim: equal to article.text[start:end].")
    start = models.PositiveIntegerField(help_text="Character offset of the sentence in the article's text.")
    end = models.PositiveIntegerField(help_text="Character offset just past the sentence.")
    extractor_name = models.CharField(max_length=100, help_text="Who read it: an extractor, or 'editor'.")
    extractor_version = models.CharField(max_length=50, blank=True)
    confidence = models.FloatField(default=1.0, help_text="The extractor's confidence, 0 to 1.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "start", "end", "extractor_name"],
                name="articles_evidence_unique_span",
                violation_error_message="This extractor already cited this span of the article.",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="articles_evidence_span_nonempty",
                violation_error_message="The evidence span must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="articles_evidence_confidence_range",
                violation_error_message="The confidence must be between 0 and 1.",
            ),
        ]

    def __str__(self) -> str:
        return self.sentence[:80]


class ArticleBand(models.Model):
    """One locality-sensitive hash band of an article's MinHash signature.

    Two texts that share a band are near-duplicate candidates, found through the index on
    `value`.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")
    value = models.BigIntegerField(db_index=True, help_text="The band's index and its hash, folded into 63 bits.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "value"],
                name="articles_articleband_unique",
                violation_error_message="The article already has this band.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.value}"


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    PARTIAL = "partial", "Succeeded with failures"
    FAILED = "failed", "Failed"
    INTERRUPTED = "interrupted", "Interrupted"


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", "Schedule"
    MANUAL = "manual", "Fetch now"
    COMMAND = "command", "Command line"


class IngestionRun(models.Model):
    Status = RunStatus

    Trigger = RunTrigger

    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs")
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULE)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING, db_index=True)
    started_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    fetched = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    duplicate = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0, help_text="Items that failed.")
    errors = models.PositiveIntegerField(
        default=0, help_text="Run-level errors: the source could not be read, a refused entry link, an interruption."
    )
    deferred = models.PositiveIntegerField(
        default=0, help_text="Feed entries beyond the per-run cap (INGEST_MAX_ITEMS_PER_RUN), left for the next run."
    )
    message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Deliveries of the task that reads the source.")

    objects = IngestionRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values),
                name="articles_ingestionrun_status_valid",
                violation_error_message="Choose one of the listed run statuses.",
            ),
            models.CheckConstraint(
                condition=Q(trigger__in=RunTrigger.values),
                name="articles_ingestionrun_trigger_valid",
                violation_error_message="Choose one of the listed run triggers.",
            ),
        ]

    def __str__(self) -> str:
        return f"Run {self.pk} ({self.get_status_display()})"


class FailureKind(models.TextChoices):
    TEMPORARY = "temporary", "Temporary"
    PERMANENT = "permanent", "Permanent"


class IngestionFailure(models.Model):
    """One input of a run that could not be ingested, and why."""

    Kind = FailureKind

    run = models.ForeignKey(IngestionRun, on_delete=models.CASCADE, related_name="failures")
    item = models.ForeignKey(
        "IngestionItem",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="failures",
        help_text="The item that failed; empty for a run-level error.",
    )
    url = models.CharField(max_length=2000, blank=True, help_text="The URL or path that failed.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FailureKind.values),
                name="articles_ingestionfailure_kind_valid",
                violation_error_message="Choose one of the listed kinds of failure.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.url}: {self.reason[:60]}"


class ItemStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    NEW = "new", "New article"
    DUPLICATE = "duplicate", "Duplicate"
    UNCHANGED = "unchanged", "Already stored"
    FAILED = "failed", "Failed"


class IngestionItem(models.Model):
    """One input of a run (a feed entry, a page, a file): the unit a task processes once.

    Its status is set in the same transaction that stores its article, so a task run
    twice (after a crash or a redelivery) finds the item done and does nothing.
    """

    Status = ItemStatus

    run = models.ForeignKey(IngestionRun, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(help_text="Order within the run.")
    url = models.CharField(max_length=2000, blank=True, help_text="The URL or path to read; empty for pasted text.")
    payload = models.JSONField(
        default=dict, blank=True, help_text="What the feed already gave for it: title, date, inline content."
    )
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Deliveries of its task so far.")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    queued_at = models.DateTimeField(null=True, blank=True, help_text="When its task was last queued.")
    note = models.TextField(
        blank=True, help_text="What happened beyond its status, e.g. why it replaced a text stored under its URL."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = IngestionItemQuerySet.as_manager()

    class Meta:
        ordering = ["run_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "position"],
                name="articles_ingestionitem_unique_position",
                violation_error_message="This run already has an item at this position.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values),
                name="articles_ingestionitem_status_valid",
                violation_error_message="Choose one of the listed item statuses.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.url or 'text'} ({self.status})"
