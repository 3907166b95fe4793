"""The editorial admin of the registry and the facts about a relationship.

`CuratedAdmin` is the base of every curated fact's admin (here and in agreements): edits
and decisions go through `relations.services`, which version them (a concurrent edit is
refused, not overwritten) and write their history with the acting user.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from simple_history.admin import SimpleHistoryAdmin

from common.admin.changelists import FastChangelistMixin
from common.admin.paginators import EstimatedCountPaginator

from .history import HistoryContextHelper
from .merging import actor_merge_undo
from .models import (
    Actor,
    ActorAlias,
    ActorDistinction,
    ActorMerge,
    Correction,
    CorrectionSource,
    Event,
    Metric,
    MetricObservation,
    Relationship,
)
from .services import (
    ReviewError,
    actor_alias_add,
    fact_reopen,
    fact_revert,
    fact_update,
    fact_update_and_approve,
    facts_bulk_reopen,
    facts_bulk_review,
    normalize_alias,
)

REVIEW_FIELDS = [
    "review_status",
    "reviewed_by",
    "reviewed_at",
    "rejection_reason",
    "claimed_by",
    "claimed_at",
    "version",
]
# What the history says of a decision taken back from the admin without a typed reason.
ADMIN_REOPEN_REASON = "reopened in the admin"
# As shown: people by name, not as links to the user admin that editors may not open.
REVIEW_DISPLAY = [{"reviewed_by": "reviewer", "claimed_by": "claimant"}.get(name, name) for name in REVIEW_FIELDS]


def person_label(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else "—"


class ReviewActionForm(ActionForm):
    """The changelist's action bar, with the reason that a bulk rejection needs."""

    reason = forms.CharField(required=False, max_length=2000, label="Reason (to reject or reopen)")


