from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, AgreementStatusChange


class StatusChangeInline(admin.TabularInline):
    model = AgreementStatusChange
    extra = 0
    fields = ["status", "effective_on", "review_status"]
    readonly_fields = ["review_status"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "relationship", "sector", "current_status", "review_status"]
    list_filter = ["sector", "current_status", "review_status", "relationship"]
    list_select_related = ["relationship"]
    search_fields = ["title", "key"]
    readonly_fields = ["current_status"]
    raw_id_fields = ["evidence", "merged_into", "reviewed_by", "claimed_by"]
    filter_horizontal = ["parties"]
    inlines = [StatusChangeInline]


@admin.register(AgreementStatusChange)
class AgreementStatusChangeAdmin(SimpleHistoryAdmin):
    list_display = ["agreement", "status", "effective_on", "review_status"]
    list_filter = ["status", "review_status"]
    list_select_related = ["agreement"]
    raw_id_fields = ["agreement", "evidence", "reviewed_by", "claimed_by"]
