"""Every country's names, capitals and demonyms.

Names come from ``pycountry`` (all ISO 3166-1 entries) plus the short forms news copy
uses, kept with capitals and demonyms in ``data/countries.psv``: capitals stand for
governments in wire copy ("Washington urged New Delhi..."), demonyms for the country
("Russian oil", "Japanese Prime Minister").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

_DATA = Path(__file__).with_name("data") / "countries.psv"
_ORGANIZATIONS = Path(__file__).with_name("data") / "organizations.psv"
_LEADERS = Path(__file__).with_name("data") / "leaders.psv"

# Longer phrases that contain a country word but do not mean the country; matching them
# as aliases of nothing lets the longest-match rule swallow them.
BLOCKERS = (
    "South America",
    "North America",
    "Latin America",
    "Central America",
    "Americas",
    "Indian Ocean",
    "Indian Premier League",
    "New Mexico",
    "Gulf of Mexico",
    "New Guinea",
    "American Samoa",
    "Washington Post",
    "Turkey Point",
    "Jordan River",
    "Georgia Tech",
    "Chinese Taipei",
    "Korean Peninsula",
    "Korean War",
    "Persian Gulf",
    "Arabian Sea",
    "South China Sea",
    "East China Sea",
    "Sea of Japan",
    "English Channel",
    "French fries",
    "Native American",
    "Native Americans",
    "Latin American",
    "South American",
)


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    names: tuple[str, ...]
    capitals: tuple[str, ...]
    demonyms: tuple[str, ...]


def _split(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split(";") if part.strip())


@cache
def countries() -> dict[str, Country]:
    table: dict[str, Country] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, written, capitals, demonyms = [*line.split("|"), "", "", ""][:4]
        table[code] = Country(code, _split(written)[0], _split(written), _split(capitals), _split(demonyms))
    for entry in pycountry.countries:
        code = entry.alpha_2
        official = [getattr(entry, attr, None) for attr in ("name", "common_name", "official_name")]
        # "Korea, Republic of" style names never occur in running text.
        extra = tuple(n for n in official if n and "," not in n and "(" not in n)
        if code in table:
            known = table[code]
            names = known.names + tuple(n for n in extra if n not in known.names)
            table[code] = Country(code, known.name, names, known.capitals, known.demonyms)
        else:
            table[code] = Country(code, extra[0] if extra else entry.name, extra, (), ())
    return table


def country_name(code: str) -> str:
    entry = countries().get(code)
    return entry.name if entry else code


@cache
def country_aliases() -> dict[str, tuple[str, str]]:
    """alias -> (ISO code, how it names the country: name|capital|demonym)."""
    aliases: dict[str, tuple[str, str]] = {}
    for how in ("demonym", "capital", "name"):  # names win over the rarer readings
        for country in countries().values():
            values = {"name": country.names, "capital": country.capitals, "demonym": country.demonyms}[how]
            for value in values:
                aliases[value] = (country.code, how)
    return aliases


@cache
def organization_aliases() -> dict[str, str]:
    """alias -> display name of the intergovernmental organizations and groupings in
    ``data/organizations.psv`` (NATO, ASEAN, G20 ...)."""
    aliases: dict[str, str] = {}
    for line in _ORGANIZATIONS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, others = [*line.split("|"), ""][:2]
        for alias in (name.strip(), *_split(others)):
            aliases[alias] = name.strip()
    return aliases


@cache
def organization_countries() -> dict[str, str]:
    """display name -> ISO code of the listed organizations that belong to one country
    (the third column of ``data/organizations.psv``: "Rosatom||RU")."""
    owners: dict[str, str] = {}
    for line in _ORGANIZATIONS.read_text(encoding="utf-8").splitlines():
        parts = line.split("|")
        if len(parts) == 3 and not line.startswith("#") and parts[2].strip():
            owners[parts[0].strip()] = parts[2].strip()
    return owners


@cache
def leader_names() -> dict[str, tuple[str, str]]:
    """short form -> (full name, ISO code) of the leaders in ``data/leaders.psv``: whom
    "President Xi" or "PM Modi" names when the article never writes the full name."""
    leaders: dict[str, tuple[str, str]] = {}
    first_names: dict[str, list[tuple[str, str]]] = {}
    for line in _LEADERS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, short, code = (part.strip() for part in line.split("|"))
        for alias in _split(short):
            leaders[alias] = (name, code)
        first_names.setdefault(name.split()[0], []).append((name, code))
    # "Prime Minister Narendra said": a title and a first name no other leader of the table has.
    for first, owners in first_names.items():
        if len(owners) == 1 and first not in leaders:
            leaders[first] = owners[0]
    return leaders
