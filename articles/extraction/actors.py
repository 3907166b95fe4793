"""Actors: countries, people and organizations named in an article.

Everything known (country names, capitals, demonyms, registry aliases) is found in one
pass of one compiled pattern. People the registry does not know are read from titles
("Japanese Prime Minister Fumio Kishida"); organizations from the words that name
institutions ("... Corporation", "Ministry of ...", "(SCO)") and from descriptors
("carmaker BYD", "Gazprom chief executive").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, insort
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from .countries import country_aliases, leader_names
from .cues import Cue, WordIndex
from .currencies import NAME_WORDS
from .dates import DATE_WORDS
from .document import Document
from .given_names import given_names
from .registry import Key, Matcher, Target
from .vocabulary import PROJECT_HEADS


def _letters(upper: bool) -> str:
    """A character class body of the Latin letters of one case, Latin-1 and Latin Extended-A/B
    ("Ł", "Ş", "ă", "ř"): names of Poland, Turkey, Vietnam, Czechia are written with them."""
    chars = [
        chr(c) for c in range(0xC0, 0x250) if chr(c).isalpha() and (chr(c).isupper() if upper else chr(c).islower())
    ]
    return ("A-Z" if upper else "a-z") + "".join(chars)


_UPPER = _letters(upper=True)
_LOWER = _letters(upper=False)
# (hyphenated parts may be one letter long, "Prayut Chan-o-cha"; a capital may stand inside, "LeBlanc",
# "McDonald"; an apostrophe before lower case, "Al Ma’amari", but not a possessive "’s"; "O’Connor")
_NAME_TOKEN = (
    rf"[{_UPPER}](?:[{_LOWER}]+(?:[{_UPPER}][{_LOWER}]{{2,}})?(?:['’][{_UPPER}][{_LOWER}]+|['’](?!s\b)[{_LOWER}]{{2,}})?"
    rf"|['’][{_UPPER}][{_LOWER}]+)"  # ("O’Connor", "D'Souza": one capital, an apostrophe, a name)
    rf"(?:-[{_UPPER}{_LOWER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]{{2,}})?|-[{_LOWER}](?=-)){{0,2}}"
)
# A later part of a name may open with a joined article: "Abdel Fattah al-Sisi".
_LATER_TOKEN = rf"(?:(?:al|el|ad|ud|ul|as|ash)-)?{_NAME_TOKEN}"
_PARTICLES = ("da", "de", "do", "dos", "das", "van", "von", "der", "den", "bin", "al", "el", "la", "le", "di", "del")
_NAME = (
    # (a middle initial, with or without its full stop: "Donald J. Trump", "Sanjay J Singh")
    rf"(?P<name>(?:[{_UPPER}]{{1,2}}\.?[ \t]+){{0,3}}{_NAME_TOKEN}(?:[ \t]+[{_UPPER}](?:\.|(?=[ \t]+[{_UPPER}][a-z])))?"
    rf"(?:[ \t]+(?:(?:{'|'.join(_PARTICLES)})[ \t]+)?{_LATER_TOKEN}){{0,6}}"
    r"(?:[ \t]+(?:II|III|IV|V|VI|VII|VIII)(?![\w\-]))?)"  # (a regnal number: "Queen Elizabeth II", "King Mohammed VI")
)
# The first words of countries named in two words ("New Zealand", "Sri Lanka"), from the country
# table: "Minister of New Zealand Jacinda Ardern" names a place of two words before the name.
_PLACE_FIRST_WORDS = sorted(
    {
        alias.split()[0]
        for alias, (_, how) in country_aliases().items()
        if how == "name" and re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", alias)
    }
)
_TITLES = (
    # (plural: "Prime Ministers Muhammad Nawaz Sharif and David Cameron", the second name read after "and")
    r"(?:Prime Ministers|Presidents|(?:Foreign|Defen[cs]e|Trade|Commerce) Ministers|"
    # ("President of Chile, Gabriel Boric": where a comma closes the office, and no second office follows)
    r"(?:First\s+)?(?:Deputy\s+|Vice\s+)?(?:Prime Minister|Premier|President|Chairman)"
    r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w'’\-]*\s+(?:of\s+)?){0,3}?[A-Z][\w'’\-]*"
    # (or a name right after the place, where the place is whole: not "of New| Zealand Jacinda Ardern")
    r"(?=,\s+(?!(?:Prime|President|Minister|Chairman|Vice|Deputy|First|Foreign)\b)|"
    + "".join(rf"(?<!\b{word})" for word in _PLACE_FIRST_WORDS)
    + r"[ \t]+[A-Z][a-z]+[ \t]+[A-Z]))?|"
    r"Chancellor|"
    r"(?:Foreign|External Affairs|Defen[cs]e|Commerce|Trade|Finance|Energy|Home|Interior|Economy|Industry|"
    r"Petroleum|Foreign Affairs|Agriculture|Economic Development|Railway|Railways|Science)\s+Minister|"
    # (a place of two words, "of New Zealand"; the portfolio's second word is one a portfolio ends
    # in, else the first of the name: "Minister of Industry Julien Paluku")
    r"Minister(?:\s+of\s+(?:(?:" + "|".join(_PLACE_FIRST_WORDS) + r")\s+)?"
    r"[A-Z][a-z]+(?:\s+(?:and\s+[A-Z][a-z]+|(?:Affairs|Resources|Development|Trade|Industry|"
    r"Cooperation|Relations|Planning|Investment|Security|Technology|Commerce|Energy|Finance|Economy|Defen[cs]e|"
    r"Transport|Agriculture|Health|Education|Justice|Interior|Infrastructure|Gas|Mines|Environment|Tourism|"
    r"Culture)(?![\w\-])))?)?|(?:Deputy\s+)?Secretary of State|"
    r"(?:Foreign|Defen[cs]e|Commerce|Treasury|Energy)\s+Secretary|National Security Advis[eo]r|"
    # The Westminster "Minister for ...", where a comma or a style closes the portfolio: "the Minister for
    # Foreign Affairs, the Hon Julie Bishop MP", "Minister for Pacific Peoples Hon Aupito William Sio"
    r"Minister\s+for\s+(?:[A-Z][a-z]+\s+(?:(?:and|of|&)\s+)?){0,4}?[A-Z][a-z]+"
    r"(?=,\s+(?:the\s+)?(?:Rt\.?\s+)?Hon\b|\s+(?:the\s+)?(?:Rt\.?\s+)?Hon\b|,\s+[A-Z][a-z]+\s+[A-Z][a-z]+,)|"
    # "Ambassador to Russia Pankaj Saran", "Ambassador of India to Russia ...": where to, then the name
    r"(?:Ambassador|Envoy)(?:\s+(?:to|of|in)\s+(?:the\s+)?(?:[A-Z][\w'’\-]*\s+){0,2}?[A-Z][\w'’\-]*){0,2}|"
    r"King|Queen|Crown Prince|Emperor|Emir|Amir|Taoiseach|Tánaiste|Speaker|Governor|Senator|"
    r"Spokesperson|Spokesman|Spokeswoman|Chairman|"
    r"Chief (?:Executive|Operating|Financial) Officer|Chief Executive|CEO|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Shri|Smt\.?|"
    r"PM|DPM|EAM|Sir|Dame|General Secretary|Secretary(?:[ -]General)?|"
    r"(?:Trade )?Representative|Director(?:[ -]General)?|Prince|Princess|Sheikh|"
    # India's Defence Minister, as the ministry's own releases title him
    r"Raksha Mantri|"
    # "Chief of Army Staff General Manoj Pande": a service chief, with the rank before the name
    r"Chief of (?:the )?(?:Army|Naval|Air|Defen[cs]e|General) Staff(?:\s+(?:General|Admiral|Air Chief Marshal))?|"
    r"counterpart|leader|head|director(?:[ -]general)?|secretary(?:[ -]general)?|"
    r"foreign minister|prime minister|premier|president|chancellor|minister|chief executive|chairman|spokesperson|"
    r"spokesman|spokeswoman|ambassador|envoy|chief|writer|journalist|activist|businessman|businesswoman|economist|"
    r"analyst|scholar|researcher|diplomat|lawmaker|opposition leader|chief of staff(?:[ \t]+for[ \t]+[a-z]+)?)"
)
# A cue: tried only where a title word starts (see cues.py).
# Titles that may follow another title before a name, and a middle initial.
_HONORIFICS = frozenset(
    [
        "Sheikh",
        "Sheikha",
        "Shri",
        "Smt",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prince",
        "Congress",
        "Lady",
        "Excellency",
        "Highness",
        "His",
        "Her",
        # Westminster styles: "Senator the Hon Penny Wong", "Rt Hon Christopher Luxon"
        "Hon",
        "Hon.",
        "Honourable",
        "Honorable",
        "Rt",
        "Rt.",
        # military ranks: "Defense Minister Gen Prawit Wongsuwan"
        *("Gen", "Gen.", "General", "Lt", "Lt.", "Maj", "Maj.", "Col", "Col.", "Brig", "Brig.", "Adm", "Adm."),
        *("Admiral", "Capt", "Capt."),
        # "HE Rozy Munir", "Dato' Seri Anwar Ibrahim", "Professor ...", "Rabbi ...", "Haji ..."
        *("HE", "Seri", "Dato", "Datuk", "Cde", "Professor", "Prof", "Prof.", "Rabbi", "Haji"),
    ]
)
_INITIAL = re.compile(r"[A-Z]\.")
_PLURAL_TITLE = re.compile(r"(?:Prime Ministers|Presidents|(?:Foreign|Defen[cs]e|Trade|Commerce) Ministers)\b")
# Malaysian and Bruneian styles between a title and the name ("Prime Minister Dato’ Sri Mohd Najib").
# ("Tan" only as "Tan Sri": alone it is a surname.)
_STYLES = (
    r"(?:(?:(?:Dato['’]?|Datuk)(?:[ \t]+(?:Sri|Seri|Paduka))?|Tan[ \t]+Sri|Toh[ \t]+Puan|Tun|Tunku|Tengku)[ \t]+)?"
    # and honorifics after an office: "External Affairs Minister, Dr. S. Jaishankar", "the Governor, H.E. Mr. ..."
    # ("the President of the Republic, His Excellency Mr. ...", "President His Highness Sheikh ...")
    r"(?:(?:His|Her)[ \t]+(?:Excellency|Highness|Majesty|Royal[ \t]+Highness),?[ \t]+)?"
    rf"(?:(?:Sheikh|Shaikh|Sheikha)[ \t]+(?=[{_UPPER}]))?"
    r"(?:(?:Dr|Mr|Mrs|Ms|Shri|Smt|H\.[ \t]?E)\.?[ \t]+)*"
    # Westminster styles: "Senator the Hon Penny Wong", "Prime Minister, Rt Hon Christopher Luxon"
    r"(?:(?:the[ \t]+)?(?:Rt\.?[ \t]+)?(?:Hon(?:ourable|orable)?\.?)[ \t]+)?"
)
_TITLED_PERSON = Cue(rf"(?<!\w){_TITLES},?[ \t]+{_STYLES}{_NAME}(?!\w)")
# Untitled people: a full name that speaks ("Maxim Oreshkin said", "Lula told reporters"),
# possibly after an appositive role ("Maxim Oreshkin, deputy head of ..., said").
_SPEECH = (
    r"(?:said|says|told|added|wrote|noted|stressed|argued|warned|insisted|announced|stated|explained|"
    r"emphasi[sz]ed|underlined|highlighted|recalled|remarked|observed|asserted|affirmed|declared|reiterated)\b"
)
# Patterns that start a name where no word character precedes it make that check after the
# name's capital (a look-behind over both characters) rather than before it: the pattern
# then opens with a class, and ``re`` skips ahead to capitals instead of trying every
# position of the text. Tests hold each to its plain form.
_CAPITAL = f"[{_UPPER}](?<![\\w'’].)"  # a capital with no word character before it
_FIRST_NAME_TOKEN = _NAME_TOKEN.replace(f"[{_UPPER}]", f"[{_UPPER}](?<![\\w'’.].)", 1)  # nor a full stop
_SPEAKING_PERSON = re.compile(
    rf"(?P<name>{_FIRST_NAME_TOKEN}(?:[ \t]+(?:(?:{'|'.join(_PARTICLES)})[ \t]+)?{_NAME_TOKEN}){{1,2}})"
    rf"(?:,[ \t]+(?:the[ \t]+|a[ \t]+|an[ \t]+)?[a-z][^,;.\n\"“”]{{2,70}},)?[ \t]+{_SPEECH}"
)
_SPEECH_VERB = Cue(rf"\b{_SPEECH}")
# A full name coordinated with a person already read ("Sir Keir Starmer and Emmanuel Macron").
_FULL_NAME = rf"{_NAME_TOKEN}(?:[ \t]+(?:(?:{'|'.join(_PARTICLES)})[ \t]+)?{_LATER_TOKEN}){{1,3}}"
_PERSON_AFTER = re.compile(rf"[ \t]+and[ \t]+(?P<name>{_FULL_NAME})(?![\w'’])")
_PERSON_BEFORE = re.compile(rf"(?<![\w'’])(?P<name>{_FULL_NAME})[ \t]+and[ \t]+$")
# A full name right after a speech verb ("..., said Ajay Sahai, director general of ...").
_NAME_AFTER_SPEECH = re.compile(
    rf"[ \t]+(?P<name>(?:[{_UPPER}]\.[ \t]*)?{_FULL_NAME}|[{_UPPER}]\.[ \t]*{_NAME_TOKEN})"
    rf"(?=[ \t]*[,.;]|[ \t]+(?:of|from|at)\b)"
)
# A full name with its office in apposition ("Alexei Chekunkov, Russia's minister for ...").
_APPOSITIVE_OFFICE = Cue(
    r"\b(?:minister|ambassador|envoy|governor|chairman|chairwoman|chief|head|director|president|spokes\w+|"
    r"advis[eo]r|secretary|ceo)\b"
)
_NAME_BEFORE_OFFICE = re.compile(
    rf"(?<![\w'’])(?P<name>{_FULL_NAME}),[ \t]+(?:the[ \t]+|a[ \t]+|an[ \t]+)?"
    rf"(?:[{_UPPER}][\w\-]+['’]s[ \t]+)?(?:[a-z\-]+[ \t]+){{0,2}}$"
)
# The office capitalised, as official texts write it, when it is an office of somewhere
# ("H. E. Antonio Patriota, Foreign Minister of Brazil visited"): two capitalised words at most.
# The surname may come first in capitals, as some foreign ministries write it ("PHAM Minh Chinh").
_NAME_BEFORE_CAPITAL_OFFICE = re.compile(
    rf"(?<![\w'’])(?P<name>[A-Z]{{2,}}[ \t]+{_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN})?|{_FULL_NAME}),"
    rf"[ \t]+(?:the[ \t]+)?(?:[{_UPPER}][a-z\-]+[ \t]+){{0,2}}$"
)
_CAPITAL_SURNAME_BEFORE = re.compile(r"(?<![\w'’.])(?P<surname>[A-Z]{2,})[ \t]+$")
_OFFICE_OF = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z]")
# Verbs a title-case headline puts right after a title ("PM Holds Call", "President Meets Envoy").
_HEADLINE_VERBS = frozenset(
    [
        "Holds",
        "Meets",
        "Visits",
        "Says",
        "Signs",
        "Calls",
        "Hosts",
        "Discusses",
        "Welcomes",
        "Receives",
        "Urges",
        "Seeks",
        "Arrives",
        "Inaugurates",
        "Launches",
        "Announces",
        "Thanks",
        "Congratulates",
        "Speaks",
        "Talks",
        "Heads",
        "Leaves",
        "Lands",
        "Backs",
        "Vows",
        "Pledges",
        "Wants",
    ]
)
_NOT_NAMES = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        # a style or a possessive, never a name ("His Excellency said", "Her Majesty")
        "His",
        "Her",
        "Excellency",
        "Highness",
        "Majesty",
        "And",
        "Of",
        "In",
        "On",
        "For",
        "With",
        "As",
        "At",
        "By",
        "Is",
        "Was",
        "Has",
        "Had",
        "Said",
        "Says",
        "But",
        "Or",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "Since",
        "Under",
        "Over",
        "From",
        "To",
        "Also",
        "Still",
        "Only",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Office",
        "Secretariat",
        "House",
        "Palace",
        "Council",
        "Ministry",
        "Government",
        "Cabinet",
        # an office written after the name without a comma ("Shri George Fernandes Minister of Defence")
        "Minister",
        "Secretary",
        "President",
        "Ambassador",
        "Chairman",
        # a diplomat's rank after "Ambassador", not a name ("Ambassador Extraordinary and Plenipotentiary")
        "Extraordinary",
        "Plenipotentiary",
        # the parties of an official text ("Both Sides highlighted the need ...")
        "Both",
        "Sides",
        "Parties",
    ]
)
_ORG_HEADS = frozenset(
    [
        "Office",
        "Organization",
        "Organisation",
        "Ministry",
        "Corporation",
        "Corp",
        "Limited",
        "Ltd",
        "Inc",
        "Agency",
        "Bank",
        "Council",
        # (not "Forum": "the Eastern Economic Forum", "an India-Japan Business Forum" are events
        # the pair attends, and no reader lists them among the actors)
        "Commission",
        "Company",
        "Institute",
        "Fund",
        "Authority",
        "Association",
        "Union",
        "Committee",
        "Federation",
        "Alliance",
        "Group",
        "Airlines",
        "Airways",
        # a national operator ("Russian Railways", "Indian Railways"); a line ("China-Laos Railway") is no body
        "Railways",
        "Industries",
        "Holdings",
        "Motors",
        "Aviation",
        "Aeronautics",
        "University",
        "Board",
        "Bureau",
        "Party",
        "Parliament",
        "Cabinet",
        "Navy",
        "Army",
        "Force",
        "Police",
        "Exchange",
        "Secretariat",
        "Court",
        "Department",
        "Shipyard",
        "Center",
        "Centre",
        "Administration",
        "Guard",
        "Service",
        "NPO",
        "JSC",
        "PJSC",
    ]
)
# Words that name a portfolio or field, not a person: the end of an institution's name
# ("... Military-Technical Cooperation Dmitry Shugayev said") before a name.
_PORTFOLIO_WORDS = frozenset(
    [
        "Affairs",
        "Cooperation",
        "Co-operation",
        "Development",
        "Relations",
        "Security",
        "Trade",
        "Industry",
        "Commerce",
        "Defence",
        "Defense",
        "Energy",
        "Technology",
        "Technical",
        "Finance",
        "Economy",
        "Economic",
        "Investment",
        "Planning",
        "Transport",
        "Agriculture",
        "Health",
        "Education",
        "Justice",
        "Interior",
        "Resources",
        "Communications",
        "Infrastructure",
        "Space",
        "Research",
        "Science",
        "Policy",
        # the fields an intergovernmental commission lists ("on Trade, Economic, Scientific,
        # Technological and Cultural Cooperation")
        "Scientific",
        "Technological",
        "Cultural",
        "Humanitarian",
        "Commercial",
        "Industrial",
        "Military",
        "Military-Technical",
    ]
)
# Worldwide bodies that a story names in passing more often than as a party (find_actors)
_PASSING_BODIES = frozenset(["United Nations", "European Union", "EU", "NATO"])
_HEAD_WORD = Cue(r"\b(?:" + "|".join(sorted(_ORG_HEADS)) + r")\b")
_CAP_TOKEN = rf"[{_UPPER}][\w'’&\-]*"
_ORG_SEQUENCE = re.compile(
    rf"(?<![\w'’])(?:{_CAP_TOKEN})(?:[ \t]+(?:(?:of|for|on|de|du|&)[ \t]+)?(?:the[ \t]+)?{_CAP_TOKEN})*"
)
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z0-9&\-]{1,11})\)")
_DESCRIPTOR_ORG = Cue(
    rf"\b(?:carmaker|automaker|company|firm|conglomerate|giant|maker|manufacturer|operator|app|lender|insurer|"
    rf"airline|shipbuilder|miner|producer|developer|utility|platform|group|corporation|agency|regulator|"
    rf"exporter|refiner|shipping group|state-owned [a-z]+|consultancy|research firm|data provider|think tank|"
    rf"brokerage|broker|fertili[sz]er maker|defen[cs]e contractor|contractor|supplier)\s+"
    rf"(?P<org>[{_UPPER}][\w&\-]+(?:\s+[{_UPPER}][\w&\-]+){{0,2}})"
)
_LISTED_ORGS = Cue(
    rf"\b(?:(?:companies|firms|groups|carmakers|banks|lenders|manufacturers|makers)\s+(?:including|such as|like)|"
    rf"(?:executives|chief executives|officials|representatives|bosses)\s+(?:from|of))\s+"
    rf"(?P<orgs>[{_UPPER}][\w&\-]+(?:(?:,\s+|,?\s+and\s+)[{_UPPER}][\w&\-]+){{0,5}})"
)
# "Nayara Energy, a Vadinar-based refiner", "Rosneft and Lukoil, Russia's largest producers".
_APPOSITIVE_ORGS = re.compile(
    rf"(?P<orgs>{_CAPITAL}[\w&\-]+(?:[ \t]+[{_UPPER}][\w&\-]+)?"
    rf"(?:[ \t]+and[ \t]+[{_UPPER}][\w&\-]+(?:[ \t]+[{_UPPER}][\w&\-]+)?)?),[ \t]+"
    rf"(?:a|an|the|[{_UPPER}][\w\-]+['’]s)[ \t][^,.;]{{0,40}}?\b(?:refiner|compan|firm|producer|maker|lender|"
    rf"operator|giant|exporter|manufacturer|conglomerate|insurer|airline|utility|carrier|miner|developer)\w*"
)
_ORG_BEFORE_ROLE = re.compile(
    rf"(?P<org>{_CAPITAL}[\w&\-]+(?:\s+[{_UPPER}][\w&\-]+){{0,2}})\s+"
    rf"(?:chief executive|chief executive officer|CEO|chairman|chairwoman|spokesperson|spokesman|spokeswoman|"
    rf"executives?|shareholders)\b"
)
# Words without which the patterns above cannot match: a text without them skips the pattern.
_ROLE_WORD = Cue(r"\b(?:chief executive|CEO|chairman|chairwoman|spokes|executive|shareholders)")
_APPOSITIVE_WORD = Cue(
    r"\b(?:refiner|compan|firm|producer|maker|lender|operator|giant|exporter|manufacturer|conglomerate|insurer|"
    r"airline|utility|carrier|miner|developer)"
)
_COORDINATED_PAIR = re.compile(
    rf"(?P<a>[{_UPPER}][\w&\-]+)[ \t]+and[ \t]+(?P<b>[{_UPPER}][\w&\-]+)(?![\w'’])"
    rf"(?=,|\.|[ \t]+(?:have|has|had|will|would|said|say|says|signed|agreed|confirmed|announced|are|were|is|was|"
    rf"plan|plans|to|also|already|could)\b)"
)
# Both found from the word "and" (see _coordinated_pairs); the anchor gates the pattern.
_COORDINATED_ANCHOR = re.compile(r"[a-z&][ \t]+and[ \t]+[A-Z]")
_AND = Cue(r"\band\b")
_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|to|from|near|between|across|via|through|into|of|like)[ \t]+$")
_PORTFOLIO_LIST = re.compile(
    rf"(?:,[ \t]+[{_UPPER}][\w\-]+)*,?[ \t]+and[ \t]+[{_UPPER}][\w\-]+(?:[ \t]+[{_UPPER}][\w\-]+)?"
)
_JOINED_BEFORE = re.compile(rf"(?<![\w'’.,])(?P<words>(?:[{_UPPER}][\w\-]+[ \t]+){{2,3}})and[ \t]+$")
# "Saudi Standards, Metrology and Quality Organisation": a capitalised list before the last part
# of an institution's name belongs to it (official names list their fields so).
_LIST_CAP = rf"[{_UPPER}][\w\-]+(?:[ \t]+[{_UPPER}][\w\-]+)*"
# (after an article or an owner's possessive: "India's Oil and Natural Gas Corp", "China's Belt and Road Initiative")
_ARTICLE_JOINED_BEFORE = re.compile(
    rf"(?:\b[Tt]he|\w['’]s)[ \t]+(?P<words>(?:[{_UPPER}][\w\-]+[ \t]+){{1,3}})and[ \t]+$"
)
_NAME_LIST_BEFORE = re.compile(rf"(?<![\w'’.,])(?P<words>{_LIST_CAP}(?:,[ \t]+{_LIST_CAP})+),?[ \t]+and[ \t]+$")
_NAME_LIST_AFTER = re.compile(rf"(?:,[ \t]+{_LIST_CAP})+,?[ \t]+and[ \t]+(?P<last>{_LIST_CAP})")
_CAPITALISED_BEFORE = re.compile(rf"[{_UPPER}][\w&\-]*,?[ \t]+$")  # "Ports, Shipping and Waterways"
_GROUPING_ACRONYM = re.compile(
    r"(?<![\w\-])(?P<acronym>[A-Z][A-Z0-9]{2,6})[ \t]+(?:summit|forum|leaders|members|member states|"
    r"countries|secretariat|ministerial)\b"
)
_GROUPING_WORD = Cue(r"\b(?:summit|forum|leaders|members|member states|countries|secretariat|ministerial)\b")
_ACRONYM_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_UPPER_CHAR = re.compile(rf"[{_UPPER}]")
_POSSESSIVE = re.compile(r"['’]s$")
# "to buy 31 drones from General Atomics": the seller of a purchase.
_SELLER_ORG = Cue(
    rf"\b(?:buy|bought|buying|purchase[sd]?|purchasing|order(?:ed|ing|s)?|import(?:ed|ing|s)?|acquire[sd]?)\b"
    rf"[^.;\n]{{0,80}}?\bfrom[ \t]+(?P<org>[{_UPPER}][\w&\-]+(?:[ \t]+[{_UPPER}][\w&\-]+){{0,2}})(?![\w'’])"
)
# "Russia's Rosatom", "India's Reliance": one capitalised word owned by a country.
_OWNED_ORG = re.compile(
    rf"['’]s[ \t]+(?P<org>[{_UPPER}][\w&]+)(?=[,;:)]|[ \t]+(?:and|said|says|has|have|had|is|was|will|would|"
    rf"signed|agreed|announced|plans|reported|which|confirmed)\b)"
)
_COORDINATED = rf"[{_UPPER}][\w&\-]+(?:[ \t]+[{_UPPER}][\w&\-]+){{0,2}}"
_COORDINATED_AFTER = re.compile(rf"(?:\s*\([A-Z]+\))?[ \t]+and[ \t]+(?P<org>{_COORDINATED})(?![\w'’])")
_COORDINATED_BEFORE = re.compile(rf"(?<![\w'’])(?P<org>{_COORDINATED})[ \t]+and[ \t]+$")
# The one or two capitalised words before "'s" that own the institution ("Russia's Rosatom").
_OWNER_BEFORE = re.compile(rf"[{_UPPER}][\w\-]*(?:[ \t]+[{_UPPER}][\w\-]*)?$")
_AFTER_PREPOSITION = re.compile(r"\b(?:of|for|on|the|and|at|by)[ \t]+$")
_AND_SPLIT = re.compile(r"[ \t]+and[ \t]+")
_LIST_ITEM = re.compile(r"[^\s,]+")


@dataclass
class Actor:
    name: str
    kind: str
    country: str | None
    key: str | int | None
    confidence: float
    mentions: list[tuple[int, int]] = field(default_factory=list)


class Mention(NamedTuple):  # made by the thousand: cheaper than a frozen dataclass
    start: int
    end: int
    actor: Actor


@dataclass
class ActorIndex:
    actors: list[Actor]
    mentions: list[Mention]  # sorted by start
    # Country names inside a currency's name ("17 billion US dollars"): the sentence is not
    # about that country, so they don't count among the countries it names.
    currency_starts: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        self._starts = [m.start for m in self.mentions]
        self._countries: dict[tuple[int, int], frozenset[str]] = {}

    def in_span(self, start: int, end: int) -> list[Mention]:
        first, last = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [m for m in self.mentions[first:last] if m.end <= end]

    def note_countries(self, spans: list[tuple[int, int]]) -> None:
        """Work out ``countries_in`` for sorted, disjoint spans (sentences) in one walk over
        the mentions rather than a search per span."""
        mentions, first, count = self.mentions, 0, len(self.mentions)
        for start, end in spans:
            while first < count and mentions[first].start < start:
                first += 1
            found = set()
            i = first
            while i < count and mentions[i].start < end:
                mention = mentions[i]
                actor = mention.actor
                if (
                    mention.end <= end
                    and actor.country
                    and actor.kind in ("country", "person")
                    and mention.start not in self.currency_starts
                ):
                    found.add(actor.country)
                i += 1
            self._countries[(start, end)] = frozenset(found)
            first = i

    def countries_in(self, start: int, end: int) -> frozenset[str]:
        """Countries named in [start, end), directly or through their people and capitals
        (asked for every sentence by several readers, so kept)."""
        found = self._countries.get((start, end))
        if found is None:
            found = frozenset(
                m.actor.country
                for m in self.in_span(start, end)
                if m.actor.country and m.actor.kind in ("country", "person") and m.start not in self.currency_starts
            )
            self._countries[(start, end)] = found
        return found


_CONFIDENCE = {"registry": 0.95, "name": 0.9, "listed": 0.9, "capital": 0.8, "demonym": 0.75}


def _usable(document: Document, offset: int, kinds: tuple[str, ...] = ("title", "body", "heading")) -> bool:
    sentence = document.sentence_at(offset)
    return sentence is not None and sentence.kind in kinds


# Longest span a name can take; bounds the neighbourhood searched for overlaps.
_MAX_SPAN = 300


class _Collector:
    def __init__(self) -> None:
        self.by_name: dict[tuple[str, str], Actor] = {}
        self.mentions: list[Mention] = []
        self.taken: list[tuple[int, int]] = []  # kept sorted, searched with bisect

    def _near(self, start: int, end: int) -> list[tuple[int, int]]:
        low = bisect_left(self.taken, (start - _MAX_SPAN, 0))
        high = bisect_left(self.taken, (end, 0))
        return self.taken[low:high]

    def inside(self, start: int, end: int) -> bool:
        """Whether [start, end) lies within a span already read."""
        return any(s <= start and end <= e for s, e in self._near(start, end))

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self._near(start, end))

    def add(
        self, name: str, kind: str, country: str | None, key: Key, confidence: float, start: int, end: int
    ) -> Actor:
        actor = self.by_name.get((kind, name))
        if actor is None:
            actor = Actor(name, kind, country, key, confidence)
            self.by_name[(kind, name)] = actor
        else:
            actor.confidence = max(actor.confidence, confidence)
            actor.country = actor.country or country
        actor.mentions.append((start, end))
        self.mentions.append(Mention(start, end, actor))
        insort(self.taken, (start, end))
        return actor


_TITLE_GAP = re.compile(r"(?:['’]s)?\s*(?:(?:Deputy|First|Vice|then|former|new)\s+)*")


def _country_before(text: str, start: int, known: list[tuple[int, int, Target]]) -> str | None:
    """The country qualifying a title: "Japanese Prime Minister", "India's Foreign Minister"."""
    for _, e, target in reversed(known):
        if e > start:
            continue
        gap = text[e:start]
        if target.kind == "country" and _TITLE_GAP.fullmatch(gap):
            return target.country
        break
    return None


# "Sheikh Tamim bin Hamad Al Thani, Emir of Qatar": the office in apposition names the country.
_OFFICE_OF_GAP = re.compile(r",\s+(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,5}?\s+of\s+(?:the\s+)?")


def _country_after(text: str, end: int, known: list[tuple[int, int, Target]]) -> str | None:
    """The country of an office in apposition after a name ("..., Emir of Qatar,")."""
    at = bisect_left(known, (end,))
    for s, _, target in known[at : at + 3]:
        if s - end > 70:
            break
        if target.kind == "country" and _OFFICE_OF_GAP.fullmatch(text, end, s):
            return target.country
    return None


_CURRENCY_AFTER = re.compile(
    r"\.?\s+(?:" + "|".join(re.escape(w) for w in sorted(NAME_WORDS, key=len, reverse=True)) + r")\b"
)


_REGIONS = frozenset(["Africa", "Asia", "Europe", "America", "Americas", "Eurasia", "Arab", "Pacific", "Asia-Pacific"])
_LEGAL_FORM = re.compile(
    r"[ \t]+(?:Corp\.?|Corporation|Ltd\.?|Limited|Inc\.?|Co\.?|Company|PLC|plc|LLC|JSC|PJSC|OJSC|AG|SA|S\.A\.|GmbH)$"
)
_OUTLET = re.compile(
    r"\b(?:News Agency|Press Agency|News|Broadcasting(?: Corporation| Service)?|Television(?: Authority)?|TV|Radio)$"
    r"|^(?:TASS|Tass|ITAR-TASS|RIA Novosti|Xinhua|WAM|SPA|Yonhap|Kyodo|Antara|Bernama|IRNA|Anadolu|Interfax|PTI|IANS|"
    r"ANI|UNI|Reuters|AFP|AP)$"
)


# A country's code spaced from the dollar sign it prefixes: "US $ 2020.35 million", "U.S. $5 billion".
_SIGN_SPACED = re.compile(r"[ \t]\$[ \t]?\d")


def find_actors(document: Document, matcher: Matcher) -> ActorIndex:
    text = document.text
    collector = _Collector()
    known: list[tuple[int, int, Target]] = []
    currencies: set[int] = set()
    for start, end, target in matcher.actor_spans(text):
        if target.kind == "blocked" or not _usable(document, start):
            continue
        if text.startswith("$", end) or _SIGN_SPACED.match(text, end):
            continue  # "US$", "HK$", "US $ 930 million": a currency sign, not the country
        if target.kind == "country" and _CURRENCY_AFTER.match(text, end):
            currencies.add(start)  # "UAE dirhams": the country is named, but nothing happens there
        known.append((start, end, target))
        collector.add(target.name, target.kind, target.country, target.key, _CONFIDENCE[target.how], start, end)

    # A listed organization goes by the form the article first uses ("NATO", or "the European
    # Union"): readers of the story, and its gold, know it by that name.
    for actor in collector.by_name.values():
        if actor.kind == "organization" and actor.key is None and actor.mentions:
            start, end = actor.mentions[0]
            actor.name = text[start:end]
    _surname_first_people(document, collector)
    new_people = _titled_people(document, matcher, known, collector)
    _organizations(document, matcher, collector)
    _given_name_people(document, matcher, collector, new_people)
    _short_names(document, new_people, collector)
    _leaders_by_surname(document, matcher, collector)
    _bare_titles(document, collector)
    # "General", "Affairs": a title or a portfolio left alone is nobody's name.
    nobody = {
        ("person", a.name)
        for a in collector.by_name.values()
        if a.kind == "person"
        and a.key is None
        # "my counterpart, Foreign Minister.": an office read as the name after a title is nobody
        and (_generic_word(a.name) or all(t in _ROLE_WORDS or t in _PORTFOLIO_WORDS for t in a.name.split()))
    }
    # News agencies and broadcasters report the story and take no part in it (the guideline).
    nobody |= {
        ("organization", a.name)
        for a in collector.by_name.values()
        if a.kind == "organization" and a.key is None and _OUTLET.search(a.name)
    }
    # "Indian Oil Corp ... Indian Oil": one company, named with and without its legal form; it goes
    # by the full name, unless the text abbreviates the form with a full stop the name has lost
    # ("Hindustan Petroleum Corp.").
    organizations = {a.name: a for a in collector.by_name.values() if a.kind == "organization" and a.mentions}
    same_as: dict[str, Actor] = {}
    for name, full in organizations.items():
        short = organizations.get(_LEGAL_FORM.sub("", name))
        if short is None or short is full or short.key is not None or full.key is not None:
            continue
        if any(text.startswith(".", end) for _, end in full.mentions):
            same_as[name] = short
        else:
            same_as[short.name] = full
    if same_as:
        for mention in collector.mentions:
            if mention.actor.kind == "organization" and mention.actor.name in same_as:
                same_as[mention.actor.name].mentions.append((mention.start, mention.end))
        nobody |= {("organization", name) for name in same_as}
        collector.mentions = [
            Mention(m.start, m.end, same_as[m.actor.name])
            if m.actor.kind == "organization" and m.actor.name in same_as
            else m
            for m in collector.mentions
        ]
    mentions = sorted(
        (m for m in collector.mentions if (m.actor.kind, m.actor.name) not in nobody), key=lambda m: m.start
    )
    # A worldwide body named once in passing ("in line with the United Nations Charter", "EU sanctions")
    # is the story's backdrop, no actor of the relationship: blind readers list it about one time in five.
    nobody |= {
        ("organization", a.name)
        for a in collector.by_name.values()
        if a.kind == "organization" and a.name in _PASSING_BODIES and len(a.mentions) == 1
    }
    actors = [a for a in collector.by_name.values() if a.mentions and (a.kind, a.name) not in nobody]
    # "Ferdinand Marcos Jr.": a generational suffix's full stop is part of the name
    for actor in actors:
        suffixed = actor.kind == "person" and actor.name.endswith((" Jr", " Sr"))
        if suffixed and any(text.startswith(".", end) for _, end in actor.mentions):
            actor.name += "."
    return ActorIndex(actors, mentions, frozenset(currencies))


# Japan's official texts write the surname first in capitals, after the style: "Mr. KISHIDA Fumio,
# Prime Minister of Japan". The guideline's canonical name is the given name first ("Fumio
# Kishida"). (Korean and Vietnamese names in the same style keep their order and have two given
# names: "H.E. Mr. YOON Suk Yeol".)
_SURNAME_FIRST = re.compile(
    rf"(?<![\w])(?:H\.[ \t]?E\.[ \t]+)?(?:Mr|Ms|Mrs)\.?[ \t]+(?P<surname>[A-Z]{{3,}})[ \t]+(?P<given>[A-Z][a-z]+)"
    rf"(?![\w\-'’]|[ \t]+[{_UPPER}])"
)


# The same texts write other names with the surname alone in capitals: "H.E. Mr. Luís MONTENEGRO".
_SURNAME_IN_CAPITALS = re.compile(
    rf"(?<![\w])(?:Mr|Ms|Mrs)\.?[ \t]+(?P<given>{_NAME_TOKEN})[ \t]+(?P<surname>[A-Z]{{2,}}(?:[ \t\-][A-Z]{{2,}})?)"
    rf"(?![\w\-'’])"
)


def _surname_first_people(document: Document, collector: _Collector) -> None:
    text = document.text
    if "Mr" not in text and "Ms" not in text:
        return
    for match in _SURNAME_FIRST.finditer(text):
        start, end = match.start("surname"), match.end("given")
        if not _usable(document, start) or collector.overlaps(start, end):
            continue
        name = f"{match.group('given')} {match.group('surname').capitalize()}"
        collector.add(name, "person", None, None, 0.75, start, end)
    for match in _SURNAME_IN_CAPITALS.finditer(text):
        start, end = match.start("given"), match.end("surname")
        if not _usable(document, start) or collector.overlaps(start, end):
            continue
        surname = " ".join(part.capitalize() for part in match.group("surname").split())
        collector.add(f"{match.group('given')} {surname}", "person", None, None, 0.75, start, end)


_PORTFOLIO_REST = re.compile(rf"(?:,?[ \t]+and|,)[ \t]+(?P<rest>(?:{_CAP_TOKEN}[ \t]+){{1,6}}{_CAP_TOKEN})")


def _name_after_portfolio(text: str, end: int) -> tuple[int, int] | None:
    """The span of the name after the rest of a portfolio that goes on past ``end`` ("... Trade| and
    Investment Ricardo Cabrisas"), or None where only portfolio words follow (the portfolio names nobody)."""
    rest = _PORTFOLIO_REST.match(text, end)
    if rest is None:
        return None
    tokens = rest.group("rest").split()
    portfolio = 0
    while portfolio < len(tokens) and (tokens[portfolio] in _PORTFOLIO_WORDS or tokens[portfolio] == "and"):
        portfolio += 1
    name = tokens[portfolio:]
    if portfolio == 0 or not 2 <= len(name) <= 3 or any(t in _NOT_NAMES or t in _ORG_HEADS for t in name):
        return None
    start = rest.start("rest") + len(" ".join(tokens[:portfolio])) + 1
    return start, start + len(" ".join(name))


def _titled_people(
    document: Document, matcher: Matcher, known: list[tuple[int, int, Target]], collector: _Collector
) -> list[Actor]:
    text = document.text
    people: list[Actor] = []
    words = document.words
    for match in words.findall(_TITLED_PERSON, text):
        name = match.group("name")
        start, end = match.start("name"), match.end("name")
        if not _usable(document, start) or collector.overlaps(start, end):
            continue
        tokens = name.split()
        while tokens and (tokens[-1] in _NOT_NAMES or tokens[-1] in ("Al", "Bin", "El")):
            tokens.pop()  # (a particle ends no name: "Mishal Al Ahmad Al" is cut short)
        while len(tokens) > 2 and (
            tokens[0] in _HONORIFICS
            or tokens[0] in _ROLE_WORDS
            or (tokens[0] in _PORTFOLIO_ENDS and tokens[1] not in _ROLE_WORDS)
        ):
            # "Minister of Foreign Affairs Sheikh Mohammed ...", "Crown Prince, Prime Minister
            # Mohammed bin Salman": a second title; "Minister of Petroleum and Natural Gas Hardeep
            # Singh Puri": the end of a portfolio the title left
            start += len(tokens.pop(0)) + 1
        if len(tokens) > 2 and _INITIAL.fullmatch(tokens[1]):
            # "Donald J. Trump" is known as "Donald Trump"; the mention keeps the whole span.
            span_end = start + len(" ".join(tokens))
            tokens.pop(1)
        else:
            span_end = None
        # "He" is a pronoun after a title unless a given name follows ("Vice Premier He Lifeng").
        if (
            not tokens
            or all(t.rstrip(".") in _HONORIFICS for t in tokens)  # "His Excellency": a style, no name
            or (tokens[0] in _NOT_NAMES and len(tokens) == 1)
            or (tokens[0].rstrip(".") in _HONORIFICS and len(tokens) == 1)  # "Shri @rajnathsingh"
            or any(t in matcher.targets or t in _ORG_HEADS for t in tokens)
        ):
            continue  # a pronoun, a known name, or an institution ("Joint Secretary, Department of ...")
        if tokens[0] in _HEADLINE_VERBS:
            continue  # "UK PM Holds Call with UAE President": a headline's verb after a title
        if tokens[-1] in _PORTFOLIO_WORDS:
            # "Minister of Foreign Trade and Investment Ricardo Cabrisas": the title read stops inside
            # a long portfolio; the name, if any, follows the rest of it.
            portfolio_name = _name_after_portfolio(text, start + len(name))
            if portfolio_name is None or collector.overlaps(*portfolio_name):
                continue
            start, span_end = portfolio_name
            tokens = text[start:span_end].split()
        name = " ".join(tokens)
        end = span_end or start + len(name)
        if len(tokens) == 1:
            # "Chancellor Merz" after "Chancellor Friedrich Merz" is the same person.
            owner = next((p for p in people if name in p.name.split() and p.name != name), None)
            if owner is not None:
                collector.add(owner.name, "person", owner.country, owner.key, owner.confidence, start, end)
                continue
            if name in leader_names():
                # "President Xi" in a story that never writes "Xi Jinping": the leader it names.
                full, code = leader_names()[name]
                known_person = matcher.targets.get(full)
                key = known_person.key if known_person is not None else None
                people.append(collector.add(full, "person", code, key, 0.7, start, end))
                continue
        leader = _leader_in_part(tokens)
        if leader is not None:
            # "Turkish President Tayyip Erdogan": a known leader by part of the full name.
            known_person = matcher.targets.get(leader[0])
            key = known_person.key if known_person is not None else None
            people.append(collector.add(leader[0], "person", leader[1], key, 0.75, start, end))
            continue
        country = _country_before(text, match.start(), known) or _country_after(text, end, known)
        people.append(collector.add(name, "person", country, None, 0.75 if len(tokens) > 1 else 0.6, start, end))
        if _PLURAL_TITLE.match(match.group()):
            # "Prime Ministers Muhammad Nawaz Sharif and David Cameron": the second holder now, so
            # that a later "Prime Minister Cameron" is known as the same person.
            second = _PERSON_AFTER.match(text, end)
            if second:
                _add_untitled(document, matcher, collector, people, second.group("name"), second.start("name"), 0.7)
    speech_verbs = words.findall(_SPEECH_VERB, text)
    for match in _speaking_people(text, speech_verbs):
        if text[match.end("name") : match.end("name") + 8].startswith((", which", ", that")):
            continue
        if _AFTER_PREPOSITION.search(text[max(0, match.start() - 6) : match.start()]):
            continue
        _add_untitled(document, matcher, collector, people, match.group("name"), match.start("name"), 0.6)
    for verb in speech_verbs:
        after = _NAME_AFTER_SPEECH.match(text, verb.end())
        if after:
            _add_untitled(document, matcher, collector, people, after.group("name"), after.start("name"), 0.6)
    for office in words.findall(_APPOSITIVE_OFFICE):
        comma = text.rfind(",", max(0, office.start() - 40), office.start())
        if comma == -1:
            continue  # no apposition: the usual "President X", "the minister said"
        named = _NAME_BEFORE_OFFICE.search(text, max(0, comma - 60), office.start())
        if named is None and _OFFICE_OF.match(text, office.end()):
            named = _NAME_BEFORE_CAPITAL_OFFICE.search(text, max(0, comma - 60), office.start())
        if named is None:
            continue
        name, start = named.group("name"), named.start("name")
        surname = _CAPITAL_SURNAME_BEFORE.search(text, max(0, start - 20), start)
        if surname and not name.split()[0].isupper():
            name, start = f"{surname.group('surname')} {name}", surname.start("surname")
        tokens = name.split()
        folded = {t.casefold() for t in tokens}
        if any(
            (tokens[0].isupper() and tokens[0].title() in p.name.split())
            or (len(tokens) > 1 and folded == {t.casefold() for t in p.name.split()})
            or (p.kind == "person" and " " not in p.name and p.name.casefold() in folded)
            for p in collector.by_name.values()
        ):
            # "KISHIDA Fumio", "Suga Yoshihide": the person already read, surname first; "PHAM
            # Minh Chinh" after "Prime Minister Chinh": the same person, already read.
            continue
        _add_untitled(document, matcher, collector, people, name, start, 0.6)
    persons = [a for a in collector.by_name.values() if a.kind == "person"]
    for actor in persons:
        for start, end in list(actor.mentions):
            after = _PERSON_AFTER.match(text, end)
            if after:
                _add_untitled(document, matcher, collector, people, after.group("name"), after.start("name"), 0.55)
            before = _PERSON_BEFORE.search(text, max(0, start - 60), start) if _and_before(text, start) else None
            if before:
                _add_untitled(document, matcher, collector, people, before.group("name"), before.start("name"), 0.55)
    return people


def _blank_before(text: str, end: int) -> int:
    """Where the run of spaces and tabs that ends at ``end`` starts."""
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    return end


def _and_before(text: str, start: int) -> bool:
    """ "... and " right before ``start``: necessary for _PERSON_BEFORE and _COORDINATED_BEFORE, and
    much cheaper than either."""
    blank = _blank_before(text, start)
    return blank < start and blank >= 4 and text[blank - 3 : blank] == "and" and text[blank - 4] in " \t"


def _could_end_a_name(text: str, verb_start: int) -> bool:
    """Whether a speaker's name (its last word capitalised) or an appositive's comma can end
    just before the verb: necessary for _SPEAKING_PERSON to end at it."""
    blank = _blank_before(text, verb_start)
    if blank == verb_start or blank == 0:
        return False
    if text[blank - 1] == ",":
        return True
    word = blank
    while word > 0 and (text[word - 1].isalpha() or text[word - 1] in "'’-"):
        word -= 1
    return _UPPER_CHAR.match(text, word) is not None


def _grouping_acronyms(text: str, words: WordIndex) -> Iterator[re.Match[str]]:
    """_GROUPING_ACRONYM's matches, found from the grouping words back to the acronym before
    each: a match is one acronym word, blanks, and the grouping word, so they never overlap."""
    for word in words.findall(_GROUPING_WORD, text):
        blank = _blank_before(text, word.start())
        start = blank
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        if blank == word.start() or not 3 <= blank - start <= 7 or not _ACRONYM_CHARS.issuperset(text[start:blank]):
            continue
        match = _GROUPING_ACRONYM.match(text, start)
        if match is not None:
            yield match


def _coordinated_pairs(text: str, words: WordIndex) -> Iterator[re.Match[str]]:
    """_COORDINATED_PAIR's matches when _COORDINATED_ANCHOR occurs anywhere, both read around
    each word "and" rather than tried at every position. A match is two single words around
    one "and" (and its lookahead never accepts " and"), so matches never overlap."""
    ands = [p for p in words.starts(_AND) if text.startswith("and", p)]
    if not any(_COORDINATED_ANCHOR.match(text, _blank_before(text, p) - 1) for p in ands if _blank_before(text, p) > 0):
        return
    for position in ands:
        blank = _blank_before(text, position)
        if blank == position:
            continue
        run = blank
        while run > 0 and (text[run - 1].isalnum() or text[run - 1] in "_&-"):
            run -= 1
        # The leftmost capital of the word before "and" that leaves it two characters long.
        start = next((i for i in range(run, blank - 1) if _UPPER_CHAR.match(text, i)), None)
        if start is None:
            continue
        match = _COORDINATED_PAIR.match(text, start)
        if match is not None:
            yield match


def _speaking_people(text: str, speech_verbs: list[re.Match[str]]) -> Iterator[re.Match[str]]:
    """_SPEAKING_PERSON, tried only just before a speech verb (rare) instead of at every
    position of the text."""
    for verb in speech_verbs:
        if not _could_end_a_name(text, verb.start()):
            continue
        for match in _SPEAKING_PERSON.finditer(text, max(0, verb.start() - 160), verb.end()):
            if match.end() == verb.end():
                yield match
                break


_ROLE_WORDS = frozenset(
    [
        "Secretary",
        "Minister",
        "Adviser",
        "Advisor",
        "Director",
        "Governor",
        "Chief",
        "Head",
        "Officer",
        "General",
        "Commissioner",
        "Spokesperson",
        "Spokesman",
        "Spokeswoman",
        "Chairman",
        "Chairwoman",
        "President",
        "Premier",
        "Chancellor",
        "Ambassador",
        "Envoy",
        "Deputy",
        "Vice",
        "Senior",
        "Foreign",
        "Defence",
        "Defense",
        "Trade",
        "Commerce",
        "Finance",
        "Energy",
        "National",
        "Federal",
        "State",
        "Prime",
        "Sir",
        "Dame",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Reporting",
        "Editing",
        "Photo",
        "Read",
    ]
)


# A capitalised word that is no title right before a name ("Climate Action Robert Habeck").
_CHAIN_BEFORE = re.compile(
    r"(?<![\w'’])(?!(?:President|Minister|Premier|Chancellor|Secretary|Ambassador|Envoy|Governor|Chairman|"
    r"Director|Mr|Mrs|Ms|Dr|Sheikh|Prince|King|Queen|General|Deputy|Vice|Chief|Spokesperson|Spokesman|"
    r"Spokeswoman|Representative|Senator|Shri|Smt)\b)[A-Z][a-z]+[ \t]+$"
)


def _add_untitled(
    document: Document,
    matcher: Matcher,
    collector: _Collector,
    people: list[Actor],
    name: str,
    start: int,
    confidence: float,
) -> None:
    """A person read without a title: at least a given name and a surname, none of them a
    known name, role word or institution word."""
    text = document.text
    tokens = name.split()
    while tokens and (
        tokens[0] in _ROLE_WORDS
        or tokens[0] in _NOT_NAMES
        or tokens[0] in matcher.targets
        or tokens[0] in _PORTFOLIO_WORDS
    ):
        start = text.index(tokens[0], start) + len(tokens[0])
        tokens.pop(0)
    # "Minister for Economic Affairs and Climate Action Robert Habeck said", "... Petroleum and
    # Natural Gas Rameswar Teli said": a name cut from the end of a longer capitalised chain (a
    # portfolio's words) begins after the chain's last word, not with it.
    while len(tokens) > 2 and _CHAIN_BEFORE.search(text, max(0, start - 30), text.index(tokens[0], start)):
        start = text.index(tokens[0], start) + len(tokens[0])
        tokens.pop(0)
    if len(tokens) < 2 or not _usable(document, start, ("body",)):
        return
    if any(t in matcher.targets or t in _NOT_NAMES or t in _ORG_HEADS or t in _ROLE_WORDS for t in tokens):
        return
    name = " ".join(tokens)
    start = text.index(tokens[0], start)
    end = start + len(name)
    if text[start:end] != name or collector.overlaps(start, end):
        return
    people.append(collector.add(name, "person", None, None, confidence, start, end))


# A given name where a name may open: followed by another capitalised word ("Denis Manturov", "Félix A.
# Tshisekedi") and not inside a word.
_OPENS_A_RUN = re.compile(rf"[ \t]+[{_UPPER}]")
# A surname in capitals before: the name is written surname first ("H.E. Mr. YOON Suk Yeol").
_CAPITALS_BEFORE = re.compile(rf"(?<![\w\-'’.])[{_UPPER}]{{3,}}[ \t]+$")
# Initials before the given name open the name ("D Bala Venkatesh Varma", "A. K. Antony").
_INITIALS_BEFORE = re.compile(rf"(?<![\w\-'’.])(?:[{_UPPER}]\.?[ \t]+){{1,3}}$")
_NAME_AT = re.compile(_NAME)
# Given names that open places, outlets and regions more often than people in copy ("San Francisco",
# "Al Arabiya", "Asia Pacific") and particles that open no full name ("Bin", "Ibn").
_NOT_OPENINGS = frozenset(
    (
        *("Al", "El", "Abu", "Bin", "Ibn", "San", "Santa", "Santo", "Ban", "Ho", "An", "Da", "De", "Van", "Von"),
        *("Asia", "Africa", "Europe", "America", "Oceania"),
    )
)
# Who reported, wrote, edited or photographed the story is no actor in it (the guideline): "(Reporting by
# Vladimir Soldatkin/Andrew Osborn; Editing by ...)", "Image: Ricardo Stuckert / PR", "By Marat Gurt",
# "(Facebook/Salud Guerrero)".
_CREDIT_BEFORE = re.compile(
    r"(?im)(?:\b(?:(?:additional\s+)?report(?:ing|ed)?|edit(?:ing|ed)|writ(?:ing|ten)|compiled|photo(?:graph)?s?|"
    r"images?|pictures?|credits?|courtesy)\b(?:\s+by\b|\s*:)|^\W*by\s+$|\w/\s*$)"
)
_CREDIT_AFTER = re.compile(r"[ \t]*/[ \t]*[A-Z]")
# Words that end the name of a place, a building or a thing named after a person ("Hamad Port",
# "Sabine Pass", "Sushma Swaraj Bhawan", "Alien Enemies Act"): no person's name holds them.
_THING_WORDS = frozenset(
    [
        *PROJECT_HEADS,
        *("Airport", "Seaport", "Zone", "Pass", "Marg", "Road", "Street", "Avenue", "Square", "Hall", "Building"),
        *("Bhawan", "Act", "Agreements", "Accords", "Island", "Islands", "Valley", "River", "Lake", "Park"),
        *("Gate", "Mausoleum", "Memorial", "Stadium", "Hotel", "Hospital", "School", "College", "Academy"),
        *("Museum", "Region", "Area", "District", "Province", "State", "City", "Management", "Capital"),
        # aid named by its form ("Grant Aid", "Loan Aid"), waters, and the words Indian place names end in
        *("Aid", "Sea", "Ocean", "Bay", "Gulf", "Strait", "Canal", "Nagar", "Ghat", "Chowk", "Bhavan"),
    ]
)


def _written_lower(text: str, word: str) -> bool:
    """Whether ``text`` writes ``word`` in lower case as a word of its own (a substring test in C
    first: most names are never written so)."""
    lower = word.lower()
    if lower == word or lower not in text:
        return False
    return re.search(rf"(?<![\w\-]){re.escape(lower)}(?![\w\-])", text) is not None


def _openings(text: str, first: str) -> Iterator[int]:
    """Where a name opening with the given name ``first`` starts: at the name, or at the initials
    before it; not inside a word, not before a lower-case word, not after a surname in capitals."""
    start = text.find(first)
    while start != -1:
        end = start + len(first)
        if (
            (not start or not (text[start - 1].isalnum() or text[start - 1] in "-'’."))
            and _OPENS_A_RUN.match(text, end)
            and not _CAPITALS_BEFORE.search(text, max(0, start - 30), start)
        ):
            initials = _INITIALS_BEFORE.search(text, max(0, start - 12), start)
            yield initials.start() if initials is not None else start
        start = text.find(first, end)


def _given_name_people(document: Document, matcher: Matcher, collector: _Collector, people: list[Actor]) -> None:
    """People named untitled and in passing ("talks between Emmanuel Macron and Gabriel Boric",
    "the minister of industry and trade, Denis Manturov"): a capitalised run of body
    text opening with a given name. A given name the story also writes in lower case is a word
    there ("Will", "Mark", "Said", "May"), and opens no name."""
    names = given_names()
    if not names:
        return
    text = document.text
    # The given names the text holds at all, found by set intersection (in C): most texts hold a
    # handful, and only their places are visited.
    # (a name may open a bracket or a quote; what follows it sticks to no given name that opens a run)
    words = text.replace("(", " ").replace("[", " ").replace("“", " ").replace('"', " ").replace("‘", " ").split()
    present = names.intersection(words) - _NOT_OPENINGS - DATE_WORDS
    if not present:
        return
    openings = sorted(start for first in present if not _written_lower(text, first) for start in _openings(text, first))
    for start in openings:
        found = _NAME_AT.match(text, start)
        if found is None or collector.overlaps(start, found.end()):
            continue
        tokens = found.group("name").split()
        # the name ends before a word that is no part of one ("Denis Manturov The talks")
        cut = next(
            (
                i
                for i, t in enumerate(tokens)
                if i
                and (
                    t in matcher.targets
                    or t in _NOT_NAMES
                    or t in _ORG_HEADS
                    or t in _ROLE_WORDS
                    or t in DATE_WORDS
                    or t in _THING_WORDS
                )
            ),
            len(tokens),
        )
        if cut < len(tokens) and tokens[cut] in _THING_WORDS:
            continue  # "Hamad International Airport": a place named after someone
        if not 2 <= cut <= 4 or any(_written_lower(text, t) for t in tokens[1:cut]):
            continue  # ("Rachel Reeves Portrait", "Training Area": a word of the story ends it)
        line_start = text.rfind("\n", 0, start) + 1
        name_end = start + len(" ".join(tokens[:cut]))
        if _CREDIT_BEFORE.search(text, line_start, start) or _CREDIT_AFTER.match(text, name_end):
            continue
        _add_untitled(document, matcher, collector, people, " ".join(tokens[:cut]), start, 0.6)


def _org_sequences(text: str, words: WordIndex) -> Iterator[re.Match[str]]:
    """Capitalised sequences holding an institution word, found from the (rare) head words
    outward rather than by scanning every capitalised word of the text."""
    for head in words.findall(_HEAD_WORD, text):
        window_start = max(0, head.start() - 150)
        for match in _ORG_SEQUENCE.finditer(text, window_start, min(len(text), head.end() + 150)):
            if match.start() <= head.start() < match.end():
                yield match
                break


def _organizations(document: Document, matcher: Matcher, collector: _Collector) -> None:
    text = document.text

    def add(name: str, start: int, confidence: float) -> None:
        name = _POSSESSIVE.sub("", name).strip()
        # "Tea Board Chairman", "Russian Railways President Oleg Belozerov": the office held at
        # the institution, before its holder's name, is no part of the institution's name.
        tokens = name.split()
        if tokens and tokens[-1] in _TRAILING_OFFICES:
            # (and the words that qualify the office: "Union Defence Minister", "Party General Secretary")
            while (
                len(tokens) > 1
                and (tokens[-1] in _TRAILING_OFFICES or tokens[-1] in _OFFICE_QUALIFIERS)
                and tokens[-2] not in _SEQUENCE_LINKS
            ):
                tokens.pop()
            if len(tokens) < 2:
                return  # "Union Minister Shri": an office alone
            name = " ".join(tokens)
        # Headlines capitalise every word, so institution names are only guessed in running text.
        if len(name) < 2 or name in matcher.targets or not _usable(document, start, ("body",)):
            return
        tokens = name.split()
        if (len(tokens) == 1 and _generic_word(name)) or all(t in _ROLE_WORDS for t in tokens):
            return  # "Ministries", "Prime Minister", "Culture": common words, no institution's name
        if collector.inside(start, start + len(name)):
            return
        collector.add(name, "organization", None, None, confidence, start, start + len(name))

    done: set[int] = set()
    acronyms: set[str] = set()
    person_spans = [span for a in collector.by_name.values() if a.kind == "person" for span in a.mentions]
    words = document.words
    for match in _org_sequences(text, words):
        if match.start() in done:
            continue
        done.add(match.start())
        following = _NAME_LIST_AFTER.match(text, match.end())
        if (
            following
            and _POSSESSIVE.sub("", following.group("last").split()[-1]) in _ORG_HEADS
            and _one_institution(text[match.start() : following.start("last")])
        ):
            continue  # the first parts of a listed name ("Saudi Standards, Metrology and ..."): read with the last
        tokens = match.group().rstrip(".").split()
        while len(tokens) > 2 and tokens[-2] in ("on", "in") and tokens[-1] in DATE_WORDS:
            del tokens[-2:]  # "the Union Cabinet on Wednesday": when, not part of the name
        if tokens[:2] == ["Chief", "of"]:
            continue  # "Chief of Army Staff General Manoj Pande": an office and its holder, no institution
        # Drop a sentence-initial article and trailing non-head words ("Bank of Brazil said").
        while (
            tokens
            and (
                tokens[0] in ("The", "the", "A", "An")
                # "As Yantar Shipyard CEO ...", "With the Union Cabinet's nod": a sentence's first word
                or (tokens[0] in _OPENING_PREPOSITIONS and len(tokens) > 2)
                # "Brazil's Ministry", not "the India-Russia Inter-Governmental Commission": a joint body of
                # the pair bears the pair's name
                or (_names_countries(tokens[0], matcher) and _POSSESSIVE.search(tokens[0]))
                or (tokens[0] in _OFFICE_TITLES and tokens[1:2] and tokens[1] in _ORG_HEADS)  # "Secretary Ministry of"
                # "State-run Canara Bank", "Kolkata-based Uco Bank": what the institution is, no part of its name
                or (_DESCRIBED_AS.search(tokens[0]) is not None and len(tokens) > 2)
            )
        ):
            tokens.pop(0)
        # "China for the Shanghai Cooperation Organisation", "Photos of the Council": words
        # before a connector that hold no institution word are not part of the name.
        # Again after each cut: "Minister of State for the Department of Atomic Energy".
        cut = True
        while cut:
            cut = False
            for i, token in enumerate(tokens):
                if token in ("for", "of", "on", "de", "du"):
                    if not any(_POSSESSIVE.sub("", t) in _ORG_HEADS for t in tokens[:i]):
                        tokens = tokens[i + 2 :] if tokens[i + 1 : i + 2] == ["the"] else tokens[i + 1 :]
                        cut = True
                    break
        # "Hanwha Ocean's Philly Shipyard": the owner of an institution is one too.
        for i, token in enumerate(tokens[:-1]):
            # ("the Chinese People's Liberation Army", "People's Bank of China": a name's own word)
            if i > 0 and _POSSESSIVE.search(token) and not _names_countries(token, matcher) and token[:6] != "People":
                owner = " ".join(tokens[: i + 1])
                add(owner, match.start() + match.group().find(tokens[0]), 0.5)
                tokens = tokens[i + 1 :]
                break
        if not any(_POSSESSIVE.sub("", t) in _ORG_HEADS for t in tokens) or len(tokens) < 2:
            continue
        if (tokens[-1] in _OFFICE_TITLES or tokens[-1] in ("Minister", "Ministers")) and tokens[-2] != "of":
            continue  # "Union Minister": an office, not an institution (a "Council of Ministers" is one)
        # "Hindustan Aeronautics for the Tejas": what the institution works for is no part of its name.
        last_head = max(i for i, t in enumerate(tokens) if _POSSESSIVE.sub("", t) in _ORG_HEADS)
        # But "United Bank for Africa", "Bank for International Settlements": a place or a field is.
        if "for" in tokens[last_head + 1 :] and not any(
            t in _ORG_HEADS or t in _PORTFOLIO_WORDS or t in matcher.targets or t in _REGIONS
            for t in tokens[tokens.index("for", last_head + 1) :]
        ):
            tokens = tokens[: tokens.index("for", last_head + 1)]
        trailing = _trailing_person(tokens, matcher)
        if trailing:
            # "National Highway Authority Asim Amin": an official named after the institution.
            person_name = " ".join(tokens[-trailing:])
            tokens = tokens[:-trailing]
            person_at = match.start() + match.group().rfind(person_name)
            if not collector.overlaps(person_at, person_at + len(person_name)) and _usable(
                document, person_at, ("body",)
            ):
                collector.add(person_name, "person", None, None, 0.5, person_at, person_at + len(person_name))
        name = " ".join(tokens)
        start = match.start() + match.group().find(tokens[0])
        end = start + len(name)
        # A person read already ends the name ("... Technical Cooperation Dmitry Shugayev").
        person = next((s for s, _ in person_spans if start < s < end), None)
        if person is not None:
            name = text[start:person].rstrip(" \t,")
            if len(name.split()) < 2 or not any(_POSSESSIVE.sub("", t) in _ORG_HEADS for t in name.split()):
                continue
        elif tokens[0] in ("Ministry", "Department"):
            # "Ministry of Ports, Shipping and Waterways": a portfolio list is one name.
            portfolio = _PORTFOLIO_LIST.match(text, match.end())
            if portfolio and name.split()[1:2] in (["of"], ["for"]):
                name = text[start : portfolio.end()]
        elif (portfolio := _PORTFOLIO_LIST.match(text, match.end())) and any(
            t in ("of", "on", "for") for t in tokens[1:]
        ):
            # "Russian Centre of Science and Culture": a list of fields after the institution's
            # "of" is part of its name, when every word of it is a common field, not a name
            # ("Bank of Baroda and Sberbank" are two).
            listed = re.findall(r"[^\W\d_][\w\-]*", text[match.end() : portfolio.end()])
            if all(w == "and" or _generic_word(w) for w in listed) and tokens[-1] not in matcher.targets:
                name = text[start : portfolio.end()]
        elif all(t in _PORTFOLIO_WORDS or t in _ORG_HEADS for t in tokens):
            # "National Investment and Infrastructure Fund": a name of common words only cannot
            # stand alone; the words before "and" that hold no institution word and name
            # nothing known belong to it.
            joined = _JOINED_BEFORE.search(text, max(0, start - 60), start)
            if (
                joined
                and not collector.overlaps(joined.start(), start)
                and not any(
                    t in matcher.targets or t in _NOT_NAMES or t in _ORG_HEADS for t in joined.group("words").split()
                )
            ):
                name, start = text[joined.start() : start + len(name)], joined.start()
        else:
            # "the National Development and Reform Commission", "the Industrial and Commercial Bank of
            # China": after an article, capitalised words that are no institution of their own open
            # the name the "and" continues.
            opening = _ARTICLE_JOINED_BEFORE.search(text, max(0, start - 60), start)
            if (
                opening
                and not collector.overlaps(opening.start("words"), start)
                and not any(
                    _POSSESSIVE.sub("", t) in matcher.targets or t in _NOT_NAMES or _POSSESSIVE.sub("", t) in _ORG_HEADS
                    for t in opening.group("words").split()
                )
            ):
                name, start = text[opening.start("words") : start + len(name)], opening.start("words")
        fields = _NAME_LIST_BEFORE.search(text, max(0, start - 120), start)
        if fields and _listed_name(fields.group("words"), fields.start(), matcher, collector):
            name, start = text[fields.start() : start + len(name)], fields.start()
        acronym = _ACRONYM_AFTER.match(text, match.end())
        add(name, start, 0.65)
        if acronym and acronym.group("acronym") not in acronyms:
            short = acronym.group("acronym")
            acronyms.add(short)  # one scan of the text per acronym, however often it is defined
            actor = collector.by_name.get(("organization", _POSSESSIVE.sub("", name).strip()))
            if actor is not None:
                for found in re.finditer(rf"(?<!\w){re.escape(short)}(?!\w)", text):
                    if _usable(document, found.start()) and not collector.overlaps(found.start(), found.end()):
                        collector.add(actor.name, "organization", None, None, 0.65, found.start(), found.end())
    descriptors = words.findall(_DESCRIPTOR_ORG, text)
    # The role pattern opens with the name: it runs only when a role word occurs at all.
    roles = _ORG_BEFORE_ROLE.finditer(text) if words.has(_ROLE_WORD) else ()
    for matches in (descriptors, roles):
        for match in matches:
            org = match.group("org")
            if org.split()[0] in _NOT_NAMES:
                continue
            add(org, match.start("org"), 0.55)
    # "PhosAgro and Uralchem have ...", "EDF and Centrica, meanwhile, confirmed": two unknown
    # one-word names coordinated as the subject of a clause (not places after a preposition).
    person_tokens = {t for a in collector.by_name.values() if a.kind == "person" for t in a.name.split()}
    for match in _coordinated_pairs(text, words):
        if match.start() and (text[match.start() - 1].isalnum() or text[match.start() - 1] in "'’"):
            continue
        if _PLACE_PREPOSITION.search(text, max(0, match.start() - 12), match.start()):
            continue
        if _CAPITALISED_BEFORE.search(text, max(0, match.start() - 40), match.start()):
            continue  # "Rashtriya Chemicals and Fertilizers": part of a longer name
        names = (match.group("a"), match.group("b"))
        if any(
            n in matcher.targets or n in person_tokens or n in _NOT_NAMES or n in _ROLE_WORDS or n in _ORG_HEADS
            for n in names
        ):
            continue
        for group in ("a", "b"):
            add(match.group(group), match.start(group), 0.45)
    # "the APEC summit", "ASEAN leaders": an unknown acronym of a grouping.
    for match in _grouping_acronyms(text, words):
        if match.group("acronym") not in matcher.targets:
            add(match.group("acronym"), match.start("acronym"), 0.5)
    for match in _APPOSITIVE_ORGS.finditer(text) if words.has(_APPOSITIVE_WORD) else ():
        for item in _AND_SPLIT.split(match.group("orgs")):
            if item.split()[0] not in _NOT_NAMES:
                add(item, match.start("orgs") + match.group("orgs").find(item), 0.5)
    for match in words.findall(_SELLER_ORG, text):
        org = match.group("org")
        if org.split()[0] not in _NOT_NAMES and not _names_countries(org + "'s", matcher):
            add(org, match.start("org"), 0.5)
    for match in _OWNED_ORG.finditer(text):
        org = match.group("org")
        owner_before = _OWNER_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
        if owner_before is None or org in _NOT_NAMES or org in _ROLE_WORDS or org in person_tokens or org in _ORG_HEADS:
            continue
        target = matcher.targets.get(owner_before.group()) or matcher.targets.get(owner_before.group().split()[-1])
        if target is not None and target.kind == "country":
            add(org, match.start("org"), 0.5)
    for match in words.findall(_LISTED_ORGS, text):
        for item in _LIST_ITEM.finditer(match.group("orgs")):
            if item.group() != "and" and item.group() not in _NOT_NAMES:
                add(item.group(), match.start("orgs") + item.start(), 0.55)
    # "Dassault Aviation and Airbus": a name coordinated with an institution is one too.
    known_orgs = [a for a in collector.by_name.values() if a.kind == "organization"]
    for actor in known_orgs:
        for start, end in list(actor.mentions):
            after = _COORDINATED_AFTER.match(text, end)
            if after and after.group("org").split()[0] not in _NOT_NAMES:
                add(after.group("org"), after.start("org"), 0.5)
            before = _COORDINATED_BEFORE.search(text, max(0, start - 60), start) if _and_before(text, start) else None
            if before and before.group("org").split()[0] not in _NOT_NAMES:
                add(before.group("org"), before.start("org"), 0.5)


# The last word of a long portfolio, where a title read stops before it.
_PORTFOLIO_ENDS = _PORTFOLIO_WORDS | frozenset(
    [
        *("Gas", "Steel", "Oil", "Mines", "Mining", "Environment", "Tourism", "Culture", "Sports", "Youth"),
        *("Labour", "Labor", "Water", "Power", "Aviation", "Shipping", "Fisheries", "Housing", "Welfare"),
        "Information",
    ]
)
_OFFICE_TITLES = frozenset(
    ["Secretary", "Minister", "Director", "Governor", "Chairman", "Chairwoman", "Commissioner", "Ambassador", "Envoy"]
)
_SEQUENCE_LINKS = frozenset(["of", "for", "on", "the", "and", "de", "du"])
_DESCRIBED_AS = re.compile(
    r"-(?:run|owned|based|controlled|backed|headquartered|funded|listed|registered|affiliated)$", re.IGNORECASE
)
_OPENING_PREPOSITIONS = frozenset(["As", "With", "For", "At", "By", "In", "On", "From", "Under", "After", "During"])
_OFFICE_QUALIFIERS = _PORTFOLIO_WORDS | frozenset(["General", "Deputy", "Vice", "First", "Foreign", "Executive"])
# Offices and styles that may close a capitalised run before a person's name.
_TRAILING_OFFICES = _OFFICE_TITLES | frozenset(
    ["Ministers", "Prime", "President", "CEO", "Shri", "Smt", "Dr", "Mr", "Mrs", "Ms"]
)


def _trailing_person(tokens: list[str], matcher: Matcher) -> int:
    """How many tokens at the end of an institution's sequence name a person: two or three
    plain name words after its last institution or portfolio word; 0 when none do."""
    last = max((i for i, t in enumerate(tokens) if t in _ORG_HEADS or t in _PORTFOLIO_WORDS), default=-1)
    rest = tokens[last + 1 :]
    if last < 1 or not 2 <= len(rest) <= 3:
        return 0
    if any(
        t in _SEQUENCE_LINKS or t in _NOT_NAMES or t in matcher.targets or not t[:1].isupper() or not t[1:].islower()
        for t in rest
    ):
        return 0
    return len(rest)


_DIRECTIONS = frozenset(["Western", "Eastern", "Northern", "Southern", "Central", "Global", "International"])


def _one_institution(words: str) -> bool:
    """A list of fields ("Standards, Metrology and"), not of institutions ("Indian Oil Corp,
    Hindustan Petroleum Corp, ..."): at most one of its items ends on an institution word."""
    items = [item.split() for item in re.split(r",|\band\b", words) if item.strip()]
    return sum(_POSSESSIVE.sub("", item[-1]) in _ORG_HEADS for item in items) <= 1


def _listed_name(words: str, start: int, matcher: Matcher, collector: _Collector) -> bool:
    """Whether the list before an institution's last words is part of its name: no person or known
    name inside it, but for a country or demonym opening it ("Saudi Standards, Metrology and")."""
    if not _one_institution(words):
        return False
    tokens = words.replace(",", " ").split()
    first = matcher.targets.get(tokens[0])
    if first is not None and first.kind != "country":
        return False
    rest_start = start + len(tokens[0])
    return not (
        any(t in matcher.targets or t in _NOT_NAMES for t in tokens[1:])
        or collector.overlaps(rest_start, start + len(words))
    )


def _generic_word(token: str) -> bool:
    singular = token[:-3] + "y" if token.endswith("ies") else token.removesuffix("s")
    return (
        token in _ROLE_WORDS
        or token in _PORTFOLIO_WORDS
        or token in _DIRECTIONS
        or singular in _ORG_HEADS
        or singular in _PORTFOLIO_WORDS
        or token in ("Culture", "Tourism", "Sports")
    )


def _names_countries(token: str, matcher: Matcher) -> bool:
    """A qualifier such as "Brazil's" or "India-Russia" in front of an institution's name."""
    parts = _POSSESSIVE.sub("", token).split("-")
    qualified = bool(_POSSESSIVE.search(token)) or len(parts) > 1
    return qualified and all(part in matcher.targets for part in parts)


# An office named once with its holder and later alone ("Foreign Secretary Vijay Gokhale ...
# Foreign Secretary also met ..."), as readouts write it: the bare title is that holder.
# Only capitalised offices of one or more words; honorifics and common nouns ("Mr", "leader") name nobody.
_OFFICE_BEFORE = re.compile(
    r"(?<![\w\-])(?P<office>(?:(?:First|Deputy|Vice)\s+)*(?:Prime\s+Minister|President|Chancellor|Premier|"
    r"Crown\s+Prince|Governor|Ambassador|(?:[A-Z][a-z]+\s+){0,2}(?:Minister|Secretary|Adviser|Advisor)|"
    r"Secretary\s+of\s+State|Secretary-General))[ \t,]*$"
)
_OFFICE_HEADS = (
    "Minister",
    "Secretary",
    "President",
    "Advis",
    "Chancellor",
    "Premier",
    "Governor",
    "Ambassador",
    "Prince",
)
_LONE_OFFICES = frozenset(["President", "Chancellor", "Premier", "Governor", "Ambassador"])
_HONORIFICS_BEFORE = re.compile(
    r"(?:[ \t,]+(?:Dr|Mr|Mrs|Ms|Shri|Smt|Sheikh|H\.\s?E|His\s+Excellency|Her\s+Excellency)\.?)+[ \t]*$"
)
# "Russian Prime Minister", "India's Foreign Secretary", "Indo-Russian ...": a qualified office, maybe another holder.
_BARE_TITLE_AFTER = re.compile(r",?[ \t]+(?:[A-Z]|of\b|for\b)")  # "Prime Minister Modi", "Minister of ..."
_BARE_TITLE_BEFORE = re.compile(r"(?:(?<![\w\-])(?!(?:The|A|An|the|a|an)\b)[A-Z][\w\-]*|['’]s|\w+[-–]\w+)\s*$")


def _bare_titles(document: Document, collector: _Collector) -> None:
    text = document.text
    holders: dict[str, tuple[Actor, int] | None] = {}
    for mention in sorted(collector.mentions, key=lambda m: m.start):
        name = mention.actor.name
        if mention.actor.kind != "person" or name.rstrip(".") in _HONORIFICS or _generic_word(name):
            continue  # ("Dr" read alone is nobody: dropped later)
        # The office written before the name, honorifics between left out ("External Affairs
        # Minister, Dr. S. Jaishankar", "the Governor, H.E. Alexander Beglov").
        window = text[max(0, mention.start - 80) : mention.start]
        if not any(head in window for head in _OFFICE_HEADS):
            continue  # (most names have no office before them: skip the patterns)
        office = _OFFICE_BEFORE.search(_HONORIFICS_BEFORE.sub("", window))
        if office is None:
            continue
        words = office.group("office").split()
        # "Russian Foreign Minister" is also "Foreign Minister" (a lone "Minister" names nobody), and
        # by its initials, as readouts shorten it: "EAM met the Governor", "DFM Ryabkov".
        titles = [" ".join(words[i:]) for i in range(len(words)) if len(words) - i > 1 or words[i] in _LONE_OFFICES]
        initials = ["".join(w[0] for w in title.split()) for title in titles if " " in title]
        for written in (*titles, *initials):
            known = holders.get(written, (mention.actor, mention.end))
            holders[written] = None if known is None or known[0] is not mention.actor else known
    held_by = {title: held for title, held in holders.items() if held is not None}
    if not held_by:
        return  # (an office two people hold in this story is ambiguous alone)
    offices = "|".join(re.escape(title) for title in sorted(held_by, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w\-])(?:{offices})(?![\w\-])")
    for found in pattern.finditer(text, min(after for _, after in held_by.values())):
        holder, after = held_by[found.group()]
        start, end = found.start(), found.end()
        if (
            start < after  # before the office was first given with its holder's name
            or _BARE_TITLE_BEFORE.search(text, max(0, start - 40), start)
            or _BARE_TITLE_AFTER.match(text, end)
            or collector.overlaps(start, end)
            or not _usable(document, start, ("body",))
        ):
            continue  # "Russian Prime Minister", "Prime Minister Modi": another reading
        collector.add(holder.name, "person", holder.country, holder.key, holder.confidence, start, end)


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


def _leader_in_part(tokens: list[str]) -> tuple[str, str] | None:
    """The leader of the table whose full name holds every token of a shorter name of two or more,
    the last a short form of it ("Tayyip Erdogan" is Recep Tayyip Erdogan), spelt as the text
    spells the parts it writes."""
    if len(tokens) < 2 or tokens[-1] not in leader_names():
        return None
    full, code = leader_names()[tokens[-1]]
    written = {_fold(t): t for t in tokens}
    parts = full.split()
    if len(tokens) < len(parts) and set(written) <= {_fold(p) for p in parts}:
        return " ".join(written.get(_fold(p), p) for p in parts), code
    return None


def _leaders_by_surname(document: Document, matcher: Matcher, collector: _Collector) -> None:
    """ "Carney described the deal as a reset": a leader of the table by surname alone, in a story
    that names the leader's country and never the full name. (Short forms of five letters or more:
    "Moon" or "Abe" alone may be anything.)"""
    text = document.text
    named = {a.country for a in collector.by_name.values() if a.kind == "country"}
    surnames: set[str] | None = None  # folded, of the people read already; made when first needed
    for alias, (full, code) in leader_names().items():
        if code not in named or len(alias) < 5:
            continue
        start = text.find(alias)
        if start == -1 or alias in matcher.targets:
            continue
        if surnames is None:
            surnames = {_fold(a.name.split()[-1]) for a in collector.by_name.values() if a.kind == "person"}
        if _fold(alias) in surnames:
            continue  # a person read already, "Sergei Lavrov", owns the surname
        found = []
        while start != -1:
            end = start + len(alias)
            if (
                (not start or not (text[start - 1].isalnum() or text[start - 1] in "_-"))
                and (end == len(text) or not (text[end].isalnum() or text[end] in "_-"))
                and not collector.overlaps(start, end)
                and _usable(document, start)
            ):
                found.append((start, end))
            start = text.find(alias, end)
        if len(found) < 2:
            continue  # named once in passing ("Trump's tariffs"): no actor of the story
        known_person = matcher.targets.get(full)
        key = known_person.key if known_person is not None else None
        for start, end in found:
            collector.add(full, "person", code, key, 0.6, start, end)


def _merge_surnames(people: list[Actor], collector: _Collector) -> None:
    """ "President Hollande" in a headline, "Francois Hollande" in the copy: the one person, by the
    full name, when one full name read holds the surname."""
    full = [p for p in people if " " in p.name]
    # (one person can stand in the list twice, read by two readers: "Mr Babushkin" by an
    # honorific and by a speech verb; it is merged once)
    surnames = {id(p): p for p in people if " " not in p.name and p.key is None}
    for person in surnames.values():
        holders = [q for q in full if person.name in q.name.split()[1:]]
        if len(holders) != 1:
            continue
        holder = holders[0]
        holder.mentions = sorted(holder.mentions + person.mentions)
        holder.country = holder.country or person.country
        del collector.by_name[("person", person.name)]
        collector.mentions = [Mention(m.start, m.end, holder) if m.actor is person else m for m in collector.mentions]
        people[:] = [p for p in people if p is not person]


def _short_names(document: Document, people: list[Actor], collector: _Collector) -> None:
    """Mentions by part of a new person's name ("Ishiba" after "Shigeru Ishiba", or before it
    untitled). One precompiled scan of capitalised words and a dict lookup: no per-article pattern."""
    if not people:
        return
    _merge_surnames(people, collector)
    owners: dict[str, Actor | None] = {}
    for person in people:
        for token in person.name.split():
            if token in _PARTICLES or len(token) < 2 or token.endswith("."):
                continue
            owners[token] = None if token in owners and owners[token] is not person else person
    text = document.text
    found = []
    for token, owner in owners.items():
        if owner is None:
            continue
        # str.find over a handful of tokens is far cheaper than visiting every capitalised word.
        start = text.find(token)
        while start != -1:
            end = start + len(token)
            if (not start or not (text[start - 1].isalnum() or text[start - 1] in "_-")) and (
                end == len(text) or not (text[end].isalnum() or text[end] in "_-")
            ):
                found.append((start, end, owner))
            start = text.find(token, end)
    for start, end, owner in sorted(found, key=lambda f: f[0]):
        if collector.overlaps(start, end) or not _usable(document, start):
            continue
        collector.add(owner.name, "person", owner.country, owner.key, owner.confidence, start, end)
