"""The story of an agreement (its status timeline, "effective on" from the sentence, approving a
change with its pending agreement) and "New article" (paste, upload, URL)."""

import datetime
import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement, AgreementStatusChange
from agreements.selectors import agreement_status_timeline
from agreements.services import status_change_approve_with_agreement
from articles.ingestion.single import IngestRefused, article_ingest_text, article_ingest_upload, article_ingest_url
from articles.models import Article, IngestionFailure
from curated.recording import record_extraction, sentence_effective_on
from relations.curation import ReviewStatus
from relations.services import ReviewError, StaleFactError, fact_approve, fact_reject
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    EvidenceFactory,
    SourceFactory,
    StatusChangeFactory,
    UserFactory,
    editor,
    viewer,
)
from tests.ingestion.server import LocalServer, Response

pytestmark = pytest.mark.django_db

DEAL_TEXT = (
    "India and Russia sign S-400 deal\n\n"
    "New Delhi, March 3, 2026. India and Russia signed the S-400 Triumf air defence missile system deal "
    "on October 5, 2018, officials recalled.\n"
    "India and Russia are negotiating a new agreement on the joint production of Su-57 fighter jets, "
    "officials said.\n"
)


def _sentence_evidence(text: str, *, title: str, published_on=None, site_name: str = ""):
    article = ArticleFactory(text=text, title=title, published_on=published_on, site_name=site_name)
    return EvidenceFactory(article=article, start=0, end=len(text), sentence=text)


# --- effective on: the sentence's own date, or unknown ---------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("India and Russia signed the deal on October 5, 2018.", datetime.date(2018, 10, 5)),
        ("The contract was signed in December 2021 in New Delhi.", datetime.date(2021, 12, 1)),
        ("The two sides signed the agreement on Tuesday.", datetime.date(2026, 3, 3)),  # published Wed 4 March
        ("India and Russia signed the deal.", None),  # no date stated: unknown, not the article's
        ("The deal was first proposed in 2018.", None),  # a bare year would read as 1 January
    ],
)
def test_effective_on_is_the_date_the_sentence_states_or_unknown(sentence, expected):
    assert sentence_effective_on(sentence, datetime.date(2026, 3, 4)) == expected


def test_recorded_status_changes_take_the_sentences_date_not_the_articles():
    article = ArticleFactory(
        text=DEAL_TEXT, title="India and Russia sign S-400 deal", published_on=datetime.date(2026, 3, 3)
    )
    record_extraction(article_id=article.pk)
    changes = {c.agreement.title: c for c in AgreementStatusChange.objects.select_related("agreement")}
    s400 = next(c for title, c in changes.items() if "S-400" in title)
    su57 = next(c for title, c in changes.items() if "Su-57" in title)
    assert s400.effective_on == datetime.date(2018, 10, 5)
    assert su57.effective_on is None  # its sentence states no date


def test_an_unknown_date_is_flagged_in_the_queue_card(client):
    StatusChangeFactory(effective_on=None, agreement=AgreementFactory(title="Undated deal"))
    client.force_login(editor())
    page = client.get(reverse("admin:editorial_queue"), {"types": "status_change"}).content.decode()
    assert "date unknown" in page


def test_the_api_keeps_an_unknown_effective_date_null(client):
    agreement = AgreementFactory()
    change = StatusChangeFactory(agreement=agreement, effective_on=None)
    user = editor()
    fact_approve(fact=agreement, user=user)
    fact_approve(fact=change, user=user)
    body = client.get(f"/api/v1/status-changes/{change.pk}/").json()
    assert body["effective_on"] is None


# --- the timeline -----------------------------------------------------------------------------


def test_the_timeline_orders_changes_by_effective_date_with_undated_ones_last():
    agreement = AgreementFactory()
    user = editor()
    undated = StatusChangeFactory(agreement=agreement, status="stalled", effective_on=None)
    late = StatusChangeFactory(agreement=agreement, status="agreed", effective_on=datetime.date(2023, 6, 1))
    early = StatusChangeFactory(agreement=agreement, status="proposed", effective_on=datetime.date(2021, 1, 1))
    middle = StatusChangeFactory(agreement=agreement, status="negotiating", effective_on=datetime.date(2022, 3, 1))
    fact_approve(fact=early, user=user)
    fact_approve(fact=late, user=user)
    timeline = agreement_status_timeline(agreement_id=agreement.pk)
    assert [c.pk for c in timeline] == [early.pk, middle.pk, late.pk, undated.pk]
    # From: the latest approved status before it (the pending "negotiating" does not count).
    assert [c.previous_status for c in timeline] == ["", "proposed", "proposed", "agreed"]


