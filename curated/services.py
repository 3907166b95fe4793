"""Writes that span the apps below: a fact an editor reads in an article's sentence.

Here because one entry point serves kinds of two apps (events and observations in
`relations`, agreements and status changes in `agreements`); each kind's own create service
stays in its app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from agreements.services import agreement_create, agreement_status_record
from articles.models import Article, Evidence
from articles.services import evidence_for_span
from relations.curation import CuratedModel
from relations.models import Correction, CorrectionSource
from relations.services import (
    ReviewError,
    correction_value,
    corrections_record,
    event_create,
    fact_approve,
    observation_create,
)

# The kinds an editor can make from a sentence (registry keys) and their create services.
# Actors are the registry's, made on the actor admin, and need no sentence.
CREATORS: dict[str, Callable[..., CuratedModel]] = {
    "agreement": agreement_create,
    "status_change": agreement_status_record,
    "observation": observation_create,
    "event": event_create,
}


def fact_create_from_sentence(
    *,
    kind: str,
    article: Article,
    start: int,
    end: int,
    values: dict[str, Any],
    user: Any,
    prefilled: dict[str, Any] | None = None,
    approve: bool = False,
    source: str = CorrectionSource.DESK,
) -> CuratedModel:
    """Create a fact of `kind` citing the sentence around article.text[start:end] as its
    evidence (read by "editor"), pending unless `approve`.

    Logged as corrections: the creation with every value as saved, and each field whose value
    differs from what the form pre-filled from the span (what the extractor would have read).
    Raises ReviewError (a span outside the text, a fact its model refuses) or Django's
    ValidationError (a field's value), with nothing written.
    """
    if kind not in CREATORS:
        raise ReviewError(f"Unknown kind {kind!r}; expected one of {', '.join(CREATORS)}.")
    with transaction.atomic():
        try:
            evidence: Evidence = evidence_for_span(article=article, start=start, end=end)
            fact = CREATORS[kind](evidence=[evidence], user=user, **values)
        except ValueError as error:  # a span outside the text, an unknown status...
            raise ReviewError(str(error)) from error
        saved = {name: correction_value(value) for name, value in values.items()}
        changes: dict[str, tuple[Any, Any]] = {Correction.CREATED: (None, {**saved, "evidence_id": evidence.pk})}
        for name, old in (prefilled or {}).items():
            old = correction_value(old)
            if name in saved and saved[name] != old:
                changes[name] = (old, saved[name])
        corrections_record(fact=fact, user=user, source=source, changes=changes)
        if approve:
            fact = fact_approve(fact=fact, user=user)
    return fact
