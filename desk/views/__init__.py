"""The editorial desk's views: thin, they check permissions, call a selector or a service, and render.

Every view is wrapped by `admin_site.admin_view` (staff login, CSRF, no caching); every
write also checks the model permission here, on the server, whatever the page showed.
One module per page of the desk; `desk/site.py` maps them to URLs.
"""

from .conflicts import conflicts_view
from .dashboard import dashboard_view
from .merges import distinction_undo_view, merge_candidates_view, merge_view
from .queue import bulk_view, decide_view, queue_view
from .reader import article_reader_view

__all__ = [
    "article_reader_view",
    "bulk_view",
    "conflicts_view",
    "dashboard_view",
    "decide_view",
    "distinction_undo_view",
    "merge_candidates_view",
    "merge_view",
    "queue_view",
]