def test_the_agreement_page_shows_each_change_with_its_sentence_source_and_date(client):
    agreement = AgreementFactory(title="S-400 Triumf deal")
    source = SourceFactory(name="Wire feed")
    article = ArticleFactory(
        source=source,
        title="Deal <b>signed</b>",
        text="India and Russia signed the S-400 deal on October 5, 2018. <script>alert(1)</script>",
        published_on=datetime.date(2026, 3, 3),
        site_name="The Hindu",
    )
    evidence = EvidenceFactory(article=article, start=0, end=len(article.text), sentence=article.text)
    StatusChangeFactory(
        agreement=agreement, status="agreed", effective_on=datetime.date(2018, 10, 5), evidence=[evidence]
    )
    StatusChangeFactory(agreement=agreement, status="in_progress", effective_on=None)
    client.force_login(editor())
    html = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk])).content.decode()
    timeline = html[html.index('id="status-timeline"') :]
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in timeline
    assert "Deal &lt;b&gt;signed&lt;/b&gt;" in timeline
    reader = reverse("admin:editorial_article_reader", args=[article.pk]) + f"#evidence-{evidence.pk}"
    assert f'href="{reader}"' in timeline
    assert "Wire feed" in timeline and "The Hindu" in timeline and "2026-03-03" in timeline
    entries = re.findall(r'<li class="timeline-entry[^"]*"', timeline)
    assert len(entries) == 2 and "undated" in entries[1] and "undated" not in entries[0]
    assert "none → Agreed" in unescape(timeline) and "date unknown" in timeline


def _agreement_with_changes(count: int) -> Agreement:
    agreement = AgreementFactory()
    for i in range(count):
        reviewer = UserFactory()
        change = StatusChangeFactory(
            agreement=agreement,
            effective_on=datetime.date(2020 + i, 1, 1) if i % 2 else None,
            evidence=[EvidenceFactory(article=ArticleFactory(source=SourceFactory())) for _ in range(2)],
        )
        fact_approve(fact=change, user=reviewer)
    return agreement


def test_the_agreement_page_costs_the_same_queries_whatever_the_number_of_changes(client):
    small, large = _agreement_with_changes(1), _agreement_with_changes(6)
    client.force_login(editor())
    counts = []
    for agreement in (small, large):
        url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
        client.get(url)  # warm the session and content types
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with CaptureQueriesContext(connection) as queries:
        assert len(agreement_status_timeline(agreement_id=large.pk)) == 6
    assert len(queries) == 2  # the changes with their reviewers, the evidence with article and source


# --- approve both -----------------------------------------------------------------------------


def test_approve_both_approves_the_agreement_and_the_change_in_one_step():
    change = StatusChangeFactory(status="agreed")
    user = editor()
    status_change_approve_with_agreement(
        change=change, user=user, expected_version=change.version, agreement_expected_version=change.agreement.version
    )
    change.refresh_from_db()
    agreement = Agreement.objects.get(pk=change.agreement_id)
    assert change.review_status == agreement.review_status == ReviewStatus.APPROVED
    assert change.reviewed_by == agreement.reviewed_by == user
    assert agreement.history.first().history_user == user and change.history.first().history_user == user


def test_approve_both_approves_neither_when_the_change_is_stale():
    change = StatusChangeFactory()
    with pytest.raises(StaleFactError):
        status_change_approve_with_agreement(change=change, user=editor(), expected_version=change.version + 1)
    assert Agreement.objects.get(pk=change.agreement_id).review_status == ReviewStatus.PENDING
    assert AgreementStatusChange.objects.get(pk=change.pk).review_status == ReviewStatus.PENDING


def test_approve_both_refuses_a_rejected_agreement():
    change = StatusChangeFactory()
    fact_reject(fact=change.agreement, user=editor(), reason="not a deal")
    with pytest.raises(ReviewError, match="rejected"):
        status_change_approve_with_agreement(change=change, user=editor("other"))
    assert AgreementStatusChange.objects.get(pk=change.pk).review_status == ReviewStatus.PENDING


def test_the_queue_card_and_the_change_page_offer_approve_both(client):
    change = StatusChangeFactory(agreement=AgreementFactory(title="Su-57 production"))
    client.force_login(editor())
    queue = client.get(reverse("admin:editorial_queue"), {"types": "status_change"}).content.decode()
    assert "The agreement “Su-57 production” is pending too." in queue and "Approve both" in queue
    page = client.get(reverse("admin:agreements_agreementstatuschange_change", args=[change.pk])).content.decode()
    assert 'id="pending-agreement"' in page and "Approve both" in page
    fact_approve(fact=change.agreement, user=editor("other"))
    page = client.get(reverse("admin:agreements_agreementstatuschange_change", args=[change.pk])).content.decode()
    assert 'id="pending-agreement"' not in page


