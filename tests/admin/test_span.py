"""A fact from the text: new facts read by an editor from a sentence of the reader, a fact's
evidence moved to the right sentence, and the correction log of every edit path."""

import datetime
import io
import json
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from agreements.models import Agreement, AgreementStatusChange
from articles.models import Evidence
from curated.services import fact_create_from_sentence
from desk.authoring import article_relationship, prefill, sentence_selection
from relations.curation import ReviewStatus
from relations.models import Correction, Event, MetricObservation
from relations.services import ReviewError, fact_approve, fact_evidence_correct, fact_update
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    EvidenceFactory,
    MetricFactory,
    MetricObservationFactory,
    RelationshipFactory,
    editor,
    viewer,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "Moscow, 3 December.\n"
    "Putin will visit New Delhi on 4 December 2025 for the annual summit. "
    "Bilateral trade reached $65 billion in 2024, officials said.\n"
    "The S-400 deal was signed in 2018."
)


def _article(**kwargs):
    return ArticleFactory(text=TEXT, published_on=datetime.date(2025, 12, 3), **kwargs)


def _span(article, phrase):
    start = article.text.index(phrase)
    return start, start + len(phrase)


def _sentence(article, phrase):
    """The whole sentence holding `phrase`, as the extractor splits it."""
    selection = sentence_selection(article, *_span(article, phrase))
    return selection.sentence_start, selection.sentence_end


def _corrections(fact):
    return list(Correction.objects.filter(object_id=fact.pk, content_type__model=fact._meta.model_name).order_by("id"))


# --- Services ------------------------------------------------------------------------------


def test_a_fact_made_from_a_span_cites_exactly_its_sentence_waits_pending_and_can_be_approved():
    user = editor()
    article = _article()
    RelationshipFactory()
    start, end = _span(article, "visit New Delhi")
    event = fact_create_from_sentence(
        kind="event",
        article=article,
        start=start,
        end=end,
        values={"relationship": RelationshipFactory(), "kind": "visit", "title": "Putin visits New Delhi"},
        user=user,
    )
    assert event.review_status == ReviewStatus.PENDING
    [evidence] = event.evidence.all()
    sentence_start, sentence_end = _sentence(article, "visit New Delhi")
    assert (evidence.start, evidence.end) == (sentence_start, sentence_end)
    assert evidence.sentence == article.text[sentence_start:sentence_end]
    assert evidence.sentence.startswith("Putin will visit") and evidence.sentence.endswith("summit.")
    assert evidence.extractor_name == "editor"
    approved = fact_approve(fact=event, user=user)
    assert approved.review_status == ReviewStatus.APPROVED
    assert approved.history.first().history_user == user


def test_approve_now_approves_and_a_second_fact_from_the_same_sentence_shares_its_evidence():
    user = editor()
    article = _article()
    start, end = _span(article, "$65 billion")
    values = {
        "metric": MetricFactory(),
        "relationship": RelationshipFactory(),
        "kind": "actual",
        "value": Decimal("65000000000"),
        "unit": "USD",
    }
    first = fact_create_from_sentence(
        kind="observation", article=article, start=start, end=end, values=values, user=user, approve=True
    )
    assert first.review_status == ReviewStatus.APPROVED and first.reviewed_by == user
    second = fact_create_from_sentence(
        kind="observation",
        article=article,
        start=start,
        end=end,
        values={**values, "kind": "target", "value": Decimal("100000000000")},
        user=user,
    )
    assert first.evidence.get() == second.evidence.get()
    assert Evidence.objects.filter(article=article, extractor_name="editor").count() == 1


def test_a_creation_logs_every_value_and_each_field_the_editor_changed_from_the_prefill():
    user = editor()
    article = _article()
    relationship = RelationshipFactory()
    start, end = _span(article, "$65 billion")
    suggested = prefill("observation", sentence_selection(article, start, end), relationship)
    assert suggested["value"] == Decimal("65000000000") and suggested["unit"] == "USD"
    assert suggested["period_label"] == "2024" and suggested["reported_on"] == article.published_on
    assert (suggested["period_start"], suggested["period_end"]) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )
    values = {**suggested, "metric": MetricFactory(), "unit": "INR"}
    fact = fact_create_from_sentence(
        kind="observation", article=article, start=start, end=end, values=values, prefilled=suggested, user=user
    )
    created, unit = _corrections(fact)
    assert created.field == Correction.CREATED and created.user == user and created.source == "desk"
    assert created.new_value["value"] == "65000000000" and created.new_value["unit"] == "INR"
    assert created.new_value["evidence_id"] == fact.evidence.get().pk
    assert (unit.field, unit.old_value, unit.new_value) == ("unit", "USD", "INR")


