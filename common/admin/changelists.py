"""What every editorial changelist shares to stay cheap: rows rendered without per-row templates,
large text columns left unloaded.

Profiling the changelists against the benchmark corpus showed that rendering, not SQL, is most of
a page once its query is indexed: Django's own `action_checkbox` renders a `CheckboxInput` through
the form template engine for every row (about a third of the rows' cost). The same markup is
written here with `format_html`. Text columns that no list shows (an article's text and raw
content, an agreement's description) are deferred in the rows listed only; the change form and
the actions (which get the changelist's queryset anew) still load them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.db.models import Model
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


class DeferringChangeList(ChangeList):
    """Defers the admin's `changelist_defer` in the rows listed, not in the queryset actions receive."""

    def get_results(self, request: HttpRequest) -> None:
        deferred = getattr(self.model_admin, "changelist_defer", ())
        if deferred:
            self.queryset = self.queryset.defer(*deferred)
        super().get_results(request)


class FastChangelistMixin:
    """Mix into a ModelAdmin: the same page, fewer template renders per row."""

    # Columns that the changelist never shows and that can be large (text, raw content...).
    changelist_defer: tuple[str, ...] = ()

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return DeferringChangeList

    def action_checkbox(self, obj: Model) -> SafeString:
        # The markup of ModelAdmin.action_checkbox (CheckboxInput's template), without the template.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )
