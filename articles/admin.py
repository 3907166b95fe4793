"""The admin of sources, articles, evidence and ingestion runs.

Articles and evidence are written by ingestion only: here they are read (with the article
reader, which highlights every extracted fact). Sources are edited by editors, who can
also fetch one now. Counts on the large tables are estimated, never full.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from common.admin.changelists import FastChangelistMixin
from common.admin.paginators import EstimatedCountPaginator

from .ingestion.dispatch import source_fetch_now, source_on_saved
from .models import Article, Evidence, IngestionFailure, IngestionRun, Source
from .rules import can_manage_folder_sources

# A URL typed without a scheme means https (Django 6's default, chosen now).
URL_FIELDS_ASSUME_HTTPS: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class LargeTableAdmin(FastChangelistMixin, admin.ModelAdmin):
    """Read-only admin of a table that ingestion fills: estimated counts, no edits by hand."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    # As the curated facts' lists: a page that an editor reads, half the rendering of Django's 100.
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = [
        "name",
        "kind",
        "is_active",
        "interval",
        "last_success_at",
        "last_new_article_at",
        "consecutive_failures",
        "is_slow",
        "quiet",
        "next_due_at",
        "disabled_because",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "url", "path"]
    readonly_fields = [
        "last_run_at",
        "last_success_at",
        "last_new_article_at",
        "consecutive_failures",
        "disabled_reason",
        "slow_reason",
        "etag",
        "last_modified",
        "created_at",
        "updated_at",
    ]
    actions = ["fetch_now"]
    show_full_result_count = False

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(quiet_flag=Exists(Source.objects.quiet().filter(pk=OuterRef("pk"))))
        )

    @admin.display(description="Quiet", boolean=True, ordering="quiet_flag")
    def quiet(self, obj) -> bool:
        return bool(getattr(obj, "quiet_flag", False))

    @admin.display(description="Disabled because")
    def disabled_because(self, obj) -> str:
        return Truncator(obj.disabled_reason).chars(160)

    # A folder source reads files on the server: only a superuser creates or changes one;
    # editors see folder sources but cannot pick the kind or type a path.
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_manage_folder_sources(request.user):
            fields.append("path")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not can_manage_folder_sources(request.user) and "kind" in form.base_fields:
            kind = cast(forms.ChoiceField, form.base_fields["kind"])
            kind.choices = [
                (value, label)
                for value, label in cast("list[tuple[str, str]]", kind.choices)
                if value != Source.Kind.FOLDER
            ]
        return form

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.kind == Source.Kind.FOLDER and not can_manage_folder_sources(request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.kind == Source.Kind.FOLDER and not can_manage_folder_sources(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if obj.kind == Source.Kind.FOLDER and not can_manage_folder_sources(request.user):
            raise PermissionDenied("Only a superuser may create or change a folder source.")
        super().save_model(request, obj, form, change)
        if source_on_saved(source=obj, created=not change, changed=form.changed_data if change else ()):
            self.message_user(request, "Ingestion started; see the ingestion runs for the result.")

    @admin.action(description="Fetch the selected sources now", permissions=["change"])
    def fetch_now(self, request, queryset):
        started = 0
        for source in queryset[:50]:
            try:
                source_fetch_now(source_id=source.pk)
            except (ValueError, OSError) as error:
                self.message_user(request, f"{source}: {error}", messages.ERROR)
            else:
                started += 1
        self.message_user(request, f"Started {started} run(s); see the ingestion runs for their progress.")


@admin.register(Article)
class ArticleAdmin(LargeTableAdmin):
    list_display = ["title", "source", "published_on", "language", "extraction_status", "ingested_at", "reader"]
    # No filter by language: listing its values would scan the whole table.
    list_filter = ["extraction_status", "source", "ingested_at"]
    list_select_related = ["source"]
    search_fields = ["title", "canonical_url"]
    exclude = ["raw_content"]
    # An article's text and raw content are its large columns; the list shows neither.
    changelist_defer = ("text", "raw_content", "extraction_error", "source__pasted_text", "source__disabled_reason")

    @admin.display(description="Read")
    def reader(self, obj) -> str:
        return format_html('<a href="{}">read with facts</a>', reverse("admin:editorial_article_reader", args=[obj.pk]))


@admin.register(Evidence)
class EvidenceAdmin(LargeTableAdmin):
    list_display = ["sentence", "article", "extractor_name", "extractor_version", "confidence"]
    list_select_related = ["article"]
    search_fields = ["sentence"]


class IngestionFailureInline(admin.TabularInline):
    model = IngestionFailure
    extra = 0
    readonly_fields = ["url", "kind", "reason", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(IngestionRun)
class IngestionRunAdmin(LargeTableAdmin):
    list_display = [
        "id",
        "source",
        "trigger",
        "status",
        "started_at",
        "finished_at",
        "fetched",
        "new",
        "duplicate",
        "unchanged",
        "failed",
        "errors",
        "deferred",
    ]
    list_filter = ["status", "trigger", "source"]
    list_select_related = ["source"]
    inlines = [IngestionFailureInline]


@admin.register(IngestionFailure)
class IngestionFailureAdmin(LargeTableAdmin):
    list_display = ["url", "kind", "reason", "run", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["run"]
    search_fields = ["url", "reason"]
