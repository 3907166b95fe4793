"""Cleaning and canonical URLs: boilerplate goes, the article stays, and no input breaks them."""

from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from articles.canonical import canonical_url
from articles.cleaning import (
    CleaningError,
    bytes_document,
    clean_text,
    decode_bytes,
    html_document,
    repair_text,
    text_document,
    trim_boilerplate,
)

from .server import article_html, article_text

BODY = "\n".join(
    f"Paragraph {i}: India and Russia discussed trade, energy and defence at length in the capital." for i in range(12)
)


def test_trailer_after_a_section_marker_is_dropped():
    text = f"A headline\n{BODY}\nRead more:\nAnother story entirely\nYet another story"
    assert trim_boilerplate(text) == f"A headline\n{BODY}"


@pytest.mark.parametrize("marker", ["Related Articles", "Recent Posts", "More from World News", "Let's Get Social"])
def test_other_markers_end_the_article(marker):
    assert trim_boilerplate(f"{BODY}\n{marker}\nlink one\nlink two").endswith("in the capital.")


def test_a_marker_early_in_the_text_is_a_heading_and_stays():
    text = f"Read more\n{BODY}"
    assert trim_boilerplate(text) == text


def test_a_sentence_that_mentions_read_more_stays():
    text = f"{BODY}\nReaders who read more widely will know the history."
    assert trim_boilerplate(text) == text


def test_counters_share_buttons_and_disclaimer_go():
    text = f"Title\nShare- Somebody\n- 0 Comments\n- 3 minutes read\n- 2 Views\nShare\n{BODY}\nDisclaimer: AI wrote it."
    assert trim_boilerplate(text) == f"Title\n{BODY}"


def test_repair_drops_nul_and_control_characters_and_normalizes_newlines():
    assert repair_text("a\x00b\r\nc\x07d\r\n\n\n\ne") == "ab\ncd\n\ne"


def test_windows_1251_decodes_by_declared_and_by_meta_charset():
    data = "Индия и Россия подписали соглашение".encode("cp1251")
    assert decode_bytes(data, "windows-1251") == "Индия и Россия подписали соглашение"
    page = article_html("Заголовок", "Индия и Россия " * 60, charset="windows-1251").encode("cp1251")
    doc = bytes_document(page, content_type="text/html")
    assert doc.title == "Заголовок" and "Индия и Россия" in doc.text


def test_html_keeps_the_article_and_its_metadata_without_the_chrome():
    doc = html_document(article_html("A title", article_text(1), canonical="https://ex.org/a"), url="https://ex.org/a")
    assert doc.title == "A title" and doc.author == "Staff Reporter" and doc.language == "en"
    assert str(doc.published_on) == "2025-12-02" and doc.canonical_link == "https://ex.org/a"
    assert "Report number 1" in doc.text
    for chrome in ("Read next", "unrelated story", "Share on", "Copyright", "Business"):
        assert chrome not in doc.text


@pytest.mark.parametrize("page", [b"", b"   ", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"])
def test_empty_or_articleless_pages_are_refused(page):
    with pytest.raises(CleaningError):
        bytes_document(page, content_type="text/html")


def test_seed_articles_come_out_clean_with_titles_and_stated_dates():
    docs = {p.name[:3]: text_document(p.read_text("utf-8")) for p in (settings.SEEDS_DIR / "articles").glob("*.txt")}
    assert docs["000"].title == "Why India's Strategic Alliance With Russia Endures Amidst Global Shifts"
    assert docs["001"].title == "Diplomatic Relations"
    assert docs["003"].title == "Navigating Global Currents: India-Russia Relations in Focus"
    assert str(docs["003"].published_on) == "2025-12-03"
    for doc in docs.values():
        assert 0 < len(doc.title) <= 300
        for junk in ("Read next", "Recent Posts", "Let's Get Social", "0 Comments", "Disclaimer:", "2 Views"):
            assert junk not in doc.text
    # The first line is kept in the text (evidence offsets index into it), the blurbs are not.
    assert docs["000"].text.startswith(docs["000"].title)
    assert "Rupee internationalization" not in docs["000"].text
    assert docs["000"].text.endswith("complex international dynamics.")


def test_seed_text_loses_nothing_but_boilerplate():
    raw = (Path(settings.SEEDS_DIR) / "articles" / "002_f6cc5b34e3c1c356.txt").read_text("utf-8")
    assert text_document(raw).text == repair_text(raw)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM:443/a//b?utm_source=x&b=2&a=1&fbclid=z#frag", "https://example.com/a/b?a=1&b=2"),
        ("http://example.org", "http://example.org/"),
        ("http://example.org:8080/x?ref=home", "http://example.org:8080/x"),
        ("http://example.org/s?x=a+b&q=c%2B%2B", "http://example.org/s?q=c%2B%2B&x=a%20b"),  # a plus is not a space
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("ftp://example.org/a", None),
        ("not a url", None),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


@hsettings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_text_never_raises_and_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\x00" not in once


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Read next", "0 Comments", "Share", "Disclaimer: x", BODY, "", "line"]), max_size=12))
def test_trimming_marker_heavy_texts_is_idempotent(lines):
    once = trim_boilerplate("\n".join(lines))
    assert trim_boilerplate(once) == once


_url_parts = st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "", "//", "javascript:"])


