"""Agreements: deals, contracts, projects and proposals between the pair.

A mention is anchored on something distinctive — a model designation ("F-35",
"T-90S"), a named project ("Rooppur Nuclear Power Plant", "Nord Stream 2
pipeline"), an acronym defined in the text, a registry key — or on a deal object from the
contract vocabulary ("nuclear power plant", "LNG") when the sentence also says where the
deal stands. Mentions sharing a key are one agreement.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, cast

from .actors import ActorIndex
from .candidates import AgreementCandidate, Span
from .cues import Cue, WordIndex
from .dates import DATE_WORDS, MONTHS, WEEKDAYS
from .document import Document
from .numbers import AMOUNT, CURRENCY_WORDS, NUMBERS, WORD_NUMBERS
from .registry import Matcher, RegistryAgreement
from .sentences import Sentence, ascii_lower
from .vocabulary import (
    DEAL_CUE,
    LOWER_HEADS,
    OBJECT_CUE,
    OBJECT_PATTERN,
    OBJECT_SECTOR,
    OBJECTS,
    PROJECT_HEADS,
    STATUS_CUES,
    sector_of,
    status_cues,
    status_near,
    status_of,
)

# The character before a designation or a name is checked in code: a leading lookbehind
# costs the regex engine its first-character skip.
_DESIGNATION = re.compile(r"[A-Z][A-Za-z]{0,5}-?\d{1,4}[A-Za-z]{0,4}(?:-\d{1,3})?(?![\w\-])")
_NOT_DESIGNATIONS = re.compile(
    r"(?:G\d+|COP\d+|FY\d+|Q[1-4]|H[12]|COVID-?19|Covid-?19|Mk\d+|No\d+|[A-Z]2[A-Z]|[A-Z]{1,2}\d{1,2}|PM\d+(?:\.\d+)?)"
)
_DIGIT_IN_FIRST = re.compile(r"[^\s\d]*\d")
# "Mogami-class frigates", "Kolkata-class destroyers": a ship or vehicle class names the deal.
_CLASS_NAME = re.compile(r"(?<![\w\-])[A-Z][\w]+-class\b")
_NAME_SEQUENCE = re.compile(r"[A-Z][\w'’\-]*(?:[ \t]+(?:(?:of|the|for)[ \t]+)*(?:[A-Z][\w'’\-]*|\d{1,3}(?![\d,.]\d)))*")
# A name followed by up to two lower-case modifiers and a head: "Akkuyu nuclear power plant",
# "Black Sea grain deal", "Power of Siberia 2 gas pipeline".
_AFTER_NAME = re.compile(
    r"\s+(?:(?!(?:the|a|an|of|and|or|to|in|on|for|with|by|from|at|is|are|was|were|has|have|had|will|would)\b)"
    r"[a-z][a-z\-]*\s+){0,2}(?P<head>" + "|".join(LOWER_HEADS) + r")\b(?!s)"
)
# "the India-Eurasian Economic Union trade negotiations", "India-EU FTA talks": a trade
# agreement under negotiation, named by who negotiates it.
_TRADE_TALKS = re.compile(r"\s+(?:free[ \-])?(?:trade|fta)\s+(?:agreement\s+)?(?:negotiations|talks)\b", re.IGNORECASE)
# The head words _AFTER_NAME ends on: where none follows a name, it is not tried.
_LOWER_HEAD = Cue(r"\b(?:" + "|".join(LOWER_HEADS) + r")\b")
_ACRONYM = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z0-9&\-]{1,11})\)")
_PROJECT_HEADS = frozenset(PROJECT_HEADS)
_INSTITUTIONS = frozenset(
    [
        "Ministry",
        "Department",
        "Agency",
        "Authority",
        "Commission",
        "Council",
        "Bureau",
        "Force",
        "Navy",
        "Army",
        "Guard",
    ]
)
_MONTH_NAMES = frozenset(name.capitalize() for name in MONTHS)  # "April", "Sept"
# Words capitalised only because they open a sentence: "With fighter jets flying overhead".
_OPENING_WORDS = frozenset(
    [
        "With",
        "After",
        "Before",
        "As",
        "In",
        "On",
        "At",
        "For",
        "From",
        "By",
        "During",
        "Since",
        "While",
        "When",
        "If",
        "But",
        "And",
        "Under",
        "Over",
        "Amid",
        "Despite",
        "Following",
        "Through",
        "Among",
        "Between",
        "Into",
        "Against",
        "Without",
        "To",
        "Of",
        "Once",
        "Unlike",
        "Like",
    ]
)
_DETERMINERS = frozenset(["The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "Our"])
_LIST_GAP = re.compile(
    r"\s*(?:[a-z\-]+\s+){0,2}?(?:,|;|and|or|as well as|plus)\s*(?:,?\s*(?:and|or)\s+)?(?:[\w\-]+\s+){0,3}",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r",\s*and\b|;|\bbut\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
# Keys that name a kind of thing rather than one deal: they need a status cue to count.
_GENERIC = ("object", "topic")
_DEAL_NOUNS = (
    r"(?:agreements?|deals?|mous?|memorand(?:ums?|a)(?: of (?:understanding|cooperation))?|pacts?|accords?|letters?|"
    r"treat(?:y|ies)|contracts?|programmes?|programs?|roadmaps?|dialogues?|declarations? of intent|protocols?|"
    r"plans? of action|action plans?|charters?)"
)
_DEAL_ON = re.compile(
    r"\b(?:(?:a|an|the|\d+|two|three|four|five|six|seven|eight|nine|ten|several|separate|new|including)\s+"
    r"(?:[a-z\-$\d.]+\s+){0,3}?)?"
    + _DEAL_NOUNS
    # "a deal for a refining complex", "the contract for the training of astronauts": what it is for.
    # "a Programme of Cooperation in science": what a cooperation instrument is in.
    + r"(?:\s+of\s+(?:intent|understanding|cooperation))?(?:\s*\([a-z]{2,6}\))?"
    r"\s+(?:on|covering|for|(?<=cooperation )in|in the (?:fields?|areas?|spheres?|sectors?) of)\s+"
    r"(?:the\s+|a\s+|an\s+)?"
    r"(?P<topic>[a-z][a-z\-]+(?:\s+[a-z][a-z\-]+){0,2})"
)
_FOR_BEFORE = re.compile(r"\bfor (?:the |a |an )?$")
_IDIOMATIC_DEAL = re.compile(r"\b(?:a|no|such a|quite a) (?:big|great|good|huge) deal (?:for|on) (?:the |a |an )?$")
_DEAL_WITH = re.compile(
    r"\b(?:deal|agreement|contract|pact|MoU)\s+with\s+(?P<party>[A-Z][\w&\-]+(?:[ \t]+[A-Z][\w&\-]+){0,2})"
)
_WITH_PARTY = re.compile(r"\s+with\s+[A-Z]")
# "two refinery executives said": the object word names who speaks, not the deal.
_PEOPLE_AFTER = re.compile(
    r"\s+(?:executives?|officials?|workers?|sources?|chiefs?|bosses|managers?|employees|staff|analysts?|traders?)\b"
)
_TITLE_STOP = frozenset(
    [
        "last",  # "a deal with Rosneft last December"
        "next",
        "earlier",
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "for",
        "to",
        "from",
        "by",
        "with",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "will",
        "would",
        "could",
        "has",
        "have",
        "had",
        "that",
        "which",
        "who",
        "as",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "under",
        "into",
        "over",
        "after",
        "before",
        "since",
        "but",
        "while",
        "between",
        "among",
        "through",
        "via",
        "across",
        "within",
        "against",
        "during",
        "including",
        "amid",
        "near",
        "towards",
        "toward",
        "meant",
        "despite",
        "following",
        "ahead",
        "designed",
        "aimed",
        "intended",
        "worth",
        "valued",
        "too",
        "also",
        "soon",
        # "the documents signed today": when, not what.
        "today",
        "yesterday",
        "tonight",
        "recently",
        "here",
        "there",
        "upon",  # "as agreed upon"
    ]
)
_VERBS = frozenset(
    [
        "build",
        "set",
        "help",
        "sign",
        "renew",
        "construct",
        "supply",
        "buy",
        "sell",
        "develop",
        "produce",
        "make",
        "study",
        "continue",
    ]
)
_DEAL_NOUN = re.compile(r"\b(?:deal|contract|agreement|pact|treaty|MoU|memorandum|accord|order)s?\b", re.IGNORECASE)
# "in the pipeline" is about timing, not a pipeline.
_IDIOM = re.compile(r"\bin the pipeline$")
_STATUS_RANK = {status: rank for rank, (status, _) in enumerate(STATUS_CUES)}


class KeySpan(NamedTuple):  # made for every name and object of every deal sentence
    start: int
    end: int
    text: str
    kind: str  # registry | designation | name | acronym | listed | object | topic | bundle
    norm: str
    objects: tuple[str, ...] = ()  # deal objects it names ("nuclear power plant" in a plant's name)


@dataclass(eq=False)
class _Mention:
    sentence: Sentence
    spans: list[KeySpan]
    status: str | None
    distinctive: bool = field(init=False)  # names the deal rather than a kind of thing

    def __post_init__(self) -> None:
        self.distinctive = any(s.kind not in _GENERIC for s in self.spans)


@dataclass(eq=False)  # one cluster per deal: compared by identity
class _Cluster:
    mentions: list[_Mention] = field(default_factory=list)
    registry: RegistryAgreement | None = None


_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_WORD_BEFORE = re.compile(r"(?<![\w\-'’])([a-z][a-z\-]*)\s+$")  # (not the "s" of "India’s")
_SPEECH_VERBS = frozenset(
    [
        "discussed",
        "confirmed",
        "said",
        "noted",
        "stressed",
        "reviewed",
        "welcomed",
        "announced",
        "reflects",
        "reflected",
        "emphasized",
        "emphasised",
        "highlighted",
        "explored",
        "considered",
        "hailed",
        "praised",
        "mentioned",
        "underlined",
        "underscored",
    ]
)
_TAIL_WORDS = re.compile(r"(?:\s+(?:[\w\-]+))*")


def _norm(text: str) -> str:
    lowered = text.lower()
    # "Scorpene-class submarines" and "Scorpene submarines" are one deal.
    return _NON_ALNUM.sub("", lowered[: -len("-class")] if lowered.endswith("-class") else lowered)


# Objects news copy names either way: one deal for "fighter jets" and "fighter aircraft".
_SAME_OBJECT = {"fighter aircraft": "fighter jet"}


def _object_norm(text: str) -> str:
    lowered = text.lower()
    for candidate in (lowered, lowered[:-1], lowered[:-2]):
        if candidate in OBJECT_SECTOR:
            return _SAME_OBJECT.get(candidate, candidate)
    return lowered


_LIST_OPENER = re.compile(
    r"\b(?:(?:agreements|pacts|mous|memorand(?:ums|a)(?: of understanding)?|instruments|documents|deals|contracts|"
    r"accords|treaties)\s+(?:(?:were\s+|was\s+)?(?:signed|inked|concluded|exchanged)\s+)?"
    r"(?:on|relating to|related to|regarding|covering|in the (?:fields?|areas?|sectors?) of|for)|"
    r"(?:agreements|pacts|deals|contracts|mous|documents|instruments)[^.;:]{0,60}?\b(?:included|include|includes|involve|involved)|"
    r"(?:intention|plans?|agreed|decided|wants|want|aims?|set) to (?:buy|purchase|acquire|procure)|"
    # "defence agreements to provide Mi-17 helicopters and Su-30 MKI aircraft were signed"
    r"(?:agreements|deals|contracts|pacts) to (?:provide|supply|deliver|buy|purchase|build|produce))\s+"
)
# A bare "and" joins two deals only before a new noun phrase ("missiles and two frigates"), or
# in a list with commas; "Oil and Gas", "Research and Development" are one thing.
_ITEM_SPLIT = re.compile(
    r"\s*,\s*(?:and\s+|as well as\s+)?|\s+(?:as well as|along with|besides)\s+|"
    r"\s+and\s+(?=(?:a|an|the|its|their|another|other|\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten)\s)"
)
_BARE_AND = re.compile(r"\s+and\s+")
_LIST_END = re.compile(
    r"[.;:]|\s(?:which|that|worth|to be|in order to|so that|while|as part of|"
    r"(?!relating|including|regarding|concerning|covering)[a-z]+ing|will|would|is|are|was|were|has|have)\s|"
    r",\s+(?:it|they|he|she|as)\s"
)
_ITEM_LEAD = re.compile(
    r"^(?:(?:the|a|an|its|their|other|another|at least|some|about|around|up to|\d[\d,.]*|"
    r"two|three|four|five|six|seven|eight|nine|ten|dozens of|several)\s+)+"
)


def _listed_deals(sentence: Sentence, matcher: Matcher) -> list[KeySpan]:
    opener = _LIST_OPENER.search(sentence.lower)
    if opener is None:
        return []
    end = _LIST_END.search(sentence.lower, opener.end())
    region_end = end.start() if end else len(sentence.text)
    region = sentence.text[opener.end() : region_end]
    items, position = [], opener.end()
    pieces = _ITEM_SPLIT.split(region)
    if len(pieces) > 2:  # a list with commas: its last "and" separates too ("A, B and C")
        pieces[-1:] = _BARE_AND.split(pieces[-1], maxsplit=1)
    for piece in pieces:
        at = sentence.text.find(piece, position)
        position = at + len(piece)
        lead = _ITEM_LEAD.match(piece.lower())
        item = piece[lead.end() :] if lead else piece
        start = at + (lead.end() if lead else 0)
        words = item.split()
        if not words or len(words) > 9 or all(w.strip(".,") in matcher.targets for w in words):
            continue
        # A deal is named (a capitalised word that is no place, person or date), counted or designated
        # ("S-400"), or is a thing of the deal vocabulary; a list of fields ("trade, energy and
        # culture") names none.
        named = any(
            w[:1].isupper() and w.strip(".,") not in matcher.targets and w.strip(".,") not in DATE_WORDS for w in words
        )
        if not (named or any(c.isdigit() for c in item) or OBJECT_PATTERN.search(item.lower())):
            continue
        if words[0] in DATE_WORDS:
            continue  # "agreements on May 13": when, not what
        items.append(
            KeySpan(
                sentence.start + start, sentence.start + start + len(item), item, "listed", _norm(item), (_norm(item),)
            )
        )
    return items if len(items) > 1 else []


def _topic_spans(sentence: Sentence) -> list[KeySpan]:
    """Fallback keys for a sentence naming nothing from the vocabulary: what "an agreement on X"
    is about, or who "a deal with X" is with."""
    spans = []
    for m in _DEAL_ON.finditer(sentence.lower):
        words = []
        for word in m.group("topic").split():
            if word in _TITLE_STOP or word in _VERBS:
                break
            words.append(word)
        if words and (
            words[0].capitalize() in _MONTH_NAMES or words[0] in _CIRCUMSTANCES or words[-1] in _CIRCUMSTANCES
        ):
            continue  # "cleared the deal on April 9": when, not what; "signed on behalf of": by whom;
            # "this dialogue on a regular basis": how often
        if _IDIOMATIC_DEAL.search(sentence.lower, 0, m.start("topic")) or (
            sentence.text[m.start("topic")].isupper() and _FOR_BEFORE.search(sentence.lower, 0, m.start("topic"))
        ):
            continue  # "a big deal for India": an idiom; "a deal for India": who it is for, read by name
        if words:
            start = sentence.start + m.start("topic")
            phrase = sentence.text[m.start("topic") : m.start("topic") + len(" ".join(words))]
            spans.append(KeySpan(start, start + len(phrase), phrase, "topic", _norm(phrase), (_norm(phrase),)))
    for m in _DEAL_WITH.finditer(sentence.text):
        start = sentence.start + m.start("party")
        spans.append(KeySpan(start, start + len(m.group("party")), m.group("party"), "name", _norm(m.group("party"))))
    return spans


_ACTION_VERBS = (
    "resume|reopen|restart|ease|simplify|set up|establish|launch|create|form|build|construct|develop|expand|"
    "extend|open|allow|explore|start|begin|supply|buy|purchase|sell|order|procure|produce|manufacture|"
    "co-produce|introduce|lift|remove|cut|lower|upgrade|modernise|modernize|finance|fund|implement|"
    "join|provide|deliver|import|export|revive|switch|hold|settle|pay|train|jointly develop|commence"
)
_ACTIONS = tuple(f" {verb}" for verb in _ACTION_VERBS.split("|"))
_POSSESSIVE_END = re.compile(r"['’]s?$")
# "agreed to resume direct flights, reopen border trade ... and ease visas", "agreed a pilot scheme",
# "signed a 10-year framework", "offered to supply up to 4 million tonnes of urea".
_COMMITMENT = re.compile(
    r"\b(?:agreed|agrees|agree|agreeing|decided|offered|offers|offering|pledged|(?<!with )(?<!the )approved|"
    r"signed(?! (?:up|off)\b)|sealed|drafted|finali[sz]ed(?! by\b)|"
    r"(?<!recently )(?<!just )(?<!successfully )concluded|inked|"
    r"launched)\s+(?:(?:in|on|last|this|earlier)\s+[\w\-]+\s+)?"
    r"(?:to\s+(?:(?:" + _ACTION_VERBS + r")\s+))?"
)
_NEXT_ACTION = re.compile(r"[^;]*?(?:,\s*(?:and\s+)?|\s+and\s+)(?:to\s+)?(?:" + _ACTION_VERBS + r")\s+")
_NEXT_ITEM = re.compile(r"[^;]{0,80}?\s+and\s+(?=(?:a|an)\s)")
_NP_SKIP = re.compile(
    r"(?:(?:a|an|the|more|new|its|their|some|further|up to|about|around|nearly|over)\s+|"
    r"[\d.,]+(?:\s+(?:million|billion|thousand|lakh|crore))?(?:\s+[a-z\-]+)?\s+of\s+|\d+-[a-z]+\s+)*"
)
_NP_WORD = re.compile(r"([a-z][a-z\-]*)(\s+|(?=[,;.:)\"”]|$))")
# What a commitment is about when it is not a deal: "agreed to deepen cooperation".
# "... passes and ease visas", "... and a working group": the next item of a list of commitments.
_SEPARATE_ITEM = re.compile(r"(?:\band|,)\s+(?:(?:" + _ACTION_VERBS + r")\s+|(?:a|an)\s+$)", re.IGNORECASE)
_ABSTRACT = frozenset(
    [
        "cooperation",
        "ties",
        "relations",
        "relationship",
        "efforts",
        "partnership",
        "engagement",
        "friendship",
        "trust",
        "momentum",
        "importance",
        "need",
        "necessity",
        "contacts",
        "communication",
        "understanding",
        "peace",
        "stability",
        "security",
        "growth",
        "way",
        "steps",
        "measures",
        "work",
        "talks",
        "dialogue",
        "coordination",
        "exchanges",
        "it",
        "them",
        "this",
        "that",
        "all",
        "which",
        "what",
        # money to be provided, and time: "agreed to provide the money", "concluded in the first half"
        "money",
        "support",
        # what the sides agree on that names no deal: "agreed on the issues", "agreed on the
        # potential for ...", "agreed to create favorable conditions"
        "issues",
        "issue",
        "agenda",
        "tradition",
        "potential",
        "conditions",
        "opportunities",
        "prospects",
        "matters",
        "directions",
        "priorities",
        "half",
        "quarter",
        "year",
        "month",
        "week",
        "time",
    ]
)


_MECHANISMS = frozenset(["dialogue", "talks", "consultations", "exchanges"])
# "signed on behalf of Zambia", "signed in the presence of the ministers", "on the sidelines of the
# summit": the circumstances of a signing, not what was signed.
_CIRCUMSTANCES = frozenset(
    ["behalf", "presence", "sidelines", "margins", "margin", "occasion", "eve", "course", "basis", "context"]
)


# Adverbs end no name of a thing; nouns ending in -ly do.
_ADVERBS = frozenset(["now", "soon", "today", "already", "then", "again", "yet", "later", "earlier", "also", "still"])
_LY_NOUNS = frozenset(
    ["supply", "assembly", "family", "ally", "monopoly", "rally", "italy", "july", "anomaly", "reply"]
)


def _adverb(word: str) -> bool:
    return word in _ADVERBS or (len(word) > 4 and word.endswith("ly") and word not in _LY_NOUNS)


def _noun_phrase(lower: str, pos: int, of_a_relation: bool = False) -> tuple[int, int] | None:
    pos = _NP_SKIP.match(lower, pos).end()  # type: ignore[union-attr]
    start, end = pos, pos
    words: list[str] = []
    ends: list[int] = []
    while len(words) < 4:
        m = _NP_WORD.match(lower, pos)
        if not m or m.group(1) in _TITLE_STOP or m.group(1) in _VERBS:
            break
        words.append(m.group(1))
        end = m.end(1)
        ends.append(end)
        pos = m.end()
        if not m.group(2):
            break
    if len(words) == 1 and words[0] in _RELATIONAL and lower.startswith(" of ", end):
        inner = _noun_phrase(lower, end + 4, of_a_relation=True)
        return (start, inner[1]) if inner and not _DOCUMENT.fullmatch(lower, *inner) else None
    while words and _adverb(words[-1]):
        words.pop()  # "the dates are almost finalized now", "agreed on the roughly $5 billion deal": no thing named
        ends.pop()
        end = ends[-1] if ends else start
    if (
        not words
        or words[0] in _CIRCUMSTANCES
        or (
            (words[-1] in _ABSTRACT or words[-1].rstrip("s") in _ABSTRACT)
            and not (words[-1] in _MECHANISMS and any(w not in _WEAK_MODIFIERS for w in words[:-1]))
        )
    ):
        return None  # "agreed to deepen cooperation"; but "restart a security dialogue" is a mechanism
    if words[-1] in CURRENCY_WORDS and not of_a_relation:
        return None  # "... to pay in yuan": a currency is what a deal is paid in, unless its use is the point
    return start, end


# How or when something was done, where what was done is looked for: "was signed very positively".
_ADVERB = re.compile(r"(?:very|so|too|also|well|here|there|today|yesterday|now|then|again|[a-z]+ly)")


def _commitment_spans(sentence: Sentence, matcher: Matcher) -> list[KeySpan]:
    """Fallback keys: what the pair agreed, signed or offered to do, one per coordinated item."""
    lower, spans = sentence.lower, []
    for m in _COMMITMENT.finditer(lower):
        if _DOCUMENT_BEFORE.search(lower, 0, m.start()):
            continue  # "the agreements signed span many sectors": a participle, and no object follows
        pos = m.end()
        after_action = m.group().rstrip().endswith(_ACTIONS)
        while True:
            np = _noun_phrase(lower, pos)
            named_taken = False
            if np is not None and not sentence.text[np[0] : np[0] + 1].islower():
                # "agreed to develop an Enhanced Economic Engagement Strategy": a name of several
                # capitalised words after an action is what was agreed; "offered Indian state buyers a
                # contract", "agreed to visit India": a party or a place, not the deal.
                named = _NAME_SEQUENCE.match(sentence.text, np[0]) if after_action else None
                tokens = named.group().split() if named else []
                if len([t for t in tokens if t[:1].isupper()]) >= 2 and not any(
                    _POSSESSIVE_END.sub("", t) in matcher.targets for t in tokens
                ):
                    start, end = named.start(), named.end()  # type: ignore[union-attr]  # tokens needs a match
                    phrase = sentence.text[start:end]
                    spans.append(KeySpan(sentence.start + start, sentence.start + end, phrase, "name", _norm(phrase)))
                    pos, named_taken = end, True
                np = None
            if np is not None and _ADVERB.fullmatch(lower, np[0], np[1]):
                np = None  # "was signed very positively": how it was signed, not what
            to = _TO_OR_BY.match(lower, np[1]) if np is not None else None
            if to is not None and AMOUNT.match(sentence.text, to.end()):
                np = None  # "agreed to lift bilateral trade to $150 billion": a goal, not a deal
            if (
                np is not None
                and _DOCUMENT.fullmatch(lower, np[0], np[1])
                and (_DEAL_ON.search(lower, np[0] - 3) or _WITH_PARTY.match(sentence.text, np[1]))
            ):
                return []  # "signed a letter of intent on X", "a memorandum on X": X is read as the topic
            if np is not None:
                start, end = np
                phrase = sentence.text[start:end]
                spans.append(
                    KeySpan(
                        sentence.start + start, sentence.start + end, phrase, "topic", _norm(phrase), (_norm(phrase),)
                    )
                )
                pos = end
            item = _NEXT_ITEM.match(lower, pos)
            action = None if item else _NEXT_ACTION.match(lower, pos)
            if (item or action) is None or (np is None and not named_taken):
                break
            pos = (item or action).end()  # type: ignore[union-attr]  # one of them matched
            after_action = action is not None
    return spans


_DOCUMENT_BEFORE = re.compile(r"\b(?:" + _DEAL_NOUNS + r"|documents?)\s+$")
_DOCUMENT = re.compile(
    r"(?:[a-z\-]+\s+)?(?:letters?|memorand(?:um|a)|mous?|agreements?|deals?|contracts?|pacts?|accords?|treat(?:y|ies)|"
    r"documents?|declarations?)"
)
_TO_OR_BY = re.compile(r"\s+(?:to|by)\s+")


def _is_money(text: str) -> bool:
    """A currency sign or code glued to a number ("Dh241"), as the amount pattern reads it."""
    match = AMOUNT.fullmatch(text)
    return match is not None and match.group("prefix") is not None


# "agreed to expand the use of national currencies": a relational noun takes its of-phrase along.
_RELATIONAL = frozenset(
    ["use", "raft", "range", "number", "series", "set", "host", "slew", "array", "batch", "pair", "part", "share"]
)
# "a localisation deal", "a joint launcher initiative": what the deal is named for.
_NAMED_BY_NOUN = re.compile(
    r"\b(?:a|an|the)\s+(?P<np>(?:[a-z][a-z\-]+\s+){1,2}(?:deal|agreement|pact|accord|initiative|scheme|"
    r"framework|task force|mechanism|venture|action plan|roadmap|road map|plan))s?\b"
)
_WEAK_MODIFIERS = frozenset(
    [
        "new",
        "big",
        "major",
        "landmark",
        "historic",
        "long-term",
        "short-term",
        "final",
        "first",
        "second",
        "possible",
        "proposed",
        "potential",
        "broader",
        "wider",
        "comprehensive",
        "bilateral",
        "separate",
        "similar",
        "previous",
        "earlier",
        "existing",
        "same",
        "whole",
    ]
)


def _named_by_noun(sentence: Sentence) -> list[KeySpan]:
    spans = []
    for m in _NAMED_BY_NOUN.finditer(sentence.lower):
        words = m.group("np").split()
        if any(w in _TITLE_STOP or w in _VERBS for w in words) or all(w in _WEAK_MODIFIERS for w in words[:-1]):
            continue
        while words[0] in _WEAK_MODIFIERS:
            words.pop(0)
        phrase_lower = " ".join(words)
        start = m.end("np") - len(phrase_lower)
        phrase = sentence.text[start : m.end("np")]
        spans.append(
            KeySpan(
                sentence.start + start, sentence.start + m.end("np"), phrase, "topic", _norm(phrase), (_norm(phrase),)
            )
        )
    return spans


# "signed 37 new bilateral agreements", "six agreements and MoUs": a bundle counted at a signing
# is one agreement (the guideline).
_BUNDLE = re.compile(
    r"\b(?P<np>(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|dozens? of|"
    r"several|a (?:raft|series|slew|number|host) of)\s+(?:[a-z\-]+\s+){0,3}?(?:agreements|deals|pacts|accords|"
    r"mous|memorand(?:ums|a)(?: of understanding)?|documents|contracts|treaties))\b"
)


def _bundle_spans(sentence: Sentence) -> list[KeySpan]:
    spans = []
    for m in _BUNDLE.finditer(sentence.lower):
        phrase = sentence.text[m.start("np") : m.end("np")]
        start = sentence.start + m.start("np")
        spans.append(KeySpan(start, start + len(phrase), phrase, "bundle", _norm(phrase), (_norm(phrase),)))
    return spans


# "A crucial MoU was signed between ISRO and Roscosmos on ...", "two MoUs were signed between the
# central banks for ...": a document that the sentence says was signed, named only by its kind.
_SIGNED_DOCUMENT = re.compile(
    r"\b(?P<np>(?:(?:a|an|two|three|four|five|\d{1,2})\s+)?(?:[a-z\-]+\s+){0,2}?"
    + _DEAL_NOUNS
    + r")(?:\s*\([a-z]+\))?"
    + r"[^.;]{0,150}?\b(?:was|were|has been|have been|had been|is being|are being) (?:signed|inked|concluded)\b"
)


_SIGNED_FOR = re.compile(r"[^.;]*?\b(?:on|for)\s+(?:the\s+|a\s+|an\s+)?(?P<topic>[a-z][a-z\-]+)")


def _signed_document_spans(sentence: Sentence) -> list[KeySpan]:
    m = _SIGNED_DOCUMENT.search(sentence.lower)
    if m is None or m.group("np").startswith(("the ", "this ", "that ", "these ", "those ")):
        return []  # "The contract was signed by ...": the deal read by its name elsewhere
    # What it is on or for names it better than its kind ("... for the establishment of an IIT").
    topic = _SIGNED_FOR.match(sentence.lower, m.end())
    at = (
        "topic"
        if topic
        and topic.group("topic") not in _TITLE_STOP
        and topic.group("topic") not in _VERBS
        and topic.group("topic") not in _CIRCUMSTANCES
        else "np"
    )
    source = cast("re.Match[str]", topic) if at == "topic" else m  # "topic" only when it matched
    phrase = sentence.text[source.start(at) : source.end(at)]
    start = sentence.start + source.start(at)
    return [KeySpan(start, start + len(phrase), phrase, "topic", _norm(phrase), (_norm(phrase),))]


# A stake held or bought in a named venture or field is a deal of the pair's companies: "acquired 23.9%
# stake in Vankorneft", "re-taken a 20 per cent stake in the Sakhalin-1 oil and gas project".
_STAKE_IN = re.compile(r"\bstakes?\s+(?:in|of)\s+(?:the\s+)?(?P<name>[A-Z][\w\-]*(?:[ \-](?:[A-Z0-9][\w\-]*))*)")
# "the "Make American Shipbuilding Great Again" (MASGA) project".
_ACRONYM_PROJECT = re.compile(
    r"\((?P<acronym>[A-Z][A-Z0-9\-]{1,9})\)\s+(?:project|programme|program|initiative|scheme)\b"
)


# "set a bold new goal for bilateral trade - "Mission 500"", "an initiative called "Make in
# India"": a goal or initiative given a name of its own is a named initiative (the guideline).
_QUOTED_NAME = re.compile(
    r"\b(?:goal|target|initiative|mission|programme|program|plan|scheme|campaign|framework|vision)\b"
    r"[^.;\"“”]{0,40}?[\"“](?P<name>[A-Z][^\"”.;]{2,50}?)[\"”]"
)


# "Since the signing of the “Declaration on the India-Russia Strategic Partnership”", "signed a Joint
# Declaration on ...": a declaration signed is an instrument of the pair, besides its text's event.
# ... and so is any instrument named with capitals after its signing: "welcomed the signing of the
# Program of India-Russia Cooperation in Trade ...", "signed the Roadmap for ...".
_INSTRUMENT_HEAD = re.compile(
    r"\b(?:Declaration|Program|Programme|Principles|Plan|Roadmap|Road Map|Protocol|Charter|Convention|Accord|Treaty|"
    r"Memorandum) (?:on|of|for) "
)
_SIGNED_DECLARATION = re.compile(
    r"\bsign(?:ed|ing)(?: of)? (?:the |a )?[\"“]?(?P<name>(?:[A-Z][a-z]+[-–][A-Z][a-z]+ )?(?:Joint )?"
    r"(?:Declaration|Program|Programme|Principles|"
    r"Plan|Roadmap|Road Map|Protocol|Charter|Convention|Accord|Treaty|Memorandum) (?:on|of|for) (?:the )?"
    r"[A-Z][\w\-]*(?:[ \t]+(?:(?:of|the|for|on|and|between|in)[ \t]+)*[A-Z][\w\-]*)*)"
)


# "The Protocol of the Working Group on Military Technical Cooperation was signed between ...", "The main
# protocol of the Inter-Governmental Commission was signed": an instrument named, then said to be signed.
_NAMED_THEN_SIGNED = re.compile(
    r"\b(?:[Tt]he|[Aa]n?)\s+(?:(?:main|first|second|final|new)\s+)?(?P<name>(?i:protocol|agreement|memorandum|"
    r"contract|treaty|declaration|programme|program|plan|roadmap|charter|convention|accord)\s+(?:of|on|for)\s+"
    r"(?:the\s+)?[A-Z][\w\-]*(?:[ \t]+(?:(?:of|the|for|on|and|in)[ \t]+)*[A-Z][\w\-]*)*)"
    r"[^.;]{0,80}?\b(?:was|were|has been|have been|had been) (?:signed|inked|concluded)\b"
)


def _designations(sentence: Sentence, words: WordIndex) -> Iterator[re.Match[str]]:
    """What ``_DESIGNATION.finditer(sentence.text)`` yields, tried only at the capitals up to
    seven characters before a run of digits: every designation holds one ("Su-30MKI")."""
    text, base = sentence.text, sentence.start
    numbers = words.starts(NUMBERS)
    first = bisect_left(numbers, base)
    capitals = {
        k
        for q in numbers[first : bisect_left(numbers, sentence.end, first)]
        for k in range(max(0, q - base - 7), q - base)
        if "A" <= text[k] <= "Z"
    }
    end = 0
    for position in sorted(capitals):
        if position >= end:  # else inside the previous designation
            match = _DESIGNATION.match(text, position)
            if match is not None:
                end = match.end()
                yield match


def _spans_in(sentence: Sentence, matcher: Matcher, words: WordIndex) -> list[KeySpan]:
    text, base = sentence.text, sentence.start
    heads = words.starts(_LOWER_HEAD)
    spans: list[KeySpan] = []
    for start, end in matcher.agreement_spans(text):
        spans.append(KeySpan(base + start, base + end, text[start:end], "registry", _norm(text[start:end])))
    for m in _NAME_SEQUENCE.finditer(text):
        # Most capitalised runs are people and places: a name of a deal ends on a project
        # word ("... Power Plant") or has one after it ("Akkuyu nuclear power plant").
        group, end = m.group(), m.end()
        head = bisect_left(heads, base + end)
        after = _AFTER_NAME.match(text, end) if head < len(heads) and heads[head] < sentence.end else None
        if not after and group.rsplit(None, 1)[-1] not in _PROJECT_HEADS and not _TRADE_TALKS.match(text, end):
            continue
        if _DIGIT_IN_FIRST.match(group):
            continue  # "S-400 missiles": a designation, read as one below
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_'’"):
            continue
        tokens = group.split()
        while tokens and (tokens[0] in _DETERMINERS or tokens[0] in _OPENING_WORDS or tokens[0].endswith(("'s", "’s"))):
            tokens.pop(0)
        if not tokens or all(t in matcher.targets for t in tokens) or any(t in _INSTITUTIONS for t in tokens):
            continue  # "Ministry of Ports": an institution, not a project
        if not after and all(p in matcher.targets for t in tokens for p in t.split("-")):
            continue  # "India-Russia trade talks": the pair talking, no agreement named
        if tokens[0] in _MONTH_NAMES:
            continue  # "on April 9": a date
        if len(tokens) == 1 and tokens[0] in _PROJECT_HEADS:
            continue  # a capitalised common noun opening a sentence ("Pipeline work...")
        name = " ".join(tokens)
        start = base + m.start() + group.find(tokens[0])
        objects = tuple(
            _object_norm(o.group())
            for o in OBJECT_PATTERN.finditer(ascii_lower(name + (after.group() if after else "")))
        )
        spans.append(KeySpan(start, start + len(name), name, "name", _norm(name), objects))
        acronym = _ACRONYM.match(text, m.end())
        if acronym:
            a = acronym.group("acronym")
            spans.append(
                KeySpan(base + acronym.start("acronym"), base + acronym.end("acronym"), a, "acronym", _norm(a))
            )
    for m in _designations(sentence, words):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_-&"):
            continue  # (and not "P500" in "S&P500")
        if _NOT_DESIGNATIONS.fullmatch(m.group()) or _is_money(m.group()):
            continue  # "G20", "FY25"; "Dh241": an amount in dirhams
        spans.append(KeySpan(base + m.start(), base + m.end(), m.group(), "designation", _norm(m.group())))
    for m in _CLASS_NAME.finditer(text) if "-class" in text else ():
        objects = tuple(_object_norm(o.group()) for o in OBJECT_PATTERN.finditer(sentence.lower, m.end(), m.end() + 30))
        spans.append(KeySpan(base + m.start(), base + m.end(), m.group(), "designation", _norm(m.group()), objects[:1]))
    for m in words.findall(OBJECT_CUE, None, base, sentence.end):
        start, end = m.start() - base, m.end() - base
        if _IDIOM.search(sentence.lower, max(0, end - 20), end) or _PEOPLE_AFTER.match(sentence.lower, end):
            continue
        norm = _object_norm(m.group())
        spans.append(KeySpan(m.start(), m.end(), text[start:end], "object", norm, (norm,)))
    for m in _STAKE_IN.finditer(text) if "stake" in text else ():
        name = m.group("name")
        if name.split()[0] in _DETERMINERS or all(t in matcher.targets for t in name.split()):
            continue  # "a stake in Russian oil fields": a country's word, no venture named
        if not any(s.start <= base + m.start("name") < s.end for s in spans):
            spans.append(KeySpan(base + m.start("name"), base + m.end("name"), name, "name", _norm(name)))
    for m in _ACRONYM_PROJECT.finditer(text):
        a = m.group("acronym")
        spans.append(KeySpan(base + m.start("acronym"), base + m.end("acronym"), a, "acronym", _norm(a)))
    for m in _SIGNED_DECLARATION.finditer(text) if "sign" in text and _INSTRUMENT_HEAD.search(text) else ():
        if not any(s.start <= base + m.start("name") < s.end for s in spans):
            name = m.group("name")
            spans.append(KeySpan(base + m.start("name"), base + m.end("name"), name, "name", _norm(name)))
    for m in _NAMED_THEN_SIGNED.finditer(text) if "signed" in text or "inked" in text or "concluded" in text else ():
        if not any(s.start <= base + m.start("name") < s.end for s in spans):
            name = m.group("name")
            spans.append(KeySpan(base + m.start("name"), base + m.end("name"), name, "name", _norm(name)))
    for m in _QUOTED_NAME.finditer(text) if ('"' in text or "“" in text) else ():
        spans.append(
            KeySpan(base + m.start("name"), base + m.end("name"), m.group("name"), "name", _norm(m.group("name")))
        )
    # Deals listed after what introduces them ("instruments relating to A, B and C", "agreements
    # included A and B", "intends to buy A, B and C"): one deal an item, beside the spans read above.
    # An item is a deal by its place in the list, and names it better than a bare object inside it
    # ("manufacturing of Kamov 226T helicopters" over "helicopters").
    for item in _listed_deals(sentence, matcher):
        inside = [s for s in spans if s.start < item.end and item.start < s.end]
        if all(s.kind in _GENERIC and item.start <= s.start and s.end <= item.end for s in inside):
            spans = [s for s in spans if s not in inside]
            spans.append(item)
    # A bundle counted at a signing is read beside whatever else the sentence names ("announced
    # 34 investment agreements, with formation jets flying overhead").
    spans.extend(b for b in _bundle_spans(sentence) if not any(s.start <= b.start < s.end for s in spans))
    if not spans:
        spans.extend(_named_by_noun(sentence))
    if not spans:
        spans.extend(_commitment_spans(sentence, matcher))
    if not spans:
        spans.extend(_topic_spans(sentence))
    if not spans:
        spans.extend(_signed_document_spans(sentence))
    if not spans and (dated := _DOCUMENT_SIGNED_ON_A_DAY.search(text)):
        # "the Memorandum of Understanding signed between the two countries on 19 July 2016"
        phrase = dated.group("np")
        start = base + dated.start("np")
        spans.append(KeySpan(start, start + len(phrase), phrase, "topic", _norm(phrase), (_norm(phrase),)))
    if len(spans) < 2:
        return spans
    # Longest first; a span inside another (the "Nuclear Power Plant" of a named plant) gives it its objects.
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[KeySpan] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            outer = kept[-1]
            if span.kind in _GENERIC and span.norm not in outer.objects:
                kept[-1] = KeySpan(
                    outer.start, outer.end, outer.text, outer.kind, outer.norm, (*outer.objects, span.norm)
                )
            if span.kind == "acronym":
                kept.append(span)
            continue
        kept.append(span)
    return kept


def _group(sentence: Sentence, spans: list[KeySpan], text: str) -> list[list[KeySpan]]:
    """Split a sentence's key spans into the separate deals it names ("X and a second Y")."""
    groups: list[list[KeySpan]] = []
    for span in spans:
        if groups:
            gap = text[groups[-1][-1].end : span.start]
            separate = (
                bool(_LIST_GAP.fullmatch(gap))
                or len(gap) > 60
                or bool(_CLAUSE_BREAK.search(gap))
                or bool(_SEPARATE_ITEM.search(gap))
            )
            if not separate:
                groups[-1].append(span)
                continue
        groups.append([span])
    return groups


