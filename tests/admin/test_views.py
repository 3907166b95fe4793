"""The editorial desk's views, through Django's test client: permissions, decisions, escaping."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import AgreementMerge
from articles.models import IngestionFailure, IngestionRun
from relations.curation import ReviewStatus
from relations.models import Actor, ActorAlias, ActorMerge, MetricObservation
from relations.services import fact_approve, fact_claim, fact_update
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    EvidenceFactory,
    MetricObservationFactory,
    RelationshipFactory,
    SourceFactory,
    StatusChangeFactory,
    UserFactory,
    editor,
    viewer,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:editorial_queue")
DECIDE = reverse("admin:editorial_decide")
BULK = reverse("admin:editorial_bulk")


def _login(client, user):
    client.force_login(user)
    return client


def test_queue_shows_each_fact_with_its_evidence_and_what_it_would_change(client):
    article = ArticleFactory(
        title="Trade talks",
        text="Opening line.\nIndia and Russia said trade reached $65 billion in 2024. Officials met.\nLast line.",
    )
    start = article.text.index("India")
    end = article.text.index("2024.") + 5
    evidence = EvidenceFactory(article=article, start=start, end=end, sentence=article.text[start:end])
    MetricObservationFactory(evidence=[evidence], value=Decimal("65000000000"))
    MetricObservationFactory(value=Decimal("60000000000"), review_status=ReviewStatus.PENDING)
    agreement = AgreementFactory(title="AK-203 rifles")
    StatusChangeFactory(agreement=agreement, status="agreed")
    _login(client, editor())
    html = client.get(QUEUE).content.decode()
    assert "India and Russia said trade reached $65 billion in 2024.</mark>" in html
    assert "Officials met." in html  # the rest of the paragraph, around the sentence
    assert "Opening line." not in html  # another paragraph
    assert "Trade talks" in html
    assert "65,000,000,000 USD" in html
    assert "Also observed" in html and "60,000,000,000 USD" in html
    assert "none → Agreed" in html


def test_editor_approves_and_rejects_from_the_queue_with_version_checks(client):
    user = editor()
    observation = MetricObservationFactory()
    event = EventFactory()
    _login(client, user)
    response = client.post(
        DECIDE, {"fact": f"observation:{observation.pk}", "version": observation.version, "action": "approve"}
    )
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.review_status == ReviewStatus.APPROVED
    assert observation.reviewed_by == user
    # Rejecting needs a reason: without one nothing changes.
    client.post(DECIDE, {"fact": f"event:{event.pk}", "version": event.version, "action": "reject"})
    event.refresh_from_db()
    assert event.review_status == ReviewStatus.PENDING
    # A stale version (someone edited meanwhile) is refused, not overwritten.
    fact_update(fact=event, user=editor("other"), changes={"place": "Moscow"})
    response = client.post(
        DECIDE,
        {"fact": f"event:{event.pk}", "version": event.version, "action": "reject", "reason": "dup"},
        follow=True,
    )
    assert "changed by someone else" in response.content.decode()
    event.refresh_from_db()
    assert event.review_status == ReviewStatus.PENDING
    client.post(DECIDE, {"fact": f"event:{event.pk}", "version": event.version, "action": "reject", "reason": "Dup"})
    event.refresh_from_db()
    assert (event.review_status, event.rejection_reason) == (ReviewStatus.REJECTED, "Dup")


def test_viewer_sees_no_decision_buttons_and_forged_posts_are_refused(client):
    observation = MetricObservationFactory()
    agreement, other = AgreementFactory(), AgreementFactory()
    _login(client, viewer())
    html = client.get(QUEUE).content.decode()
    assert str(observation.metric) in html
    assert 'value="approve"' not in html
    assert 'id="bulk-form"' not in html
    forged = {"fact": f"observation:{observation.pk}", "version": observation.version, "action": "approve"}
    assert client.post(DECIDE, forged).status_code == 403
    assert client.post(BULK, {"facts": [f"observation:{observation.pk}"], "decision": "approve"}).status_code == 403
    merge = reverse("admin:editorial_merge", args=["agreement"])
    assert client.post(merge, {"survivor": agreement.pk, "merged": other.pk}).status_code == 403
    prefer = client.post(reverse("admin:editorial_conflicts"), {"observation": observation.pk})
    assert prefer.status_code == 403
    change = reverse("admin:relations_metricobservation_change", args=[observation.pk])
    assert client.post(change, {"value": "1", "unit": "USD"}).status_code == 403
    observation.refresh_from_db()
    assert observation.review_status == ReviewStatus.PENDING
    assert not AgreementMerge.objects.exists()


def test_anonymous_and_non_staff_users_are_sent_to_the_login(client):
    assert client.get(QUEUE).status_code == 302
    _login(client, UserFactory(username="plain"))
    assert client.get(QUEUE).status_code == 302
    assert client.post(DECIDE, {}).status_code == 302


def test_bulk_decision_on_a_selection_reports_what_it_skipped(client):
    user = editor()
    good = MetricObservationFactory()
    no_evidence = EventFactory(evidence=[])
    _login(client, user)
    response = client.post(
        BULK,
        {"facts": [f"observation:{good.pk}", f"event:{no_evidence.pk}"], "decision": "approve", "scope": "selected"},
        follow=True,
    )
    html = response.content.decode()
    assert "Approved 1 fact(s)." in html
    assert "has no evidence" in html
    good.refresh_from_db()
    assert good.review_status == ReviewStatus.APPROVED


def test_bulk_reject_on_everything_matching_the_filters(client):
    user = editor()
    events = [EventFactory(), EventFactory()]
    observation = MetricObservationFactory()
    _login(client, user)
    preview = client.post(BULK, {"types": ["event"], "decision": "reject", "reason": "Off topic", "scope": "matching"})
    assert preview.status_code == 200  # a preview first; the confirmation posts the keys it listed
    assert {e.review_status for e in type(events[0]).objects.filter(pk__in=[e.pk for e in events])} == {"pending"}
    keys = [f"event:{e.pk}" for e in events]
    client.post(BULK, {"facts": keys, "decision": "reject", "reason": "Off topic", "scope": "selected"})
    assert {e.review_status for e in type(events[0]).objects.filter(pk__in=[e.pk for e in events])} == {"rejected"}
    observation.refresh_from_db()
    assert observation.review_status == ReviewStatus.PENDING


def test_queue_filters_by_type_search_confidence_and_claims(client):
    user = editor()
    low = EventFactory(title="Summit in Kazan", evidence=[EvidenceFactory(confidence=0.2)])
    high = EventFactory(title="Call with Delhi", evidence=[EvidenceFactory(confidence=0.9)])
    observation = MetricObservationFactory()
    claimed = EventFactory(title="Claimed elsewhere")
    fact_claim(fact=claimed, user=editor("someone"))
    _login(client, user)

    def keys(query):
        html = client.get(QUEUE, query).content.decode()
        return {k for k in (f"event:{e.pk}" for e in (low, high, claimed)) if f'data-fact="{k}"' in html} | (
            {"obs"} if f'data-fact="observation:{observation.pk}"' in html else set()
        )

    assert keys({"types": "event"}) == {f"event:{low.pk}", f"event:{high.pk}"}
    assert keys({"q": "kazan"}) == {f"event:{low.pk}"}
    assert keys({"max_confidence": "0.5", "types": "event"}) == {f"event:{low.pk}"}
    assert keys({"claims": "all", "types": "event"}) == {f"event:{low.pk}", f"event:{high.pk}", f"event:{claimed.pk}"}
    html = client.get(QUEUE, {"order": "confidence", "types": "event"}).content.decode()
    assert html.index(f'data-fact="event:{low.pk}"') < html.index(f'data-fact="event:{high.pk}"')


def test_edit_then_approve_from_the_change_form_in_one_step(client):
    user = editor()
    observation = MetricObservationFactory()
    url = reverse("admin:relations_metricobservation_change", args=[observation.pk])
    _login(client, user)
    page = client.get(url).content.decode()
    assert 'name="_saveapprove"' in page
    data = {
        "metric": observation.metric_id,
        "relationship": observation.relationship_id,
        "kind": "actual",
        "value": "66000000000",
        "unit": "USD",
        "qualifier": "",
        "period_label": "2024",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "reported_on": "2025-12-03",
        "expected_version": observation.version,
        "_saveapprove": "Save and approve",
    }
    response = client.post(url + "?next=" + QUEUE, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == QUEUE
    observation.refresh_from_db()
    assert observation.value == Decimal("66000000000")
    assert observation.review_status == ReviewStatus.APPROVED
    # Saving a form loaded before that change is refused with a message, not written.
    data.update(value="1", _saveapprove="")
    stale = client.post(url, data)
    assert "Someone else changed this record" in stale.content.decode()
    observation.refresh_from_db()
    assert observation.value == Decimal("66000000000")


def test_history_is_readable_and_a_revert_goes_through_the_service(client):
    user = editor()
    observation = MetricObservationFactory(unit="USD")
    fact_update(fact=observation, user=user, changes={"unit": "EUR"})
    first = observation.history.earliest()
    _login(client, user)
    history = client.get(reverse("admin:relations_metricobservation_history", args=[observation.pk]))
    assert history.status_code == 200
    assert user.username in history.content.decode()
    revert_url = reverse("admin:relations_metricobservation_simple_history", args=[observation.pk, first.history_id])
    form = client.get(revert_url)
    assert form.status_code == 200
    version = MetricObservation.objects.get(pk=observation.pk).version
    data = {
        "metric": observation.metric_id,
        "relationship": observation.relationship_id,
        "kind": "actual",
        "value": "65000000000",
        "unit": "USD",
        "period_label": "2024",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "reported_on": "2025-12-03",
        "expected_version": version,
    }
    assert client.post(revert_url, data).status_code == 302
    observation.refresh_from_db()
    assert observation.unit == "USD"
    assert observation.version == version + 1
    assert observation.history.latest().history_user == user


def test_merge_two_actors_through_the_changelist_action_and_undo_it(client):
    user = editor()
    survivor = ActorFactory(name="Vladimir Putin")
    merged = ActorFactory(name="President Putin")
    alias = ActorAliasFactory(actor=merged, alias="President Putin")
    _login(client, user)
    changelist = reverse("admin:relations_actor_changelist")
    response = client.post(
        changelist, {"action": "merge_selected", "_selected_action": [survivor.pk, merged.pk], "index": 0}
    )
    assert response.status_code == 302
    confirm = client.get(response["Location"])
    assert "President Putin" in confirm.content.decode()
    done = client.post(
        reverse("admin:editorial_merge", args=["actor"]),
        {"survivor": survivor.pk, "merged": merged.pk, "action": "merge"},
    )
    assert done.status_code == 302
    assert ActorAlias.objects.get(pk=alias.pk).actor == survivor
    merge = ActorMerge.objects.get()
    client.post(
        reverse("admin:relations_actormerge_changelist"),
        {"action": "undo_selected", "_selected_action": [merge.pk], "index": 0},
    )
    assert ActorAlias.objects.get(pk=alias.pk).actor == merged
    assert Actor.objects.get(pk=merged.pk).merged_into is None


def test_not_the_same_is_remembered_from_the_duplicates_page(client):
    user = editor()
    first = ActorFactory(name="Vladimir Putin")
    second = ActorFactory(name="V. Putin")
    ActorFactory(name="Mikhail Putin", country="IN")  # another country: not proposed
    _login(client, user)
    page = client.get(reverse("admin:editorial_merge_candidates")).content.decode()
    assert f"ids={first.pk},{second.pk}" in page
    client.post(
        reverse("admin:editorial_merge", args=["actor"]),
        {"survivor": first.pk, "merged": second.pk, "action": "distinct"},
    )
    page = client.get(reverse("admin:editorial_merge_candidates")).content.decode()
    assert f"ids={first.pk},{second.pk}" not in page


def test_conflicts_page_lists_groups_until_one_is_preferred(client):
    user = editor()
    low = MetricObservationFactory(value=Decimal("60000000000"))
    high = MetricObservationFactory(value=Decimal("68000000000"))
    _login(client, user)
    url = reverse("admin:editorial_conflicts")
    html = client.get(url).content.decode()
    assert f'name="observation" value="{low.pk}"' in html and f'name="observation" value="{high.pk}"' in html
    client.post(url, {"observation": high.pk, "version": high.version})
    assert MetricObservation.objects.get(pk=high.pk).is_preferred
    assert "No unresolved conflicts." in client.get(url).content.decode()


def test_article_reader_highlights_every_fact_and_keeps_untrusted_text_inert(client):
    text = (
        "India and Russia signed a deal. <script>alert('x')</script> "
        'Click <a href="javascript:alert(1)">here</a>.\nTrade grew to $65 billion.'
    )
    article = ArticleFactory(text=text, url="javascript:alert(document.cookie)", title="<img src=x onerror=alert(1)>")
    first = EvidenceFactory(article=article, start=0, end=31, sentence=text[:31])
    start = text.index("Trade")
    second = EvidenceFactory(article=article, start=start, end=len(text), sentence=text[start:])
    agreement = AgreementFactory(title="Deal", evidence=[first])
    observation = MetricObservationFactory(evidence=[second])
    _login(client, viewer())
    html = client.get(reverse("admin:editorial_article_reader", args=[article.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "<img src=x" not in html
    assert f'href="#evidence-{first.pk}"' in html and f'href="#evidence-{second.pk}"' in html
    assert reverse("admin:agreements_agreement_change", args=[agreement.pk]) in html
    assert reverse("admin:relations_metricobservation_change", args=[observation.pk]) in html


def test_dashboard_renders_charts_data_and_ingestion_state(client):
    user = editor()
    observation = MetricObservationFactory(value=Decimal("65000000000"))
    target = MetricObservationFactory(
        kind="target",
        value=Decimal("100000000000"),
        period_label="2030",
        period_start=datetime.date(2030, 1, 1),
        period_end=datetime.date(2030, 12, 31),
    )
    fact_approve(fact=observation, user=user)
    fact_approve(fact=target, user=user)
    agreement = AgreementFactory()
    fact_approve(fact=agreement, user=user)
    EventFactory(title="<b>Summit</b>")
    _login(client, user)
    response = client.get(reverse("admin:editorial_dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert 'id="dashboard-data"' in html
    assert "65000000000.0" in html and "100000000000.0" in html
    assert "<b>Summit</b>" not in html


def test_queue_filters_by_relationship_sector_source_date_and_status(client):
    user = editor()
    other_pair = RelationshipFactory(country_a="CN", country_b="IN", name="China–India", slug="cn-in")
    source = SourceFactory(name="Wire")
    from_wire = EvidenceFactory(article=ArticleFactory(source=source, published_on=datetime.date(2024, 5, 1)))
    defense = AgreementFactory(title="Rifles", sector="defense", evidence=[from_wire])
    energy = AgreementFactory(title="LNG", sector="energy")
    elsewhere = EventFactory(title="Border talks", relationship=other_pair)
    here = EventFactory(title="Summit")
    done = EventFactory(title="Old visit")
    fact_approve(fact=done, user=user)
    everything = {
        f"agreement:{defense.pk}",
        f"agreement:{energy.pk}",
        f"event:{elsewhere.pk}",
        f"event:{here.pk}",
        f"event:{done.pk}",
    }
    _login(client, user)

    def keys(query):
        html = client.get(QUEUE, query).content.decode()
        return {k for k in everything if f'data-fact="{k}"' in html}

    assert keys({}) == everything - {f"event:{done.pk}"}
    assert keys({"relationship": other_pair.pk}) == {f"event:{elsewhere.pk}"}
    assert keys({"sector": "defense"}) == {f"agreement:{defense.pk}"}
    assert keys({"source": source.pk}) == {f"agreement:{defense.pk}"}
    assert keys({"date_to": "2024-12-31"}) == {f"agreement:{defense.pk}"}
    assert f"agreement:{defense.pk}" not in keys({"date_from": "2025-01-01"})
    assert keys({"status": "approved"}) == {f"event:{done.pk}"}
    oldest = client.get(QUEUE, {"types": "agreement"}).content.decode()
    newest = client.get(QUEUE, {"types": "agreement", "order": "newest"}).content.decode()
    first, second = f'data-fact="agreement:{defense.pk}"', f'data-fact="agreement:{energy.pk}"'
    assert oldest.index(first) < oldest.index(second)
    assert newest.index(second) < newest.index(first)


def test_queue_offers_rejection_reasons_and_says_what_a_status_change_depends_on(client):
    agreement = AgreementFactory(title="S-400")
    StatusChangeFactory(agreement=agreement, status="in_progress")
    MetricObservationFactory(period_label="last year", period_start=None, period_end=None)
    _login(client, editor())
    html = client.get(QUEUE).content.decode()
    assert '<datalist id="rejection-reasons">' in html and 'list="rejection-reasons"' in html
    assert "S-400 (agreement pending)" in html
    assert "last year (no dates: not charted until set)" in html


def test_agreement_merge_from_the_changelist_and_undo_from_the_merges_list(client):
    user = editor()
    survivor, merged = AgreementFactory(title="AK-203 rifles"), AgreementFactory(title="Kalashnikov deal")
    change = StatusChangeFactory(agreement=merged, status="agreed")
    _login(client, user)
    response = client.post(
        reverse("admin:agreements_agreement_changelist"),
        {"action": "merge_selected", "_selected_action": [survivor.pk, merged.pk], "index": 0},
    )
    assert response.status_code == 302
    assert "Kalashnikov deal" in client.get(response["Location"]).content.decode()
    client.post(
        reverse("admin:editorial_merge", args=["agreement"]),
        {"survivor": survivor.pk, "merged": merged.pk, "action": "merge"},
    )
    change.refresh_from_db()
    assert change.agreement_id == survivor.pk
    merge = AgreementMerge.objects.get()
    client.post(
        reverse("admin:agreements_agreementmerge_changelist"),
        {"action": "undo_selected", "_selected_action": [merge.pk], "index": 0},
    )
    change.refresh_from_db()
    assert change.agreement_id == merged.pk
    merged.refresh_from_db()
    assert merged.merged_into_id is None


def test_dashboard_names_why_a_source_fails(client):
    source = SourceFactory(name="Broken feed", consecutive_failures=2)
    run = IngestionRun.objects.create(source=source, status="failed", failed=1)
    IngestionFailure.objects.create(run=run, url=source.url, kind="temporary", reason="<b>Connection timed out</b>")
    _login(client, editor())
    html = client.get(reverse("admin:editorial_dashboard")).content.decode()
    assert "Broken feed" in html and "2 failure(s) in a row, never succeeded" in html
    assert "&lt;b&gt;Connection timed out&lt;/b&gt;" in html


def test_admin_record_pages_of_hostile_articles_render_no_script_and_no_javascript_link(client):
    article = ArticleFactory(
        title="<script>alert('t')</script>",
        url="javascript:alert(1)",
        canonical_url="javascript:alert(2)",
        text="India <script>alert('x')</script> and Russia.",
    )
    evidence = EvidenceFactory(article=article, end=len(article.text))
    observation = MetricObservationFactory(evidence=[evidence])
    _login(client, editor())
    pages = [
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_evidence_change", args=[evidence.pk]),
        reverse("admin:relations_metricobservation_change", args=[observation.pk]),
        reverse("admin:editorial_article_reader", args=[article.pk]),
        QUEUE,
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert 'href="javascript:' not in html.lower(), url


def test_an_alias_added_on_the_actor_page_goes_through_the_service(client):
    actor = ActorFactory(name="Sergey Lavrov")
    holder = ActorFactory(name="Vladimir Putin")
    ActorAliasFactory(actor=holder, alias="President Putin")
    url = reverse("admin:relations_actor_change", args=[actor.pk])
    _login(client, editor())
    assert client.get(url).status_code == 200

    def post(alias):
        return client.post(
            url,
            {
                "name": actor.name,
                "kind": actor.kind,
                "country": actor.country,
                "expected_version": Actor.objects.get(pk=actor.pk).version,
                "aliases-TOTAL_FORMS": "1",
                "aliases-INITIAL_FORMS": "0",
                "aliases-MIN_NUM_FORMS": "0",
                "aliases-MAX_NUM_FORMS": "1000",
                "aliases-0-alias": alias,
                "aliases-0-actor": actor.pk,
            },
        )

    refused = post("president  PUTIN")
    assert refused.status_code == 200
    assert "already an alias of Vladimir Putin" in refused.content.decode()
    assert post("  FM Lavrov ").status_code == 302
    added = ActorAlias.objects.get(actor=actor)
    assert (added.alias, added.normalized) == ("FM Lavrov", "fm lavrov")