def test_approve_both_by_post_for_an_editor(client):
    change = StatusChangeFactory()
    client.force_login(editor())
    response = client.post(
        reverse("admin:editorial_approve_both"),
        {"change": change.pk, "version": change.version, "agreement_version": change.agreement.version},
    )
    assert response.status_code == 302
    assert Agreement.objects.get(pk=change.agreement_id).review_status == ReviewStatus.APPROVED
    assert AgreementStatusChange.objects.get(pk=change.pk).review_status == ReviewStatus.APPROVED


def test_approve_both_is_refused_without_the_permission_on_both_models(client):
    change = StatusChangeFactory()
    half = UserFactory(is_staff=True)
    half.save()  # the factory's password, stored: the session's hash is checked against it
    half.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_agreementstatuschange", "change_agreementstatuschange"])
    )
    for user in (viewer(), half):
        client.force_login(user)
        response = client.post(reverse("admin:editorial_approve_both"), {"change": change.pk})
        assert response.status_code == 403
    assert Agreement.objects.get(pk=change.agreement_id).review_status == ReviewStatus.PENDING
    assert AgreementStatusChange.objects.get(pk=change.pk).review_status == ReviewStatus.PENDING


def test_approve_both_refuses_get_and_a_missing_change_clearly(client):
    client.force_login(editor())
    assert client.get(reverse("admin:editorial_approve_both")).status_code == 405
    response = client.post(reverse("admin:editorial_approve_both"), {"change": "x"}, follow=True)
    assert "No status change was named" in response.content.decode()


# --- New article ------------------------------------------------------------------------------


def test_new_article_is_linked_from_the_admin_home_and_the_queue_for_editors_only(client):
    client.force_login(editor())
    url = reverse("admin:editorial_ingest")
    assert f'href="{url}"' in client.get(reverse("admin:index")).content.decode()
    assert f'href="{url}"' in client.get(reverse("admin:editorial_queue")).content.decode()
    client.force_login(viewer())
    assert f'href="{url}"' not in client.get(reverse("admin:index")).content.decode()


def test_a_viewer_cannot_open_or_post_new_article(client):
    client.force_login(viewer())
    url = reverse("admin:editorial_ingest")
    assert client.get(url).status_code == 403
    assert client.post(url, {"paste": "1", "paste-text": DEAL_TEXT}).status_code == 403
    assert not Article.objects.exists()