# A deal dated in the past by its own name is one that was concluded: "the May 2024 bilateral
# agreement on ...", "the 2008 intergovernmental agreement".
_DATED_DEAL = re.compile(
    r"\b(?:the|a|an|its|their)\s+(?:(?:"
    + "|".join(MONTHS)
    + r")\s+)?(?:19|20)\d\d\s+(?:[a-z\-]+\s+){0,2}?"
    + _DEAL_NOUNS
    + r"\s+(?:on|for|of)\s+"
)


# An outcome list: "saw the signing of the following agreements and memorandums of understanding:"
# then one item a line ("2. An agreement between the government of Qatar and ..."), each item
# a document with the status its heading gives.
_LIST_HEADING = re.compile(
    r"\bfollowing\s+(?:[a-z\-]+\s+){0,3}?(?:agreements|deals|pacts|accords|mous|memorand(?:ums|a)|documents|"
    r"contracts|treaties|instruments|outcomes)\b[^:]*:\s*$"
    # "Seven agreements were signed during the summit:"
    r"|\b(?:agreements|deals|pacts|accords|mous|memorand(?:ums|a)|documents|contracts|treaties|instruments)\s+"
    r"(?:were|have been|was)\s+(?:also\s+)?(?:signed|inked|concluded|exchanged)\b[^:]*:\s*$"
)
# What may stand before an item on its line: nothing, or its number or bullet.
_ITEM_MARK = re.compile(r"\s*(?:(?:\(?\d{1,2}[.)]|[•\-–*]|\(?[ivx]{1,4}\)|\(?[a-h]\))\s*)?")


