"""Actors: countries, people and organizations named in an article.

Everything known (country names, capitals, demonyms, registry aliases) is found in one
pass of one compiled pattern. People the registry does not know are read from titles
("Japanese Prime Minister Fumio Kishida"); organizations from the words that name
institutions ("... Corporation", "Ministry of ...", "(SCO)") and from descriptors
("carmaker BYD", "Gazprom chief executive").
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field

from .document import Document
from .registry import Matcher, Target

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_NAME_TOKEN = rf"[{_UPPER}][{_LOWER}]+(?:['’][{_UPPER}][{_LOWER}]+)?(?:-[{_UPPER}{_LOWER}][{_LOWER}]+)?"
_PARTICLES = ("da", "de", "do", "dos", "das", "van", "von", "der", "den", "bin", "al", "el", "la", "le", "di", "del")
_NAME = (
    rf"(?P<name>(?:[{_UPPER}]\.?[ \t]+)?{_NAME_TOKEN}"
    rf"(?:[ \t]+(?:(?:{'|'.join(_PARTICLES)})[ \t]+)?{_NAME_TOKEN}){{0,3}})"
)
_TITLES = (
    r"(?:(?:First\s+)?(?:Deputy\s+|Vice\s+)?(?:Prime Minister|Premier)|(?:Vice\s+)?President|Chancellor|"
    r"(?:Foreign|External Affairs|Defen[cs]e|Commerce|Trade|Finance|Energy|Home|Interior|Economy|Industry|"
    r"Petroleum|Foreign Affairs|Agriculture|Economic Development|Railway|Railways|Science)\s+Minister|"
    r"Minister(?:\s+of\s+[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+)?)?|(?:Deputy\s+)?Secretary of State|"
    r"(?:Foreign|Defen[cs]e|Commerce|Treasury|Energy)\s+Secretary|National Security Adviser|Ambassador|Envoy|"
    r"King|Queen|Crown Prince|Emperor|Governor|Senator|Spokesperson|Spokesman|Spokeswoman|Chairman|"
    r"Chief Executive|CEO|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|PM|EAM|"
    r"foreign minister|prime minister|president|chancellor|minister|chief executive|chairman|spokesperson|"
    r"spokesman|spokeswoman|ambassador|envoy|chief|writer|journalist|activist|businessman|businesswoman|economist|"
    r"analyst|scholar|researcher|diplomat|lawmaker|opposition leader)"
)
_TITLED_PERSON = re.compile(rf"\b{_TITLES},?[ \t]+{_NAME}(?!\w)")
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
        "Forum",
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
    ]
)
_HEAD_WORD = re.compile(r"\b(?:" + "|".join(sorted(_ORG_HEADS)) + r")\b")
_CAP_TOKEN = rf"[{_UPPER}][\w'’&\-]*"
_ORG_SEQUENCE = re.compile(
    rf"(?<![\w'’])(?:{_CAP_TOKEN})(?:[ \t]+(?:(?:of|for|on|de|du|&)[ \t]+)?(?:the[ \t]+)?{_CAP_TOKEN})*"
)
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z0-9&\-]{1,11})\)")
_DESCRIPTOR_ORG = re.compile(
    rf"\b(?:carmaker|automaker|company|firm|conglomerate|giant|maker|manufacturer|operator|app|lender|insurer|"
    rf"airline|shipbuilder|miner|producer|developer|utility|platform|group|corporation|agency|regulator|"
    rf"exporter|refiner|shipping group|state-owned [a-z]+)\s+"
    rf"(?P<org>[{_UPPER}][\w&\-]+(?:\s+[{_UPPER}][\w&\-]+){{0,2}})"
)
_LISTED_ORGS = re.compile(
    rf"\b(?:(?:companies|firms|groups|carmakers|banks|lenders|manufacturers|makers)\s+(?:including|such as|like)|"
    rf"(?:executives|chief executives|officials|representatives|bosses)\s+(?:from|of))\s+"
    rf"(?P<orgs>[{_UPPER}][\w&\-]+(?:(?:,\s+|,?\s+and\s+)[{_UPPER}][\w&\-]+){{0,5}})"
)
# "Nayara Energy, a Vadinar-based refiner", "Rosneft and Lukoil, Russia's largest producers".
_APPOSITIVE_ORGS = re.compile(
    rf"(?<![\w'’])(?P<orgs>[{_UPPER}][\w&\-]+(?:[ \t]+[{_UPPER}][\w&\-]+)?"
    rf"(?:[ \t]+and[ \t]+[{_UPPER}][\w&\-]+(?:[ \t]+[{_UPPER}][\w&\-]+)?)?),[ \t]+"
    rf"(?:a|an|the|[{_UPPER}][\w\-]+['’]s)[ \t][^,.;]{{0,40}}?\b(?:refiner|compan|firm|producer|maker|lender|"
    rf"operator|giant|exporter|manufacturer|conglomerate|insurer|airline|utility|carrier|miner|developer)\w*"
)
_ORG_BEFORE_ROLE = re.compile(
    rf"(?<![\w'’])(?P<org>[{_UPPER}][\w&\-]+(?:\s+[{_UPPER}][\w&\-]+){{0,2}})\s+"
    rf"(?:chief executive|chief executive officer|CEO|chairman|chairwoman|spokesperson|spokesman|spokeswoman|"
    rf"executives?|shareholders)\b"
)
_POSSESSIVE = re.compile(r"['’]s$")
_COORDINATED = rf"[{_UPPER}][\w&\-]+(?:[ \t]+[{_UPPER}][\w&\-]+){{0,2}}"
_COORDINATED_AFTER = re.compile(rf"(?:\s*\([A-Z]+\))?[ \t]+and[ \t]+(?P<org>{_COORDINATED})(?![\w'’])")
_COORDINATED_BEFORE = re.compile(rf"(?<![\w'’])(?P<org>{_COORDINATED})[ \t]+and[ \t]+$")


@dataclass
class Actor:
    name: str
    kind: str
    country: str | None
    key: str | int | None
    confidence: float
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor: Actor


@dataclass
class ActorIndex:
    actors: list[Actor]
    mentions: list[Mention]  # sorted by start

    def __post_init__(self) -> None:
        self._starts = [m.start for m in self.mentions]

    def in_span(self, start: int, end: int) -> list[Mention]:
        first, last = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [m for m in self.mentions[first:last] if m.end <= end]


_CONFIDENCE = {"registry": 0.95, "name": 0.9, "capital": 0.8, "demonym": 0.75}


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

    def add(self, name: str, kind: str, country: str | None, key, confidence: float, start: int, end: int) -> Actor:
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


def _country_before(text: str, start: int, known: list[tuple[int, int, Target]]) -> str | None:
    """The country qualifying a title: "Japanese Prime Minister", "India's Foreign Minister"."""
    for _, e, target in reversed(known):
        if e > start:
            continue
        gap = text[e:start]
        if target.kind == "country" and re.fullmatch(
            r"(?:['’]s)?\s*(?:(?:Deputy|First|Vice|then|former|new)\s+)*", gap
        ):
            return target.country
        break
    return None


def find_actors(document: Document, matcher: Matcher) -> ActorIndex:
    text = document.text
    collector = _Collector()
    known: list[tuple[int, int, Target]] = []
    if matcher.pattern is not None:
        for match in matcher.pattern.finditer(text):
            target = matcher.targets[match.group()]
            if target.kind == "blocked" or not _usable(document, match.start()):
                continue
            known.append((match.start(), match.end(), target))
            collector.add(
                target.name,
                target.kind,
                target.country,
                target.key,
                _CONFIDENCE[target.how],
                match.start(),
                match.end(),
            )

    new_people = _titled_people(document, matcher, known, collector)
    _organizations(document, matcher, collector)
    _short_names(document, new_people, collector)
    mentions = sorted(collector.mentions, key=lambda m: m.start)
    actors = [a for a in collector.by_name.values() if a.mentions]
    return ActorIndex(actors, mentions)


def _titled_people(document: Document, matcher: Matcher, known, collector: _Collector) -> list[Actor]:
    text = document.text
    people: list[Actor] = []
    for match in _TITLED_PERSON.finditer(text):
        name = match.group("name")
        start, end = match.start("name"), match.end("name")
        if not _usable(document, start) or collector.overlaps(start, end):
            continue
        tokens = [t for t in re.split(r"\s+", name) if t]
        while tokens and tokens[-1] in _NOT_NAMES:
            tokens.pop()
        # "He" is a pronoun after a title unless a given name follows ("Vice Premier He Lifeng").
        if not tokens or (tokens[0] in _NOT_NAMES and len(tokens) == 1) or any(t in matcher.targets for t in tokens):
            continue
        name = " ".join(tokens)
        end = start + len(name)
        country = _country_before(text, match.start(), known)
        people.append(collector.add(name, "person", country, None, 0.75 if len(tokens) > 1 else 0.6, start, end))
    return people


def _org_sequences(text: str):
    """Capitalised sequences holding an institution word, found from the (rare) head words
    outward rather than by scanning every capitalised word of the text."""
    for head in _HEAD_WORD.finditer(text):
        window_start = max(0, head.start() - 150)
        for match in _ORG_SEQUENCE.finditer(text, window_start, min(len(text), head.end() + 150)):
            if match.start() <= head.start() < match.end():
                yield match
                break


def _organizations(document: Document, matcher: Matcher, collector: _Collector) -> None:
    text = document.text

    def add(name: str, start: int, confidence: float) -> None:
        name = _POSSESSIVE.sub("", name).strip()
        # Headlines capitalise every word, so institution names are only guessed in running text.
        if len(name) < 2 or name in matcher.targets or not _usable(document, start, ("body",)):
            return
        if collector.inside(start, start + len(name)):
            return
        collector.add(name, "organization", None, None, confidence, start, start + len(name))

    done: set[int] = set()
    acronyms: set[str] = set()
    for match in _org_sequences(text):
        if match.start() in done:
            continue
        done.add(match.start())
        tokens = match.group().rstrip(".").split()
        # Drop a sentence-initial article and trailing non-head words ("Bank of Brazil said").
        while tokens and (tokens[0] in ("The", "A", "An") or _names_countries(tokens[0], matcher)):
            tokens.pop(0)
        # "China for the Shanghai Cooperation Organisation": a known name, then the institution.
        if len(tokens) > 2 and tokens[0] in matcher.targets and tokens[1] in ("for", "of", "on"):
            tokens = tokens[3:] if tokens[2] == "the" else tokens[2:]
        if not any(_POSSESSIVE.sub("", t) in _ORG_HEADS for t in tokens) or len(tokens) < 2:
            continue
        name = " ".join(tokens)
        start = match.start() + match.group().find(tokens[0])
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
    for pattern in (_DESCRIPTOR_ORG, _ORG_BEFORE_ROLE):
        for match in pattern.finditer(text):
            org = match.group("org")
            if org.split()[0] in _NOT_NAMES:
                continue
            add(org, match.start("org"), 0.55)
    for match in _APPOSITIVE_ORGS.finditer(text):
        for item in re.split(r"[ \t]+and[ \t]+", match.group("orgs")):
            if item.split()[0] not in _NOT_NAMES:
                add(item, match.start("orgs") + match.group("orgs").find(item), 0.5)
    for match in _LISTED_ORGS.finditer(text):
        for item in re.finditer(r"[^\s,]+", match.group("orgs")):
            if item.group() != "and" and item.group() not in _NOT_NAMES:
                add(item.group(), match.start("orgs") + item.start(), 0.55)
    # "Dassault Aviation and Airbus": a name coordinated with an institution is one too.
    known_orgs = [a for a in collector.by_name.values() if a.kind == "organization"]
    for actor in known_orgs:
        for start, end in list(actor.mentions):
            after = _COORDINATED_AFTER.match(text, end)
            if after and after.group("org").split()[0] not in _NOT_NAMES:
                add(after.group("org"), after.start("org"), 0.5)
            before = _COORDINATED_BEFORE.search(text, max(0, start - 60), start)
            if before and before.group("org").split()[0] not in _NOT_NAMES:
                add(before.group("org"), before.start("org"), 0.5)


def _names_countries(token: str, matcher: Matcher) -> bool:
    """A qualifier such as "Brazil's" or "India-Russia" in front of an institution's name."""
    parts = _POSSESSIVE.sub("", token).split("-")
    qualified = bool(_POSSESSIVE.search(token)) or len(parts) > 1
    return qualified and all(part in matcher.targets for part in parts)


_CAPITALISED_WORD = re.compile(rf"(?<![\w\-])[{_UPPER}][\w\-]*")


def _short_names(document: Document, people: list[Actor], collector: _Collector) -> None:
    """Mentions by part of a new person's name ("Ishiba" after "Shigeru Ishiba", or before it
    untitled). One precompiled scan of capitalised words and a dict lookup: no per-article pattern."""
    if not people:
        return
    owners: dict[str, Actor | None] = {}
    for person in people:
        for token in person.name.split():
            if token in _PARTICLES or len(token) < 2 or token.endswith("."):
                continue
            owners[token] = None if token in owners and owners[token] is not person else person
    for match in _CAPITALISED_WORD.finditer(document.text):
        owner = owners.get(match.group())
        if owner is None or collector.overlaps(match.start(), match.end()) or not _usable(document, match.start()):
            continue
        collector.add(owner.name, "person", owner.country, owner.key, owner.confidence, match.start(), match.end())
