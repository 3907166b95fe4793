"""The registry's automaton matcher reads what the regex matcher before it read, and an
incrementally updated matcher reads what a full compile of the same registry reads."""

from __future__ import annotations

import random
import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.extraction import Registry, RegistryActor, RegistryAgreement, default_registry, extract
from articles.extraction.automaton import Literals, fold_accents, fold_case
from articles.extraction.registry import Matcher
from articles.extraction.trie import literal_pattern
from bench.extraction import corpus, synthetic_registry
from tests.extraction import goldsets


def _gold_texts() -> list[str]:
    return [text for name in goldsets.SETS for text, _ in goldsets.load(name)]


def _keys_from(texts: list[str], count: int, seed: int) -> list[str]:
    """Agreement keys drawn from the texts' own words and word pairs, in mixed case, so that
    many of them occur (whole and inside other words)."""
    rng = random.Random(seed)
    words = [w.strip(".,;:()\"'’“”") for text in texts for w in text.split()]
    words = [w for w in words if w]
    keys = set()
    while len(keys) < count:
        i = rng.randrange(len(words) - 1)
        key = " ".join(words[i : i + rng.choice((1, 1, 2))])
        keys.add(rng.choice((str.upper, str.lower, str.title, str))(key))
    return sorted(keys)


def _with_agreements(registry: Registry, keys: list[str]) -> Registry:
    agreements = tuple(RegistryAgreement(f"a{i}", key, (key,)) for i, key in enumerate(keys))
    return Registry(registry.actors, registry.relationships, agreements)


class RegexMatcher:
    """The matcher as it was: one regex of the aliases, one of the agreement keys."""

    def __init__(self, matcher: Matcher) -> None:
        self.targets, self.agreement_keys = matcher.targets, matcher.agreement_keys
        self._aliases, self._keys = matcher.pattern, matcher.agreement_pattern
        # Aliases match whatever the accents ("Thalès" is Thales, "Erdogan" Erdoğan), as the
        # automaton reads them: the same regex over the folded aliases and the folded text.
        self._folded_targets = {fold_accents(alias): target for alias, target in self.targets.items()}
        self._folded = literal_pattern(self._folded_targets) if self._folded_targets else None

    def actor_spans(self, text: str):
        found = self._folded.finditer(fold_accents(text)) if self._folded else ()
        return [(m.start(), m.end(), self._folded_targets[m.group()]) for m in found]

    def agreement_spans(self, text: str):
        return [m.span() for m in self._keys.finditer(text)] if self._keys else []


class _RegexRegistry(Registry):
    def matcher(self):  # type: ignore[override]
        if not self._matcher:
            self._matcher.append(RegexMatcher(Matcher(self)))
        return self._matcher[0]


def _spans_agree(matcher: Matcher, old: RegexMatcher, text: str) -> None:
    assert matcher.actor_spans(text) == old.actor_spans(text)
    assert matcher.agreement_spans(text) == old.agreement_spans(text)


@pytest.fixture(scope="module")
def gold_texts() -> list[str]:
    return _gold_texts()


def test_every_gold_corpus_reads_the_same_with_the_regex_and_the_automaton(gold_texts) -> None:
    registry = default_registry()
    with_keys = _with_agreements(registry, _keys_from(gold_texts, 3_000, seed=1))
    old = _RegexRegistry(with_keys.actors, with_keys.relationships, with_keys.agreements)
    for name in goldsets.SETS:
        for i, (text, gold) in enumerate(goldsets.load(name)):
            if name in goldsets.REAL_SETS and i % 3:
                # Every span of every real text is held to the regex's below
                # (test_spans_are_the_regex_spans_...); whole readings of a third of them, every
                # synthetic one, and every real set, keep the suite's time as the corpus grows.
                continue
            document = gold["document"]
            assert extract(text, registry=registry).to_contract(document) == extract(
                text, registry=_RegexRegistry(registry.actors, registry.relationships)
            ).to_contract(document), f"{name}/{document}"
            assert extract(text, registry=with_keys).to_contract(document) == extract(text, registry=old).to_contract(
                document
            ), f"{name}/{document} with agreement keys"


def test_spans_are_the_regex_spans_on_gold_and_synthetic_texts(gold_texts) -> None:
    texts = gold_texts + corpus(200, 3)
    for registry in (default_registry(), synthetic_registry(10_000, 2)):
        matcher = _with_agreements(registry, _keys_from(texts, 5_000, seed=2)).matcher()
        old = RegexMatcher(matcher)  # compiled once: at 10,000 actors its regex takes seconds
        for text in texts:
            _spans_agree(matcher, old, text)