def test_a_span_outside_the_text_or_a_value_the_model_refuses_writes_nothing():
    user = editor()
    article = _article()
    with pytest.raises(ReviewError, match="not inside the article"):
        fact_create_from_sentence(
            kind="agreement",
            article=article,
            start=5,
            end=len(article.text) + 10,
            values={"relationship": RelationshipFactory(), "title": "x"},
            user=user,
        )
    with pytest.raises(ValidationError):
        fact_create_from_sentence(
            kind="observation",
            article=article,
            start=0,
            end=5,
            values={
                "metric": MetricFactory(),
                "relationship": RelationshipFactory(),
                "kind": "actual",
                "value": Decimal("1"),
                "unit": "USD",
                "period_start": datetime.date(2025, 1, 1),
                "period_end": datetime.date(2024, 1, 1),
            },
            user=user,
        )
    assert not Evidence.objects.filter(extractor_name="editor").exists()
    assert not MetricObservation.objects.exists() and not Correction.objects.exists()


def test_a_status_change_from_a_sentence_takes_the_sentence_date_or_none_never_the_article_date():
    article = _article()
    dated = prefill("status_change", sentence_selection(article, *_span(article, "visit")), None)
    assert dated["effective_on"] == datetime.date(2025, 12, 4)
    undated = prefill("status_change", sentence_selection(article, *_span(article, "S-400 deal")), None)
    assert undated["effective_on"] is None and undated["status"] == "agreed"
    change = fact_create_from_sentence(
        kind="status_change",
        article=article,
        start=article.text.index("S-400"),
        end=article.text.index("S-400"),  # a click: the whole sentence
        values={"agreement": AgreementFactory(), "status": "agreed", "effective_on": None},
        user=editor(),
    )
    assert isinstance(change, AgreementStatusChange)
    assert change.evidence.get().sentence == "The S-400 deal was signed in 2018."


def test_fact_update_logs_each_changed_field_with_who_from_what_to_what_and_where():
    user = editor()
    event = EventFactory(title="Old title", place="New Delhi")
    fact_update(
        fact=event, user=user, changes={"title": "New title", "place": "New Delhi", "date": datetime.date(2025, 12, 5)}
    )
    rows = {c.field: c for c in _corrections(event)}
    assert set(rows) == {"title", "date"}  # the place did not change
    assert (rows["title"].old_value, rows["title"].new_value) == ("Old title", "New title")
    assert (rows["date"].old_value, rows["date"].new_value) == ("2025-12-04", "2025-12-05")
    assert rows["title"].user == user and rows["title"].source == "desk"
    observation = MetricObservationFactory(value=Decimal("65000000000"))
    observation.refresh_from_db()  # 65000000000.0000, as the database gives it back
    fact_update(fact=observation, user=user, changes={"value": Decimal("65000000000"), "unit": "USD"})
    assert not _corrections(observation)  # the same value, however many decimals it is written with
    fact_update(fact=event, user=user, changes={"relationship": RelationshipFactory(country_a="CN", country_b="IN")})
    [moved] = [c for c in _corrections(event) if c.field == "relationship"]
    assert moved.old_value == event.relationship_id and moved.new_value != moved.old_value


def test_correcting_a_span_moves_only_that_facts_evidence_and_logs_it():
    user = editor()
    article = _article()
    start, end = _sentence(article, "Moscow")
    wrong = EvidenceFactory(article=article, start=start, end=end, sentence=article.text[start:end])
    event, other = EventFactory(evidence=[wrong]), EventFactory(evidence=[wrong])
    corrected = fact_evidence_correct(
        fact=event, evidence=wrong, start=article.text.index("annual"), end=article.text.index("annual"), user=user
    )
    [now] = corrected.evidence.all()
    assert now.sentence.startswith("Putin will visit") and now.extractor_name == "editor"
    assert corrected.version == event.version + 1
    assert list(other.evidence.all()) == [wrong]  # the other fact citing it keeps it
    [row] = _corrections(event)
    assert row.field == "evidence" and row.old_value["evidence_id"] == wrong.pk
    assert row.new_value["sentence"] == now.sentence
    with pytest.raises(ReviewError, match="does not cite"):
        fact_evidence_correct(fact=corrected, evidence=wrong, start=0, end=3, user=user)


def test_export_corrections_writes_one_json_line_per_correction_with_the_sentences():
    user = editor()
    evidence = EvidenceFactory()
    event = EventFactory(title="A", evidence=[evidence])
    fact_update(fact=event, user=user, changes={"title": "B"})
    out = io.StringIO()
    call_command("export_corrections", "--jsonl", stdout=out, stderr=io.StringIO())
    [line] = out.getvalue().splitlines()
    row = json.loads(line)
    assert row["fact"] == "relations.event" and row["object_id"] == event.pk
    assert (row["field"], row["old"], row["new"], row["user"]) == ("title", "A", "B", user.username)
    assert row["evidence"][0]["sentence"] == evidence.sentence


