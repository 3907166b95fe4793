"""Facts the rules missed, proposed by learned sentence models.

The rules read a fact where a pattern they know holds; on real text most of what they lose is
recall: an agreement or an event stated in a way no pattern covers (docs/extraction.md). Here a
second reader looks again at the sentences the rules read from, where they could have read a
fact and did not (a deal phrase and no agreement; an event word and no event of its kind), and
asks how likely it is that the sentence states one: "reached an agreement to finance imports",
"Modi discussed trade with the Russian side through a video link". It sees what the rules saw
(the event words, the kinds they read there, how many agreements, who is named) and the
sentence's words, and was trained on the gold corpus by ``manage.py train_extraction --sentences``.

A model file is JSON weights (no pickle), applied in pure Python; with no file the rules' facts
stand alone. A proposal is a candidate like any other, at a lower confidence, for an editor to
approve or reject: an agreement is titled by the deal phrase of its sentence, an event takes the
people its sentence names (else whom "the two leaders" stands for, else the pair's countries).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise, repeat
from pathlib import Path

from .actors import ActorIndex
from .candidates import AgreementCandidate, EventCandidate, Span
from .countries import organization_aliases, organization_countries
from .dates import event_date
from .document import Document
from .events import EVENT_KINDS, PRONOUN_OPENS, ROLE_REFERENCE
from .sentences import Sentence
from .vocabulary import sector_of, status_of

MODEL_DIR = Path(__file__).resolve().parent / "data"
SENTENCE_MODELS = MODEL_DIR / "sentence_models.json"
FORMAT = 1  # the layout of the file; a file of another layout is ignored
AGREEMENT = "agreement"
EVENT_HEADS = {kind: f"event:{kind}" for kind in EVENT_KINDS}
HEADS = (AGREEMENT, *EVENT_HEADS.values())

_WORD = re.compile(r"[a-z][a-z\-']*|\d+")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "and",
        "on",
        "for",
        "with",
        "by",
        "at",
        "as",
        "is",
        "was",
        "were",
        "be",
        "been",
        "that",
        "this",
        "its",
        "their",
        "his",
        "her",
    ]
)
# The nouns a deal is written with; a proposed agreement is titled by the phrase around one.
_DEAL_NOUN = re.compile(
    r"\b(?:agreements?|mous?|memorand(?:um|a|ums)|deals?|pacts?|treat(?:y|ies)|contracts?|accords?|protocols?|"
    r"declarations?|programmes?|programs?|projects?|partnerships?|alliances?|frameworks?|initiatives?|"
    r"roadmaps?|road maps?|corridors?|pipelines?|(?:joint )?ventures?|loans?|credit lines?|lines? of credit|"
    r"arrangements?|conventions?|charters?|letters? of intent|action plans?|plans? of action)\b"
)
_NEXT_DEAL_NOUN = re.compile(r" (?=[a-z])" + _DEAL_NOUN.pattern)
_BARE_DEAL = re.compile(r"(?:" + _DEAL_NOUN.pattern + r"\s*)+")
_REFERENCE_BACK = re.compile(r"(?:those|these|this|that|such)\s+")
# Words that may stand before the noun inside its phrase, besides capitalised ones.
_MODIFIERS = frozenset(
    [
        "bilateral",
        "intergovernmental",
        "inter-governmental",
        "strategic",
        "defence",
        "defense",
        "military",
        "trade",
        "economic",
        "free",
        "nuclear",
        "energy",
        "comprehensive",
        "updated",
        "new",
        "joint",
        "long-term",
        "framework",
        "cooperation",
        "investment",
        "security",
        "technical",
        "technological",
        "cultural",
        "space",
        "oil",
        "gas",
        "supply",
        "purchase",
        "loan",
        "credit",
        "currency",
        "swap",
        "partnership",
        "mutual",
        "preferential",
        "visa",
        "mobility",
        "migration",
        "maritime",
        "agricultural",
        "scientific",
    ]
)
# What may follow the noun and still belong to its name: "agreement on ...", "programme of cooperation".
_COMPLEMENT = re.compile(r"\s+(?:on|for|of|to|in the field of|in the fields of|concerning|regarding)\s+")
_PHRASE_END = re.compile(
    r"[,;:.!?()\"“”]|\s(?:and|which|that|who|was|were|is|are|will|would|has|have|had|with|between|by|after|"
    r"during|at|from|worth|valued|signed|as|but|while|since|until)\s"
    r"|\s(?:for|over|in|within) (?:the |a )?(?:next|coming|period|\d)"  # a term: "for the next 10 years"
)
_CIRCUMSTANCE = re.compile(
    r"(?:the |a )?(?:sidelines|margins?|behalf|occasion|eve|basis|presence|side|course|framework of)\b"
)
_MAX_AFTER = 70  # characters of a complement kept in a title


@dataclass(frozen=True)
class _Story:
    """What the sentences of one story share: its actors, the pair, the talks the rules read."""

    index: ActorIndex
    pair_names: list[str]
    people: frozenset[str]
    talks: list[EventCandidate]  # events between two people or more, in the order of the text


@dataclass
class SentenceContext:
    """What the rules know about one sentence they read from. Who it names is worked out when
    first asked (most sentences are never asked: nothing could be proposed from them)."""

    sentence: Sentence
    story: _Story
    triggers: dict[str, str]  # event kind -> the first trigger of that kind
    rule_events: frozenset[str]  # kinds the rules read an event of here
    rule_agreements: int  # agreements the rules read here
    # (persons, the pair's countries, organizations, groupings), read once when first asked
    _named: tuple[tuple[str, ...], tuple[str, ...], int, int] | None = field(default=None, repr=False)

    def _names(self) -> tuple[tuple[str, ...], tuple[str, ...], int, int]:
        if self._named is None:
            mentions = self.story.index.in_span(self.sentence.start, self.sentence.end)
            pair, groupings = self.story.pair_names, _groupings()
            self._named = (
                tuple(dict.fromkeys(m.actor.name for m in mentions if m.actor.kind == "person")),
                tuple(
                    dict.fromkeys(m.actor.name for m in mentions if m.actor.kind == "country" and m.actor.name in pair)
                ),
                len({m.actor.name for m in mentions if m.actor.kind == "organization"}),
                len({m.actor.name for m in mentions if m.actor.name in groupings}),
            )
        return self._named

    @property
    def persons(self) -> tuple[str, ...]:
        return self._names()[0]

    @property
    def pair_countries(self) -> tuple[str, ...]:
        """The pair's countries the sentence names."""
        return self._names()[1]

    @property
    def organizations(self) -> int:
        return self._names()[2]

    @property
    def groupings(self) -> int:
        """Intergovernmental organizations and groupings named (BRICS, the SCO): not the pair's."""
        return self._names()[3]

    def referents(self) -> tuple[str, ...]:
        """Whom "the two leaders" or an opening "He" stands for, where the sentence names nobody:
        the people of the last talks the rules read before, else the last people named."""
        sentence, story = self.sentence, self.story
        if self.persons:
            return ()
        if ROLE_REFERENCE.search(sentence.lower):
            before = [e for e in story.talks if e.evidence.start < sentence.start]
            if before:
                return tuple(a for a in before[-1].actors if a in story.people)
            wanted = 2
        elif PRONOUN_OPENS.match(sentence.text):
            wanted = 1
        else:
            return ()
        named = [m.actor.name for m in story.index.in_span(0, sentence.start) if m.actor.kind == "person"]
        return tuple(dict.fromkeys(reversed(named)))[:wanted][::-1]


