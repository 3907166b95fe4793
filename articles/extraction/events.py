"""Events: visits, meetings, summits, calls and statements, with who, where and when.

Articles keep coming back to the one event they report ("the meeting", "this visit"):
such references join the event already read instead of making new ones.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from .actors import ActorIndex, Mention
from .candidates import ActorCandidate, EventCandidate, Span
from .countries import countries, country_aliases
from .cues import Cue
from .dates import UNKNOWN, event_date
from .document import Document
from .sentences import Sentence


class _Kind(NamedTuple):
    name: str  # relations.models.EventKind's value
    trigger: str  # lower-case pattern, run on Sentence.lower
    # Kinds of an earlier event that "the <kind>" may refer to besides its own ("the meeting"
    # during a visit or a summit is that visit or summit).
    also: tuple[str, ...] = ()


# Every kind once: the triggers and the families below are read from this table.
_KINDS: tuple[_Kind, ...] = tuple(
    _Kind(*row)
    for row in (
        (
            "call",
            r"\b(?:(?:tele)?phon(?:e|ic) (?:call|conversation|talk|discussion)s?|telephonically|"
            r"video (?:call|conference)|teleconference|"
            # "met virtually today", "were held virtually", "through virtual medium": a video call
            r"(?:met|meet|meets|held|hold|holds|interacted) (?:[a-z]+ )?virtually|virtual medium|video-?conferencing|"
            r"video-?conference|(?:spoke|speaks|talked|talks|conversed) (?:by|over the|on the|on|over) "
            # (not "the Call to Action", "a call for restraint": appeals)
            r"(?:tele)?phone|telephoned|dialled|(?:a|their|the|first|second|third) call(?! (?:to|for)\b)|"
            # (a readout's "The Prime Minister spoke to His Highness ... this morning", as "spoke with")
            r"spoke (?:today |yesterday |again )?(?:with|to))\b",
        ),
        ("summit", r"\b(?:summits?|leaders['’]? retreat)\b"),
        (
            "visit",
            # ("arrived here on Wednesday", "landed on Thursday in La Paz", "the chief guest at the Forum")
            r"\b(?:visit(?:s|ed|ing)?|trip|tour(?:ed|ing)?|travel(?:s|led|ling|ed)? to|"
            r"arriv(?:ed|es|ing) (?:in|here|on|earlier|today|yesterday|for)|chief guest at|"
            r"(?:make|makes|made) (?:his|her|their) way to|head(?:s|ed)? to|fl(?:ew|ies|y) to|"
            r"land(?:ed|s) (?:in|on|at)|touch(?:ed|es) down (?:in|at)|"
            # "led a high-profile delegation to Uzbekistan", "will lead a delegation to Russia"
            r"(?:lead|leads|led|leading|head|heads|headed|heading) (?:a|an|the|his|her|their|its) (?:[\w\-]+ ){0,3}?"
            r"delegation to|"
            # "Widodo was in Beijing": a visit when what follows is a place of the other country.
            r"(?:was|were|is|are) in)\b",
        ),
        (
            "meeting",
            # Welcoming or hosting someone, not "welcomed the announcement" (a statement).
            # ("the 7th Annual Consultation between the Prime Ministers": one round of consultations)
            r"\b(?:met|meet(?:s|ing|ings)?|talks|discussions?|consultations|(?:annual|bilateral) consultation|"
            r"dialogue|co-chair(?:ed|s)?|hosted|"
            r"welcom(?:ed|e)(?! (?:the|a|an|this|that|these|its|his|her|their|such|you|all|everyone|them|ceremony)\b)|"
            # ("conferred with" is talks; "conferred the Order of ... on" an honour)
            r"host(?:s|ing)? (?:his|her|their|its)\b|sat down with|"
            r"conferred(?! (?:the|an?|its|their|his|her|upon|on)\b)|(?:was|were) received by|"
            # "President Aliyev has received Chairman ... Papuashvili": an official reception
            r"receiv(?:ed|es)(?= (?:the )?[a-z]+ (?:of|minister|president|chairman|speaker|secretary|governor)|"
            r" (?:h\.\s?e\.|his excellency|prime minister|president|foreign minister|chairman|speaker)\b)|"
            # "He called on Deputy Prime Minister Trutnev": a courtesy meeting; "called on X to act" urges.
            r"call(?:ed|s)? on(?![^.;]{0,120}?\bto (?!the\b|a\b|an\b|his\b|her\b)[a-z]+\b)|"
            r"(?:working |private |official |state )?(?:dinner|luncheon|banquet)|discussed|held talks)\b",
            ("visit", "summit"),
        ),
        (
            # A formal text only (the guideline): a joint statement, declaration, communiqué, readout
            # or letter; a quotation in the copy ("Modi said") is no event.
            "statement",
            r"\b(?:joint (?:press |media )?(?:statement|declaration|communiqu[eé])|communiqu[eé]|declaration|readout|"
            r"(?:issued|released|adopted|published|signed) (?:a|the|their) (?:[\w\-]+ ){0,2}statement|"
            r"(?:sent|wrote|in) (?:a|his|her|their) letter|letter (?:to|from)|"
            # "delivered a message from President Xi", "handed over a letter of invitation"
            r"(?:delivered|handed over|conveyed|sent|passed on) (?:a|the|his|her) (?:[\w\-]+ ){0,2}(?:message|letter)|"
            r"(?:message|letter) of (?:congratulations|invitation|condolences?|greetings))\b",
        ),
        (
            # Ceremonies: signings, commissionings, launches and forums the pair take part in.
            "other",
            r"\b(?:(?:signing|exchange|launch|commissioning|opening|inauguration|welcom(?:e|ing)) ceremony|"
            r"signing and exchange of (?:documents|agreements) ceremony|"
            r"ceremonial welcome|"
            r"ceremony to (?:sign|exchange|launch|mark|open|commission)|signed|"
            # "The accord was inked by Moroccan Foreign Minister Nasser Bourita and ...": named signers
            r"inked by|"
            # "after signing a preferential trade agreement", "as we sign our Reciprocal Access Agreement"
            r"signing (?:a|an|the|our|their)|(?:we|they) sign|"
            # "was followed by signing of 20 agreements": a ceremony, whoever signed
            r"(?:the )?signing of (?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|some|a number of)\b|"
            r"put (?:their|his|her) signatures?|(?:in|under) (?:the )?presence of|"
            r"witness(?:ed|es|ing)|were present|commission(?:ed|ing)|inaugurat(?:ed|es|ing)|"
            # "oversaw the signing of 13 agreements", "jointly flagged off the cargo train"
            r"(?:oversaw|oversee|oversees|presided over|attended|applaud(?:ed|s)?|hailed) the signing|"
            # "the two leaders oversaw a ceremony where 20 agreements were signed"
            r"(?:oversaw|presided over|attended|witnessed) (?:a|the) (?:[\w\-]+ ){0,2}ceremony|"
            r"flag(?:ged|s)? off|"
            r"dedicat(?:ed|ion) (?:of|to)|(?:business|investment|economic) (?:forum|conclave)|"
            r"(?:joint|combined)(?: force)? (?:military |naval )?exercises?|"
            # Honours, foundation stones and openings: ceremonies the guideline counts as `other`
            r"(?:ceremony of|at a (?:brief |special )?ceremony)|"
            r"(?:award(?:ed|ing)?|conferr(?:ed|ing)|bestow(?:ed|ing)) (?:(?:on )?(?:him|her) )?(?:with )?"
            r"(?:the|an?|its|their) (?:[\w\-’']+ ){0,4}?(?:order|medal|award)\b|"
            r"laid the foundation|foundation stone|ground-?breaking ceremony|"
            r"(?:officially|formally|jointly) open(?:ed|s)?)\b",
        ),
    )
)
EVENT_KINDS: tuple[str, ...] = tuple(k.name for k in _KINDS)
_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k.name, re.compile(k.trigger)) for k in _KINDS)
# Every trigger with its kind (a named group per kind), tried where a trigger word starts.
KIND_TRIGGER = Cue(r"\b(?=[a-z])(?:" + "|".join(f"(?P<{k}>{p.pattern})" for k, p in _TRIGGERS) + ")")
_DEFINITE = Cue(
    r"\b(?:the|this|that|these|those|upcoming|recent|annual|its|their|his|her)\s+(?:[\w\-–]+\s+){0,2}$", re.IGNORECASE
)
_INVITATION = re.compile(r"\binvit\w*\b[^.]{0,30}$", re.IGNORECASE)
_FAMILY = {k.name: (k.name, *k.also) for k in _KINDS}
_EARLIER = re.compile(r"\b(?:previous|last|past|earlier|first)\s+(?:[\w\-]+\s+){0,2}$")
_MANY = re.compile(r"\b(?:the|such|regular|frequent|mutual|reciprocal|these|those)\s+(?:[\w\-]+\s+)?$")
_BODY_SAID_IN = re.compile(
    r"\b(?:company|companies|firm|firms|group|bank|corporation)\s+(?:said|says)\s+in\s+(?:a\s+)?$"
)


_REPORTS_THAT = re.compile(
    r"(?:,[^,.;]{1,60},)?\s+(?:said|says|noted|notes|added|stated|announced|told reporters)\s+that\s+"
    r"(?!(?:he|she|we|i|they|his|her)\b)"
)
_HOSTED = re.compile(r"\b(?:hosted|hosts|hosting|received|receives|welcomed|welcomes)\b")
_CALL_CONTENT = re.compile(r"discuss|talks|conferred|dialogue|consultations")
_SIGNED_WHEN_BY = re.compile(r"[^.;,]{1,50}? by ")


def _signer(mentions: list[Mention], trigger_at: int, text: str) -> bool:
    """Someone named signs: "Modi and Putin signed", "signed by the head of Rosatom, Likhachev", "signed
    between X and Y"."""
    # "signed by the head of Rosatom", "was signed between SBI Chairman Choudhury and Dmitriev", "was
    # signed last July in Asuncion by Lula and his counterpart Lugo"
    by = text.startswith(("signed by", "signed between", "inked by"), trigger_at) or (
        text.startswith("signed", trigger_at) and _SIGNED_WHEN_BY.match(text, trigger_at + 6) is not None
    )
    return any(
        m.actor.kind == "person" and (0 <= trigger_at - m.end <= 80 or (by and 0 <= m.start - trigger_at <= 80))
        for m in mentions
    )


