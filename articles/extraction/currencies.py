"""Every currency the extractor reads, in one table.

Each row is a currency's ISO 4217 code, the signs written before a figure ("$", "Rs."), and
the words written after one ("dollars", "Indian rupees"). The amount pattern, its lookups
(numbers.py), the currency words that keep a country out of a sentence's pair (actors.py)
and the exchange-rate line of a wire (sentences.py) are all derived from it: a currency
added here is read everywhere, the same way.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Currency(NamedTuple):
    code: str  # ISO 4217, read in capitals before a figure ("USD 5 billion") and after it ("5 billion USD")
    signs: tuple[str, ...] = ()  # as written before a figure, case and all; a space in a sign may be left out
    words: tuple[str, ...] = ()  # lower-case, read after a figure in any case ("5 billion Saudi riyals")
    # False for codes that are also English words or common acronyms in capitals ("MAD",
    # "ALL", "TOP"): the code alone is not read, only the currency's words.
    code_read: bool = True
    # The currency's name where it is too common a word to read after a figure ("real"):
    # it still tells a country before it from a party ("the Brazilian real").
    names: tuple[str, ...] = ()


CURRENCIES: tuple[Currency, ...] = (
    # "US $850 million": wire copy spaces the code from the sign; in an Australian or Canadian
    # story the bare "$" would read as the local dollar
    Currency("USD", ("$", "US $", "U.S. $"), ("dollars", "us dollars", "u.s. dollars", "united states dollars")),
    Currency("EUR", ("€", "Euro"), ("euro", "euros")),  # "Euro 2 billion", as Indian wire copy writes it
    Currency("GBP", ("£",), ("pounds", "pounds sterling")),
    Currency("JPY", ("¥",), ("yen", "japanese yen")),
    Currency("CNY", ("RMB",), ("yuan", "renminbi", "chinese yuan")),
    Currency("INR", ("₹", "Rs", "Rs."), ("rupee", "rupees", "indian rupees")),
    Currency("RUB", ("₽",), ("rouble", "roubles", "ruble", "rubles", "russian roubles", "russian rubles")),
    Currency("BRL", ("R$",), ("reais", "brazilian reais"), names=("real",)),
    Currency("KRW", ("₩",), ("won", "korean won", "south korean won")),
    Currency("AED", ("Dh", "Dhs"), ("dirham", "dirhams", "uae dirhams", "emirati dirhams")),
    Currency("SAR", ("SR",), ("riyal", "riyals", "saudi riyals")),
    Currency("CHF", (), ("swiss francs",)),
    Currency("AUD", ("A$", "AU$"), ("australian dollars",)),
    Currency("CAD", ("C$", "CA$"), ("canadian dollars",)),
    Currency("PLN", (), ("zloty", "zlotys", "złoty", "zł", "polish zlotys")),
    Currency("TRY", ("₺",), ("lira", "liras", "turkish lira")),
    Currency("MXN", ("MX$",), ("mexican pesos",)),
    Currency("IDR", ("Rp",), ("rupiah", "indonesian rupiah")),
    Currency("MYR", ("RM",), ("ringgit", "malaysian ringgit")),
    Currency("THB", ("฿",), ("baht", "thai baht")),
    Currency("VND", ("₫",), ("dong", "vietnamese dong")),
    Currency("SGD", ("S$",), ("singapore dollars",)),
    Currency("HKD", ("HK$",), ("hong kong dollars",)),
    Currency("NZD", ("NZ$",), ("new zealand dollars",)),
    Currency("ZAR", ("R",), ("rand", "south african rand")),  # "R94 billion", as South African copy writes it
    Currency("EGP", (), ("egyptian pounds",)),
    Currency("PKR", (), ("pakistani rupees",)),
    Currency("BDT", (), ("taka", "bangladeshi taka")),
    Currency("NGN", ("₦",), ("naira", "nigerian naira")),
    Currency("ILS", ("₪",), ("shekels", "israeli shekels")),
    Currency("QAR", (), ("qatari riyals",)),
    Currency("KWD"),
    Currency("SEK", (), ("kronor", "swedish kronor")),
    Currency("UAH", (), ("hryvnias", "ukrainian hryvnias")),
    Currency("KZT", (), ("tenge", "kazakh tenge")),
    Currency("PHP", ("₱",), ("philippine pesos",)),
    Currency("TWD", (), ("taiwan dollars",)),
    Currency("ARS", (), ("argentine pesos",)),
    Currency("OMR", (), ("omani rials",)),
    Currency("LKR", (), ("sri lankan rupees",)),
    Currency("NPR", (), ("nepalese rupees",)),
    Currency("MAD", (), ("moroccan dirhams",), code_read=False),
    # The other ISO 4217 codes of countries in bilateral news.
    *(Currency(code) for code in ("CZK", "HUF", "NOK", "DKK", "RON", "BGN", "CLP", "UZS", "AZN")),
    Currency("COP", (), ("colombian pesos",), code_read=False),  # "COP26": the climate conference
    # "the US$3.8bn (Ksh331bn) railway"; a bare "Sh" is the shilling of the story's East African country
    Currency("KES", ("KSh", "Ksh", "Kshs", "Sh"), ("kenyan shillings",)),
    *(Currency(code) for code in ("IRR", "IQD", "BHD", "JOD", "MMK", "KHR", "MNT", "ETB", "TZS")),
    *(Currency(code) for code in ("UGX", "GHS", "XOF", "XAF", "DZD", "TND", "LYD", "ZMW", "AOA", "MZN")),
    *(Currency(code) for code in ("BYN", "RSD", "ISK", "UYU", "PYG", "VES", "KGS", "TJS", "TMT", "AFN")),
    *(Currency(code) for code in ("SDG", "MOP")),
)
# Signs that are also letters of other things ("the R2 version", "Sh." before a name): read as a
# currency only before a sum ("R94 billion", "Sh800 million"), never before a bare small number.
SIGNS_NEEDING_A_SUM: frozenset[str] = frozenset(["R", "Sh"])
# A sign two currencies share, and the one it means in a story about each country: "¥" in a
# China story is the yuan. The table's row for the sign gives the reading elsewhere.
SHARED_SIGNS: dict[str, dict[str, str]] = {
    "¥": {"CN": "CNY", "JP": "JPY"},
    "Sh": {"KE": "KES", "TZ": "TZS", "UG": "UGX"},
    # a bare "$" in a story of a dollar country other than the United States (never with it in
    # the pair): the corpus's readers read it so 12 times in 15
    "$": {"US": "USD", "AU": "AUD", "NZ": "NZD", "CA": "CAD", "SG": "SGD", "HK": "HKD"},
}

# Lookups, every one derived from the table.
CODES: tuple[str, ...] = tuple(c.code for c in CURRENCIES if c.code_read)  # read as signs and words in capitals
BY_SIGN: dict[str, str] = {
    **{re.sub(r"\s", "", sign): c.code for c in CURRENCIES for sign in c.signs},
    **{code: code for code in CODES},
}  # keyed by the sign as written, spaces removed
BY_WORD: dict[str, str] = {word: c.code for c in CURRENCIES for word in c.words}


def _sign_pattern(sign: str) -> str:
    return r"\s?".join(re.escape(part) for part in sign.split(" "))  # "U.S. $" also as "U.S.$"


# Longest first, so that a pattern never stops at a shorter sign inside a longer one.
SIGN_PATTERNS: tuple[str, ...] = tuple(
    dict.fromkeys(_sign_pattern(s) for s in sorted((s for c in CURRENCIES for s in c.signs), key=len, reverse=True))
)
CODE_PATTERN = "(?:" + "|".join(CODES) + ")"
# The words that name a currency, alone, in the singular and plural ("dollar", "rupees"):
# what follows a country named in a currency ("UAE dirhams", "the Brazilian real").
NAME_WORDS: frozenset[str] = frozenset(
    {
        *(
            form
            for c in CURRENCIES
            for word in c.words
            for form in (word.split()[-1], word.split()[-1].removesuffix("s"))
        ),
        *(name for c in CURRENCIES for name in c.names),
    }
)
# Signs of one character, for a character class ("($1 = 83.2 rupees)").
SIGN_CHARACTERS: str = "".join(dict.fromkeys(s for c in CURRENCIES for s in c.signs if len(s) == 1))