_PIECES = ["India", "Indian", "Indian Ocean", "US", "U.S.", "Ana", "ana", "Érdoğan", "Erdogan", "İstanbul", "ſ"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from([*_PIECES, "a b", "x_y", "Ab-1", "σς", "ΣΑΣ", "K"]), min_size=1, max_size=12),
    text=st.lists(
        st.one_of(st.sampled_from([*_PIECES, " ", "_", "-", ".", "'s", "’", "\u0301", "2", "Σ"]), st.characters()),
        max_size=40,
    ).map("".join),
)
def test_whole_word_matches_are_the_regex_matches(words: list[str], text: str) -> None:
    from articles.extraction.trie import literal_pattern

    # Case-sensitive words as they are (the regex takes no accent folding: ASCII-only words
    # on accented texts and accented words on any text may still differ, on purpose).
    plain = [w for w in words if w.isascii()]
    pattern = literal_pattern(plain)
    expected = [m.span() for m in pattern.finditer(text)] if pattern else []
    found = Literals(plain, lambda s: s).spans(text)
    assert [(s, e) for s, e, _ in found] == expected
    # Case-insensitive, as agreement keys are matched.
    lowered = [w.lower() for w in words]
    pattern = literal_pattern(lowered, flags=re.IGNORECASE)
    expected = [m.span() for m in pattern.finditer(text)] if pattern else []
    found = Literals({fold_case(w) for w in lowered}, fold_case).spans(text)
    assert [(s, e) for s, e, _ in found] == expected