# --- Views ---------------------------------------------------------------------------------


def _new_fact_url(article, kind, **params):
    return reverse("admin:editorial_fact_from_text", args=[article.pk, kind]) + "?" + urlencode(params)


def _save_url(article, kind):
    return reverse("admin:editorial_fact_from_text_save", args=[article.pk, kind])


def test_the_reader_offers_the_kinds_an_editor_may_add_and_none_to_a_viewer(client):
    article = _article()
    EventFactory(evidence=[EvidenceFactory(article=article, start=0, end=19, sentence=article.text[:19])])
    client.force_login(editor())
    html = client.get(reverse("admin:editorial_article_reader", args=[article.pk])).content.decode()
    assert 'id="new-fact-form"' in html and 'data-kind="event"' in html and "correct-span" in html
    assert "admin/editorial/reader.js" in html
    client.force_login(viewer())
    html = client.get(reverse("admin:editorial_article_reader", args=[article.pk])).content.decode()
    assert "new-fact-form" not in html and "correct-span" not in html


def test_the_form_is_prefilled_from_the_span_and_saving_puts_the_fact_in_the_queue(client):
    article = _article()
    relationship = RelationshipFactory()
    client.force_login(editor())
    start, end = _span(article, "visit New Delhi on 4 December 2025")
    page = client.get(_new_fact_url(article, "event", start=start, end=end))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["title"] == "visit New Delhi on 4 December 2025"
    assert form.initial["kind"] == "visit" and form.initial["date"] == datetime.date(2025, 12, 4)
    assert form.initial["relationship"] == relationship
    response = client.post(
        _save_url(article, "event"),
        {
            "start": start,
            "end": end,
            "title": "Putin visits New Delhi",
            "relationship": relationship.pk,
            "kind": "visit",
            "date": "2025-12-04",
            "date_precision": "day",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and event.title == "Putin visits New Delhi"
    assert event.review_status == ReviewStatus.PENDING and event.kind == "visit"
    queue = client.get(reverse("admin:editorial_queue"), {"types": "event"}).content.decode()
    assert "Putin visits New Delhi" in queue
    assert "<mark>Putin will visit New Delhi on 4 December 2025 for the annual summit.</mark>" in queue
    # The editor changed the title from the span: logged against the pre-filled value.
    title = Correction.objects.get(field="title")
    assert (title.old_value, title.new_value) == ("visit New Delhi on 4 December 2025", "Putin visits New Delhi")


def test_saving_an_agreement_from_a_span_creates_it_pending_with_its_sentence(client):
    article = _article()
    relationship = RelationshipFactory()
    client.force_login(editor())
    start, end = _span(article, "S-400 deal")
    response = client.post(
        _save_url(article, "agreement"),
        {
            "start": start,
            "end": end,
            "title": "S-400 Triumf deal",
            "relationship": relationship.pk,
            "sector": "defense",
            "keys": "S-400, Triumf",
        },
    )
    agreement = Agreement.objects.get(title="S-400 Triumf deal")
    assert response.status_code == 302 and f"#evidence-{agreement.evidence.get().pk}" in response["Location"]
    assert agreement.review_status == ReviewStatus.PENDING
    assert agreement.keys == ["S-400", "Triumf"] and agreement.key == "s-400"
    assert agreement.evidence.get().sentence == "The S-400 deal was signed in 2018."
    queue = client.get(reverse("admin:editorial_queue"), {"types": "agreement"}).content.decode()
    assert "S-400 Triumf deal" in queue and "<mark>The S-400 deal was signed in 2018.</mark>" in queue


def test_an_agreement_named_like_an_existing_one_is_refused_in_words_not_a_constraint_name(client):
    article = _article()
    existing = AgreementFactory(title="S-400 Triumf air defense missile system", key="s-400", keys=["S-400"])
    client.force_login(editor())
    start, end = _span(article, "S-400 deal")
    response = client.post(
        _save_url(article, "agreement"),
        {
            "start": start,
            "end": end,
            "title": "S-400 Triumf deal",
            "relationship": existing.relationship_id,
            "sector": "defense",
            "keys": "S-400",
        },
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["keys"]
    assert "S-400 Triumf air defense missile system" in error and "agreements_" not in error
    assert Agreement.objects.count() == 1


def test_bad_input_gets_a_form_error_or_a_message_never_a_500(client):
    article = _article()
    client.force_login(editor())
    # A value that is no number, a period that ends before it starts: the form says so.
    start, end = _span(article, "$65 billion")
    observation = {
        "start": start,
        "end": end,
        "metric": MetricFactory().pk,
        "relationship": RelationshipFactory().pk,
        "kind": "actual",
        "value": "abc",
        "unit": "USD",
    }
    response = client.post(_save_url(article, "observation"), observation)
    assert response.status_code == 200 and "value" in response.context["form"].errors
    response = client.post(
        _save_url(article, "observation"),
        {**observation, "value": "5", "period_start": "2025-01-01", "period_end": "2024-01-01"},
    )
    assert response.status_code == 200 and "period_end" in response.context["form"].errors
    # Offsets outside the text, an unknown kind, no offsets at all: back to the reader with a message.
    for kind, data in (
        ("agreement", {"start": 0, "end": 99999, "title": "x", "relationship": RelationshipFactory().pk}),
        ("actor", {"start": 0, "end": 3}),
        ("event", {}),
    ):
        response = client.post(_save_url(article, kind), data, follow=True)
        assert response.status_code == 200
        assert list(response.context["messages"])
    response = client.get(_new_fact_url(article, "event", start="x", end="3"), follow=True)
    assert "Select a sentence" in response.content.decode()
    assert not Event.objects.exists() and not Agreement.objects.exists()


def test_a_viewer_is_refused_the_form_every_save_and_every_correction(client):
    article = _article()
    evidence = EvidenceFactory(article=article, start=0, end=19, sentence=article.text[:19])
    event = EventFactory(evidence=[evidence])
    client.force_login(viewer())
    start, end = _span(article, "S-400 deal")
    assert client.get(_new_fact_url(article, "agreement", start=start, end=end)).status_code == 403
    for kind in ("agreement", "status_change", "observation", "event"):
        response = client.post(
            _save_url(article, kind),
            {"start": start, "end": end, "title": "x", "relationship": RelationshipFactory().pk},
        )
        assert response.status_code == 403
    response = client.post(
        reverse("admin:editorial_evidence_correct", args=[article.pk]),
        {"fact": f"event:{event.pk}", "evidence": evidence.pk, "version": event.version, "start": start, "end": end},
    )
    assert response.status_code == 403
    assert list(event.evidence.all()) == [evidence]
    assert not Agreement.objects.exists() and not Correction.objects.exists()


def test_approve_now_needs_the_change_permission(client):
    article = _article()
    user = editor("adder")
    user.groups.clear()
    user.user_permissions.add(
        Permission.objects.get(codename="add_agreement"), Permission.objects.get(codename="view_article")
    )
    client.force_login(user)
    start, end = _span(article, "S-400 deal")
    response = client.post(
        _save_url(article, "agreement"),
        {
            "start": start,
            "end": end,
            "title": "S-400",
            "relationship": RelationshipFactory().pk,
            "sector": "defense",
            "approve_now": "on",
        },
    )
    assert response.status_code == 403 and not Agreement.objects.exists()


def test_an_editor_moves_a_facts_evidence_to_the_sentence_selected(client):
    article = _article()
    wrong = EvidenceFactory(article=article, start=0, end=19, sentence=article.text[:19])
    event = EventFactory(evidence=[wrong])
    client.force_login(editor())
    start, end = _span(article, "annual summit")
    url = reverse("admin:editorial_evidence_correct", args=[article.pk])
    stale = client.post(
        url,
        {"fact": f"event:{event.pk}", "evidence": wrong.pk, "version": event.version + 5, "start": start, "end": end},
        follow=True,
    )
    assert "changed by someone else" in stale.content.decode()
    response = client.post(
        url, {"fact": f"event:{event.pk}", "evidence": wrong.pk, "version": event.version, "start": start, "end": end}
    )
    assert response.status_code == 302
    [now] = event.evidence.all()
    assert now.sentence.startswith("Putin will visit") and f"#evidence-{now.pk}" in response["Location"]
    assert Correction.objects.get(field="evidence").user.username == "editor1"
    bad = client.post(url, {"fact": "nonsense", "evidence": now.pk, "version": 1, "start": 0, "end": 1}, follow=True)
    assert bad.status_code == 200 and "Not a fact reference" in bad.content.decode()


def test_the_correction_log_admin_is_read_only_and_viewers_may_read_it(client):
    event = EventFactory(title="A")
    fact_update(fact=event, user=editor(), changes={"title": "B"})
    row = Correction.objects.get()
    client.force_login(viewer())
    assert client.get(reverse("admin:relations_correction_changelist")).status_code == 200
    assert client.get(reverse("admin:relations_correction_change", args=[row.pk])).status_code == 200
    client.force_login(editor())
    assert client.get(reverse("admin:relations_correction_add")).status_code == 403
    assert client.post(reverse("admin:relations_correction_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    assert Correction.objects.filter(pk=row.pk).exists()


def test_the_article_relationship_is_that_of_its_facts():
    article = _article()
    other = RelationshipFactory(country_a="CN", country_b="IN")
    RelationshipFactory()
    EventFactory(relationship=other, evidence=[EvidenceFactory(article=article, start=0, end=19)])
    assert article_relationship(article) == other
