"""The one currency table: every row is read as written, and no other table exists beside it."""

from __future__ import annotations

import ast
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from articles.extraction import currencies, extract
from articles.extraction.currencies import CURRENCIES, Currency
from articles.extraction.numbers import find_amounts

PACKAGE = Path(currencies.__file__).parent
FIVE_BILLION = Decimal(5 * 10**9)

# ISO 4217's active codes, written out here so that the guard below does not take its
# reference from the table it checks.
ISO_4217 = frozenset(
    re.findall(
        r"\S+",
        """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
    CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
    GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT
    LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR
    NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP
    STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF
    XPF YER ZAR ZMW ZWL
    """,
    )
)
# Names of currencies in English, singular, also written out here for the same reason.
CURRENCY_NAMES = frozenset(
    re.findall(
        r"\S+",
        """
    dollar euro pound sterling yen yuan renminbi rupee rouble ruble won real reais peso franc krona kronor
    krone rand lira dirham riyal rial dinar shekel zloty złoty forint koruna tenge baht dong ringgit
    rupiah naira taka hryvnia manat lari kwacha shilling cedi birr bolivar kyat riel tugrik afghani
    """,
    )
)
# Strings that name currencies for another purpose than reading amounts, with the reason.
NAMING_ALLOWED = {
    # The sector of a deal about settling trade in a currency, not a currency to read.
    ("vocabulary.py", "finance"),
}


def _one(text: str):
    amounts = [a for a in find_amounts(text) if a.value == FIVE_BILLION]
    assert len(amounts) == 1, (text, find_amounts(text))
    return amounts[0]


ROWS = [pytest.param(row, id=row.code) for row in CURRENCIES]


@pytest.mark.parametrize("row", ROWS)
def test_the_code_is_read_before_and_after_a_figure(row: Currency) -> None:
    for text in (f"a loan of {row.code} 5 billion.", f"a loan of {row.code}5 billion", f"worth 5 billion {row.code}."):
        if row.code_read:
            assert _one(text).currency == row.code, text
        else:  # a code that is also a word ("MAD") is not read alone; its words are
            assert all(a.currency is None for a in find_amounts(text)), text


@pytest.mark.parametrize("row", [pytest.param(r, id=r.code) for r in CURRENCIES if r.signs])
def test_every_sign_is_read_before_a_figure(row: Currency) -> None:
    for sign in row.signs:
        for text in (f"a loan of {sign}5 billion", f"a loan of {sign} 5 billion", f"({sign}5bn)"):
            amount = _one(text)
            assert (amount.currency, amount.scaled) == (row.code, True), text
        if " " in sign:
            assert _one(f"a loan of {sign.replace(' ', '')}5 billion").currency == row.code


@pytest.mark.parametrize("row", [pytest.param(r, id=r.code) for r in CURRENCIES if r.words])
def test_every_word_is_read_after_a_figure_in_any_case(row: Currency) -> None:
    for word in row.words:
        for form in (word, word.title(), word.upper()):
            amount = _one(f"a deal worth 5 billion {form} was signed")
            assert amount.currency == row.code, form
            assert text_of(amount, f"a deal worth 5 billion {form} was signed").endswith(form)


def text_of(amount, text: str) -> str:
    return text[amount.start : amount.end]


@pytest.mark.parametrize("row", [pytest.param(r, id=r.code) for r in CURRENCIES if r.names])
def test_a_name_too_common_to_read_after_a_figure_is_not_read(row: Currency) -> None:
    for name in row.names:
        assert _one(f"5 billion {name} terms").currency is None


def test_the_table_names_each_code_sign_and_word_once() -> None:
    codes = [r.code for r in CURRENCIES]
    signs = [s for r in CURRENCIES for s in r.signs]
    words = [w for r in CURRENCIES for w in r.words]
    assert len(set(codes)) == len(codes) and set(codes) <= ISO_4217
    assert len(set(signs)) == len(signs)
    assert len(set(words)) == len(words) and all(w == w.lower() for w in words)
    # Every shared sign means one of its currencies, and its row is one of them.
    for sign, meant in currencies.SHARED_SIGNS.items():
        assert currencies.BY_SIGN[sign] in meant.values() and set(meant.values()) <= set(codes)


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "currencies.py")


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in _constants(node)]


