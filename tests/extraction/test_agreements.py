"""Agreements, one sentence at a time: which status a deal takes when a sentence cues several,
and the money guards that keep figures from becoming deals (articles/extraction/agreements.py,
the cues in vocabulary.py's STATUS_CUES)."""

from __future__ import annotations

import pytest

from articles.extraction import extract
from articles.extraction.vocabulary import STATUS_CUES


def _agreements(text: str) -> list[tuple[str, str]]:
    return [(a.title, a.status) for a in extract(text, models=False).agreements]  # the rules alone


def test_status_cues_are_ranked_from_stalled_to_proposed() -> None:
    # The order is the precedence: where several cues meet, the one listed first wins.
    assert [status for status, _ in STATUS_CUES] == [
        "stalled",
        "completed",
        "in_progress",
        "agreed",
        "negotiating",
        "proposed",
    ]


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        # One cue: its status.
        ("India and Russia signed the S-400 contract on Monday.", "agreed"),
        ("India and Russia are negotiating the S-400 contract.", "negotiating"),
        ("India and Russia proposed the S-400 contract.", "proposed"),
        ("India and Russia discussed the delivery of the S-400 systems.", "in_progress"),
        # Two cues right in front of the deal: the stronger ("delayed" over "delivery").
        ("India and Russia discussed the delayed delivery of the S-400 systems.", "stalled"),
        # A cue far before the deal loses to the one nearest before it.
        (
            "India and Russia signed a roadmap in 2019, and since then the two sides have been negotiating "
            "the S-400 contract.",
            "negotiating",
        ),
        # No cue before the deal: the nearest after it ("signed" before "delayed").
        ("India and Russia signed the S-400 contract, whose deliveries have been delayed.", "agreed"),
        ("The S-400 contract, which has been delayed, was signed by India and Russia in 2018.", "stalled"),
        # No cue at all: a deal noun makes it agreed.
        ("India and Russia discussed the S-400 contract.", "agreed"),
    ],
)
def test_the_status_a_sentence_gives_a_deal(sentence: str, status: str) -> None:
    assert [s for _, s in _agreements(sentence)] == [status]


def test_no_cue_and_no_deal_noun_is_no_deal() -> None:
    assert _agreements("India and Russia discussed the S-400 systems.") == []


def test_a_deal_without_a_status_takes_the_strongest_of_the_next_sentence() -> None:
    text = "India and Russia discussed the S-400 contract. Deliveries have since been delayed."
    assert _agreements(text) == [("S-400 contract", "stalled")]
    # With a status of its own, the next sentence does not change it.
    assert _agreements("India and Russia signed the S-400 contract. It was later put on hold.") == [
        ("S-400 contract", "agreed")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "India and Russia signed a Dh241 million deal.",
        "Russia will supply India with Dh241 million worth of fuel under the deal.",
    ],
)
def test_an_amount_glued_to_its_sign_is_no_designation(sentence: str) -> None:
    # "Dh241" looks like a designation ("S-400", "Su-57"), but it is dirhams.
    assert not any("Dh241" in title for title, _ in _agreements(sentence))
    assert any(m.unit == "AED" for m in extract(sentence).metrics)


def test_deals_worth_an_amount_are_named_by_the_deal_not_the_amount() -> None:
    assert _agreements("India and Russia signed deals worth Dh241 million and Rs500 crore.") == [("Deals", "agreed")]


@pytest.mark.parametrize("figure", ["to $5 billion", "by $5 billion", "to 5 million tonnes"])
def test_a_commitment_to_raise_something_to_a_figure_is_a_goal_not_a_deal(figure: str) -> None:
    assert _agreements("India and Russia agreed to expand fertiliser shipments.") == [
        ("Fertiliser shipments", "agreed")
    ]
    extraction = extract(f"India and Russia agreed to expand fertiliser shipments {figure}.")
    assert extraction.agreements == []
    assert [m.kind for m in extraction.metrics] == ["target"]


def test_a_currency_to_pay_in_is_no_deal_but_the_use_of_currencies_is() -> None:
    assert _agreements("India and Russia agreed to pay in roubles.") == []
    assert _agreements("India and Russia agreed to expand the use of national currencies.") == [
        ("National currencies", "agreed")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # when a deal was signed, or whose visit ended: no deal's name
        "Rosatom said its fuel arm had signed the deals on Wednesday with Indian officials.",
        "The first documents on the plant were signed back in 1988 by India and Russia.",
        "The agreement between India and Russia was signed on the second day of the trip.",
        "The Indian minister concluded his State Visit to Russia on Friday.",
        # goods or a field named alone: what a deal may be about, not a deal
        "India plans to increase purchases of Russian coking coal, the steel chief said.",
        "Modi said India and Russia had outlined an ambitious vision for nuclear energy during the talks.",
        "India cannot maintain its fleet of Russian helicopters and fighter jets, officials said.",
    ],
)
def test_a_time_a_visit_or_goods_alone_are_no_deal(sentence: str) -> None:
    assert _agreements(sentence) == []