def test_pasting_a_text_lands_on_its_reader_with_its_facts(client):
    client.force_login(editor())
    response = client.post(
        reverse("admin:editorial_ingest"),
        {
            "paste": "1",
            "paste-title": "S-400: the deal recalled",
            "paste-text": DEAL_TEXT,
            "paste-url": "https://news.example.org/s400",
            "paste-published_on": "2026-03-03",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:editorial_article_reader", args=[article.pk])
    assert article.title == "S-400: the deal recalled"
    assert article.published_on == datetime.date(2026, 3, 3)
    assert article.url == "https://news.example.org/s400"
    assert article.extraction_status == Article.ExtractionStatus.DONE
    reader = client.get(response["Location"]).content.decode()
    assert "S-400 Triumf" in unescape(reader) and "Nothing was extracted" not in reader


def test_pasting_the_same_text_again_says_it_is_stored_and_links_it(client):
    first = article_ingest_text(text=DEAL_TEXT).article
    client.force_login(editor())
    response = client.post(reverse("admin:editorial_ingest"), {"paste": "1", "paste-text": DEAL_TEXT})
    html = response.content.decode()
    assert response.status_code == 200 and "already stored" in html
    assert reverse("admin:editorial_article_reader", args=[first.pk]) in html
    assert Article.objects.count() == 1


def test_an_empty_paste_is_an_error_in_the_form(client):
    client.force_login(editor())
    response = client.post(reverse("admin:editorial_ingest"), {"paste": "1", "paste-text": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()


def _upload(client, name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("admin:editorial_ingest"), {"upload": "1", "upload-file": SimpleUploadedFile(name, data)}
    )


def test_uploading_a_text_file_lands_on_its_reader(client):
    client.force_login(editor())
    response = _upload(client, "s400.md", DEAL_TEXT.encode())
    article = Article.objects.get()
    assert response.status_code == 302 and str(article.pk) in response["Location"]
    assert article.extraction_status == Article.ExtractionStatus.DONE


def test_a_binary_upload_is_refused_with_a_clear_error(client):
    client.force_login(editor())
    response = _upload(client, "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    html = unescape(response.content.decode())
    assert response.status_code == 200 and "not a text article" in html and "PNG image" in html
    assert not Article.objects.exists()


def test_an_oversized_or_foreign_upload_is_refused_with_a_clear_error(client, settings):
    settings.FETCH_MAX_BYTES = 100
    client.force_login(editor())
    html = unescape(_upload(client, "long.txt", b"India and Russia. " * 20).content.decode())
    assert "larger than 100 bytes" in html
    html = unescape(_upload(client, "deal.pdf", b"India and Russia.").content.decode())
    assert "Upload a text (.txt, .md) or HTML (.html) file" in html
    assert not Article.objects.exists()


def test_a_private_address_is_refused_and_the_reason_shown(client):
    client.force_login(editor())
    response = client.post(reverse("admin:editorial_ingest"), {"url": "1", "url-page_url": "http://127.0.0.1:9/x"})
    html = unescape(response.content.decode())
    assert response.status_code == 200 and "could not be read" in html
    failure = IngestionFailure.objects.get()
    assert failure.reason in html and "non-public address" in failure.reason, failure.reason
    assert not Article.objects.exists()


@pytest.fixture
def local_pages(settings):
    settings.FETCH_ALLOWED_HOSTS = ["localhost"]
    server = LocalServer().start()
    yield server
    server.stop()


def test_a_page_url_is_fetched_through_the_guard_and_read(local_pages):
    page = f"<html><head><title>S-400 recalled</title></head><body><article><p>{DEAL_TEXT}</p></article></body></html>"
    local_pages.routes["/s400"] = Response(page.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    result = article_ingest_url(url=local_pages.url("/s400"))
    assert result.is_new and result.article is not None
    assert result.article.extraction_status == Article.ExtractionStatus.DONE
    assert AgreementStatusChange.objects.filter(evidence__article=result.article).exists()


def test_the_services_refuse_what_cannot_be_an_article():
    with pytest.raises(IngestRefused):
        article_ingest_text(text="   ")
    with pytest.raises(IngestRefused, match="empty"):
        article_ingest_upload(name="a.txt", data=b"  ")


def test_a_feed_url_is_refused_here_with_a_pointer_to_sources(client, local_pages):
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
        "<item><title>One</title><link>http://localhost/one</link></item></channel></rss>"
    )
    local_pages.routes["/feed"] = Response(feed.encode(), headers={"Content-Type": "application/rss+xml"})
    client.force_login(editor())
    response = client.post(reverse("admin:editorial_ingest"), {"url": "1", "url-page_url": local_pages.url("/feed")})
    html = unescape(response.content.decode())
    assert response.status_code == 200 and "is a feed" in html and "add it as a source" in html
    assert not Article.objects.exists()


def test_an_undated_change_takes_effect_when_its_article_was_published_in_the_timeline_and_the_status():
    """The timeline and the agreement's current status read one order: an undated change
    (a sentence that states no date) counts from its article's publication."""
    agreement = AgreementFactory()
    user = editor()
    old_article = EvidenceFactory(article=ArticleFactory(published_on=datetime.date(2019, 5, 1)))
    signed = StatusChangeFactory(agreement=agreement, status="agreed", effective_on=datetime.date(2018, 1, 1))
    undated = StatusChangeFactory(agreement=agreement, status="stalled", effective_on=None, evidence=[old_article])
    building = StatusChangeFactory(agreement=agreement, status="in_progress", effective_on=datetime.date(2021, 3, 1))
    for change in (building, undated, signed):
        fact_approve(fact=change, user=user)
    timeline = agreement_status_timeline(agreement_id=agreement.pk)
    assert [c.pk for c in timeline] == [signed.pk, undated.pk, building.pk]
    assert Agreement.objects.with_derived_status().get(pk=agreement.pk).derived_status == "in_progress"
    later = StatusChangeFactory(
        agreement=agreement,
        status="completed",
        effective_on=None,
        evidence=[EvidenceFactory(article=ArticleFactory(published_on=datetime.date(2024, 2, 1)))],
    )
    fact_approve(fact=later, user=user)
    assert Agreement.objects.with_derived_status().get(pk=agreement.pk).derived_status == "completed"
    assert [c.pk for c in agreement_status_timeline(agreement_id=agreement.pk)][-1] == later.pk
