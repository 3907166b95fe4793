"""Event kinds: the extractor's kinds are the model's, and each is read from its trigger
(articles/extraction/events.py, _KINDS)."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.extraction import extract
from articles.extraction.events import _FAMILY, EVENT_KINDS

PUBLISHED = dt.date(2025, 6, 1)


def _kinds(text: str) -> list[str]:
    return [e.kind for e in extract(text, published=PUBLISHED, models=False).events]


def test_the_extractors_event_kinds_are_the_models() -> None:
    from relations.models import EventKind  # the model's choices; the extraction package never imports Django

    assert sorted(EVENT_KINDS) == sorted(EventKind.values)
    assert len(set(EVENT_KINDS)) == len(EVENT_KINDS)


def test_every_kind_has_a_family_of_known_kinds_holding_itself() -> None:
    assert set(_FAMILY) == set(EVENT_KINDS)
    assert all(kind in family and set(family) <= set(EVENT_KINDS) for kind, family in _FAMILY.items())


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Prime Minister Narendra Modi spoke by phone with President Vladimir Putin on Monday.", "call"),
        ("Prime Minister Narendra Modi spoke to President Vladimir Putin this morning.", "call"),
        ("Prime Minister Narendra Modi spoke on phone today with President Vladimir Putin.", "call"),
        ("Minister Hardeep Singh Puri talked by telephone with Deputy Prime Minister Alexander Novak.", "call"),
        ("Minister Dharmendra Pradhan holds telephonic discussion with Minister Alexander Novak.", "call"),
        ("Hours later, Russian President Vladimir Putin touched down in New Delhi, India.", "visit"),
        ("Prime Minister Narendra Modi spoke telephonically with President Vladimir Putin.", "call"),
        ("The 7th Annual Consultation between Narendra Modi and Vladimir Putin was held in Delhi.", "meeting"),
        ("Modi and Putin met in Moscow on Tuesday.", "meeting"),
        ("Modi will visit Moscow next month, the Indian foreign ministry said about India and Russia.", "visit"),
        ("India and Russia issued a joint statement after the talks.", "statement"),
        ("Modi attended the annual India-Russia summit in New Delhi.", "summit"),
        ("Modi and Putin witnessed the signing ceremony in New Delhi.", "other"),
        ("Prime Minister Narendra Modi and President Vladimir Putin oversaw the signing of 13 agreements.", "other"),
        ("Prime Ministers Narendra Modi and Pushpa Kamal Dahal jointly flagged off a cargo train to Nepal.", "other"),
        # Honours, foundation stones, openings and combined exercises are ceremonies (`other`).
        ("Putin conferred the Order of St Andrew on Prime Minister Narendra Modi at a brief ceremony.", "other"),
        ("Prime Minister Narendra Modi and President Vladimir Putin laid the foundation of units 3 and 4.", "other"),
        ("President Uhuru Kenyatta and Prime Minister Abiy Ahmed will officially open the border post.", "other"),
        ("Russia and India will hold the first combined force military exercise in Russia next autumn.", "other"),
        # A leader's letter or message handed over is a formal text (statement).
        (
            "Foreign Minister Sergey Lavrov delivered a message from President Vladimir Putin to Narendra Modi.",
            "statement",
        ),
        ("National Security Adviser Ajit Doval arrived here on Wednesday, Russia's foreign ministry said.", "visit"),
        ("Prime Minister Narendra Modi was the chief guest at Russia's Navy Day parade.", "visit"),
        # Leading a delegation to the other country, and landing at its airport, are journeys.
        ("Commerce Minister Piyush Goyal of India led a high-profile delegation to Russia on Monday.", "visit"),
        ("Prime Minister Narendra Modi landed at Vnukovo airport in Moscow this morning.", "visit"),
        # Welcoming someone to the country is a visit, not a meeting.
        ("Modi welcomed President Putin and his delegation to India.", "visit"),
    ],
)
def test_each_kind_from_its_trigger(sentence: str, kind: str) -> None:
    assert _kinds(sentence) == [kind]


def test_the_leaders_of_the_talks_signing_is_a_ceremony_of_theirs() -> None:
    text = (
        "Prime Minister Narendra Modi held talks with President Vladimir Putin in Moscow. "
        "Following the talks, the two leaders signed a convention on taxes between India and Russia."
    )
    events = extract(text, models=False).events
    assert [(e.kind, e.actors) for e in events if e.kind == "other"] == [("other", ["Narendra Modi", "Vladimir Putin"])]


def test_the_meeting_or_summit_named_again_is_the_one_read_before() -> None:
    assert _kinds("Modi met Putin in Moscow. The meeting lasted three hours.") == ["meeting"]
    assert _kinds("Modi attended the India-Russia summit in Moscow. The summit ended with a joint statement.") == [
        "summit",
        "statement",
    ]


def test_the_meeting_of_a_visit_is_an_event_of_its_own_between_the_same_people() -> None:
    text = "Putin arrived in New Delhi on Thursday for a visit to India. The meeting was held at Hyderabad House."
    events = extract(text, published=PUBLISHED, models=False).events
    assert [e.kind for e in events] == ["visit", "meeting"]
    assert events[0].actors == events[1].actors


def test_a_groupings_summit_is_an_event_of_the_pair_only_when_both_attend() -> None:
    assert "summit" not in _kinds("Speaking at the Caspian Sea Summit in June, President Vladimir Putin praised India.")
    assert "summit" in _kinds("Narendra Modi and Vladimir Putin met on the sidelines of the SCO Summit in Samarkand.")
    assert _kinds("The US-India Summit was held in Washington on Monday.") == ["summit"]


def test_an_event_read_with_countries_alone_is_of_the_people_of_the_nearest_talks() -> None:
    result = extract(
        "Prime Minister Narendra Modi held talks with President Vladimir Putin in Moscow.\n"
        "India and Russia also held a business forum in the city on Tuesday.\n",
        models=False,
    )
    forums = [e.actors for e in result.events if e.kind == "other"]
    assert forums == [["Narendra Modi", "Vladimir Putin", "India", "Russia"]]
    # a pair's own text stays the countries'
    text = extract("Prime Minister Narendra Modi met President Vladimir Putin. Read the India-Russia joint communiqué.")
    assert [e.actors for e in text.events if e.kind == "statement"] == [["India", "Russia"]]


def test_the_visitor_named_after_a_long_title_and_a_rank() -> None:
    result = extract(
        "Myanmar President Htin Kyaw met with visiting Thai Deputy Prime Minister and Defense Minister "
        "Gen Prawit Wongsuwan in Nay Pyi Taw on Wednesday.",
        models=False,
    )
    assert [e.actors for e in result.events if e.kind == "visit"] == [["Prawit Wongsuwan", "Myanmar"]]


@pytest.mark.parametrize(
    ("text", "signers"),
    [
        (
            "Japanese Prime Minister Shinzo Abe met Chilean President Michelle Bachelet in Santiago. "
            "The pair oversaw the signing of a series of deals on mining.",
            ["Shinzo Abe", "Michelle Bachelet"],
        ),
        (
            "Russian Foreign Minister Sergey Lavrov met Indian Foreign Minister Anil Rao. "
            "The ministers then signed a protocol on consultations between India and Russia.",
            ["Sergey Lavrov", "Anil Rao"],
        ),
        (
            "The accord between Morocco and China was inked by Moroccan Foreign Minister Nasser Bourita in Rabat.",
            ["Nasser Bourita"],
        ),
    ],
)
def test_a_signing_by_the_pair_or_the_ministers_of_the_talks_or_inked_by_someone_named(
    text: str, signers: list[str]
) -> None:
    events = extract(text, models=False).events
    assert [e.actors[: len(signers)] for e in events if e.kind == "other"] == [signers]


@pytest.mark.parametrize(
    "sentence",
    [
        "Secretary Antony Blinken met virtually today with Nigerian President Muhammadu Buhari.",
        "Over the last few months Foreign Minister Sergey Lavrov and Minister Anil Rao of India have "
        "interacted a number of times through virtual medium.",
    ],
)
def test_talks_held_virtually_are_a_call(sentence: str) -> None:
    assert "call" in _kinds(sentence)


def test_a_joint_statement_the_two_countries_issue_is_theirs_with_whoever_is_named() -> None:
    text = "After the meeting, Finland and India issued a joint statement on Prime Minister Sipila's visit."
    statements = [e.actors for e in extract(text, published=PUBLISHED, models=False).events if e.kind == "statement"]
    assert statements and {"Finland", "India"} <= set(statements[0])