def _welcomed_to(mentions: list[Mention], trigger_at: int, text: str) -> bool:
    return any(
        m.actor.kind == "country" and 0 < m.start - trigger_at <= 80 and text[max(0, m.start - 3) : m.start] == "to "
        for m in mentions
    )


# "The Chinese premier's 3-day state visit to Kenya": that country's leader, named earlier.
_ROLE_POSSESSOR = re.compile(
    r"\bthe\s+(?P<demonym>[A-Z][a-z]+)\s+(?:president|prime\s+minister|premier|chancellor|king|emir|crown\s+prince|"
    r"foreign\s+minister|defen[cs]e\s+minister|leader|President|Prime\s+Minister|Premier|Chancellor|King|Emir|"
    r"Foreign\s+Minister|Defen[cs]e\s+Minister)['’]s\s+(?:[\w\-]+\s+){0,2}$"
)
# "with the visiting Russian President": that country's leader, named earlier, is on a visit;
# "with visiting Indian Prime Minister Narendra Modi": the one named there.
_VISITING_ROLE = re.compile(
    r"\b(?:the\s+)?[Vv]isiting\s+(?P<demonym>[A-Z][a-z]+)\s+(?:(?:Deputy\s+|First\s+Deputy\s+|Vice\s+)?"
    r"(?:President|Prime\s+Minister|PM|Premier)|DPM|Chancellor|"
    r"King|Emir|Crown\s+Prince|Foreign\s+Minister|Defen[cs]e\s+Minister|leader)\b"
)
# "welcomed Indian Prime Minister Narendra Modi to Chequers": the guest is visiting the host.
_TO_PLACE = re.compile(r" to (?:the )?[A-Z]")