@lru_cache(maxsize=1)
def _groupings() -> frozenset[str]:
    return frozenset(organization_aliases().values()) - set(organization_countries())


def sentence_contexts(
    sentences: list[Sentence],
    index: ActorIndex,
    pair_names: list[str],
    agreements: Iterable[AgreementCandidate],
    events: Iterable[EventCandidate],
    triggers: dict[int, dict[str, str]],
) -> list[SentenceContext]:
    """``triggers``: the event words the rules saw, by sentence start (events.read_events)."""
    agreements_at: dict[int, int] = {}
    for agreement in agreements:
        agreements_at[agreement.evidence.start] = agreements_at.get(agreement.evidence.start, 0) + 1
    events = list(events)
    events_at: dict[int, set[str]] = {}
    for event in events:
        events_at.setdefault(event.evidence.start, set()).add(event.kind)
    people = frozenset(a.name for a in index.actors if a.kind == "person")
    talks = [e for e in events if sum(a in people for a in e.actors) > 1]
    story = _Story(index, pair_names, people, talks)
    return [
        SentenceContext(
            sentence=sentence,
            story=story,
            triggers=triggers.get(sentence.start, {}),
            rule_events=frozenset(events_at.get(sentence.start, ())),
            rule_agreements=agreements_at.get(sentence.start, 0),
        )
        for sentence in sentences
    ]