class CuratedForm(forms.ModelForm):
    """Carries the version the editor loaded, so that saving over someone else's change is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is not None:
            # The stored version, not the instance's: a history revert edits an old copy of the row.
            current = type(instance).objects.filter(pk=instance.pk).values_list("version", flat=True).first()
            self.fields["expected_version"].initial = current

    def clean(self):
        data = cast(dict[str, Any], super().clean())
        if self.instance.pk is not None:
            current = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            expected = data.get("expected_version")
            if expected is not None and current != expected:
                raise forms.ValidationError(
                    "Someone else changed this record while you were editing it. Reload the page to see "
                    "their change; your edit was not saved."
                )
        return data


class CuratedAdmin(FastChangelistMixin, SimpleHistoryAdmin):
    """Common ground of every curated fact's admin: review through the services, history, safe counts."""

    form = CuratedForm
    action_form = ReviewActionForm
    actions = ["approve_selected", "reject_selected", "reopen_selected"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50
    change_form_template = "admin/editorial/curated_change_form.html"
    # Names the extractor and the seed editor, and links people to the audit log, not the user admin.
    object_history_list_template = "admin/editorial/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryContextHelper(self.model, historical_record)

    readonly_review_fields = REVIEW_DISPLAY

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or []), "reviewed_by", "claimed_by"]

    @admin.display(description="reviewed by")
    def reviewer(self, obj) -> str:
        return person_label(obj.reviewed_by)

    @admin.display(description="claimed by")
    def claimant(self, obj) -> str:
        return person_label(obj.claimed_by)

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_review_fields, "evidence_sentences", *super().get_readonly_fields(request, obj)]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        editable = [f for f in fieldsets[0][1]["fields"] if f not in self.readonly_review_fields]
        editable = [f for f in editable if f != "evidence_sentences"]
        # The evidence first: an editor correcting a fact reads the sentence, then fixes the fields below it.
        return [
            ("Evidence", {"fields": ["evidence_sentences"]}),
            (None, {"fields": editable}),
            ("Review", {"fields": self.readonly_review_fields}),
        ]

    @admin.display(description="Evidence")
    def evidence_sentences(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "—"
        rows = [
            (
                reverse("admin:editorial_article_reader", args=[e.article_id]) + f"#evidence-{e.pk}",
                e.sentence,
                e.article.title or e.article_id,
                e.article.published_on or "undated",
                e.confidence,
            )
            for e in obj.evidence.select_related("article")
        ]
        if not rows:
            return "No evidence."
        return format_html_join(
            "",
            '<p><a href="{}">“{}”</a><br><small>{} · {} · confidence {}</small></p>',
            rows,
        )

    # --- Saving goes through the services ---------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj._history_user = request.user
            obj.save()
            return
        changes = {
            name: value
            for name, value in form.cleaned_data.items()
            if name != "expected_version" and name in self._concrete_editable(obj)
        }
        expected_version = form.cleaned_data.get("expected_version")
        if getattr(request, "reverting_history", False):
            # `obj` is the old version: its review state comes back too, through the services.
            saved = fact_revert(
                fact=obj,
                user=request.user,
                changes=changes,
                review_status=obj.review_status,
                rejection_reason=obj.rejection_reason,
                expected_version=expected_version,
                source=CorrectionSource.ADMIN,
            )
        else:
            service = fact_update_and_approve if "_saveapprove" in request.POST else fact_update
            saved = service(
                fact=obj,
                user=request.user,
                changes=changes,
                expected_version=expected_version,
                source=CorrectionSource.ADMIN,
            )
        obj.version = saved.version
        obj.review_status = saved.review_status

    @staticmethod
    def _concrete_editable(obj) -> set[str]:
        return {
            f.name
            for f in obj._meta.concrete_fields
            if f.editable and not isinstance(f, models.AutoField) and f.name not in REVIEW_FIELDS
        }

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history opens this page to anyone who may view; a revert writes, so it needs change.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        request.reverting_history = True
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except ReviewError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None and "_reopen" in request.POST:
            return self._reopen(request, object_id)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ReviewError as error:
            # The service refused (a concurrent edit, a missing evidence...): nothing was written.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def _reopen(self, request, object_id):
        """The change page's Reopen button: the decision goes back to pending, nothing else is saved."""
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        expected = request.POST.get("expected_version", "")
        try:
            fact_reopen(
                fact=obj,
                user=request.user,
                reason=request.POST.get("reopen_reason", "").strip() or ADMIN_REOPEN_REASON,
                expected_version=int(expected) if expected.isdigit() else None,
            )
        except ReviewError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, f"Reopened “{obj}”: it is pending again.", messages.SUCCESS)
        return HttpResponseRedirect(request.get_full_path())

    def response_change(self, request, obj):
        if "_saveapprove" in request.POST:
            self.message_user(request, f"Saved and approved “{obj}”.", messages.SUCCESS)
            target = request.GET.get("next", "")
            if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
                return HttpResponseRedirect(target)
            return HttpResponseRedirect(reverse("admin:editorial_queue"))
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["show_reopen"] = (
            change and obj is not None and obj.review_status != "pending" and self.has_change_permission(request, obj)
        )
        context["show_save_and_approve"] = (
            change and obj is not None and obj.review_status == "pending" and self.has_change_permission(request, obj)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Bulk decisions ----------------------------------------------------------------------

    def _bulk(self, request, queryset, decision: str) -> None:
        reason = request.POST.get("reason", "")
        try:
            result = facts_bulk_review(facts=list(queryset), user=request.user, decision=decision, reason=reason)
        except ReviewError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        verb = "Approved" if decision == "approve" else "Rejected"
        self.message_user(request, f"{verb} {len(result.done)} of {len(result.done) + len(result.skipped)}.")
        for fact, why in result.skipped[:20]:
            self.message_user(request, f"Skipped “{fact}”: {why}", messages.WARNING)

    @admin.action(description="Approve selected", permissions=["change"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description="Reject selected (with the reason given)", permissions=["change"])
    def reject_selected(self, request, queryset):
        self._bulk(request, queryset, "reject")

    @admin.action(description="Reopen selected (back to pending, with the reason given)", permissions=["change"])
    def reopen_selected(self, request, queryset):
        reason = request.POST.get("reason", "").strip() or ADMIN_REOPEN_REASON
        result = facts_bulk_reopen(facts=list(queryset), user=request.user, reason=reason)
        self.message_user(request, f"Reopened {len(result.done)} of {len(result.done) + len(result.skipped)}.")
        for fact, why in result.skipped[:20]:
            self.message_user(request, f"Skipped “{fact}”: {why}", messages.WARNING)


class ReadOnlyAdmin(FastChangelistMixin, admin.ModelAdmin):
    """Rows written only by services (merges, distinctions): listed, never edited by hand."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ["name", "country_a", "country_b", "slug"]
    show_full_result_count = False


class ActorAliasForm(forms.ModelForm):
    """A new alias, checked as `actor_alias_add` will: not empty, not another actor's."""

    class Meta:
        model = ActorAlias
        fields = ["alias"]

    def clean_alias(self):
        alias = self.cleaned_data["alias"]
        normalized = normalize_alias(alias)
        if not normalized:
            raise forms.ValidationError("An alias cannot be empty.")
        holder = ActorAlias.objects.filter(normalized=normalized).select_related("actor").first()
        if holder is not None and holder.actor_id != self.instance.actor_id:
            raise forms.ValidationError(f"“{alias}” is already an alias of {holder.actor.name}; merge the two instead.")
        return alias


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    form = ActorAliasForm
    extra = 0
    fields = ["alias", "normalized"]
    readonly_fields = ["normalized"]

    def has_change_permission(self, request, obj=None):
        # Aliases are added through actor_alias_add (uniqueness across actors); edits would bypass it.
        return False


@admin.register(Actor)
class ActorAdmin(CuratedAdmin):
    list_display = ["name", "kind", "country", "review_status", "merged_into", "created_at"]
    list_filter = ["kind", "review_status", "country"]
    list_select_related = ["merged_into"]
    changelist_defer = ("description", "rejection_reason")
    search_fields = ["name", "aliases__alias"]
    inlines = [ActorAliasInline]
    readonly_fields = ["merged_into", "slug"]
    exclude = ["evidence"]
    actions = ["approve_selected", "reject_selected", "reopen_selected", "merge_selected"]

    def save_formset(self, request, form, formset, change):
        if formset.model is not ActorAlias:
            return super().save_formset(request, form, formset, change)
        # New aliases go through the service, which normalizes them (the form hides `normalized`).
        formset.save(commit=False)
        for alias in formset.deleted_objects:
            alias.delete()
        for alias in formset.new_objects:
            actor_alias_add(actor=form.instance, alias=alias.alias)
        return None

    @admin.action(description="Merge the two selected actors…", permissions=["change"])
    def merge_selected(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True)[:3])
        if len(ids) != 2:
            self.message_user(request, "Select exactly two actors to merge.", messages.ERROR)
            return None
        return HttpResponseRedirect(reverse("admin:editorial_merge", args=["actor"]) + f"?ids={ids[0]},{ids[1]}")


@admin.register(Event)
class EventAdmin(CuratedAdmin):
    list_display = ["__str__", "kind", "relationship", "date", "place", "review_status", "created_at"]
    list_filter = ["review_status", "kind", "relationship", "date"]
    list_select_related = ["relationship"]
    search_fields = ["title", "place"]
    exclude = ["evidence", "fingerprint"]
    autocomplete_fields = ["actors"]


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    show_full_result_count = False


@admin.register(MetricObservation)
class MetricObservationAdmin(CuratedAdmin):
    list_display = [
        "metric",
        "relationship",
        "kind",
        "value",
        "unit",
        "period_label",
        "reported_on",
        "is_preferred",
        "review_status",
    ]
    list_filter = ["review_status", "kind", "is_preferred", "relationship", "metric"]
    list_select_related = ["metric", "relationship"]
    search_fields = ["metric__name", "period_label"]
    exclude = ["evidence", "fingerprint"]
    autocomplete_fields = ["metric"]
    # Preference is chosen among conflicting observations on the conflicts page, one per group.
    readonly_fields = ["is_preferred"]


@admin.register(ActorMerge)
class ActorMergeAdmin(ReadOnlyAdmin):
    list_display = ["merged", "survivor", "merged_by", "merged_at", "undone_at", "undone_by"]
    list_select_related = ["merged", "survivor", "merged_by", "undone_by"]
    actions = ["undo_selected"]

    def has_undo_permission(self, request) -> bool:
        return request.user.has_perm("relations.change_actor")

    @admin.action(description="Undo the selected merges", permissions=["undo"])
    def undo_selected(self, request, queryset):
        for merge in queryset:
            try:
                actor_merge_undo(merge=merge, user=request.user)
            except ReviewError as error:
                self.message_user(request, f"{merge}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"Undone: {merge}.")


@admin.register(ActorDistinction)
class ActorDistinctionAdmin(ReadOnlyAdmin):
    list_display = ["actor_low", "actor_high", "decided_by", "decided_at", "undone_by", "undone_at", "undo_reason"]
    list_select_related = ["actor_low", "actor_high", "decided_by", "undone_by"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    """The correction log: every field an editor changed, for review and for the extractor's
    training labels (`manage.py export_corrections --jsonl`). Written by the services only."""

    list_display = ["created_at", "fact_label", "field", "old_value", "new_value", "editor", "source"]
    # No date hierarchy and no filter whose choices are read from the log: both scan it whole.
    list_filter = ["source"]
    list_select_related = ["content_type", "user"]
    search_fields = ["=object_id", "=field", "user__username"]

    @admin.display(description="fact", ordering="object_id")
    def fact_label(self, obj: Correction) -> str:
        return f"{obj.content_type.name} {obj.object_id}"

    @admin.display(description="editor", ordering="user__username")
    def editor(self, obj: Correction) -> str:
        return person_label(obj.user)
