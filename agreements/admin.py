"""The editorial admin of agreements and their reviewed status history."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from relations.admin import CuratedAdmin, ReadOnlyAdmin, person_label
from relations.services import ReviewError

from .merging import agreement_merge_undo
from .models import Agreement, AgreementDistinction, AgreementMerge, AgreementStatusChange


class StatusChangeInline(admin.TabularInline):
    """The status history, read here; each change is reviewed as a fact of its own."""

    model = AgreementStatusChange
    extra = 0
    readonly_fields = ("status", "effective_on", "review_status", "reviewer")
    fields = readonly_fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="reviewed by")
    def reviewer(self, obj) -> str:
        return person_label(obj.reviewed_by)


@admin.register(Agreement)
class AgreementAdmin(CuratedAdmin):
    list_display = ["title", "relationship", "sector", "current_status", "review_status", "merged_into", "created_at"]
    list_filter = ["review_status", "sector", "current_status", "relationship"]
    list_select_related = ["relationship", "merged_into"]
    # Neither the agreement's nor its survivor's long text is shown in the list.
    changelist_defer = ("description", "keys", "rejection_reason", "merged_into__description", "merged_into__keys")
    search_fields = ["title", "key"]
    readonly_fields = ["current_status", "merged_into"]
    exclude = ["evidence"]
    autocomplete_fields = ["parties"]
    inlines = [StatusChangeInline]
    actions = ["approve_selected", "reject_selected", "merge_selected"]

    @admin.action(description="Merge the two selected agreements…", permissions=["change"])
    def merge_selected(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True)[:3])
        if len(ids) != 2:
            self.message_user(request, "Select exactly two agreements to merge.", messages.ERROR)
            return None
        return HttpResponseRedirect(reverse("admin:editorial_merge", args=["agreement"]) + f"?ids={ids[0]},{ids[1]}")


@admin.register(AgreementStatusChange)
class AgreementStatusChangeAdmin(CuratedAdmin):
    list_display = ["agreement", "status", "effective_on", "review_status", "created_at"]
    list_filter = ["review_status", "status", "agreement__sector"]
    list_select_related = ["agreement"]
    search_fields = ["agreement__title"]
    autocomplete_fields = ["agreement"]
    exclude = ["evidence", "fingerprint"]


@admin.register(AgreementMerge)
class AgreementMergeAdmin(ReadOnlyAdmin):
    list_display = ["merged", "survivor", "merged_by", "merged_at", "undone_at", "undone_by"]
    list_select_related = ["merged", "survivor", "merged_by", "undone_by"]
    actions = ["undo_selected"]

    def has_undo_permission(self, request) -> bool:
        return request.user.has_perm("agreements.change_agreement")

    @admin.action(description="Undo the selected merges", permissions=["undo"])
    def undo_selected(self, request, queryset):
        for merge in queryset:
            try:
                agreement_merge_undo(merge=merge, user=request.user)
            except ReviewError as error:
                self.message_user(request, f"{merge}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"Undone: {merge}.")


@admin.register(AgreementDistinction)
class AgreementDistinctionAdmin(ReadOnlyAdmin):
    list_display = [
        "agreement_low",
        "agreement_high",
        "decided_by",
        "decided_at",
        "undone_by",
        "undone_at",
        "undo_reason",
    ]
    list_select_related = ["agreement_low", "agreement_high", "decided_by", "undone_by"]
