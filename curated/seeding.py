"""Seed data beyond the registry: where the seed articles came from, and the editors'
decisions on the facts extracted from them (`seeds/decisions.json`).

Decisions go through the review services, by a named seed editor, so they leave the same
history as an editor's click. A decision names its fact by what survives a new engine
version: the kind, the evidence sentence and the fact's key fields, never a database id.
Applying a file twice changes nothing; a decision that matches no fact is reported, and a
fact someone already decided otherwise is left alone and reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from agreements.models import Agreement, AgreementStatusChange
from articles.models import Article
from relations.curation import CuratedModel, ReviewStatus
from relations.history import SEED_EDITOR_USERNAME
from relations.models import Actor, Event, MetricObservation
from relations.services import ReviewError, fact_approve, fact_reject, fact_update_and_approve

SEED_EDITOR = SEED_EDITOR_USERNAME
DECISIONS = {"approve": ReviewStatus.APPROVED, "reject": ReviewStatus.REJECTED}
# Parents before children: an agreement is decided before its status changes.
KINDS = ("actor", "agreement", "status_change", "event", "observation")


def seed_editor() -> Any:
    """The account seed decisions are credited to: named, and unable to log in."""
    user, created = get_user_model().objects.get_or_create(
        username=SEED_EDITOR, defaults={"first_name": "Seed", "last_name": "editor", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


# --- Where the seed articles came from ------------------------------------------------------


def article_sources_apply(*, folder: Path, sources: dict[str, dict[str, Any]]) -> int:
    """Give each seed article its page URL, site and publication date where known (a file
    name maps to {"url", "site_name", "published"}); fields already set are kept. Articles
    are found by their stored raw content, which is the file as read. Returns how many changed."""
    changed = 0
    for name, known in sources.items():
        raw = (folder / name).read_text(encoding="utf-8")
        for article in Article.objects.filter(raw_content=raw):
            updates = {
                "url": article.url or known.get("url") or "",
                "canonical_url": article.canonical_url or known.get("url") or None,
                "site_name": article.site_name or known.get("site_name") or "",
                "published_on": article.published_on or known.get("published"),
            }
            if any(getattr(article, name) != value for name, value in updates.items()):
                Article.objects.filter(pk=article.pk).update(**updates)
                changed += 1
    return changed


# --- Editors' decisions ------------------------------------------------------------------------


@dataclass
class DecisionReport:
    applied: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def _candidates(kind: str, key: dict[str, Any], evidence: str | None) -> list[Any]:
    cited: dict[str, QuerySet[Any]] = {
        "actor": Actor.objects.filter(name=key.get("name"), kind=key.get("kind")),
        "agreement": Agreement.objects.filter(title__iexact=key.get("title", "")),
        "status_change": AgreementStatusChange.objects.filter(
            agreement__title__iexact=key.get("agreement", ""), status=key.get("status")
        ),
        "event": Event.objects.filter(kind=key.get("kind")).prefetch_related("actors"),
        "observation": MetricObservation.objects.filter(
            metric__name=key.get("metric"), kind=key.get("kind"), unit=key.get("unit")
        ),
    }
    queryset = cited[kind]
    if evidence:
        queryset = queryset.filter(evidence__sentence=evidence).distinct()
    facts = list(queryset)
    if kind == "event":
        wanted = sorted(key.get("actors", []))
        facts = [fact for fact in facts if sorted(actor.name for actor in fact.actors.all()) == wanted]
    if kind == "observation":
        facts = [fact for fact in facts if fact.value == Decimal(str(key.get("value")))]
    return facts


def _label(decision: dict[str, Any]) -> str:
    key = ", ".join(f"{name}={value}" for name, value in decision.get("key", {}).items())
    return f"{decision['kind']} ({key})"


def decisions_apply(data: dict[str, Any]) -> DecisionReport:
    """Apply a decisions file ({"decisions": [...]}) as the seed editor; see the module doc.
    Each decision: kind, key (the fact's key fields), evidence (its sentence; optional for
    actors), decision (approve / reject), reason (for a rejection), and optionally changes
    (fields an editor corrected before approving; the key names the fact as extracted)."""
    editor = seed_editor()
    report = DecisionReport()
    decisions = sorted(data.get("decisions", []), key=lambda d: KINDS.index(d["kind"]) if d["kind"] in KINDS else 0)
    for decision in decisions:
        label = _label(decision)
        status = DECISIONS.get(decision.get("decision"))
        if decision["kind"] not in KINDS or status is None:
            report.unmatched.append(f"{label}: unknown kind or decision {decision.get('decision')!r}")
            continue
        changes = decision.get("changes") or {}
        facts = _candidates(decision["kind"], decision["key"], decision.get("evidence"))
        if not facts and changes:
            # Applied before: the fact now carries the corrected fields.
            facts = _candidates(decision["kind"], {**decision["key"], **changes}, decision.get("evidence"))
        if not facts:
            report.unmatched.append(label)
            continue
        for fact in facts:
            if fact.review_status == status:
                report.already.append(label)
            elif fact.review_status != ReviewStatus.PENDING:
                report.conflicts.append(f"{label}: already {fact.review_status}, left as is")
            else:
                try:
                    _decide(fact, status, changes=changes, reason=decision.get("reason", ""), editor=editor)
                except ReviewError as exc:
                    report.conflicts.append(f"{label}: {exc}")
                    continue
                report.applied.append(label)
    return report


def _decide(fact: CuratedModel, status: str, *, changes: dict[str, Any], reason: str, editor: Any) -> None:
    if status == ReviewStatus.REJECTED:
        fact_reject(fact=fact, user=editor, reason=reason)
    elif changes:
        # The seed editor's fixes are the seed data, not corrections to learn from.
        fact_update_and_approve(fact=fact, user=editor, changes=changes, source=None)
    else:
        fact_approve(fact=fact, user=editor)
