"""Fuzzy matching of names for the possible duplicates: the table of pairs that justifies the
threshold, accent folding, and blocking that keeps the work linear (counted, not timed)."""

import random

import pytest

from relations import matching

# (first, second): both must be proposed. Each line is a kind of duplicate seen in the corpus.
MUST_MATCH = [
    ("S-400 Triumf deal", "S-400 Triumf air defense missile system"),  # the tour's pair
    ("Kudankulam Nuclear Power Project", "Kudankulam nuclear power plant"),  # one word differs
    ("S400 Triumf", "S-400 Triumf"),  # a code written with and without its hyphen
    ("Zvézda shipyard contract", "Zvezda Shipyard"),  # accents and case
    ("BrahMos missile agreement", "Agreement on BrahMos missiles"),  # word order, plural, genre word
    ("Rupee–Rouble trade settlement", "Rupee-Rouble Trade Settlement Mechanism"),  # dashes, one word more
    ("Military-technical cooperation programme 2021-2031", "Military technical cooperation 2021-2031"),
]
# (first, second): must not be proposed, though they look alike at a glance.
MUST_NOT_MATCH = [
    ("S-400 Triumf deal", "S-500 Prometey deal"),  # codes differ
    ("AK-203 rifles", "AK-47 rifles"),  # codes differ, the rest is the same
    ("Kudankulam units 3 and 4", "Kudankulam units 5 and 6"),  # numbers differ
    ("Military cooperation programme 2021-2031", "Military cooperation programme 2011-2020"),  # periods differ
    ("India-Russia trade deal", "India-Russia defence deal"),  # only the countries in common (80)
    ("Trade", "Trade in rupees and roubles"),  # one short common word is not enough
    ("Agreement on trade in national currencies", "Agreement on defence cooperation"),
    ("Chennai-Vladivostok maritime corridor", "Northern Sea Route cooperation"),
    ("Andrey Rudenko", "Andrey Belousov"),  # a first name in common
]


@pytest.mark.parametrize(("first", "second"), MUST_MATCH)
def test_alike_titles_reach_the_threshold(first, second):
    generic = matching.AGREEMENT_WORDS
    score = matching.similarity(matching.prepare(first, generic=generic), matching.prepare(second, generic=generic))
    assert score >= matching.THRESHOLD, (first, second, score)
    assert matching.similar_pairs([first, second], generic=generic).pairs


@pytest.mark.parametrize(("first", "second"), MUST_NOT_MATCH)
def test_titles_that_only_look_alike_stay_below_it(first, second):
    generic = matching.AGREEMENT_WORDS
    score = matching.similarity(matching.prepare(first, generic=generic), matching.prepare(second, generic=generic))
    assert score < matching.THRESHOLD, (first, second, score)
    assert matching.similar_pairs([first, second], generic=generic).pairs == []


def test_folding_drops_accents_case_and_punctuation_and_keeps_codes_whole():
    assert matching.fold("Zvézda  Shipyard") == "zvezda shipyard"
    assert matching.fold("Sergueï LAVROV") == "serguei lavrov"
    assert matching.fold("S-400 «Triumf»") == "s400 triumf"
    assert matching.fold("India–Russia") == "india russia"  # a dash between words is not a code
    assert matching.fold("Dmitri Medvédev") == matching.fold("dmitri medvedev")


def _corpus(size: int, seed: int = 20) -> list[str]:
    """`size` titles as an extractor names agreements: a few common words, rarer places, one code each."""
    rng = random.Random(seed)
    subjects = ["supply", "production", "joint venture", "maintenance", "training", "lease", "upgrade", "export"]
    objects_ = ["frigates", "helicopters", "rifles", "reactors", "fertiliser", "crude oil", "satellites", "tanks"]
    syllables = ["ka", "zan", "mur", "mansk", "pu", "ne", "vla", "di", "vos", "tok", "che", "nai", "om", "go"]
    places = sorted({"".join(rng.sample(syllables, 3)).title() for _ in range(80)})
    return [
        f"{rng.choice(subjects)} of {rng.choice(objects_)} at {rng.choice(places)} {rng.choice('ABCDEFGHJK')}-{n}"
        for n in range(size)
    ]


def test_five_hundred_titles_in_one_call_score_a_small_share_of_the_pairs():
    titles = [*_corpus(498), "S-400 Triumf deal", "S-400 Triumf air defense missile system"]
    search = matching.similar_pairs(titles, generic=matching.AGREEMENT_WORDS)
    every_pair = len(titles) * (len(titles) - 1) // 2
    # Common words (each in more than MAX_BLOCK titles) nominate no pair: only titles that share
    # a rarer word are scored, and every scored pair shares one.
    assert search.compared < every_pair // 10, (search.compared, every_pair)
    found = {(titles[i], titles[j]) for i, j, _ in search.pairs}
    assert ("S-400 Triumf deal", "S-400 Triumf air defense missile system") in found
    # The corpus's titles differ by their codes: none is proposed with another.
    assert len(found) == 1


def test_the_work_grows_with_the_titles_not_with_their_pairs():
    small = matching.similar_pairs(_corpus(250), generic=matching.AGREEMENT_WORDS).compared
    large = matching.similar_pairs(_corpus(1000), generic=matching.AGREEMENT_WORDS).compared
    # Four times the titles: all pairs would be sixteen times the work; blocking keeps it near linear.
    assert large < 8 * max(small, 1), (small, large)


def test_names_that_share_no_word_are_never_scored():
    search = matching.similar_pairs(["Rosatom", "Gazprom Neft", "Indian Oil"])
    assert search.compared == 0 and search.pairs == []
