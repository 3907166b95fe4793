"""History rows as the desk shows them: the extractor and the seed editor by name, people linked
to their entries in the audit log (editors may not open the user admin)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from relations.history import history_author

register = template.Library()


@register.filter
def history_author_link(record: Any) -> str:
    user = record.history_user if record.history_user_id else None
    name = history_author(user=user, reason=record.history_change_reason)
    if user is None:
        return name
    return format_html('<a href="{}?editor={}">{}</a>', reverse("admin:editorial_audit"), user.pk, name)
