"""Metric kinds, one sentence per rule: the guideline's four rules as metrics.py's _kind reads
them, with the cue that decided (the learned layer's feature)."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from articles.extraction import extract as _extract

# These tests pin the rules; the metric model that reads their figures again is test_learned.py's.
extract = partial(_extract, models=False)

PUBLISHED = dt.date(2025, 6, 1)


def _readings(text: str) -> list[tuple[str, str, str]]:
    return [(m.kind, m.reading.figure.text, m.reading.cue) for m in extract(text, published=PUBLISHED).metrics]


@pytest.mark.parametrize(
    ("sentence", "reading"),
    [
        # Rule 1: the value or size of a specific thing.
        ("India and Russia signed a $5 billion deal for frigates.", ("other", "$5 billion", "value_before")),
        ("Russia will provide $12 billion of soft loans to India.", ("other", "$12 billion", "loans_of")),
        (
            "The Kudankulam plant built by Russia in India has a capacity of 2,000 MW.",
            ("other", "2,000", "capacity"),
        ),
        # Rule 2: a goal, target, pledge or commitment.
        (
            "India and Russia aim to raise bilateral trade to $100 billion by 2030.",
            ("target", "$100 billion", "goal"),
        ),
        (
            "Russian firms hope to bag orders worth $5 billion in India by 2025.",
            ("target", "$5 billion", "goal_worth"),
        ),
        (
            "Russia will invest $2 billion in Indian refineries, India said.",
            ("target", "$2 billion", "will_commit"),
        ),
        # Rule 3: what happened or stands now.
        (
            "Bilateral trade between India and Russia reached $68.7 billion in 2024.",
            ("actual", "$68.7 billion", "measured"),
        ),
        ("Russia has delivered 70,000 rifles to India.", ("actual", "70,000", "delivered")),
        ("India and Russia signed 20 agreements during the visit.", ("actual", "20", "pacts_signed")),
        # Rule 4: an estimate or projection.
        (
            "Bilateral trade between India and Russia is estimated at $70 billion.",
            ("other", "$70 billion", "estimate"),
        ),
    ],
)
def test_each_rule_from_its_cue(sentence: str, reading: tuple[str, str, str]) -> None:
    assert _readings(sentence) == [reading]


def test_the_value_of_a_thing_comes_before_the_goal_of_its_clause() -> None:
    # "aim to" is a goal, but the figure prices the deal (rule 1 is tried first).
    assert _readings("India and Russia aim to sign a $5 billion deal for frigates.") == [
        ("other", "$5 billion", "value_before")
    ]


def test_what_there_is_now_comes_before_the_goal_to_change_it() -> None:
    assert _readings("India and Russia plan to boost the $65 billion of bilateral trade.") == [
        ("actual", "$65 billion", "baseline")
    ]
    assert _readings("India and Russia aim to raise bilateral trade to $100 billion by 2030 from $65 billion.") == [
        ("target", "$100 billion", "goal"),
        ("actual", "$65 billion", "from"),
    ]


@pytest.mark.parametrize(
    ("sentence", "reading"),
    [
        # A supplier's "will deliver" is what its deal covers (rule 1); "will invest" stays a pledge.
        ("Russia will deliver 4 frigates to India next year.", ("other", "4", "will_supply")),
        ("Japan will provide KSh1 billion to Kenya for medical oxygen.", ("other", "KSh1 billion", "will_supply")),
        # A sum in a clause about a contract, and about no flow, is the contract's worth.
        (
            "India and Russia have signed a contract on the deliveries of air defence systems worth over $5 billion.",
            ("other", "over $5 billion", "contract_value"),
        ),
        # A level measured against what could be is no estimate.
        (
            "Officials said India-Russia trade, amounting to $10.1 billion in 2019, is far below the potential.",
            ("actual", "$10.1 billion", "actual"),
        ),
        ("For the first time, exports from Russia to India topped $40 billion.", ("actual", "$40 billion", "actual")),
        (
            "The flagship accord between India and Russia was for air defence systems, at $5.2 billion.",
            ("other", "$5.2 billion", "contract_value"),
        ),
    ],
)
def test_kinds_of_supply_contracts_and_levels(sentence: str, reading: tuple[str, str, str]) -> None:
    assert _readings(sentence) == [reading]


def _figures(text: str) -> list[tuple[str, str, object, str]]:
    return [(m.kind, m.name, m.value, m.unit) for m in extract(text, published=PUBLISHED).metrics]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A bare number counting what the sentence's first figure counted.
        (
            "Russia will supply 670,000 rifles to India, of which 600,000 will be produced in Amethi.",
            [(600000, "rifles", "other")],
        ),
        (
            "Of the 35,000 rifles Russia delivered to India, 10,000 have been issued to units, "
            "while the remaining 25,000 will be handed over next year.",
            [(10000, "rifles", "actual"), (25000, "rifles", "other")],
        ),
        ("Russia signed a deal with India for four frigates, two in Russia and two at Goa.", [(2, "frigates", None)]),
        # a part that has happened is what happened (rule 3), whatever the deal covered
        (
            "India had contracted to acquire 272 fighters from Russia, of which 222 were assembled in India.",
            [(222, "fighters", "actual")],
        ),
    ],
)
def test_a_bare_number_counts_the_noun_counted_before_it(sentence: str, expected: list) -> None:
    read = {(value, unit): kind for kind, _, value, unit in _figures(sentence)}
    for value, unit, kind in expected:
        assert (value, unit) in read
        assert kind is None or read[(value, unit)] == kind


@pytest.mark.parametrize(
    "sentence",
    [
        # designations, not counts; and a part larger than its whole
        "Of Russia's six reactors in India, units 1 and 2 were connected to the grid in 2013.",
        "India bought 12 jets from Russia, and 40 were ordered by Egypt.",
        # a number named before ("the two ships"): no new figure
        "The first of the two ships built by Russia is expected to reach India in 2026.",
        # a preposition after the number: what follows it is not what was counted
        "India signed 12 agreements with Russia and another 2 between private companies.",
    ],
)
def test_no_count_where_the_number_is_no_part(sentence: str) -> None:
    figures = _figures(sentence)
    assert not any(value in (2, 40) for _, _, value, _ in figures), figures


@pytest.mark.parametrize(
    ("sentence", "value", "name"),
    [
        (
            "In 2018, the commercial exchange between Brazil and Peru was $3.97 billion, an increase of 2.5% on 2017.",
            2.5,
            "change in trade",
        ),
        (
            "Trade between Egypt and Saudi Arabia leapt more than 62% last year, reaching $9.1 billion.",
            62,
            "change in trade",
        ),
        ("Last year, trade between Russia and Bangladesh grew significantly, by over 20%.", 20, "change in trade"),
        # a range, read at its middle
        ("In 2024, Russian oil made up 30-35% of India's total crude imports.", 32.5, "share of imports"),
        (
            "Trade between Saudi Arabia and Turkey reached $5.8 billion in 2022, a growth rate of 32.6%.",
            32.6,
            "change in trade",
        ),
        (
            "Trade turnover between Kazakhstan and Hungary amounted to $187.6 million in 2023 (+8.9%).",
            8.9,
            "change in trade",
        ),
        (
            "Vietnam's development assistance to Laos increased by nearly 19 percent last year.",
            19,
            "change in assistance",
        ),
    ],
)
def test_changes_of_a_flow_as_the_text_writes_them(sentence: str, value: float, name: str) -> None:
    changes = [(float(v), n) for _, n, v, unit in _figures(sentence) if unit == "percent"]
    assert changes == [(value, name)]


def test_machines_counted_by_their_type() -> None:
    figures = _figures("The Indian Air Force will buy 21 MiG-29s and 12 Su-30MKIs from Russia.")
    assert {(value, unit) for _, _, value, unit in figures} == {(21, "MiG-29s"), (12, "Su-30MKIs")}


def test_containers_counted_as_shipping_counts_them() -> None:
    figures = _figures("In 2024, FESCO shipped more than 16,000 TEU between Indian ports and Novorossiysk in Russia.")
    assert [(value, unit) for _, _, value, unit in figures] == [(16000, "TEU")]


def test_pacts_counted_inside_a_bundle_are_no_figure_of_their_own() -> None:
    figures = _figures("India and Russia signed 16 pacts, including two key defence agreements, on Saturday.")
    assert [(value, unit) for _, _, value, unit in figures] == [(16, "pacts")]


def test_a_conversion_in_square_brackets_keeps_the_figure_the_value_of_its_loan() -> None:
    figures = _figures("Kishida announced Japan's pledge of a 20 billion yen [$139 million] loan to Cambodia.")
    assert [(kind, unit) for kind, _, _, unit in figures] == [("other", "JPY"), ("other", "USD")]


def test_the_figures_of_a_text_are_found_once_for_every_pair_it_names(monkeypatch) -> None:
    from articles.extraction import metrics

    calls = []
    real = metrics.find_amounts
    monkeypatch.setattr(metrics, "find_amounts", lambda *args: calls.append(1) or real(*args))
    result = extract(
        "India and Russia talk trade\n\nIndia and Russia traded $65 billion in 2024. "
        "Meanwhile, France and Germany signed a $2 billion deal for tanks.",
        published=PUBLISHED,
    )
    assert len(calls) == 1
    assert {(m.value, m.relationship) for m in result.metrics} == {
        (65_000_000_000, None),
        (2_000_000_000, ("DE", "FR")),
    }


def test_metric_tonnes_written_mt() -> None:
    figures = _figures("India imported 7.74 lakh mt of fertilisers from Russia in the first quarter.")
    assert [(value, unit) for _, _, value, unit in figures] == [(774_000, "tonnes")]


def test_the_level_a_change_starts_from_is_what_there_is_now_and_no_range() -> None:
    assert _readings("Trade between India and Russia can increase from the present $50 billion to $100 billion.") == [
        ("actual", "$50 billion", "baseline"),
        ("other", "$100 billion", "estimate"),  # what it "can" reach
    ]


def test_a_level_said_to_stand_now_and_a_level_hoped_for() -> None:
    # "at present" right after the figure names the level now, though the clause goes on to hope;
    # "hoped that it would reach" is a goal as "hoped to" is
    assert _readings(
        "Trade between India and Russia is $60 billion at present and the minister hoped that it would "
        "reach $100 billion by 2030."
    ) == [("actual", "$60 billion", "now"), ("target", "$100 billion", "goal")]
    # "confident of achieving" a level is aiming at it
    assert _readings("India is confident of achieving $100 billion in trade with Russia ahead of 2030.") == [
        ("target", "$100 billion", "goal")
    ]


@pytest.mark.parametrize(
    ("sentence", "reading"),
    [
        # the price of a purchase, told in the past (rule 1)
        ("Rosneft bought the Indian refinery in 2017 for $12.9 billion.", ("other", "$12.9 billion", "value_after")),
        # "total" as the present verb of a measure (rule 3); "will total" stays open
        ("Russian investments in India total $20 billion.", ("actual", "$20 billion", "measured")),
    ],
)
def test_a_purchase_price_and_a_present_total(sentence: str, reading: tuple[str, str, str]) -> None:
    assert _readings(sentence) == [reading]


def test_a_percent_written_pct_and_stakes_told_before_their_figures() -> None:
    figures = _figures(
        "Indian firms have held stakes of 12.5 pct in the Russian venture. "
        "Rosneft will own 51% of the Indian plant and ONGC will hold the other 49%. "
        "ONGC got approval to raise its stake in the Russian oil field by 11 percent."
    )
    assert [(kind, value, unit) for kind, _, value, unit in figures] == [
        ("other", 12.5, "percent"),
        ("other", 51, "percent"),
        ("other", 49, "percent"),
        ("other", 11, "percent"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Supplies of fertilizers from Russia to India have increased by more than eight times.", (8, "times")),
        ("Trade volume between Korea and Cambodia rose 20-fold since 1997.", (20, "fold")),
        ("Russian oil exports to India jumped by nearly 25 times in May compared to a year ago.", (25, "times")),
    ],
)
def test_a_flow_grown_by_a_multiple_is_what_happened(sentence: str, expected: tuple[int, str]) -> None:
    # ("in May" is the month, not the modal that would make the figure an estimate)
    assert [(kind, value, unit) for kind, _, value, unit in _figures(sentence)] == [("actual", *expected)]


def test_a_multiple_beside_the_level_it_reached_and_a_multiple_of_no_flow_are_no_figure() -> None:
    # readers take the level and leave its multiple; meetings counted are no flow
    assert [
        (value, unit)
        for _, _, value, unit in _figures(
            "Trade between India and Russia increased by 2.6 times, exceeding $35 billion."
        )
    ] == [(35000000000, "USD")]
    assert _figures("Modi and Putin met three times this year to discuss trade between India and Russia.") == []
    # a range of multiples is its midpoint, and what could happen is an estimate (rule 4)
    assert [
        (kind, value, unit)
        for kind, _, value, unit in _figures(
            "The tourist flow between Russia and India could increase by 1.5-2.5 times after the visa reform."
        )
    ] == [("other", 2, "times")]


def test_a_share_of_a_countrys_purchases_as_its_basket_and_a_share_that_remains() -> None:
    assert [
        (kind, name, value)
        for kind, name, value, _ in _figures(
            "Russia's share in India's crude basket climbed from under 1 per cent to almost 40 per cent."
        )
    ] == [("actual", "share of imports", 1), ("actual", "share of imports", 40)]
    assert [
        (name, value)
        for _, name, value, _ in _figures("India's share in Russia's total imports remains below 2 per cent.")
    ] == [("share of imports", 2)]


def test_memoranda_in_capitals_signed_in_a_headline_present_are_pacts_signed() -> None:
    figures = _figures("Czech delegation signs 11 MOUs during visit to Taiwan.")
    assert [(kind, value, unit) for kind, _, value, unit in figures] == [("actual", 11, "MOUs")]


def test_a_market_measured_and_a_ratio_are_no_figure_of_the_pair() -> None:
    assert (
        _figures(
            "India and Russia talk pharma. The Russian pharma market ($19.42 billion) is the largest in Europe, "
            "with a generic market size of $8.6 billion."
        )
        == []
    )
    assert (
        _figures(
            "New Zealand and Vietnam trade, with one in four jobs in New Zealand tied to exports, "
            "and Vietnam a market of over 100 million people."
        )
        == []
    )


def test_what_is_ordered_for_a_sum_is_priced_by_it() -> None:
    figures = _figures("Twelve more Sukhoi aircraft are being ordered from Russia for around Rs 11,500 crore.")
    assert [(kind, value) for kind, _, value, unit in figures if unit == "INR"] == [("other", 115000000000)]


def test_the_last_item_of_a_list_opens_no_clause() -> None:
    # ", and pulverized coal" ends a list of goods: the goal before it still governs the figure
    figures = _figures(
        "India plans to boost imports of coking coal, anthracite, and pulverized coal from Russia "
        "to 40 million tons per year."
    )
    assert [(kind, value) for kind, _, value, _ in figures] == [("target", 40000000)]


def test_a_price_per_item_is_the_value_of_the_deal_and_a_rate_per_year_is_not() -> None:
    # (a past period would make it what happened, rule 3)
    figures = _figures(
        "India and Russia trade. The Russian-Indian venture emerged as the lowest bidder in 2023, "
        "as it quoted Rs1.2bn ($14.5m) per rake."
    )
    assert {(kind, unit) for kind, _, _, unit in figures} == {("other", "INR"), ("other", "USD")}
    flows = _figures("India exported $5 billion a year of goods to Russia in 2023.")
    assert [kind for kind, *_ in flows] == ["actual"]


def test_pacts_counted_as_they_are_signed_and_a_firms_books() -> None:
    figures = _figures("India and Russia held talks. The four MoUs signed yesterday cover trade and energy.")
    assert [(kind, value, unit) for kind, _, value, unit in figures] == [("actual", 4, "MoUs")]
    assert _figures("Russia's Alrosa mined 34 million carats in 2009, recording sales of $2.2 billion in India.") == []


def test_goods_weighed_in_kilos_and_the_measure_a_price_is_given_for() -> None:
    figures = _figures("Tea shipments from India to Russia in April rose to 3 million kilos, at 161 rubles per 1 kg.")
    assert [(value, unit) for _, _, value, unit in figures if unit in ("kilos", "kg")] == [(3000000, "kilos")]


def test_a_flow_of_a_period_past_is_what_happened_even_in_an_undated_story() -> None:
    # the story's present, where it gives no date: the latest year it names
    text = (
        "India's exports to Russia diminished by 11.6 per cent to $2.8 billion in the first 11 months of "
        "2022-23, the ministry said in a report on its 2024 plans."
    )
    undated = [(m.kind, m.unit) for m in extract(text, published=None).metrics]
    assert ("actual", "USD") in undated
    alone = "India's exports to Russia diminished by 11.6 per cent to $2.8 billion in the first 11 months of 2022-23."
    assert ("other", "USD") in [(m.kind, m.unit) for m in extract(alone, published=None).metrics]


def test_a_countrys_gdp_and_its_growth_are_no_figure_of_the_pair() -> None:
    assert _figures(
        "Qatar, with a GDP by purchasing power of $94 billion and a GDP per head of $85,867, "
        "saw economic growth of 4.5 percent while its investment in Indonesia stood at $5 billion."
    ) == [("actual", "investment", 5000000000, "USD")]


def test_a_delegation_counted_by_its_members_travelled_or_is_to() -> None:
    sent = _figures("A 50-member Indian business delegation went to Russia on a four-day visit.")
    assert [(kind, value, unit) for kind, _, value, unit in sent] == [("actual", 50, "members")]
    coming = _figures("Russia said a 250 member strong Russian Army contingent would arrive in India for the exercise.")
    assert [(kind, value, unit) for kind, _, value, unit in coming] == [("target", 250, "members")]
    contingent = _figures("For the exercise with Russia, the Indian contingent will comprise 350 personnel.")
    assert [(kind, value, unit) for kind, _, value, unit in contingent] == [("target", 350, "personnel")]
    crew = _figures(
        "A crew of 200 personnel reached Russia last week for training as the Indian ship will undergo trials."
    )
    assert [(kind, value, unit) for kind, _, value, unit in crew] == [("actual", 200, "personnel")]
    # a body of so many members is no party travelling between the pair
    assert _figures("India and Russia belong to the five-member BRICS group and a 3-member panel met.") == []


def test_a_level_the_flow_can_reach_is_an_estimate() -> None:
    figures = _figures("The ministers have said that trade between India and Russia can easily reach $30 billion.")
    assert [(kind, value) for kind, _, value, _ in figures] == [("other", 30000000000)]
    # what cannot be done is no estimate of a level ("cannot" is read by the clause as it was)
    assert "other" not in {
        k for k, *_ in _figures("India's imports from Russia, which cannot be cut, were $5 billion in 2023.")
    }


def test_a_facilitys_capacity_written_as_its_adjective_is_its_size() -> None:
    figures = _figures("Rosneft's deal with India includes the 400,000-barrel-a-day Vadinar refinery.")
    assert ("other", "capacity", 400000, "barrels per day") in figures
    figures = _figures("The Russian deal in India also attaches Essar's 20 million tonne-refinery at Vadinar.")
    assert ("other", "capacity", 20000000, "tonnes") in figures


def test_what_a_memorandum_for_construction_covers_is_the_deals_size() -> None:
    figures = _figures(
        "Russia and India signed a memorandum of intent for the construction of four new units at Kudankulam."
    )
    assert [(kind, value, unit) for kind, _, value, unit in figures] == [("other", 4, "units")]


def test_what_one_side_asks_the_other_to_pay_is_the_price_of_the_deal() -> None:
    asked = _figures("Russia has since demanded an additional $1.2 billion from India for the carrier.")
    assert [(kind, value) for kind, _, value, _ in asked] == [("other", 1200000000)]
    after = _figures("These relate to the additional $1.5 billion Russia has demanded from India for the carrier.")
    assert [(kind, value) for kind, _, value, _ in after] == [("other", 1500000000)]


def test_a_level_raised_to_another_is_the_level_now_and_the_goal_and_a_deals_value_stated() -> None:
    raised = _figures("India and Russia decided to triple the modest bilateral trade of $7 billion to $20 billion.")
    assert [(kind, value) for kind, _, value, _ in raised] == [("actual", 7000000000), ("target", 20000000000)]
    order = _figures(
        "Russia and India agreed the frigates. The order value is $3.1 billion, with deliveries from 2026."
    )
    assert [(kind, value) for kind, _, value, _ in order] == [("other", 3100000000)]


def test_pacts_counted_as_the_pair_is_signing_them_happened() -> None:
    figures = _figures("India and Russia on Monday recharged their ties by signing four agreements in space and trade.")
    assert [(kind, value, unit) for kind, _, value, unit in figures] == [("actual", 4, "agreements")]
