"""The editorial desk's views: thin, they check permissions, call a selector or a service, and render.

Every view is wrapped by `admin_site.admin_view` (staff login, CSRF, no caching); every
write also checks the model permission here, on the server, whatever the page showed.
One module per page of the desk; `desk/site.py` maps them to URLs.
"""

from .agreements import approve_both_view
from .audit import audit_view
from .authoring import evidence_correct_view, fact_from_text_save_view, fact_from_text_view
from .conflicts import conflicts_view
from .dashboard import dashboard_view
from .ingest import ingest_view
from .merges import distinction_undo_view, merge_candidates_view, merge_view
from .queue import bulk_view, decide_view, queue_view
from .reader import article_reader_view

__all__ = [
    "approve_both_view",
    "article_reader_view",
    "audit_view",
    "bulk_view",
    "conflicts_view",
    "dashboard_view",
    "decide_view",
    "distinction_undo_view",
    "evidence_correct_view",
    "fact_from_text_save_view",
    "fact_from_text_view",
    "ingest_view",
    "merge_candidates_view",
    "merge_view",
    "queue_view",
]
