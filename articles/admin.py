from django.contrib import admin

from .models import Article, Evidence, IngestionFailure, IngestionRun, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active", "interval", "next_due_at", "last_success_at", "consecutive_failures"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "url", "path"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published_on", "language", "extraction_status", "ingested_at"]
    list_filter = ["extraction_status", "language", "source"]
    list_select_related = ["source"]
    search_fields = ["title", "canonical_url"]
    raw_id_fields = ["duplicate_of", "source"]
    date_hierarchy = "ingested_at"
    show_full_result_count = False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["sentence", "article", "extractor_name", "extractor_version", "confidence"]
    list_select_related = ["article"]
    raw_id_fields = ["article"]
    search_fields = ["sentence"]
    show_full_result_count = False


class IngestionFailureInline(admin.TabularInline):
    model = IngestionFailure
    extra = 0
    readonly_fields = ["url", "kind", "reason", "created_at"]
    can_delete = False


@admin.register(IngestionRun)
class IngestionRunAdmin(admin.ModelAdmin):
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
    ]
    list_filter = ["status", "trigger"]
    list_select_related = ["source"]
    inlines = [IngestionFailureInline]
