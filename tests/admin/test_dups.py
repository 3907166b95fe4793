"""Duplicates (issue 20, item 3) and the small defects of the tour (item 9).

Fuzzy candidates across sectors and accents, merged-away records out of the queue and the
backlog, "not the same" taken back (service, page, roles), an event's label, the per-page
default, constraint errors in words, the truth about approving an actor without evidence.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import BaseConstraint
from django.forms import modelform_factory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.merging import (
    agreement_distinction_undo,
    agreement_merge,
    agreement_merge_candidates,
    agreements_mark_distinct,
)
from agreements.models import AgreementDistinction
from desk import selectors
from relations.merging import (
    MergeError,
    actor_distinction_undo,
    actor_merge,
    actor_merge_candidates,
    actors_mark_distinct,
)
from relations.models import Actor, ActorDistinction, MetricObservation
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    EventFactory,
    MetricObservationFactory,
    RelationshipFactory,
    editor,
    viewer,
)

pytestmark = pytest.mark.django_db


def _pairs(candidates) -> set[tuple[int, int]]:
    return {(c.first.pk, c.second.pk) for c in candidates}


def _backlog(kind: str) -> int:
    return dict((fact_type.key, n) for fact_type, n in selectors.backlog_counts())[kind]


# --- Candidates -------------------------------------------------------------------------


def test_the_s400_deal_is_proposed_beside_its_long_title_even_in_another_sector():
    deal = AgreementFactory(title="S-400 Triumf deal", sector="other")
    system = AgreementFactory(title="S-400 Triumf air defense missile system", sector="defense")
    AgreementFactory(title="S-500 Prometey deal", sector="defense")  # another code: not the same
    elsewhere = AgreementFactory(
        title="S-400 Triumf deal", relationship=RelationshipFactory(country_a="CN", country_b="IN", name="China–India")
    )
    candidates = agreement_merge_candidates()
    assert _pairs(candidates) == {(deal.pk, system.pk)}
    assert candidates[0].reason == "similar titles (100%)"
    assert elsewhere.pk not in {pk for pair in _pairs(candidates) for pk in pair}  # another relationship


def test_shared_names_are_compared_folded_and_come_before_similar_titles():
    first = AgreementFactory(title="Frigate deal", keys=["Talwar-class"])
    second = AgreementFactory(title="Stealth ships for the navy", keys=["TALWAR-CLASS"])
    third = AgreementFactory(title="Kudankulam Nuclear Power Project")
    fourth = AgreementFactory(title="Kudankulam nuclear power plant")
    candidates = agreement_merge_candidates()
    assert [(c.first, c.second) for c in candidates] == [(first, second), (third, fourth)]
    assert candidates[0].reason == "shared name 'Talwar-class'"
    assert candidates[1].reason.startswith("similar titles (")


def test_actor_names_are_folded_for_accents_before_they_are_compared():
    plain = ActorFactory(name="Dmitry Medvedev")
    accented = ActorFactory(name="Dmitri Medvédev")
    firm = ActorFactory(kind=Actor.Kind.ORGANIZATION, name="Rosoboronexport")
    firm_again = ActorFactory(kind=Actor.Kind.ORGANIZATION, name="ROSOBORONEXPORT JSC")
    ActorFactory(kind=Actor.Kind.ORGANIZATION, name="Rosoboronexport", country="IN")  # another country
    candidates = {(c.first.pk, c.second.pk): c.reason for c in actor_merge_candidates()}
    assert candidates == {
        (plain.pk, accented.pk): "same surname 'medvedev'",
        (firm.pk, firm_again.pk): "similar names (100%)",
    }


# --- Merged-away records leave the queue and the backlog ------------------------------------


def test_a_merged_away_agreement_leaves_the_queue_and_the_backlog(client):
    user = editor()
    survivor = AgreementFactory(title="S-400 Triumf air defense missile system")
    merged = AgreementFactory(title="S-400 Triumf deal")
    assert _backlog("agreement") == 2
    agreement_merge(merged=merged, survivor=survivor, user=user)

    assert _backlog("agreement") == 1
    filters = selectors.QueueFilters(types=["agreement"])
    assert [item.fact for item in selectors.queue_page(filters=filters, user=user).items] == [survivor]
    client.force_login(user)
    html = client.get(reverse("admin:editorial_queue"), {"types": "agreement"}).content.decode()
    assert f'data-fact="agreement:{survivor.pk}"' in html
    assert f'data-fact="agreement:{merged.pk}"' not in html
    assert "Agreement: 1<" in html  # the backlog line


def test_a_merged_away_actor_leaves_the_queue_and_the_backlog():
    user = editor()
    survivor, merged = ActorFactory(name="Vladimir Putin"), ActorFactory(name="President Putin")
    actor_merge(merged=merged, survivor=survivor, user=user)
    assert _backlog("actor") == 1
    filters = selectors.QueueFilters(types=["actor"])
    assert [item.fact for item in selectors.queue_page(filters=filters, user=user).items] == [survivor]


# --- "Not the same", and taking it back -------------------------------------------------


def test_a_not_the_same_judgement_can_be_taken_back_and_stays_on_record():
    judge, second_thoughts = editor("judge"), editor("second-thoughts")
    first, second = ActorFactory(name="Sergey Ivanov"), ActorFactory(name="Sergei Ivanov")
    distinction = actors_mark_distinct(actor_a=first, actor_b=second, user=judge)
    assert (first.pk, second.pk) not in _pairs(actor_merge_candidates())

    actor_distinction_undo(distinction=distinction, user=second_thoughts, reason="Same deputy PM, two spellings")
    assert (first.pk, second.pk) in _pairs(actor_merge_candidates())
    distinction.refresh_from_db()
    assert (distinction.decided_by, distinction.undone_by) == (judge, second_thoughts)
    assert distinction.undone_at is not None and distinction.undo_reason == "Same deputy PM, two spellings"
    with pytest.raises(MergeError, match="already taken back"):
        actor_distinction_undo(distinction=distinction, user=second_thoughts)

    # Judged again: a new judgement beside the one taken back, which stays as it was.
    again = actors_mark_distinct(actor_a=second, actor_b=first, user=judge)
    assert again.pk != distinction.pk
    assert ActorDistinction.objects.filter(actor_low=first, actor_high=second).count() == 2
    assert (first.pk, second.pk) not in _pairs(actor_merge_candidates())


def test_an_agreement_judgement_is_taken_back_from_the_duplicates_page(client):
    user = editor()
    first = AgreementFactory(title="Kudankulam Nuclear Power Project")
    second = AgreementFactory(title="Kudankulam nuclear power plant")
    client.force_login(user)
    page = reverse("admin:editorial_merge_candidates")
    client.post(
        reverse("admin:editorial_merge", args=["agreement"]),
        {"survivor": first.pk, "merged": second.pk, "action": "distinct"},
    )
    distinction = AgreementDistinction.objects.get()
    html = client.get(page).content.decode()
    assert f"ids={first.pk},{second.pk}" not in html
    assert f'name="distinction" value="{distinction.pk}"' in html  # listed, with its form

    response = client.post(
        reverse("admin:editorial_distinction_undo", args=["agreement"]),
        {"distinction": distinction.pk, "reason": "Plant and project are one", "next": page},
        follow=True,
    )
    html = response.content.decode()
    assert "may be proposed as duplicates again" in html
    assert f"ids={first.pk},{second.pk}" in html
    assert f'name="distinction" value="{distinction.pk}"' not in html
    distinction.refresh_from_db()
    assert (distinction.undone_by, distinction.undo_reason) == (user, "Plant and project are one")


def test_taking_back_twice_or_with_bad_input_says_why_and_changes_nothing(client):
    user = editor()
    distinction = agreements_mark_distinct(agreement_a=AgreementFactory(), agreement_b=AgreementFactory(), user=user)
    agreement_distinction_undo(distinction=distinction, user=user)
    client.force_login(user)
    url = reverse("admin:editorial_distinction_undo", args=["agreement"])
    response = client.post(url, {"distinction": distinction.pk}, follow=True)
    assert "already taken back" in response.content.decode()
    response = client.post(url, {"distinction": "not-a-number"}, follow=True)
    assert response.status_code == 200 and "Enter a whole number" in response.content.decode()
    assert client.post(url, {"distinction": 999999}).status_code == 404
    assert (
        client.post(reverse("admin:editorial_distinction_undo", args=["event"]), {"distinction": 1}).status_code == 403
    )
    assert client.get(url).status_code == 405


def test_a_viewer_can_neither_see_nor_forge_taking_a_judgement_back(client):
    judge = editor()
    first, second = AgreementFactory(), AgreementFactory()
    agreement_distinction = agreements_mark_distinct(agreement_a=first, agreement_b=second, user=judge)
    actor_distinction = actors_mark_distinct(actor_a=ActorFactory(), actor_b=ActorFactory(), user=judge)
    client.force_login(viewer())
    html = client.get(reverse("admin:editorial_merge_candidates")).content.decode()
    assert "Judged not the same" in html and "Take back" not in html
    for kind, distinction in (("agreement", agreement_distinction), ("actor", actor_distinction)):
        response = client.post(
            reverse("admin:editorial_distinction_undo", args=[kind]), {"distinction": distinction.pk}
        )
        assert response.status_code == 403
        distinction.refresh_from_db()
        assert distinction.undone_at is None


def _dismissed(n: int, user) -> None:
    for _ in range(n):
        actors_mark_distinct(actor_a=ActorFactory(), actor_b=ActorFactory(), user=user)
        agreements_mark_distinct(agreement_a=AgreementFactory(), agreement_b=AgreementFactory(), user=user)


def test_the_duplicates_page_costs_the_same_with_more_judgements(client):
    user = editor()
    client.force_login(user)
    url = reverse("admin:editorial_merge_candidates")
    _dismissed(2, user)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _dismissed(8, user)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert html.count('class="distinction-undo"') == 20


# --- Small defects of the tour ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "title", "label"),
    [
        ("Visit", "Visit: Vladimir Putin", "Visit: Vladimir Putin"),
        ("Visit", "visit of Narendra Modi to Moscow", "visit of Narendra Modi to Moscow"),
        ("Visit", "Vladimir Putin in New Delhi", "Visit: Vladimir Putin in New Delhi"),
        ("Visit", "Visiting delegation", "Visit: Visiting delegation"),  # a longer word is not the prefix
        ("Summit", "Summit", "Summit"),
        ("Call", "untitled", "Call: untitled"),
    ],
)
def test_a_label_never_doubles_its_kind(kind, title, label):
    assert selectors.with_kind(kind, title) == label


def test_the_queue_shows_an_event_titled_with_its_kind_once(client):
    event = EventFactory(title="Visit: Vladimir Putin", kind="visit")
    client.force_login(editor())
    html = client.get(reverse("admin:editorial_queue"), {"types": "event"}).content.decode()
    assert f'data-fact="event:{event.pk}"' in html
    assert "Visit: Vladimir Putin" in html and "Visit: Visit:" not in html


@pytest.mark.parametrize("query", [{}, {"types": "event"}, {"q": "Putin"}])
def test_the_per_page_select_shows_the_twenty_the_queue_lists(client, query):
    client.force_login(editor())
    html = client.get(reverse("admin:editorial_queue"), query).content.decode()
    assert '<option value="20" selected>20</option>' in html
    assert '<option value="10" selected>' not in html
    html = client.get(reverse("admin:editorial_queue"), {**query, "per_page": "50"}).content.decode()
    assert '<option value="50" selected>50</option>' in html


def test_the_queue_tells_the_truth_about_approving_without_evidence(client):
    actor = ActorFactory(name="Denis Manturov", evidence=[])  # added by hand: no sentence
    event = EventFactory(title="Meeting in Kazan", evidence=[])
    client.force_login(editor())
    html = client.get(reverse("admin:editorial_queue"), {"types": ["actor", "event"]}).content.decode()
    actor_card = html[html.index(f'data-fact="actor:{actor.pk}"') :].split("</article>")[0]
    event_card = html[html.index(f'data-fact="event:{event.pk}"') :].split("</article>")[0]
    assert "cannot be approved" not in actor_card
    assert "an actor can be approved without one" in actor_card
    assert 'value="approve"' in actor_card
    assert "cannot be approved until it cites a sentence" in event_card
    # And it is approved, as the card says.
    client.post(
        reverse("admin:editorial_decide"), {"fact": f"actor:{actor.pk}", "version": actor.version, "action": "approve"}
    )
    actor.refresh_from_db()
    assert actor.review_status == "approved"


def _project_constraints() -> list[tuple[str, BaseConstraint]]:
    models = [m for app in ("relations", "agreements", "articles") for m in apps.get_app_config(app).get_models()]
    return [(f"{m._meta.label}.{c.name}", c) for m in models for c in m._meta.constraints]


def test_every_constraint_explains_itself_in_words():
    constraints = _project_constraints()
    assert len(constraints) > 30
    missing = [
        name
        for name, constraint in constraints
        if constraint.violation_error_message == constraint.default_violation_error_message
    ]
    assert missing == []


def test_a_check_constraint_error_in_a_form_is_a_sentence():
    observation = MetricObservationFactory()
    form = modelform_factory(MetricObservation, fields=["period_start", "period_end"])(
        {"period_start": "2024-12-31", "period_end": "2024-01-01"}, instance=observation
    )
    assert not form.is_valid()
    errors = " ".join(form.non_field_errors())
    assert errors == "The period cannot end before it starts."
    assert "relations_observation_period_ordered" not in str(form.errors)


def test_a_unique_constraint_error_in_a_form_is_a_sentence():
    ActorFactory(kind=Actor.Kind.COUNTRY, name="Russia", country="RU")
    form = modelform_factory(Actor, fields=["name", "kind", "country"])(
        {"name": "Russian Federation", "kind": "country", "country": "RU"}
    )
    assert not form.is_valid()
    assert "This country already has its actor; edit that one instead." in str(form.errors)
    assert "relations_actor_one_per_country" not in str(form.errors)
