"""The parts: sentences, numbers, dates, countries, actors, relationship, registry."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pycountry
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from articles.extraction import (
    Registry,
    RegistryActor,
    RegistryAgreement,
    actors,
    agreements,
    default_registry,
    extract,
    read_document,
)
from articles.extraction import sentences as splitting
from articles.extraction.countries import countries, country_aliases
from articles.extraction.dates import event_date
from articles.extraction.document import Document
from articles.extraction.numbers import find_amounts
from articles.extraction.sentences import split_document
from articles.extraction.trie import literal_pattern


def sentences(text: str) -> list[str]:
    return [s.text for s in split_document(text)[1]]


def test_splitter_keeps_abbreviations_and_initials_together() -> None:
    text = "Dr. Rao met Mr. Lee in St. Petersburg. The U.S. envoy and S. Jaishankar spoke. It ended."
    assert sentences(text) == [
        "Dr. Rao met Mr. Lee in St. Petersburg.",
        "The U.S. envoy and S. Jaishankar spoke.",
        "It ended.",
    ]
    # a full stop the copy forgot to space still ends a sentence, before a name or an acronym
    text = "Vankor is run by a subsidiary.OVL will pay for its stake.Rosneft agreed."
    assert sentences(text) == ["Vankor is run by a subsidiary.", "OVL will pay for its stake.", "Rosneft agreed."]


def test_splitter_handles_bullets_headings_and_curly_quotes() -> None:
    text = "Trade Is Surging\n- Trade surpassed $65 billion last year.\n“We agree,” he said. Then he left."
    _, found = split_document(text)
    assert [s.text for s in found] == [
        "Trade Is Surging",
        "Trade surpassed $65 billion last year.",
        "“We agree,” he said.",
        "Then he left.",
    ]
    assert found[1].bullet and found[0].kind == "title"


def test_a_credit_closes_a_caption_line_of_wrapped_copy() -> None:
    # wrapped at a fixed width: lines go on across breaks, but not past a picture's credit
    text = (
        "Chinese President Hu Jintao (R) shakes hands with Kyrgyz President Kurmanbek\n"
        "Bakiyev after signing a joint declaration at the Great Hall of the People\n"
        "in Beijing June 9, 2006. -Xinhua\n"
        "China and Kyrgyzstan issued a joint statement and also signed 13 deals in\n"
        "Beijing on Friday during Kyrgyz President Kurmanbek Bakiyev's first visit\n"
        "to China.\n" + "The two countries also stressed that they will work together to crack down\n"
        "on terrorism of any form, within the framework of the regional security\n"
        "organisation, the statement says.\n" * 3
    )
    found = split_document(text)[1]
    assert found[1].text.startswith("China and Kyrgyzstan issued a joint statement") and found[1].kind == "body"


def test_splitter_marks_boilerplate_and_cuts_after_read_next() -> None:
    text = (
        "Headline About Things\nIndia and Russia signed a deal on Monday in Moscow today.\n"
        "Read next\nIndia approves ₹19,000 crore for projects.\n"
    )
    kinds = [s.kind for s in split_document(text)[1]]
    assert kinds == ["title", "body", "boilerplate", "boilerplate"]


def test_a_related_label_above_the_copy_does_not_cut_the_story() -> None:
    text = (
        "Headline About Things\n\nSouth Asia\n\nRelated News\n\nHeadline About Things\n\n"
        "India and Russia on Monday concluded a deal worth ₹5,100 crore for rifles made in India.\n"
    )
    sentences = split_document(text)[1]
    assert sentences[-1].kind == "body" and sentences[-1].text.startswith("India and Russia on Monday")


@pytest.mark.parametrize("marker", ["More From This Section", "RELATED:", "Related"])
def test_a_related_box_inside_the_copy_cuts_only_its_links(marker: str) -> None:
    # Publishers set these boxes between paragraphs: the story goes on at its next line of prose.
    text = (
        "Headline About Things\nIndia and Russia signed a deal on Monday in Moscow today.\n"
        f"{marker}\nPeruvian Opposition Plots Against Its President\n"
        "The Russian loan will be available on soft terms and will cover works, services and supplies.\n"
    )
    kinds = [s.kind for s in split_document(text)[1]]
    assert kinds == ["title", "body", "boilerplate", "boilerplate", "body"]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("nearly $100 billion", Decimal("100000000000"), "USD"),
        ("₹19,000 crore", Decimal("190000000000"), "INR"),
        ("Rs. 1.5 lakh crore", Decimal("1500000000000"), "INR"),
        ("US$2.5bn", Decimal("2500000000"), "USD"),
        ("€40 million", Decimal("40000000"), "EUR"),
        ("£3m", Decimal("3000000"), "GBP"),
        ("5 trillion yen", Decimal("5000000000000"), "JPY"),
        ("300 billion roubles", Decimal("300000000000"), "RUB"),
        ("two billion dollars", Decimal("2000000000"), "USD"),
        ("RMB 80 billion", Decimal("80000000000"), "CNY"),
        # a scale opening a compound keeps its figure whole
        ("a $5 billion-plus deal", Decimal("5000000000"), "USD"),
        ("The $ 10 billion-Russian Direct Investment Fund", Decimal("10000000000"), "USD"),
    ],
)
def test_amounts(text: str, value: Decimal, currency: str) -> None:
    (amount,) = find_amounts(text)
    assert amount.value == value and amount.currency == currency


def test_amounts_skip_designations_percentages_and_compounds() -> None:
    assert find_amounts("the S-400 and AK-203 systems, a 25% tariff, a 508-km line, a 10-year pact") == []


def test_range_keeps_both_ends() -> None:
    (amount,) = find_amounts("$5-7 billion")
    assert (amount.value, amount.upper) == (Decimal("5000000000"), Decimal("7000000000"))


def test_every_iso_country_has_a_name_and_capitals_and_demonyms_link() -> None:
    table = countries()
    assert {c.alpha_2 for c in pycountry.countries} <= set(table)
    aliases = country_aliases()
    assert aliases["Moscow"] == ("RU", "capital")
    assert aliases["Japanese"] == ("JP", "demonym")
    assert aliases["U.S."][0] == aliases["Washington"][0] == "US"
    assert aliases["Viet Nam"][0] == aliases["Vietnam"][0] == "VN"


def test_event_dates_resolve_against_publication() -> None:
    published = dt.date(2025, 10, 16)  # a Thursday
    assert event_date("they met on Tuesday", published).date == dt.date(2025, 10, 14)
    assert event_date("he will travel there in December", published).precision == "month"
    assert event_date("they met on Tuesday", None).date is None
    assert event_date("they spoke on 3 March 2024", None).date == dt.date(2024, 3, 3)


def test_read_document_title_and_byline_date() -> None:
    text = "India, Japan Sign Chip Pact\nBy A Writer | December 03, 2025\n\nBody text of the story here."
    assert read_document(text) == ("India, Japan Sign Chip Pact", dt.date(2025, 12, 3))
    assert read_document("Summary – a meeting.,\nBody.")[0] is None


def test_trie_pattern_prefers_longest_alias() -> None:
    pattern = literal_pattern(["India", "Indian", "Indian Ocean", "US", "U.S."])
    assert pattern is not None
    found = [m.group() for m in pattern.finditer("India’s Indian Ocean policy, U.S. and US-led")]
    assert found == ["India", "Indian Ocean", "U.S.", "US"]


def test_registry_matcher_is_compiled_once() -> None:
    registry = default_registry()
    assert registry.matcher() is registry.matcher()


def test_new_person_gets_country_from_demonym_and_surname_links() -> None:
    text = (
        "Japanese Prime Minister Fumio Kishida met Indian Prime Minister Narendra Modi in Tokyo on Friday. "
        "Kishida said the talks were useful."
    )
    result = extract(text, published=dt.date(2023, 3, 20))
    people = {a.name: a for a in result.actors if a.kind == "person"}
    assert people["Fumio Kishida"].country == "JP"
    assert len(people["Fumio Kishida"].mentions) == 2
    assert result.relationship == ("IN", "JP")


def test_any_pair_is_detected_and_sorted() -> None:
    text = (
        "Germany and France agreed on Tuesday to deepen defence ties. "
        "Paris and Berlin signed a contract for 20 Leopard tanks. German officials said trade reached €180 billion."
    )
    assert extract(text).relationship == ("DE", "FR")


def test_registry_agreements_and_actors_are_used() -> None:
    registry = Registry(
        actors=(RegistryActor(key=7, name="Rosatom", kind="organization", country="RU", aliases=("Rosatom",)),),
        relationships=(("IN", "RU"),),
        agreements=(RegistryAgreement(key=3, title="Kudankulam units 5 and 6", keys=("Kudankulam",)),),
    )
    result = extract("India and Russia signed a deal on Kudankulam with Rosatom.", registry=registry)
    assert [a.registry_key for a in result.agreements] == [3]
    assert any(a.registry_key == 7 for a in result.actors)


def test_third_country_sentence_yields_nothing_for_the_articles_pair() -> None:
    text = (
        "India and Russia held talks on energy in Moscow, officials said on Monday. "
        "Meanwhile, the United States imposed a 50% tariff on Indian goods worth $48 billion."
    )
    result = extract(text, published=dt.date(2025, 8, 30))
    assert result.relationship == ("IN", "RU")
    # The tariff is a fact of the United States and India (the guideline), tagged as such.
    assert [m.relationship for m in result.metrics] == [("IN", "US")]


_NAMES = ["Maxim", "Oreshkin", "O'Neil", "Jean-Luc", "da", "Rosneft", "Tata Motors", "and", "the", "oil producers"]
_AFTER = ["said", "told", "CEO", "chief executive", "spokesman", "the refiner", ",", " ", " ", "\t", ".", "'", "’", "x"]


def _plain(pattern: re.Pattern[str], group: str, first: str, plain_first: str, lookbehind: str) -> re.Pattern[str]:
    """The pattern as it reads plainly: the look-behind before the name, not after its capital."""
    written = pattern.pattern.replace(f"(?P<{group}>{first}", f"{lookbehind}(?P<{group}>{plain_first}", 1)
    assert written != pattern.pattern
    return re.compile(written)


_UPPER = f"[{actors._UPPER}]"
_OPTIMIZED = {
    "speaker": (
        actors._SPEAKING_PERSON,
        _plain(actors._SPEAKING_PERSON, "name", actors._FIRST_NAME_TOKEN, actors._NAME_TOKEN, "(?<![\\w'’.])"),
    ),
    "appositive": (
        actors._APPOSITIVE_ORGS,
        _plain(actors._APPOSITIVE_ORGS, "orgs", actors._CAPITAL, _UPPER, "(?<![\\w'’])"),
    ),
    "role": (actors._ORG_BEFORE_ROLE, _plain(actors._ORG_BEFORE_ROLE, "org", actors._CAPITAL, _UPPER, "(?<![\\w'’])")),
}


@pytest.mark.parametrize("name", sorted(_OPTIMIZED))
@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(_NAMES + _AFTER) | st.text(max_size=3), max_size=30).map("".join),
    start=st.integers(0, 60),
)
@example(text="x.Maxim Oreshkin said, 'Jean-Luc da Maxim told", start=0)
@example(text="As_Maxim Oreshkin said; ’Maxim Oreshkin, an aide to him, said", start=1)
@example(text="xRosneft, the refiner; ’Rosneft, the refiner; ’Tata Motors chief executive and.Rosneft CEO", start=0)
def test_name_patterns_open_with_a_class_and_find_what_their_plain_forms_find(name: str, text: str, start: int) -> None:
    # The look-behind sits after the name's capital so that ``re`` can skip to capitals;
    # written plainly it comes first. Both must find the same names in any window.
    optimized, plain = _OPTIMIZED[name]
    assert [m.span() for m in optimized.finditer(text, start)] == [m.span() for m in plain.finditer(text, start)]


_PIECES = st.sampled_from(
    ["Su", "Sukhoi", "-", "30", "MKI", "S", "400", "F-35", "AK-203", "G20", "2025", " ", " ", ",", "."]
)


@settings(max_examples=400, deadline=None)
@given(text=st.lists(_PIECES | st.text(max_size=3), max_size=30).map("".join))
@example(text="The Sukhoi-30, the Abcdef12 and 36 Su-30MKI jets; G20 and S-400.")
def test_designations_are_found_from_the_digits_as_a_full_scan_finds_them(text: str) -> None:
    document = Document.parse(text)
    for sentence in document.sentences:
        found = [m.span() for m in agreements._designations(sentence, document.words)]
        assert found == [m.span() for m in agreements._DESIGNATION.finditer(sentence.text)]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(["word", "a", " ", "  ", "-", ",", "é", "_", "\n"]), max_size=200).map("".join))
def test_at_least_pattern_means_at_least_that_many_words(text: str) -> None:
    for n in (15, 23):
        assert bool(splitting._AT_LEAST[n].match(text)) == (len(splitting._WORD.findall(text)) >= n)
        assert splitting._word_count(text, n) == min(len(splitting._WORD.findall(text)), n)