def _starts_a_line(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    return _ITEM_MARK.fullmatch(text, line_start, at) is not None


def _mentions(sentences: list[Sentence], document: Document, matcher: Matcher) -> list[_Mention]:
    text, words = document.text, document.words
    mentions = []
    list_status: str | None = None  # the status an outcome list's heading gives its items
    for sentence in sentences:
        cues = status_cues(words, sentence.start, sentence.end)
        has_status = bool(cues)
        item_status = None
        if list_status and _starts_a_line(text, sentence.start):
            item_status = list_status if not has_status else None
        else:
            list_status = (
                status_of(words, sentence.start, sentence.end) if _LIST_HEADING.search(sentence.lower) else None
            )
        if (
            not has_status
            and not words.search(DEAL_CUE, None, sentence.start, sentence.end)
            and not (('"' in sentence.text or "“" in sentence.text) and _QUOTED_NAME.search(sentence.text))
        ):
            continue  # no sentence without a deal word, a status or a named goal names a deal
        spans = _spans_in(sentence, matcher, words)
        if not spans and item_status and _DEAL_NOUN.search(sentence.text):
            # An item of an outcome list is a document however plainly it is named: the item is its name.
            item = sentence.text.rstrip(" .;")[:150]
            lead = len(item) - len(re.sub(r"^(?:An?|The)\s+", "", item))
            phrase, start = item[lead:], sentence.start + lead
            spans = [KeySpan(start, start + len(phrase), phrase, "topic", _norm(phrase), (_norm(phrase),))]
        dated = _DATED_DEAL.search(sentence.lower) if spans else None
        for group in _group(sentence, spans, text):
            status = status_near(cues, group[0].start - sentence.start) if has_status else item_status
            if status is None and dated and 0 <= group[0].start - sentence.start - dated.end() <= 12:
                status = "agreed"  # "the May 2024 bilateral agreement on Authorized Economic Operators"
            mention = _Mention(sentence, group, status)
            if mention.distinctive or status is not None:
                mentions.append(mention)
    return mentions


def _cluster(mentions: list[_Mention], matcher: Matcher) -> list[_Cluster]:
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        while parent.setdefault(i, i) != i:
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, mention in enumerate(mentions):
        find(i)
        keys = [s.norm for s in mention.spans if s.kind not in _GENERIC] or [s.norm for s in mention.spans]
        for key in keys:
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    groups: dict[int, list[_Mention]] = {}
    for i, mention in enumerate(mentions):
        groups.setdefault(find(i), []).append(mention)
    clusters = [_Cluster(group) for group in groups.values()]
    # A generic mention ("the stealth fighter jets") joins the one named deal about that object.
    distinctive = [c for c in clusters if any(m.distinctive for m in c.mentions)]
    merged: list[_Cluster] = []
    for cluster in clusters:
        if cluster in distinctive:
            merged.append(cluster)
            continue
        objects = {o for m in cluster.mentions for s in m.spans for o in s.objects}
        hosts = [c for c in distinctive if objects & {o for m in c.mentions for s in m.spans for o in s.objects}]
        if len(hosts) == 1:
            hosts[0].mentions.extend(cluster.mentions)
        else:
            merged.append(cluster)
    for cluster in merged:
        cluster.mentions.sort(key=lambda m: m.sentence.start)
        for mention in cluster.mentions:
            for span in mention.spans:
                if span.kind == "registry":
                    cluster.registry = matcher.agreement_keys.get(span.text.lower())
    return merged


def _title(mention: _Mention, text: str) -> str:
    primary = next((s for s in mention.spans if s.kind not in (*_GENERIC, "acronym")), mention.spans[0])
    start, end = primary.start, primary.end
    if primary.kind == "object":
        # Keep an adjective in front of a generic object ("bioceanic railway").
        before = _WORD_BEFORE.search(text[max(mention.sentence.start, start - 30) : start])
        word = before.group(1) if before else ""
        if (
            word
            and word not in _TITLE_STOP
            and word not in _VERBS
            and word not in _SPEECH_VERBS  # "and discussed nuclear energy": a verb, no adjective
            and word not in CURRENCY_WORDS
            and word not in WORD_NUMBERS  # "two reactors" is a count, not a name
        ):
            start -= len(before.group(0))  # type: ignore[union-attr]
    tail = _TAIL_WORDS.match(text[end : min(mention.sentence.end, end + 60)])
    extra: list[str] = []
    for word in tail.group().split() if tail else []:
        if word.lower() in _TITLE_STOP or _adverb(word.lower()) or len(extra) >= 5:
            break  # ("Rafale jets currently in service": an adverb ends the name)
        if text.startswith(("'", "’"), end + len(" ".join(["", *extra, word]))):
            break  # "The two deals don't": a contraction is a verb, no part of the name
        extra.append(word)
    title = text[start:end] + ("" if not extra else " " + " ".join(extra))
    return title[:1].upper() + title[1:]


def _carried_status(cluster: _Cluster, sentences: list[Sentence], keyed: set[int], words: WordIndex) -> str | None:
    """A deal named without a status cue often gets it in the next sentence ("...expected to arrive")."""
    last = cluster.mentions[-1].sentence
    position = bisect_right([s.start for s in sentences], last.start)
    for sentence in sentences[position : position + 2]:
        if sentence.index in keyed:
            break
        status = status_of(words, sentence.start, sentence.end)
        if status:
            return status
    return None


# "cooperation in oil, gas and nuclear energy", "exploring frontiers in critical minerals": an area
# of cooperation, which the guideline does not count as an agreement.
_AREA = re.compile(
    r"(?<!of )\b(?:cooperation|co-operation|ties|partnership|collaboration|frontiers|engagement)\s+(?:in|on)\s+"
    r"(?:(?!(?:to|and to|that|which|with|who|invited|join)\b)[a-z\-]+,?\s+){0,8}$"
)


def _vague(cluster: _Cluster, text: str) -> bool:
    """Generic words only: a single lower-case word ("signed the loan", "documents signed today"),
    a reference back or a fragment; or things named only as an area of cooperation."""
    spans = [s for m in cluster.mentions for s in m.spans]
    if any(s.kind not in _GENERIC for s in spans):
        return False
    if all(" " not in s.text and s.text[:1].islower() and not s.objects for s in spans) and len(spans) == 1:
        return True
    return all(_AREA.search(text[max(0, s.start - 100) : s.start].lower()) for s in spans)


_GENERIC_HEADS = frozenset(
    [
        "agreement",
        "deal",
        "loan",
        "contract",
        "pact",
        "mou",
        "memorandum",
        "accord",
        "treaty",
        "corridor",
        "port",
        "credit line",
        "line of credit",
        "project",
        "plan",
        "programme",
        "program",
        "framework",
    ]
)
# Words after "the" that point at deals named elsewhere in the text.
_POINTING_WORDS = ("same", "new", "said", "following", "above", "aforementioned")
_GENERIC_MODIFIERS = frozenset(
    [
        *("additional", "sea", "defence", "defense", "the", "this", "that", "these", "those", "such", "a", "an"),
        # "The following bilateral agreements were signed during the visit:"
        *_POINTING_WORDS,
        *("both", "all"),
    ]
)


_DEFINITE_BEFORE = re.compile(
    r"\b(?:the|this|that|these|those|such)\s+(?:(?:" + "|".join(_POINTING_WORDS) + r")\s+)?$", re.IGNORECASE
)


_DEFINITE_OPENING = re.compile(r"(?:[Tt]he|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Ss]uch)\s")


def _definite(mention: _Mention, text: str) -> bool:
    first = min(span.start for span in mention.spans)
    # (or the span opens on it: "Those agreements were signed during a meeting")
    return (
        _DEFINITE_BEFORE.search(text, max(0, first - 40), first) is not None
        or _DEFINITE_OPENING.match(text, first) is not None
    )


def _generic_title(title: str) -> bool:
    """A title that is only a kind of deal ("Loan", "Additional agreement", "Defence deal")."""
    words = title.lower().split()
    for size in (3, 2, 1):
        head = " ".join(words[-size:])
        if len(words) >= size and (head in _GENERIC_HEADS or head.rstrip("s") in _GENERIC_HEADS):
            return all(w in _WEAK_MODIFIERS or w in _GENERIC_MODIFIERS for w in words[:-size])
    return False


# "the Memorandum of Understanding signed between the two countries on 19 July 2016": a document
# named only by its kind, but dated to its own day, is that one document, not a later mention.
_SIGNED_ON_A_DAY = re.compile(
    r"\bsigned\b[^.;]{0,60}?\bon\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?)"
    r",?\s+(?:19|20)\d\d\b"
)


_DOCUMENT_SIGNED_ON_A_DAY = re.compile(
    r"\b(?:the|a|an)\s+(?P<np>(?:[A-Z][a-z]+\s+){0,3}(?:Memorandum of Understanding|MoU|Agreement|Treaty|Protocol|"
    r"Accord|Contract))\s+" + _SIGNED_ON_A_DAY.pattern[2:]
)


# A purchase agreed is a deal, however its goods are named: "India agreed to buy dozens of Russian
# military helicopters".
_AGREED_PURCHASE = re.compile(r"\b(?:agreed|agrees|agreeing) to (?:buy|purchase|acquire|procure|import)\b")
# Goods and fields a deal may be about, which name no deal in a sentence without a deal noun (a
# name or a thing built would): "increase purchases of Russian coking coal", "an ambitious vision for nuclear energy".
_GOODS = frozenset(
    [
        *("wheat", "grain", "barley", "soybeans", "rice", "palm oil", "coal", "iron ore", "critical minerals"),
        *("rare earth", "rare earths", "nuclear power", "nuclear energy", "semiconductor", "chip", "lng"),
        *("liquefied natural gas", "ammunition", "artillery", "spare parts"),
        # and equipment named by its kind alone ("its fleet of Russian helicopters"): a deal names it,
        # counts it or designates it ("S-400", "two frigates")
        *(phrase.lower() for phrase in OBJECTS["defense"]),
    ]
)
# A title that names a time, someone's visit or a pronoun's thing, never a deal: "Wednesday",
# "Back" ("signed back in 2008"), "Second day", "His State Visit", "Working visit".
_TIME_WORDS = "|".join(
    [*MONTHS, *WEEKDAYS, "back", "today", "yesterday", "tomorrow", "day", "days", "week", "month", "year"]
)
_NO_DEAL_TITLE = re.compile(
    r"(?i:(?:his|her|their|its|when|where|while)\b.*|(?:[\w\-]+\s+){0,3}(?:visit|trip|tour)"
    # where it was signed: "signed in the ancient Silk Road city of Samarkand"
    r"|(?:[\w\-]+\s+){0,3}(?:city|capital|town|village|palace|venue)"
    rf"|(?:(?:first|second|third|last|next|same|agreement|deal|deals)\s+)?(?:{_TIME_WORDS}))"
)


# A title that is someone's office ("negotiated the deal with President Sisi"), a deal denied
# ("no extradition treaty exists") or a text of a multilateral body ("commitment to the UN Charter").
_NOBODYS_DEAL_TITLE = re.compile(
    r"(?:President|Prime Minister|Minister|Director|Chairman|Secretary|Ambassador|Chief|Governor)\b.*"
    r"|(?:[A-Za-z]+ly\s+)?[Nn]o\s+[a-z].*"  # (not a numbered text: "Protocol No 2")
    r"|(?:UN|U\.N\.|United Nations)\s.*"
)


# What a deal named before covers, listed after "including": its items, no deals of their own.
_PART_OF_A_DEAL = re.compile(
    r"\b(?:contract|deal|agreement)s?\s+(?:covers|cover|covered|includes|included|provides for|envisages|involves)\b"
    r"[^.;]*\bincluding\b[^.;]*$",
    re.IGNORECASE,
)
_FUNCTION_WORD = re.compile(r"(?i:such|longer|more|another|this|that|it|them|one|other|others)")
_YEAR_IN_NAME = re.compile(r"[\-\s](?:19|20)\d\d\b")  # "Indra-2017"
_EXERCISE = re.compile(r"\b(?:exercises?|drills?|war ?games|manoeuvres|maneuvers)\b", re.IGNORECASE)


def read_agreements(
    document: Document, sentences: list[Sentence], matcher: Matcher, index: ActorIndex, pair_names: list[str]
) -> list[AgreementCandidate]:
    text = document.text
    mentions = _mentions(sentences, document, matcher)
    clusters = _cluster(mentions, matcher)
    keyed = {m.sentence.index for m in mentions}
    person_words = {word for actor in index.actors if actor.kind == "person" for word in actor.name.split()}
    results = []
    for cluster in clusters:
        if cluster.registry is None and _vague(cluster, text):
            continue
        ranked = sorted(
            cluster.mentions,
            key=lambda m: (-(m.status is not None) * 2 - m.distinctive, m.sentence.start),
        )
        best = ranked[0]
        statuses = [m.status for m in cluster.mentions if m.status]
        status: str | None
        if statuses:
            status = min(statuses, key=_STATUS_RANK.__getitem__)
        else:
            status = _carried_status(cluster, sentences, keyed, document.words)
        if status is None:
            status = "agreed" if any(_DEAL_NOUN.search(m.sentence.text) for m in cluster.mentions) else "proposed"
        title = cluster.registry.title if cluster.registry else _title(best, text)
        if (
            cluster.registry is None
            and all(
                s.kind == "object" and s.objects and set(s.objects) <= _GOODS for m in cluster.mentions for s in m.spans
            )
            and not any(
                _DEAL_NOUN.search(m.sentence.text) or _AGREED_PURCHASE.search(m.sentence.lower)
                for m in cluster.mentions
            )
        ):
            continue  # "purchases of Russian coking coal", "a vision for nuclear energy": goods or a field
        if cluster.registry is None and _NO_DEAL_TITLE.fullmatch(title):
            continue  # "signed the deals on Wednesday", "concluded his State Visit": when, or an event
        if cluster.registry is None and _NOBODYS_DEAL_TITLE.fullmatch(title):
            continue
        if cluster.registry is None and _FUNCTION_WORD.fullmatch(title):
            continue  # "signed such a contract", "such deals for longer": a word that names nothing
        if (
            cluster.registry is None
            and _YEAR_IN_NAME.search(title)
            and all(_EXERCISE.search(m.sentence.text) for m in cluster.mentions)
        ):
            continue  # "the joint exercise Indra-2017": an exercise, an event of the pair, no deal
        if cluster.registry is None and all(
            _PART_OF_A_DEAL.search(text, m.sentence.start, span.start) for m in cluster.mentions for span in m.spans
        ):
            continue  # "the contract covers ... equipping it with ..., including MiG-29K aircraft": one deal's items
        if cluster.registry is None and set(title.split()) <= person_words:
            continue  # "after signing the agreement with Starmer": whom it was signed with, not the deal
        if (
            cluster.registry is None
            and _generic_title(title)
            and all(_definite(m, text) for m in cluster.mentions)
            and not any(_SIGNED_ON_A_DAY.search(m.sentence.text) for m in cluster.mentions)
        ):
            continue  # "signed the loan", "the sea corridor will reduce ...": a deal read by its name elsewhere
        keys = []
        for mention in cluster.mentions:
            for span in mention.spans:
                if span.text not in keys:
                    keys.append(span.text)
        objects = [o for m in cluster.mentions for s in m.spans for o in s.objects]
        known = [OBJECT_SECTOR[o] for o in objects if o in OBJECT_SECTOR]
        sector = known[0] if known else sector_of(title, best.sentence.text)
        parties: list[str] = []
        for mention in cluster.mentions:
            for actor_mention in index.in_span(mention.sentence.start, mention.sentence.end):
                actor = actor_mention.actor
                if (
                    actor.kind != "person"
                    and actor.name not in parties
                    and (actor.kind == "organization" or actor.name in pair_names)
                ):
                    parties.append(actor.name)
        for name in pair_names:
            if name not in parties:
                parties.append(name)
        kinds = {s.kind for m in cluster.mentions for s in m.spans}
        confidence = (
            0.9
            if "registry" in kinds
            else 0.8
            if "designation" in kinds
            else 0.75
            if kinds & {"name", "acronym"}
            else 0.6
        )
        if statuses:
            confidence = min(1.0, confidence + 0.05)
        spans = [Span(m.sentence.text, m.sentence.start, m.sentence.end) for m in cluster.mentions]
        evidence = Span(best.sentence.text, best.sentence.start, best.sentence.end)
        others: list[Span] = []
        for sentence_span in spans:
            if sentence_span != evidence and sentence_span not in others:
                others.append(sentence_span)
        results.append(
            AgreementCandidate(
                title=title,
                keys=keys,
                sector=sector,
                status=status,
                parties=parties,
                evidence=evidence,
                other_evidence=others,
                registry_key=cluster.registry.key if cluster.registry else None,
                confidence=round(confidence, 2),
            )
        )
    results.sort(key=lambda a: a.evidence.start)
    return results