def sentence_features(context: SentenceContext) -> dict[str, float]:
    """Sparse features of one sentence: its words ("putin") and word pairs ("video_link"), and
    what the rules saw in it ("trigger=meeting", "rule=visit", ...: the only names with "=")."""
    sentence = context.sentence
    words = _WORD.findall(sentence.lower)
    # Built by C loops (dict.fromkeys, map, str.join): the engine does this for many sentences.
    features = dict.fromkeys(words, 1.0)
    for stop in _STOP.intersection(features):
        del features[stop]
    features.update(dict.fromkeys(map("_".join, pairwise(words)), 1.0))
    for kind, trigger in context.triggers.items():
        features[f"trigger={kind}"] = 1.0
        features[f"trigger_word={trigger}"] = 1.0
    features.update((f"rule={kind}", 1.0) for kind in context.rule_events)
    features[f"rule_agreements={min(context.rule_agreements, 2)}"] = 1.0
    features[f"persons={min(len(context.persons), 2)}"] = 1.0
    features[f"pair_countries={min(len(context.pair_countries), 2)}"] = 1.0
    features[f"organizations={min(context.organizations, 2)}"] = 1.0
    if context.groupings:
        features["grouping"] = 1.0
    nouns = {m.group().rstrip("s") for m in _DEAL_NOUN.finditer(sentence.lower)}
    features.update((f"deal={noun}", 1.0) for noun in nouns)
    if not nouns:
        features["no_deal_noun"] = 1.0
    if '"' in sentence.text or "“" in sentence.text:
        features["quote"] = 1.0
    if sentence.index < 3:
        features["early"] = 1.0
    return features


@dataclass(frozen=True)
class Head:
    """One binary logistic regression: P(yes) = sigmoid(bias + sum of weights)."""

    bias: float
    weights: dict[str, float]
    threshold: float  # below it nothing is proposed