def _host(visitor_country: str | None, pair_names: list[str]) -> str | None:
    """The other country of the pair, for a visitor from one of them."""
    visitor = countries().get(visitor_country or "")
    if visitor is None:
        return None
    others = [name for name in pair_names if name != visitor.name]  # the pair's countries the article names
    return others[0] if len(others) == 1 else None


def _visiting_role(
    sentence: Sentence, trigger_at: int, index: ActorIndex, pair_names: list[str]
) -> tuple[str, str] | None:
    """(visitor, host) for "the visiting Russian President": the last person of that country named."""
    at = trigger_at - sentence.start
    match = (
        _VISITING_ROLE.match(sentence.text, max(0, at - 4))
        or _VISITING_ROLE.match(sentence.text, at)
        or _ROLE_POSSESSOR.search(sentence.text, max(0, at - 80), at)
    )
    code = _DEMONYMS.get(match.group("demonym")) if match else None
    host = _host(code, pair_names)
    if code is None or host is None:
        return None
    after = sentence.start + match.end()  # type: ignore[union-attr]  # code is None without a match
    here = [m.actor.name for m in index.in_span(after, after + 80) if m.actor.kind == "person" and m.start <= after + 1]
    if here:
        return here[0], host
    named = [
        m.actor.name for m in index.in_span(0, sentence.end) if m.actor.kind == "person" and m.actor.country == code
    ]
    if named:
        return named[-1], host
    # "visiting Thai Deputy Prime Minister and Defense Minister Gen Prawit Wongsuwan": a longer
    # title, then the one it names
    later = [m.actor.name for m in index.in_span(after, after + 80) if m.actor.kind == "person"]
    return (later[0], host) if later else None


def _welcomed_guest(
    mentions: list[Mention], trigger_at: int, text: str, pair_names: list[str]
) -> tuple[str, str] | None:
    """(guest, host) for "welcomed <a leader of the pair> to <a place>"."""
    for m in mentions:
        if m.actor.kind == "person" and 0 < m.start - trigger_at <= 80 and _TO_PLACE.match(text, m.end):
            host = _host(m.actor.country, pair_names)
            return (m.actor.name, host) if host else None
    return None


# A grouping's summit: "the ASEAN Summit", "the G20 Summit", "the Caspian Sea Summit", "the Turkey
# Africa Summit", "the East Asia Summit".
_GROUPING_SUMMIT = re.compile(
    r"\b(?:[A-Z][A-Z0-9+]{1,6}(?![\-–])|G-?\d{1,2}|East Asia|Caspian(?: Sea)?|Africa|African|Arab|Asia-Pacific|"
    r"Nuclear Security|Climate|Commonwealth|Mercosur|Quad)(?:[ \-][A-Z][a-z]+){0,2}[ \t]+$"
)
_TEXT_REFERENCE = re.compile(r"(?:the|this) (?:joint )?(?:statement|declaration|communiqu[eé])\b")
_BRIEFER = re.compile(r"\b(?i:briefing|remarks|press conference|address)\s+by\s+(?:[A-Z][\w.]*\s+){0,5}$")
_SPEAKER_LABEL = re.compile(r"(?:,[ \t]+[A-Z][\w\- ]{2,40}?)?:[ \t]")
_LABEL_LEAD = re.compile(r"[ \t]*(?:(?:Shri|Smt|Mr|Mrs|Ms|Dr|H\.E)\.?[ \t]+)?")