def test_goods_with_a_deal_noun_or_a_thing_built_are_a_deal() -> None:
    assert _agreements("India and Russia signed a coal supply agreement on Monday.") != []
    assert _agreements("Russia and India agreed to build a new nuclear power plant.") != []
    # a stake in a named venture or field; not a stake in a country's fields
    assert [t for t, _ in _agreements("An Indian consortium acquired a 23.9% stake in Vankorneft from Russia.")] == [
        "Vankorneft"
    ]
    assert _agreements("India's ONGC holds a stake in Russian oil fields.") == []
    # a purchase agreed, whatever names the goods
    assert _agreements("India agreed to buy dozens of Russian military helicopters at a summit.") == [
        ("Military helicopters", "agreed")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # an adverb or how often something is done names no deal
        "India and Russia said the dates of the deal are almost finalized now.",
        "India and Russia agreed on the importance of holding this dialogue on a regular basis.",
        "A joint declaration of India and Russia was signed very positively, he added.",
        # deals named before, referred to again
        "Those agreements between India and Russia were signed during a meeting of the two leaders.",
        # a list's heading: the deals are its items
        "The following bilateral agreements between India and Russia were signed during the State Visit:",
    ],
)
def test_an_adverb_or_a_frequency_is_no_deal(sentence: str) -> None:
    assert _agreements(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The Indian minister negotiated the deal with President Ivan Petrov of Russia.",
        "Currently no extradition treaty exists between India and Russia.",
        "India and Russia reaffirmed their commitment to the UN Charter.",
    ],
)
def test_an_office_a_denied_deal_or_a_multilateral_text_is_no_deal_of_the_pair(sentence: str) -> None:
    titles = [t for t, _ in _agreements(sentence)]
    assert not any(t.startswith(("President", "Currently", "No ", "UN ")) for t in titles), titles


def test_whom_a_deal_was_signed_with_is_no_deal() -> None:
    text = "Prime Minister Ivan Petrov of Russia met India's Arun Rao, who said after signing the deal with Petrov."
    assert _agreements(text) == []


def test_an_adverb_ends_a_deal_title() -> None:
    titles = [t for t, _ in _agreements("Russia and India agreed to supply the jets currently in service.")]
    assert titles and not any("currently" in t for t in titles)


def test_a_speech_verb_before_a_deal_object_is_no_part_of_its_title() -> None:
    titles = [t for t, _ in _agreements("Putin and Modi signed the deal in New Delhi and discussed nuclear energy.")]
    assert not any(t.lower().startswith("discussed") for t in titles)


def test_where_a_deal_was_signed_is_no_deal() -> None:
    text = (
        "India and Russia signed a migration deal. The bilateral deal, which was signed in the ancient "
        "Silk Road city of Samarkand, is meant to ease the entry of skilled workers."
    )
    titles = [t for t, _ in _agreements(text)]
    assert titles and not any("city" in t.lower() for t in titles), titles


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian firm TVEL was the first to have signed such a contract with India since 2008.",
        "The first joint Russian-Indian exercise, Indra-2017, is planned to be held in the fall in Russia.",
    ],
)
def test_a_word_that_names_nothing_and_a_joint_exercise_are_no_deal(sentence: str) -> None:
    assert _agreements(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "India and Russia agreed on the potential for heightened bilateral trade to create jobs.",
        "Modi said India and Russia have agreed on the issues of terrorism.",
        "At the event, India and Russia agreed to create favorable conditions for goods to access markets.",
        "India and Russia agreed to explore opportunities for joint collaboration in precious metals.",
        "The leaders agreed the relationship between India and Russia was very strong.",
        "India and Russia have agreed on a working agenda that aims to boost ties.",
    ],
)
def test_what_the_sides_agree_on_that_names_no_deal_is_none(sentence: str) -> None:
    assert _agreements(sentence) == []


def test_what_a_deal_covers_listed_after_including_is_no_deal_of_its_own() -> None:
    text = (
        "India and Russia signed the Gorshkov contract in 2004. The current contract covers a complete overhaul "
        "of the ship and equipping it with modern weaponry, including MiG-29K Fulcrum aircraft and Ka-31 helicopters."
    )
    titles = [t for t, _ in _agreements(text)]
    assert not any("MiG-29K" in t or "Ka-31" in t for t in titles), titles


def test_signed_off_on_is_no_deal_called_off() -> None:
    titles = [t for t, _ in _agreements("The India-Russia coal deal was signed off on by the two directors general.")]
    assert titles and "Off" not in titles, titles