@dataclass(frozen=True)
class SentenceModels:
    heads: dict[str, Head]
    version: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "_vocabulary", frozenset(f for head in self.heads.values() for f in head.weights))

    def known(self, features: dict[str, float] | frozenset[str]) -> frozenset[str]:
        """The features any head weighs (most word pairs of a sentence none does), found in C."""
        if isinstance(features, frozenset):
            return features
        return self._vocabulary.intersection(features)  # type: ignore[attr-defined, no-any-return]

    def probability(self, name: str, features: dict[str, float] | frozenset[str]) -> float:
        """One head's probability. Features are present or absent (their values are 1), so the
        score is the bias plus the weights of the features present, summed by ``map`` over
        ``dict.get`` to keep the loop out of Python (the engine's speed goal, docs/extraction.md)."""
        head = self.heads[name]
        score = head.bias + sum(map(head.weights.get, self.known(features), repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, score))))

    @classmethod
    def from_file(cls, path: Path) -> SentenceModels | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            heads = {
                name: Head(
                    float(head["bias"]), {k: float(w) for k, w in head["weights"].items()}, float(head["threshold"])
                )
                for name, head in data["heads"].items()
                if name in HEADS
            }
            return cls(heads=heads, version=str(data["version"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None


@lru_cache(maxsize=4)
def sentence_models(path: Path = SENTENCE_MODELS) -> SentenceModels | None:
    """The shipped models, or None where there are none (the rules' facts stand alone)."""
    return SentenceModels.from_file(path)


def deal_title(sentence: Sentence) -> str | None:
    """The deal phrase a sentence names ("reached an agreement to finance imports from the
    neighboring country" -> "Agreement to finance imports"), or None."""
    found = _DEAL_NOUN.search(sentence.lower)
    if found is None:
        return None
    text = sentence.text
    start = found.start()
    # Back over capitalised words and known modifiers: "Joint Declaration", "bilateral investment treaty".
    while (before := re.search(r"([\w\-’']+)\s+$", text[:start])) is not None:
        word = before.group(1)
        if word.lower() in _STOP or not (word[:1].isupper() or word.lower() in _MODIFIERS):
            break
        start = before.start()
    end = found.end()
    while (more := _NEXT_DEAL_NOUN.match(sentence.lower, end)) is not None:
        end = more.end()  # "partnership framework", "pipeline project": the last noun heads the phrase
    complement = _COMPLEMENT.match(text, end)
    if complement is not None and _CIRCUMSTANCE.match(sentence.lower, complement.end()):
        complement = None  # "a framework on the sidelines of a meeting": where it was agreed, not what
    if complement is not None:
        stop = _PHRASE_END.search(text, complement.end())
        tail = text[complement.end() : stop.start() if stop else len(text)]
        if len(tail) > _MAX_AFTER:
            tail = tail[:_MAX_AFTER].rsplit(" ", 1)[0]
        if tail.strip():
            end = complement.end() + len(tail.rstrip())
    title = text[start:end].strip(" -–")
    return title[:1].upper() + title[1:] if title else None


# An agreement no deal noun names must be likelier by this much than one a noun names (measured on
# the 75 sets the models never saw: 0.0 and 0.1 read the same, past 0.2 the gain goes; docs/extraction.md).
_UNNAMED_MARGIN = 0.1
_AGREED_TO = re.compile(
    r"\b(?:agreed|agree|agreeing|decided|resolved|committed)\s+to\s+(?:further\s+|jointly\s+|also\s+)?"
    r"(?P<what>[a-z]+\b[^,;:.()]{0,70}?)(?=\s*(?:[,;:.()]|\s(?:and|as|during|which|while)\s|$))"
)
_COOPERATION_IN = re.compile(
    r"\b(?P<what>(?:joint\s+)?(?:cooperation|collaboration|co-operation)\s+(?:with\s+\w+\s+(?:\w+\s+)?)?"
    r"(?:in|on)\s+[^,;:.()]{3,70}?)"
    r"(?=\s*(?:[,;:.()]|\s(?:and|as|during|which|while|between|with)\s|$))"
)
_ACTIVITY_OF = re.compile(
    r"\b(?P<what>(?:joint\s+)?(?:sale|purchase|supply|supplies|delivery|deliveries|construction|production|"
    r"acquisition|exploration|development|import|imports|export|exports|lease|manufacture)\s+of\s+[^,;:.()]{3,70}?)"
    r"(?=\s*(?:[,;:.()]|\s(?:and|as|during|which|while|from|to|at|for|in)\s|$))"
)
_TITLE_WORDS = 10  # of the sentence's opening, where it says nothing shorter


def activity_title(sentence: Sentence) -> str:
    """A title for an agreement a sentence states without naming a deal: what the sides agreed to
    do ("agreed to establish a joint industrial zone" -> "Establish a joint industrial zone"), the
    field of cooperation ("Cooperation in rocket engineering"), what changes hands or is built
    ("Sale of a 15% stake"), else the sentence's opening words for the editor to name it (the
    evidence stands beside it)."""
    for pattern in (_AGREED_TO, _COOPERATION_IN, _ACTIVITY_OF):
        found = pattern.search(sentence.lower)
        if found is not None:
            title = sentence.text[found.start("what") : found.end("what")].strip()
            return title[:1].upper() + title[1:]
    words = sentence.text.split()
    opening = " ".join(words[:_TITLE_WORDS]).rstrip(",;:.")
    return opening + ("…" if len(words) > _TITLE_WORDS else "")


def _proposal_key(title: str, sentence: Sentence) -> str:
    """The key a proposed deal is recorded (and, once approved, recognised) under: its title, or
    for a bare noun ("Corridor", "Joint venture"), the title and its sentence, so that it neither
    gathers every deal of that noun into one nor makes the noun a deal wherever it stands."""
    if not _BARE_DEAL.fullmatch(title.lower()):
        return title.lower()
    return f"{title.lower()}: {' '.join(sentence.lower.split())[:120]}"


def propose(
    document: Document,
    contexts: list[SentenceContext],
    models: SentenceModels | None,
    pair_names: list[str],
    agreements: list[AgreementCandidate],
    events: list[EventCandidate],
    published: dt.date | None,
) -> tuple[list[AgreementCandidate], list[EventCandidate]]:
    """Agreements and events the models find likely where the rules read none; the lists given
    are not changed."""
    if models is None or not contexts:
        return [], []
    new_agreements: list[AgreementCandidate] = []
    new_events: list[EventCandidate] = []
    known_events = list(events)
    read_titles = {a.title.lower() for a in agreements}
    agreement_head = models.heads.get(AGREEMENT)
    event_heads = [(kind, models.heads[name]) for kind, name in EVENT_HEADS.items() if name in models.heads]
    for context in contexts:
        sentence = context.sentence
        title = deal_title(sentence) if agreement_head is not None and not context.rule_agreements else None
        # A deal no noun names ("agreed to lift taxes on hundreds of products", "Russia is building
        # two reactors at Kudankulam"): asked too, where the pair or its people are named. (With a
        # head and no agreement read here, no title means deal_title found no deal noun.)
        unnamed = (
            title is None
            and agreement_head is not None
            and not context.rule_agreements
            and bool(context.pair_countries or context.persons)
        )
        if title is not None and context.groupings and not (context.pair_countries or context.persons):
            title = None  # "we will adopt the BRICS countries' strategy": a deal of a grouping, not of the pair
        if title is not None and title.lower() in read_titles and _BARE_DEAL.fullmatch(title.lower()):
            title = None  # "the framework" again: the deal of that name the rules read in another sentence
        reference = _REFERENCE_BACK.match(title.lower()) if title is not None else None
        if reference is not None and _BARE_DEAL.fullmatch(reference.string, reference.end()):
            title = None  # "Those agreements were signed during a meeting": deals named before
        # An event of a kind whose word the rules saw here and read no event from ("Modi
        # discussed trade ... through a video link"): where they read it, or saw no such word,
        # nothing is asked (reading every sentence twice is what the speed goal cannot pay).
        # (and no talks where the rules read a call: "held a telephonic conversation ... for dialogue"
        # is the call's talk)
        open_kinds = [
            (kind, head)
            for kind, head in event_heads
            if kind in context.triggers
            and kind not in context.rule_events
            and not (kind == "meeting" and "call" in context.rule_events)
        ]
        actors = list(context.persons or context.referents() or context.pair_countries) if open_kinds else []
        # nobody to name, or an event of the kind read already with them: nothing to ask
        open_kinds = [
            (kind, head)
            for kind, head in open_kinds
            if actors and not any(e.kind == kind and set(e.actors) & set(actors) for e in known_events)
        ]
        if title is None and not unnamed and not open_kinds:
            continue
        features = models.known(sentence_features(context))  # once for every head
        likely = models.probability(AGREEMENT, features) if title is not None or unnamed else 0.0
        bar = agreement_head.threshold + (_UNNAMED_MARGIN if unnamed else 0.0) if agreement_head else 1.0
        if unnamed and likely >= bar:
            title = activity_title(sentence)
        if title is not None and agreement_head is not None and likely >= bar:
            new_agreements.append(
                AgreementCandidate(
                    title=title,
                    keys=[_proposal_key(title, sentence)],
                    sector=sector_of(title, sentence.text),
                    status=status_of(document.words, sentence.start, sentence.end) or "proposed",
                    parties=list(pair_names),
                    evidence=Span(sentence.text, sentence.start, sentence.end),
                    other_evidence=[],
                    registry_key=None,
                    confidence=round(0.3 + 0.3 * likely, 2),
                )
            )
        for kind, head in open_kinds:
            likely = models.probability(EVENT_HEADS[kind], features)
            if likely < head.threshold:
                continue
            stated = event_date(sentence.text, published)
            event = EventCandidate(
                kind=kind,
                actors=list(actors),
                place=None,
                date=stated.date,
                date_precision=stated.precision,
                evidence=Span(sentence.text, sentence.start, sentence.end),
                confidence=round(0.3 + 0.3 * likely, 2),
            )
            new_events.append(event)
            known_events.append(event)
    return new_agreements, new_events