def _constants(node: ast.AST) -> list[ast.Constant]:
    """The string constants under ``node``, docstrings left out (they show amounts as written)."""
    docstrings = {
        id(n.value)
        for n in ast.walk(node)
        if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
    }
    return [
        n
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


def _currency_marks(text: str) -> tuple[set[str], set[str], set[str]]:
    """The ISO codes, currency signs and currency names a string holds."""
    codes = set(re.findall(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])", text)) & ISO_4217
    signs = {ch for ch in text if unicodedata.category(ch) == "Sc"}
    names = {
        w for w in re.findall(r"[a-zł]+", text.lower()) if w in CURRENCY_NAMES or w.removesuffix("s") in CURRENCY_NAMES
    }
    return codes, signs, names


def test_every_currency_the_extraction_code_names_is_in_the_table() -> None:
    codes = {r.code for r in CURRENCIES}
    signs = "".join(s for r in CURRENCIES for s in r.signs)
    names = currencies.NAME_WORDS
    for path in _modules():
        for text in _strings(ast.parse(path.read_text())):
            found_codes, found_signs, found_names = _currency_marks(text)
            assert found_codes <= codes, (path.name, text)
            assert all(ch in signs for ch in found_signs), (path.name, text)
            assert found_names <= names, (path.name, text)


def test_no_module_but_currencies_keeps_a_currency_table() -> None:
    """No literal list, dict or pattern of two or more currencies outside currencies.py."""
    for path in _modules():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.Dict, ast.Set, ast.List, ast.Tuple)):
                elements = [*node.keys, *node.values] if isinstance(node, ast.Dict) else node.elts
                marked = [
                    e.value
                    for e in elements
                    if isinstance(e, ast.Constant) and isinstance(e.value, str) and any(_currency_marks(e.value))
                ]
                allowed = any((path.name, s) in NAMING_ALLOWED for s in _strings(node))
                assert len(marked) < 2 or allowed, (path.name, ast.get_source_segment(path.read_text(), node))
        for constant in _constants(tree):
            found_codes, found_signs, found_names = _currency_marks(constant.value)
            assert len(found_codes) < 2 and len(found_signs) < 2, (path.name, constant.value)
            assert len(found_names) < 3 or any(p == path.name for p, _ in NAMING_ALLOWED), (path.name, constant.value)


def test_the_guard_finds_a_table_where_there_is_one() -> None:
    assert _currency_marks("(?:dollars?|rupees?|yen)") == (set(), set(), {"dollars", "rupees", "yen"})
    assert _currency_marks(r"(?:[$€£]|USD|EUR)")[:2] == ({"USD", "EUR"}, {"$", "€", "£"})


def test_a_bare_dollar_sign_is_the_dollar_of_the_storys_dollar_country_but_never_beside_the_us() -> None:
    def units(text: str) -> list[str]:
        return [m.unit for m in extract(text, models=False).metrics]

    assert units("New Zealand and the UK trade.\nNew Zealand exported $500 million of wine to the UK last year.\n") == [
        "NZD"
    ]
    assert units(
        "New Zealand and the UK trade.\nNew Zealand exported US$500 million of wine to the UK last year.\n"
    ) == ["USD"]
    assert units("Canada and the US trade.\nCanada exported $400 billion of goods to the US last year.\n") == ["USD"]
    # a story that writes its own dollar with its sign gives the bare one beside it to the US dollar
    assert units(
        "Japan and Australia sign deal.\nJapan won an A$10 billion ($6.5 billion) deal to build frigates.\n"
    ) == [
        "AUD",
        "USD",
    ]
    # a sign inside another is not that dollar's own: "S$" in "US$" leaves Singapore's bare "$" its own
    assert units(
        "Singapore and India trade.\nSingapore firms invested $5 billion in India, and India sent US$2 billion.\n"
    ) == ["SGD", "USD"]
    # the United States' code spaced from its sign is still its dollar's own sign
    assert units("Australia and Chile trade.\nThe Australia-Chile deal covers US $850 million of trade a year.\n") == [
        "USD"
    ]


@pytest.mark.parametrize("sign", ["US$", "US $", "U.S. $"])
def test_the_code_of_a_dollar_sign_names_no_country(sign: str) -> None:
    # "acquired 23.9% stake ... at a cost of US $ 2020.35 million": no third country in the sentence
    result = extract(f"India paid {sign} 930 million to Russia for an 11% stake in the oil field.")
    assert [a.name for a in result.actors if a.kind == "country"] == ["India", "Russia"]
    assert [m.relationship for m in result.metrics] == [None, None]