def _labels_a_speaker(text: str, mention: Mention) -> bool:
    """A name opening its line and closed by a colon is who speaks in a transcript."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    return bool(_LABEL_LEAD.fullmatch(text, line_start, mention.start) and _SPEAKER_LABEL.match(text, mention.end))


_BOTH_SIDES = re.compile(r"\b(?:the two|both) (?:sides|countries|nations|governments)\b")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
_QUOTE = re.compile(r"[\"“”]")
_POSSESSOR = re.compile(r"['’]s\s+(?:[\w\-]+\s+){0,2}$")
_DEMONYMS = {alias: code for alias, (code, how) in country_aliases().items() if how == "demonym"}
_PLACE_LEAD = re.compile(r"(?:\bin|\bto|\bat|\bvisit(?:ed|s|ing)?|\btoured)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass
class _Event:
    kind: str
    persons: list[str]
    actors: list[str]
    place: str | None
    date: dt.date | None
    precision: str
    sentence: Sentence
    confidence: float


_MEET_IDIOM = re.compile(
    r"\s+(?:the|a|an|its|their|this|that|these|our|all)?\s*(?:[\w$\-.]+\s+){0,3}?(?:targets?|goals?|demands?|needs|"
    r"requirements?|deadlines?|criteria|expectations|obligations|costs?)\b"
)
# "the UK-Pakistan joint communiqué": a text the sentence gives to the pair, not to people.
_PAIR_TEXT = re.compile(r"\b[A-Z][\w.]*[-–][A-Z][\w.]* (?:joint )?(?:statement|declaration|communiqu[eé])")
# A relative clause about the person just named: "Dmitry Medvedev, who arrives in Bangkok for a visit".
_WHO_AFTER = re.compile(r",?\s*who\s")
_CLAUSE_ENDS = re.compile(r"[,;:.()\u201c\u201d\"]")
# "a visit by Russian President Vladimir Putin": the visitor is named after "by".
_VISIT_BY = re.compile(r"\bvisits? (?:to [A-Z][\w\-]+ )?by\b")
_ANNIVERSARY = re.compile(r"\banniversary of (?:the |its |their )?(?:[\w\-]+ ){0,3}$")
_IN_PERSON = re.compile(r"\b(?:(?i:at the)|in (?=[A-Z])|(?i:on the sidelines))")
# "He said while addressing the forum", "she added": the subject is the last person named.
_PRONOUN_SUBJECT = re.compile(r"(?:^|[,”\"]\s*)(?:He|he|She|she) (?:said|added|noted|told|stressed)\b|^(?:He|She) ")
_SIGNING_OF = re.compile(r"(?:the )?signing of ")
_WITNESSED_AFTER = re.compile(r"\b(?:in (?:the )?presence of|witness(?:ed|es|ing))\b")
PRONOUN_OPENS = re.compile(r"(?:He|She) (?!said|added|noted|told|stressed)")
# "the two leaders", "the defence chiefs", "their talks": people named earlier in the story.
ROLE_REFERENCE = re.compile(
    r"\bthe (?:pair|duo)\b|"  # "The pair oversaw the signing of a series of deals"
    r"\b(?:the|both|their) (?:two )?(?:leaders|heads of (?:state|government)|prime ministers|presidents|"
    r"(?:foreign |defen[cs]e |trade |finance |energy )?ministers|(?:defen[cs]e |army |military )?chiefs|"
    r"counterparts)\b|\btheir (?:[\w\-]+ )?(?:talks|meeting|discussions)\b"
)


# The leaders of a talk read before, signing: "Following the summit meeting, the two leaders signed a convention".
_LEADERS_SIGN = re.compile(
    r"\b(?:the|both) (?:two )?(?:leaders|heads of (?:state|government)|prime ministers|presidents|"
    r"(?:foreign |defen[cs]e |trade |finance |energy )?ministers|pair|duo)"
    r"(?: also| jointly| then)?\s+$"
)


def _quoted(text: str, at: int) -> bool:
    """Whether ``at`` lies inside a quotation of its paragraph: someone named by the speaker."""
    start = text.rfind("\n", 0, at) + 1
    before = text[start:at]
    return before.rfind("“") > before.rfind("”") or before.count('"') % 2 == 1


def _pronoun_subject(text: str, sentence: Sentence, index: ActorIndex) -> list[str]:
    """Who "he said" is: the subject of the last sentence naming someone before it (its first
    person named), quotations left out (someone the speaker named)."""
    if not _PRONOUN_SUBJECT.search(sentence.text):
        return []
    before = [
        m
        for m in index.in_span(max(0, sentence.start - 600), sentence.start)
        if m.actor.kind == "person" and not _quoted(text, m.start)
    ]
    if not before:
        return []
    opens = max(text.rfind(". ", 0, before[-1].start), text.rfind("\n", 0, before[-1].start))
    return [next(m for m in before if m.start > opens).actor.name]


def _role_referents(sentence: Sentence, events: list[_Event], index: ActorIndex) -> list[str]:
    """Who "the two leaders" are: the people of the last talks read, else the last two people
    named before the sentence."""
    if not ROLE_REFERENCE.search(sentence.lower):
        return []
    talks = [e for e in events if len(e.persons) > 1]
    if talks:
        return list(talks[-1].persons)
    named: list[str] = []
    for mention in reversed(index.in_span(0, sentence.start)):
        if mention.actor.kind == "person" and mention.actor.name not in named:
            named.append(mention.actor.name)
            if len(named) == 2:
                return named[::-1]
    return []


def _persons(mentions: list[Mention]) -> list[str]:
    names: list[str] = []
    for mention in mentions:
        if mention.actor.kind == "person" and mention.actor.name not in names:
            names.append(mention.actor.name)
    return names


def _speaker(text: str, mentions: list[Mention], verb_at: int, sentence_start: int) -> str | None:
    """The person saying it: a named person right before the verb ("Merz told") or right after it
    ("said Merz"), not a possessive ("Lula's office said") nor someone the remark is about, nor
    whom it was told to ("Putin ... told Xi")."""
    told = text.startswith(("told", "tells"), verb_at)
    if any(m.actor.kind != "person" and verb_at - m.end == 1 and text[m.end] == " " for m in mentions):
        return None  # "..., the Kremlin said", "Rosatom said": a government or a body speaks, not a person
    candidates = [
        m
        for m in mentions
        if m.actor.kind == "person"
        and not _POSSESSIVE_AFTER.match(text, m.end)
        and (
            0 <= verb_at - m.end <= 60
            or (0 <= m.start - verb_at <= 15 and not told)
            or m.start - sentence_start <= 40 < verb_at - m.end
        )
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda m: abs(m.start - verb_at)).actor.name


def _place(
    text: str, sentence: Sentence, mentions: list[Mention], trigger_at: int, reach: int
) -> tuple[str | None, str | None]:
    """Where it happened: a country or capital introduced by "in/to/at/visited" near the trigger,
    outside quotations ("the 'crisis in Gaza'" is not where they met)."""
    places = [
        m
        for m in mentions
        if m.actor.kind == "country"
        and _PLACE_LEAD.search(text[max(sentence.start, m.start - 12) : m.start])
        and m.start - trigger_at <= reach
        and not _QUOTE.search(text, min(m.start, trigger_at), max(m.start, trigger_at))
    ]
    # A demonym is a place only as "the Chinese capital" (its capital); "German engineers" is none.
    places = [m for m in places if text[m.start : m.end] not in _DEMONYMS or text.startswith(" capital", m.end)]
    after = [m for m in places if m.start >= trigger_at]
    chosen = after[0] if after else (places[-1] if places else None)
    if chosen is None:
        return None, None
    surface = text[chosen.start : chosen.end]
    if surface in _DEMONYMS:
        capitals = countries()[_DEMONYMS[surface]].capitals
        return (capitals[0] if capitals else chosen.actor.name), chosen.actor.name
    return surface, chosen.actor.name


def read_events(
    document: Document,
    sentences: list[Sentence],
    index: ActorIndex,
    published: dt.date | None,
    pair_names: list[str],
    triggers: dict[int, dict[str, str]] | None = None,
    document_pair: bool = True,
) -> list[EventCandidate]:
    """``triggers``, where given, gets the first trigger of each kind in each sentence, by the
    sentence's start (what the learned sentence models see). ``document_pair``: the pair is the
    document's own, whose formal text a headline such as "Joint Statement ..." may be."""
    text, words = document.text, document.words
    events: list[_Event] = []
    for sentence in sentences:
        first: dict[str, re.Match[str]] = {}
        for found in words.findall(KIND_TRIGGER, None, sentence.start, sentence.end):
            first.setdefault(found.lastgroup, found)  # type: ignore[arg-type]
        if triggers is not None and first:
            triggers[sentence.start] = {kind: found.group() for kind, found in first.items()}
        if not first:
            continue
        if "call" in first and "meeting" in first and _CALL_CONTENT.match(first["meeting"].group()):
            del first["meeting"]  # "held a telephone call where the two leaders discussed ...": the call's talk
        mentions = index.in_span(sentence.start, sentence.end)
        # "a Special Press Briefing by Foreign Secretary Vikram Misri on the visit": who briefs on
        # an event reports it and takes no part in it.
        # "Shri Randhir Jaiswal, Official Spokesperson: Good evening ...": a transcript's speaker label.
        # "Spokesperson Randhir Jaiswal said that the leaders witnessed ...": who reports what others did.
        first_trigger = min(found.start() for found in first.values())
        persons = _persons(
            [
                m
                for m in mentions
                if m.actor.kind != "person"
                or not (
                    _BRIEFER.search(text, sentence.start, m.start)
                    or _labels_a_speaker(text, m)
                    or ((said := _REPORTS_THAT.match(text, m.end)) is not None and said.end() <= first_trigger)
                )
            ]
        )
        countries = [m.actor.name for m in mentions if m.actor.kind == "country"]
        kinds_done: set[str] = set()
        unnamed = [e for e in events if e.kind == "statement" and not e.persons]
        if unnamed and len(persons) > 1 and _TEXT_REFERENCE.match(sentence.lower):
            # "The statement was jointly signed by President Xi and President Putin": who issued it
            unnamed[0].persons, unnamed[0].actors = list(persons), list(persons)
        for kind, _pattern in _TRIGGERS:
            match = first.get(kind)
            if not match or kind in kinds_done:
                continue
            trigger_at = match.start()  # in the document
            before = sentence.text[: trigger_at - sentence.start]
            lower_before = sentence.lower[: trigger_at - sentence.start]
            if (
                match.group().startswith("spoke ")
                and match.group().endswith(("with", "to"))
                and (
                    set(first) & {"meeting", "summit", "visit"}
                    or _IN_PERSON.search(sentence.text)
                    or not any(m.actor.kind == "person" and m.start > trigger_at for m in mentions)
                )
            ):
                continue  # a readout's "spoke with the President": a call, unless they met in person
            if _ANNIVERSARY.search(lower_before):
                continue  # "the 25th anniversary of the Declaration": a past event remembered
            if kind == "visit" and _INVITATION.search(before):
                continue  # an invitation to visit is not a visit
            if kind == "summit" and _GROUPING_SUMMIT.search(before) and len(persons) < 2:
                continue  # "speaking at the Caspian Sea Summit", "the G20 Summit": a grouping's, unless both attend
            if kind == "summit" and (match.group().endswith("s") or _EARLIER.search(lower_before)):
                continue  # "a series of nineteen summits", "the previous summit in Goa": other events
            if kind == "visit" and match.group() == "visits" and _MANY.search(lower_before):
                continue  # "the visits would be frequent": visits in general
            if kind == "meeting" and lower_before.endswith("summit "):
                continue  # a "summit meeting" is the summit
            if kind == "statement" and _BODY_SAID_IN.search(lower_before):
                continue  # "the company said in a joint statement": not a text of the pair
            if kind == "meeting" and match.group() in ("discussed", "held talks") and len(persons) < 2:
                continue  # "Modi and Putin discussed": talks need both sides named
            if (
                kind == "meeting"
                and match.group().startswith("meet")
                and _MEET_IDIOM.match(sentence.lower, match.end() - sentence.start)
            ):
                continue  # "could meet the $100 billion target": no meeting
            signing = (
                kind == "other"
                and match.group().startswith(("signed", "signing", "we sign", "they sign", "inked"))
                and not _SIGNING_OF.match(match.group())
                and not match.group().endswith("ceremony")  # a ceremony is one, whoever signs at it
            )
            if signing and _WITNESSED_AFTER.search(sentence.lower, trigger_at - sentence.start):
                # "The two sides signed several agreements ... in the presence of Singh and Putin",
                # "The two leaders signed a declaration and witnessed the signing of 11 agreements"
                signing = False
            if signing and any(e.kind == "other" for e in events):
                kinds_done.add(kind)  # "the third document was signed by ...": the ceremony read already
                continue
            leaders_signed = (
                signing and _LEADERS_SIGN.search(sentence.lower, 0, trigger_at - sentence.start) is not None
            )
            if signing and not leaders_signed and not _signer(mentions, trigger_at, text):
                continue  # "an agreement signed during a visit by ...": the signing, not who signed
            if kind == "meeting" and match.group().startswith("welcom") and _welcomed_to(mentions, trigger_at, text):
                kind = "visit"  # "welcome President Putin and his delegation to India"
                if kind in kinds_done:
                    continue
            definite = words.search(_DEFINITE, text, sentence.start, trigger_at) is not None
            family = [e for e in events if e.kind in _FAMILY[kind]]
            if definite and family:
                # "Petroleum Minister Aiyar's recent visit to Russia": a visit of its own, named by
                # whose it is, not the one read already
                owner = _POSSESSOR.search(before)
                owners = [
                    m.actor.name
                    for m in mentions
                    if owner and m.actor.kind == "person" and m.end - sentence.start == owner.start()
                ]
                if owners and all(owners[0] not in e.persons for e in family):
                    definite = False
            if kind == "statement" and definite and any(e.kind == "statement" for e in events):
                kinds_done.add(kind)  # "the full text of the Joint Statement": the one read already
                continue
            if kind == "statement":
                # Who issued it: the people named, else the leaders who met, else the pair.
                talks = [e for e in events if e.kind in ("meeting", "summit", "visit") and e.persons]
                if _BOTH_SIDES.search(lower_before) and pair_names:
                    actors, event_persons = list(pair_names), []  # "the two sides issued a joint statement"
                elif persons:  # people first (the guideline)
                    actors, event_persons = list(persons), list(persons)
                elif talks and not _PAIR_TEXT.search(sentence.text):
                    actors, event_persons = list(talks[-1].persons), list(talks[-1].persons)
                else:
                    actors, event_persons = [c for c in countries if c in pair_names] or list(pair_names), []
                    if not actors:
                        continue
            elif kind == "other":
                pair_named = [c for c in pair_names if c in countries]
                event_persons = list(persons)
                if not persons and (not signing or leaders_signed):
                    # "he said while addressing the forum"; "the leaders witnessed the signing"; "the two
                    # leaders signed a convention"
                    event_persons = _pronoun_subject(text, sentence, index) or _role_referents(sentence, events, index)
                if not event_persons and (signing or len(pair_named) < 2):
                    continue  # countries or companies signing is the agreement; a ceremony needs its people
                actors = list(event_persons) or pair_named
            else:
                if kind == "summit" and definite and not family and not persons:
                    # "After the summit, the two leaders ...": the talks of leaders read already were it.
                    talks = [e for e in events if e.kind == "meeting" and len(e.persons) > 1]
                    if talks:
                        talks[-1].kind = "summit"
                        kinds_done.add(kind)
                        continue
                if definite and family and kind == "meeting" and not persons and all(e.kind == "visit" for e in family):
                    # "The recent meetings emphasized ...": the talks held on the visit read already,
                    # an event of their own (the guideline), between the same people.
                    visit = family[-1]
                    kinds_done.add(kind)
                    stated = event_date(sentence.text, published)
                    events.append(
                        _Event(
                            "meeting",
                            list(visit.persons),
                            list(visit.actors),
                            visit.place,
                            stated.date,
                            stated.precision,
                            sentence,
                            0.6,
                        )
                    )
                    continue
                talks_on_visit = (
                    kind == "meeting"
                    and len(persons) > 1
                    and all(e.kind == "visit" for e in family)
                    and any(p not in e.persons for e in family for p in persons)
                )
                if definite and family and not talks_on_visit:
                    # "the meeting", "this visit": the one already read. But "his meeting with
                    # Vietnam's Prime Minister" on a visit read before names its other side: the
                    # talks of that visit, an event of their own (the guideline).
                    kinds_done.add(kind)
                    unnamed = [e for e in family if e.kind == kind and not e.persons]
                    if unnamed and len(persons) > 1 and kind in ("summit", "meeting"):
                        # "the 15th Annual Summit with Prime Minister Ishiba": who took part, named at last
                        unnamed[0].persons, unnamed[0].actors = list(persons), list(persons)
                    continue
                event_persons = persons
                if len(persons) == 1 and kind in ("meeting", "call") and PRONOUN_OPENS.match(sentence.text):
                    # "He called on Deputy Prime Minister Trutnev": the one he is, and the one he met
                    event_persons = list(dict.fromkeys([*_pronoun_subject(text, sentence, index), *persons]))
                if not persons and kind in ("meeting", "summit", "call"):
                    event_persons = _pronoun_subject(text, sentence, index) or _role_referents(sentence, events, index)
                elif (
                    not persons
                    and kind == "visit"
                    and PRONOUN_OPENS.match(sentence.text)
                    and not _quoted(text, trigger_at)  # "He noted, “... during your visit”": whose is not said
                ):
                    event_persons = _pronoun_subject(text, sentence, index)  # "He landed in Delhi last night"
                actors = list(event_persons)
            place, place_country = _place(text, sentence, mentions, trigger_at, 40 if kind == "statement" else 100)
            visiting = _visiting_role(sentence, trigger_at, index, pair_names) if kind == "visit" else None
            if visiting:
                event_persons, actors = [visiting[0]], list(visiting)
            elif kind == "visit":
                # The visitor: "Modi's two-day visit", else the one the sentence is about (named first).
                owner = _POSSESSOR.search(before)
                named = [
                    m.actor.name
                    for m in mentions
                    if m.actor.kind == "person" and m.end - sentence.start == (owner.start() if owner else -1)
                ]
                by = _VISIT_BY.match(sentence.text, trigger_at - sentence.start)
                if by and not named:
                    after_by = [
                        m
                        for m in mentions
                        if m.actor.kind == "person" and 0 <= m.start - (sentence.start + by.end()) <= 60
                    ]
                    named = [after_by[0].actor.name] if after_by else []
                who: list[Mention] = []
                if not named:
                    # "his Russian counterpart, Dmitry Medvedev, who arrives in Bangkok today for a two-day
                    # visit": the visitor is whom the relative clause the visit stands in is about
                    who = [
                        m
                        for m in mentions
                        if m.actor.kind == "person"
                        and m.end < trigger_at
                        and (clause := _WHO_AFTER.match(text, m.end)) is not None
                        and not _CLAUSE_ENDS.search(text, clause.end(), trigger_at)
                    ]
                    if who:  # (who else took part stays: "the two leaders" later are both of them)
                        actors = [who[-1].actor.name]
                if not named and not who:
                    # "Putin on Thursday hosted Indian Prime Minister Modi in a visit": the guest visits
                    people = [m for m in mentions if m.actor.kind == "person" and m.actor.name in event_persons]
                    hosted = next(
                        (
                            m
                            for host, m in pairwise(people)
                            if m.actor.name != host.actor.name and _HOSTED.search(text, host.end, m.start)
                        ),
                        None,
                    )
                    named = [hosted.actor.name] if hosted is not None else []
                    host_country = _host(hosted.actor.country, pair_names) if hosted is not None else None
                    if host_country and not place_country:
                        place_country = host_country  # the host's country, where the guest came
                actors = named[:1] or actors[:1]
                if named:
                    event_persons = named[:1]  # the visitor alone: "after Aiyar's recent visit" is not Putin's
                if place_country and len(pair_names) == 2 and place_country not in pair_names:
                    continue  # "briefed Putin about his recent visit to the US": a visit of another pair
                if place_country and place_country not in actors:
                    actors.append(place_country)
            if kind in ("summit", "meeting", "call") and not event_persons:
                if kind != "summit":
                    continue  # talks with nobody named: a reference to an event read already, or too vague
                leaders = [e for e in events if e.kind in ("meeting", "visit", "call") and len(e.persons) > 1]
                if leaders:
                    # "The meeting built on the outcomes from the Annual Leaders' Summit": the leaders
                    # who met in the story, people first (the guideline)
                    event_persons = list(leaders[-1].persons)
                actors = list(event_persons) or [c for c in countries if c in pair_names] or list(pair_names)
                actors += [
                    m.actor.name for m in mentions if m.actor.kind == "organization" and m.actor.name not in actors
                ]
            if kind == "visit" and not event_persons:
                continue
            if (
                kind == "visit"
                and match.group().startswith(("was ", "were ", "is ", "are "))
                and (place_country is None or place_country == actors[0] or place_country not in pair_names)
            ):
                continue  # "was in" makes a visit only to the other country of the pair
            same = [e for e in family if e.kind == kind and set(e.persons) & set(event_persons)]
            if kind == "meeting" and _CALL_CONTENT.match(match.group()):
                # "Both Modi and Putin also discussed ..." after their call: what the call was about
                same += [e for e in events if e.kind == "call" and set(event_persons) <= set(e.persons)]
            if same:
                kinds_done.add(kind)
                continue
            stated = event_date(sentence.text, published)
            if kind == "statement" and stated.precision != "day":
                stated = UNKNOWN  # "in 2024" in a quote dates the figure, not the remark
            if kind == "statement" and len(pair_names) == 2 and set(pair_names) <= set(countries):
                # "Finland and India issued a joint statement", "Joint Statement between Vietnam and
                # Singapore on the visit of ...": the two governments issue it, with whoever is named
                actors = [*actors, *(c for c in countries if c in pair_names and c not in actors)]
            events.append(
                _Event(
                    kind,
                    list(event_persons),
                    list(dict.fromkeys(actors)),
                    place,
                    stated.date,
                    stated.precision,
                    sentence,
                    0.8 if event_persons else 0.6,
                )
            )
            kinds_done.add(kind)
            guest = _welcomed_guest(mentions, trigger_at, text, pair_names) if kind == "meeting" else None
            if guest and match.group().startswith("welcom") and not any(e.kind == "visit" for e in events):
                # The talks are the meeting; the guest's coming is a visit of its own (the guideline).
                events.append(
                    _Event("visit", [guest[0]], list(guest), place, stated.date, stated.precision, sentence, 0.6)
                )
                kinds_done.add("visit")
    title = next((s for s in document.sentences if s.kind == "title"), None)
    if document_pair and title is not None and pair_names and not any(e.kind == "statement" for e in events):
        found = words.search(KIND_TRIGGER, None, title.start, title.end)  # type: ignore[assignment]  # reused name
        if found is not None and found.lastgroup == "statement" and not found.group().startswith("readout"):
            # (a readout is the record of the call or meeting it reads out, read as that event)
            # The document is itself a formal text of the pair: "Joint Statement following ...".
            events.append(_Event("statement", [], list(pair_names), None, None, UNKNOWN.precision, title, 0.7))
    events.sort(key=lambda e: e.sentence.start)
    return [
        EventCandidate(
            kind=e.kind,
            actors=e.actors,
            place=e.place,
            date=e.date,
            date_precision=e.precision,
            evidence=Span(e.sentence.text, e.sentence.start, e.sentence.end),
            confidence=e.confidence,
        )
        for e in events
    ]


def name_participants(events: list[EventCandidate], actors: list[ActorCandidate]) -> None:
    """People first (the guideline): an event read with countries alone is of the people of the
    talks of the same pair nearest it in the story, before it if any ("Following
    the meeting, the two ministers conducted a signing ceremony"; "Joint Statement between the
    Prime Ministers"; "The annual summit is held alternately in India and Russia"). The countries
    stay after them, so that a reading of the countries is still one."""
    people = {a.name for a in actors if a.kind == "person"}
    talks = [e for e in events if e.kind != "visit" and sum(a in people for a in e.actors) > 1]
    for event in events:
        if event.kind == "visit" or any(a in people for a in event.actors):
            continue
        if event.kind == "statement" and _PAIR_TEXT.search(event.evidence.text):
            continue  # "the India-Russia joint communiqué": the pair's text, issued by the countries
        same_pair = [e for e in talks if e.relationship == event.relationship]
        if not same_pair:
            continue
        at = event.evidence.start
        nearest = min(same_pair, key=lambda e: (e.evidence.start > at, abs(e.evidence.start - at)))
        event.actors = [*(a for a in nearest.actors if a in people), *event.actors]
