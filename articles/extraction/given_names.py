"""Given names of many countries: the word that opens a person's name where no title or verb says so.

Copy names most people untitled and in passing ("talks between Emmanuel Macron and Gabriel Boric",
"the minister of industry and trade, Denis Manturov"); a capitalised run opening with a
given name is a person's name far more often than not. The names come from the name list of the
gender-guesser distribution (Jörg Michael's dictionary of about 48,000 first names across 54
countries and regions, from Western Europe to Russia, the Arab world, India and East Asia), read as
data: the package's code is not used.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

# A name's frequency is written per country, one character each from column 30, as a hexadecimal
# step of a logarithmic scale (each step about twice as many people as the one below).
_FREQUENCIES_FROM = 30
# A name no country gives more than the rarest step is more often a word or a surname ("General",
# "Mansion"); the names copy writes are far above it.
_RAREST = 1


# Chinese, Korean and Vietnamese names open with the family name ("Wang Huning", "Park Jae-kyu",
# "Nguyen Phu Trong"): the commonest family names open a name as a given name does elsewhere. (Not
# "Yuan" or "Dong": currencies, which copy capitalises too.)
FAMILY_NAMES_FIRST = frozenset(
    (
        *("Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Zhu", "Hu"),
        *("Guo", "Lin", "Luo", "Gao", "Zheng", "Liang", "Xie", "Tang", "Han", "Feng", "Deng", "Cao", "Peng"),
        *("Zeng", "Xiao", "Tian", "Pan", "Cai", "Jiang", "Du", "Ye", "Cheng", "Wei", "Su", "Lu"),
        *("Ding", "Ren", "Shen", "Yao", "Qin", "Dai", "Wen", "Xi", "Kim", "Lee", "Park", "Choi", "Jung", "Kang"),
        *("Cho", "Yoon", "Jang", "Lim", "Shin", "Moon", "Oh", "Seo", "Kwon", "Hwang", "Ahn", "Yoo", "Hong"),
        *("Nguyen", "Tran", "Pham", "Hoang", "Phan", "Vu", "Vo", "Dang", "Bui", "Ngo", "Duong"),
    )
)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Every given name of the list, as written with its capital ("Vladimir", "Sergey", "Félix"),
    hyphenated and joined forms of compound names both ("Jean-Pierre", "Jeanpierre"), and the family
    names East Asian names open with; empty if the list is not installed (no person is then read by
    the name it opens with alone)."""
    try:
        data = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        return frozenset()
    names: set[str] = set()
    for line in data.splitlines():
        if not line or line[0] in "#=":  # comments, and lines saying two names are one
            continue
        steps = [int(c, 16) for c in line[_FREQUENCIES_FROM:].rstrip(" $") if c in "0123456789ABCDEF"]
        if not steps or max(steps) <= _RAREST:
            continue
        name = line.split()[1]
        if "+" in name:  # a compound name, written with its parts apart, joined or hyphenated
            names.update((name.replace("+", "-"), name.replace("+", "").capitalize()))
        else:
            names.add(name)
    return frozenset(names | FAMILY_NAMES_FIRST)