def test_case_folding_is_what_ignorecase_compares() -> None:
    codes = [c for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for first in range(0, len(codes), 8192):  # in chunks: the fold is one character for one
        chunk = "".join(map(chr, codes[first : first + 8192]))
        folded = fold_case(chunk)
        assert len(folded) == len(chunk)
        # A character folded to itself matches itself under any flag: the regex is asked of the rest.
        for char, fold in zip(chunk, folded, strict=True):
            if fold != char:
                assert re.fullmatch(re.escape(fold), char, re.IGNORECASE), hex(ord(char))
    # One form for the sigmas wherever they stand (str.lower() writes a final one at a word's end).
    assert fold_case("ΣΑΣ ΣΑΣ") == fold_case("σας σας") == fold_case("σασ σασ")
    assert len(fold_case("İstanbul")) == len("İstanbul")


def test_an_alias_is_found_with_or_without_its_accents() -> None:
    erdogan = RegistryActor(1, "Recep Tayyip Erdogan", "person", "TR", ("Erdogan",))
    lula = RegistryActor(2, "Luiz Inácio Lula da Silva", "person", "BR", ("Lula",))
    matcher = Registry((erdogan, lula)).matcher()
    text = "Erdoğan met Luiz Inacio Lula da Silva; Erdogan and Recep Tayyip Erdoğan spoke."
    found = [(text[s:e], t.name) for s, e, t in matcher.actor_spans(text)]
    assert found == [
        ("Erdoğan", "Recep Tayyip Erdogan"),
        ("Luiz Inacio Lula da Silva", "Luiz Inácio Lula da Silva"),
        ("Erdogan", "Recep Tayyip Erdogan"),
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ]
    assert fold_accents("Erdoğan, São Tomé") == "Erdogan, Sao Tome"
    result = extract("Turkish President Recep Tayyip Erdoğan met Putin in Ankara.", registry=Registry((erdogan,)))
    assert [a.registry_key for a in result.actors if a.name == "Recep Tayyip Erdogan"] == [1]


def test_the_written_form_wins_when_both_forms_are_aliases() -> None:
    plain = RegistryActor(1, "Jose Silva", "person", "BR", ())
    accented = RegistryActor(2, "José Silva", "person", "PT", ())
    matcher = Registry((plain, accented)).matcher()
    assert [t.key for _, _, t in matcher.actor_spans("José Silva and Jose Silva")] == [2, 1]


# --- incremental updates ------------------------------------------------------------------


def _same(incremental: Registry, texts: list[str]) -> None:
    fresh = Registry(incremental.actors, incremental.relationships, incremental.agreements)
    a, b = incremental.matcher(), fresh.matcher()
    assert a.targets == b.targets
    assert a.agreement_keys == b.agreement_keys
    for text in texts:
        assert a.actor_spans(text) == b.actor_spans(text)
        assert a.agreement_spans(text) == b.agreement_spans(text)


def test_a_new_actor_or_key_is_matched_without_compiling_the_registry_again() -> None:
    registry = default_registry()
    registry.matcher()
    base = registry.matcher()._aliases._base
    gerasimov = RegistryActor("g", "Valery Gerasimov", "person", "RU", ("General Gerasimov",))
    deal = RegistryAgreement("su57", "Su-57 deal", ("Su-57",))
    grown = registry.changed(actors=[gerasimov], agreements=[deal])
    matcher = grown.matcher()
    assert matcher._aliases._base is base  # the big automaton is shared, not rebuilt
    text = "General Gerasimov discussed the SU-57 with India."
    assert [(text[s:e], t.key) for s, e, t in matcher.actor_spans(text)][:1] == [("General Gerasimov", "g")]
    assert [text[s:e] for s, e in matcher.agreement_spans(text)] == ["SU-57"]
    assert matcher.agreement_keys["su-57"] == deal
    assert registry.matcher().actor_spans(text)[0][2].name == "India"  # the old one is untouched
    _same(grown, [text])
    shrunk = grown.changed(removed_actors=["g"], removed_agreements=["su57"])
    assert shrunk.matcher().agreement_spans(text) == []
    _same(shrunk, [text])


def test_a_country_actor_lends_its_name_to_the_country_table_and_a_registry_name_hides_a_listed_one() -> None:
    registry = Registry(())
    registry.matcher()
    india = RegistryActor(7, "Republic of India", "country", "IN", ("Bharat",))
    nato = RegistryActor(8, "NATO", "organization", None, ())
    grown = registry.changed(actors=[india, nato])
    targets = grown.matcher().targets
    assert targets["Indian"].name == "Republic of India" and targets["Indian"].how == "demonym"
    assert targets["NATO"].key == 8
    _same(grown, ["The Indian and NATO delegations met in New Delhi; Bharat agreed."])
    _same(grown.changed(removed_actors=[7, 8]), ["The Indian and NATO delegations met in New Delhi."])


@pytest.mark.parametrize("seed", range(6))
def test_random_changes_read_as_a_full_compile_of_the_same_registry(seed: int) -> None:
    rng = random.Random(seed)
    texts = corpus(30, seed)
    base = default_registry()
    pool_names = [a.name for a in base.actors] + ["Indian", "Russian", "Moscow", "NATO", "ASEAN", "the EU"]
    pool_names += [w.strip(".,") for t in texts[:5] for w in t.split() if w[:1].isupper()][:60]
    keys = _keys_from(texts, 200, seed)
    registry = Registry(
        base.actors, base.relationships, tuple(RegistryAgreement(f"k{i}", k, (k,)) for i, k in enumerate(keys[:50]))
    )
    registry.matcher()
    next_key = 1000
    for _ in range(40):
        actors, removed, agreements, removed_agreements = [], [], [], []
        for _ in range(rng.randint(1, 8)):
            roll = rng.random()
            if roll < 0.35:
                next_key += 1
                kind = rng.choice(["person", "organization", "country"])
                country = rng.choice(["IN", "RU", "CN", None])
                names = rng.sample(pool_names, rng.randint(1, 3))
                actors.append(RegistryActor(next_key, names[0], kind, country, tuple(names[1:])))
            elif roll < 0.5 and registry.actors:
                old = rng.choice(registry.actors)
                actors.append(RegistryActor(old.key, rng.choice(pool_names), old.kind, old.country, old.aliases))
            elif roll < 0.65 and registry.actors:
                removed.append(rng.choice(registry.actors).key)
            elif roll < 0.85:
                next_key += 1
                agreements.append(RegistryAgreement(next_key, "deal", tuple(rng.sample(keys, rng.randint(1, 2)))))
            elif registry.agreements:
                removed_agreements.append(rng.choice(registry.agreements).key)
        registry = registry.changed(
            actors=actors, removed_actors=removed, agreements=agreements, removed_agreements=removed_agreements
        )
    _same(registry, texts)


def test_many_additions_fold_the_small_automaton_into_the_big_one() -> None:
    registry = Registry(())
    registry.matcher()
    for n in range(3):
        people = [RegistryActor(f"{n}-{i}", f"Person{n}x{i} Name", "person", None, ()) for i in range(400)]
        registry = registry.changed(actors=people)
    literals = registry.matcher()._aliases
    assert literals._extra_words and len(literals._extra_words) < 600  # merged once past the threshold
    _same(registry, ["Person2x399 Name met Person0x0 Name."])