@hsettings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.builds(lambda a, b: a + b, _url_parts, st.text())))
def test_canonical_url_never_raises_and_is_idempotent(url):
    once = canonical_url(url)
    if once is not None:
        assert canonical_url(once) == once
        assert once.startswith(("http://", "https://"))


@hsettings(max_examples=300, deadline=None)
@given(st.text())
def test_repair_text_is_idempotent_and_leaves_nothing_postgres_refuses(text):
    once = repair_text(text)
    assert repair_text(once) == once
    assert not any(ch in once for ch in "\x00\r\ufffe\uffff") and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in once)


@hsettings(max_examples=300, deadline=None)
@given(st.binary(max_size=4000), st.sampled_from([None, "utf-8", "windows-1251", "latin-1", "no-such-charset", ""]))
def test_decoding_any_bytes_never_raises(data, declared):
    assert isinstance(decode_bytes(data, declared), str)


@hsettings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.text(max_size=2000).map(lambda t: f"<html><body><article><p>{t}</p></article></body></html>".encode()),
    ),
    st.sampled_from(["text/html", "text/plain", "", "application/octet-stream; charset=koi8-r"]),
)
def test_any_document_is_either_clean_or_refused_with_a_reason(data, content_type):
    """Whatever the bytes, the outcome is a clean document or a CleaningError, never a crash."""
    try:
        doc = bytes_document(data, content_type=content_type)
    except CleaningError as exc:
        assert str(exc)
    else:
        assert doc.text.strip() and "\x00" not in doc.text and "\x00" not in doc.title
        assert clean_text(doc.text) == doc.text  # stored text is already in its clean form


_hosts = st.sampled_from(
    ["Example.COM", "news.example.org", "xn--e1afmkfd.xn--p1ai", "пример.рф", "127.0.0.1", "[::1]"]
)
_params = st.lists(
    st.tuples(
        st.sampled_from(["utm_source", "utm_medium", "fbclid", "gclid", "id", "page", "q", "a b", "ü"]),
        st.text(max_size=8),
    ),
    max_size=5,
)


@hsettings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["http", "https", "HTTP", "HTTPS"]),
    _hosts,
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.lists(st.text(max_size=6), max_size=4),
    _params,
    st.text(max_size=10),
)
def test_canonical_url_of_a_url_drops_tracking_and_fragment_and_is_idempotent(scheme, host, port, path, params, frag):
    from urllib.parse import parse_qsl, urlencode, urlsplit

    url = f"{scheme}://{host}{port}/{'/'.join(path)}?{urlencode(params)}#{frag}"
    once = canonical_url(url)
    if once is None:
        return  # refused (an unencodable host): refusing is allowed, raising is not
    assert canonical_url(once) == once
    parts = urlsplit(once)
    assert parts.scheme in ("http", "https") and parts.fragment == "" and parts.hostname == parts.hostname.lower()
    keys = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    assert not keys & {"utm_source", "utm_medium", "fbclid", "gclid"}
