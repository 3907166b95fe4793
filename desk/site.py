"""The admin site, with the editorial desk's views added to its URLs and its index."""

from __future__ import annotations

from functools import partial

from django.contrib import admin
from django.urls import path


class EditorialAdminSite(admin.AdminSite):
    site_header = "Bilateral relations tracker"
    site_title = "Relations tracker"
    index_title = "Editorial desk"
    index_template = "admin/editorial/index.html"

    def index(self, request, extra_context=None):
        """The admin home; editors who may see sources are told of failing and quiet ones here,
        not only in a column of the source list."""
        from . import selectors

        extra_context = dict(extra_context or {})
        if request.user.has_perm("articles.view_source"):
            extra_context["ingestion_attention"] = selectors.ingestion_attention()
        return super().index(request, extra_context)

    def get_urls(self):
        from . import views

        def view(function):
            return self.admin_view(partial(function, site=self))

        editorial = [
            path("editorial/queue/", view(views.queue_view), name="editorial_queue"),
            path("editorial/queue/decide/", view(views.decide_view), name="editorial_decide"),
            path("editorial/queue/bulk/", view(views.bulk_view), name="editorial_bulk"),
            path("editorial/dashboard/", view(views.dashboard_view), name="editorial_dashboard"),
            path("editorial/duplicates/", view(views.merge_candidates_view), name="editorial_merge_candidates"),
            path("editorial/merge/<str:kind>/", view(views.merge_view), name="editorial_merge"),
            path(
                "editorial/duplicates/<str:kind>/taken-back/",
                view(views.distinction_undo_view),
                name="editorial_distinction_undo",
            ),
            path("editorial/conflicts/", view(views.conflicts_view), name="editorial_conflicts"),
            path("editorial/audit/", view(views.audit_view), name="editorial_audit"),
            path(
                "editorial/articles/<int:article_id>/", view(views.article_reader_view), name="editorial_article_reader"
            ),
            path(
                "editorial/articles/<int:article_id>/new-fact/<str:kind>/",
                view(views.fact_from_text_view),
                name="editorial_fact_from_text",
            ),
            path(
                "editorial/articles/<int:article_id>/new-fact/<str:kind>/save/",
                view(views.fact_from_text_save_view),
                name="editorial_fact_from_text_save",
            ),
            path(
                "editorial/articles/<int:article_id>/correct-evidence/",
                view(views.evidence_correct_view),
                name="editorial_evidence_correct",
            ),
            path("editorial/approve-both/", view(views.approve_both_view), name="editorial_approve_both"),
            path("editorial/articles/new/", view(views.ingest_view), name="editorial_ingest"),
        ]
        return editorial + super().get_urls()
