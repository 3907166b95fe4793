"""The editorial admin of agreements and their reviewed status history."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse

from relations.admin import CuratedAdmin, ReadOnlyAdmin, person_label
from relations.curation import ReviewStatus
from relations.services import ReviewError

from .merging import agreement_merge_undo
from .models import Agreement, AgreementDistinction, AgreementMerge, AgreementStatusChange
from .selectors import agreement_status_timeline, status_label


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

    def get_queryset(self, request):
        # Each row names its agreement (its str) and its reviewer: joins, not one query per row.
        return super().get_queryset(request).select_related("agreement", "reviewed_by")

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
    readonly_fields = ["current_status", "merged_into", "status_timeline"]
    exclude = ["evidence"]
    autocomplete_fields = ["parties"]
    inlines = [StatusChangeInline]
    actions = ["approve_selected", "reject_selected", "reopen_selected", "merge_selected"]

    class Media:
        css = {"all": ["admin/agreements/timeline.css"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != "status_timeline"]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is None:
            return fieldsets
        # The story of the agreement, after its own fields: each change with its sentence.
        return [*fieldsets, ("Status history", {"fields": ["status_timeline"], "classes": ["status-history"]})]

    @admin.display(description="Timeline")
    def status_timeline(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "—"
        entries = []
        for change in agreement_status_timeline(agreement_id=obj.pk):
            evidence = [
                {
                    "evidence": e,
                    "reader_url": reverse("admin:editorial_article_reader", args=[e.article_id]) + f"#evidence-{e.pk}",
                }
                for e in change.evidence.all()
            ]
            entries.append(
                {
                    "change": change,
                    "from_status": status_label(getattr(change, "previous_status", "")),
                    "reviewer": person_label(change.reviewed_by) if change.reviewed_by_id else "",
                    "change_url": reverse("admin:agreements_agreementstatuschange_change", args=[change.pk]),
                    "evidence": evidence,
                }
            )
        return render_to_string("admin/agreements/status_timeline.html", {"entries": entries})

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
    change_form_template = "admin/agreements/agreementstatuschange/change_form.html"

    class Media:
        css = {"all": ["admin/agreements/timeline.css"]}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # A pending change of a pending agreement: say so above the form and offer to approve both.
        pending = ReviewStatus.PENDING
        if change and obj is not None and obj.review_status == pending and obj.agreement.review_status == pending:
            context["pending_agreement"] = obj.agreement
            context["may_approve_both"] = request.user.has_perm(
                "agreements.change_agreement"
            ) and request.user.has_perm("agreements.change_agreementstatuschange")
        return super().render_change_form(request, context, add, change, form_url, obj)


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
