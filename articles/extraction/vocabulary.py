"""Contract vocabulary: the things bilateral deals are about, by sector, and the cues
that say where a deal stands. General news vocabulary, not any article's wording."""

from __future__ import annotations

import re

from .cues import Cue, WordIndex
from .trie import alternation

# Objects of deals (singular; plurals are matched too), by sector.
OBJECTS: dict[str, tuple[str, ...]] = {
    "defense": (
        "stealth fighter jet",
        "fighter jet",
        "stealth fighter",
        "fighter aircraft",
        "fighter programme",
        "fighter program",
        "aircraft carrier",
        "patrol aircraft",
        "transport aircraft",
        "helicopter",
        "submarine",
        "frigate",
        "warship",
        "destroyer",
        "corvette",
        "battle tank",
        "main battle tank",
        "assault rifle",
        "rifle",
        "howitzer",
        "air defence system",
        "air defense system",
        "missile system",
        "cruise missile",
        "missile",
        "drone",
        "jet engine",
        "spare parts",
        "aero-engine",
        "defence framework",
        "defense framework",
        "ammunition",
        "artillery",
    ),
    "nuclear": (
        "nuclear power plant",
        "nuclear plant",
        "nuclear power station",
        "nuclear reactor",
        "small modular reactor",
        "reactor",
        "nuclear fuel",
        "nuclear power",
        "nuclear energy",
    ),
    "energy": (
        "LNG",
        "liquefied natural gas",
        "gas pipeline",
        "oil pipeline",
        "hydrogen pipeline",
        "pipeline",
        "refinery",
        "oil supply",
        "gas supply",
        "crude supply",
        "power plant",
    ),
    "infrastructure": (
        "high-speed rail",
        "high speed rail",
        "bullet train",
        "railway",
        "rail link",
        "railway line",
        "port",
        "container terminal",
        "corridor",
        "highway",
        "bridge",
        "metro",
        "airport",
        "dam",
    ),
    "space": ("satellite", "launch vehicle", "space station", "spacecraft", "lunar mission", "rocket"),
    "technology": ("semiconductor", "chip plant", "chip", "data centre", "data center", "fab"),
    "trade": (
        "free trade agreement",
        "FTA",
        "trade deal",
        "trade agreement",
        "trade pact",
        "tariff truce",
        "truce",
        "critical minerals",
        "rare earths",
        "rare earth",
        "wheat",
        "grain",
        "barley",
        "soybeans",
        "rice",
        "palm oil",
        "coal",
        "iron ore",
    ),
    "finance": (
        "currency swap",
        "swap line",
        "credit line",
        "line of credit",
        "payment system",
        "joint fund",
        "investment fund",
        "sovereign fund",
        "concessional loans",
        "concessional loan",
        "local currency settlement",
        "national currencies",
    ),
    "other": (
        "chemical complex",
        "steel plant",
        "manufacturing plant",
        "assembly plant",
        "factory",
        "urea plant",
        "fertiliser plant",
        "fertilizer plant",
    ),
    "diplomacy": (
        "government consultations",
        "intergovernmental consultations",
        "strategic dialogue",
        "visa programme",
        "visa program",
        "visa waiver",
        "visa-free travel",
        "working holiday",
        "mobility agreement",
        "migration agreement",
    ),
}
OBJECT_SECTOR = {phrase.lower(): sector for sector, phrases in OBJECTS.items() for phrase in phrases}
_ALL_OBJECTS = sorted((p.lower() for phrases in OBJECTS.values() for p in phrases), key=len, reverse=True)
# Cue patterns below are lower-case and run on ASCII-lower-cased text (Sentence.lower).
# Folded into a trie (longest first, as the sort above): tried at every position of every sentence.
OBJECT_PATTERN = re.compile(r"(?<![\w-])(?=[a-z])" + alternation(_ALL_OBJECTS) + r"(?:e?s)?(?![\w-])")
OBJECT_CUE = Cue(OBJECT_PATTERN)

# Words that make a capitalised name a project or a named deal.
PROJECT_HEADS = (
    "Plant",
    "Port",
    "Project",
    "Corridor",
    "Pipeline",
    "Railway",
    "Rail",
    "Programme",
    "Program",
    "System",
    "Satellite",
    "Dam",
    "Bridge",
    "Highway",
    "Refinery",
    "Reactor",
    "Agreement",
    "Treaty",
    "Pact",
    "Accord",
    "Terminal",
    "Station",
    "Line",
    "Link",
    # instruments named for what they set up: "the Kudankulam Fuel Supply Protocol"
    "Protocol",
    "Initiative",
    "Framework",
    "Taskforce",
    "Roadmap",
    "Charter",
)
LOWER_HEADS = (
    "plant",
    "port",
    "project",
    "corridor",
    "pipeline",
    "railway",
    "programme",
    "program",
    "reactor",
    "line",
    "link",
    "deal",
    "agreement",
    "treaty",
    "pact",
    "system",
    "satellite",
    "terminal",
    # what a named weapon system is: "Rafale Marine fighter jets", "Scorpene submarines"
    "jets",
    "aircraft",
    "submarines",
    "frigates",
    "destroyers",
    "corvettes",
    "helicopters",
    "drones",
    "missiles",
    "tanks",
    "howitzers",
    "engines",
)

# Words that say a sentence talks about a deal at all.
DEAL_CUE = Cue(
    r"\b(?=[a-z])(?:deals?|contracts?|agreements?|pacts?|treat(?:y|ies)|mous?|memorand(?:um|a)|accords?|orders?|purchases?|"
    r"procure\w*|acquisition|production|co-produc\w+|co-develop\w*|joint venture|deliver(?:y|ies|ed)|suppl(?:y|ies)|"
    r"construct\w*|build\w*|project|programme|program|proposals?|offer\w*|locali[sz]ation|licen[cs]e|manufactur\w*|"
    r"talks|negotiat\w+|signed(?! up\b)|agreed|framework|corridor|pipeline|initiative|decision on|"
    r"arrangements?|protocols?|taskforce|roadmaps?|charter|stakes?)\b"
)

# Status cues, strongest first: a deal both "signed" and "delayed" is stalled.
STATUS_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (status, re.compile(pattern))
    for status, pattern in (
        (
            "stalled",
            # "long-delayed" describes a deal's past, not where it stands now.
            r"\b(?:stall\w*|(?<!-)delay\w*|on hold|suspend\w*|frozen|stuck|deadlock\w*|halt\w*|cancel\w*|scrapp\w*|"
            r"postpon\w*|shelved|in limbo)\b",
        ),
        ("completed", r"\b(?:delivered|commissioned|completed|handed over|inaugurated|fully operational)\b"),
        (
            "in_progress",
            r"\b(?:work (?:continues|is continuing|on [\w\s-]{1,40} (?:is|are) under way)|under ?way|"
            r"under construction|being built|deliver(?:y|ies)|expected to arrive|to arrive|arrival of|"
            r"in progress|ongoing|progress on|implementation|launched|operational|first batch|"
            r"continue[sd]?\b|rolling out)",
        ),
        (
            "agreed",
            r"\b(?:signed(?! up\b)|signing (?:of|a|an|the)|inked|green light|approved|agree[ds]?|agreeing|concluded|"
            r"sealed|cemented|ratif(?:ied|ies|y)|renewed|renewal of|adopted|drew up|drawn up|backed|"
            r"announced (?:a|an|the|their|its) (?:[\w\-]+ ){0,5}?(?:deals?|agreements?|pacts?|contracts?|package)|"
            r"cleared|awarded|placed an order|"
            r"ordered|clinched|finali[sz]ed|finali[sz]ation of)\b",
        ),
        (
            "negotiating",
            r"\b(?:negotiat\w+|talks (?:on|over|about|are|for)|in talks|(?:trade|fta) talks|discussions? on|"
            r"discussing|seek\w*|push(?:ing)? for|"
            r"under discussion|finali[sz]ing|expected to sign|close to (?:a deal|signing)|drafted|exploring)\b",
        ),
        (
            "proposed",
            r"\b(?:propos\w+|could|would|plans? to|planning|planned|commitment to|commit(?:s|ted)? to|wants?|"
            r"intends? to|intended to|"
            r"offer(?:ed|s|ing)? to|offering|feasibility|to study|mooted|envisag\w+|consider\w*|potential|"
            r"possible)\b",
        ),
    )
)


_STATUS_ORDER = [status for status, _ in STATUS_CUES]
# Every cue with its status (a named group per status), tried where a cue word starts.
_ANY_STATUS = Cue(
    r"\b(?=[a-z])(?:" + "|".join(f"(?P<{status}>{pattern.pattern})" for status, pattern in STATUS_CUES) + ")"
)


def status_cues(words: WordIndex, start: int, end: int) -> list[tuple[int, str]]:
    """(offset from ``start``, status) of every status cue in [start, end) of the document."""
    return [(m.start() - start, m.lastgroup) for m in words.findall(_ANY_STATUS, None, start, end) if m.lastgroup]


def status_of(words: WordIndex, start: int, end: int) -> str | None:
    """The strongest status cued anywhere in [start, end) of the document."""
    found = {status for _, status in status_cues(words, start, end)}
    return min(found, key=_STATUS_ORDER.index) if found else None


def status_near(cues: list[tuple[int, str]], offset: int) -> str | None:
    """The status whose cue is nearest before ``offset`` (else nearest after): in "talks on X,
    including proposals for Y", Y is proposed."""
    close = [status for start, status in cues if offset - 50 <= start < offset]
    if close:
        # Right in front of the deal, the strongest cue wins: "the delayed delivery of".
        return min(close, key=_STATUS_ORDER.index)
    before = [c for c in cues if c[0] < offset]
    if before:
        return max(before)[1]
    after = [c for c in cues if c[0] >= offset]
    return min(after)[1] if after else None


SECTOR_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (sector, re.compile(pattern, re.IGNORECASE))
    for sector, pattern in (
        ("nuclear", r"\b(?:nuclear|reactors?|atomic|uranium)\b"),
        ("space", r"\b(?:satellites?|space|launch vehicle|orbit|rocket)\b"),
        (
            "defense",
            r"\b(?:defen[cs]e|military|fighter|missiles?|rifles?|tanks?|submarines?|aircraft|jets?|"
            r"engines?|weapons?|combat|navy|naval|army|air force|squadrons?)\b",
        ),
        ("energy", r"\b(?:energy|oil|gas|LNG|pipelines?|hydrogen|crude|fuel|power)\b"),
        ("infrastructure", r"\b(?:rail\w*|ports?|corridor|highway|bridge|metro|train|shipping|terminal)\b"),
        ("technology", r"\b(?:semiconductors?|chips?|technology|digital|AI|artificial intelligence|telecom)\b"),
        ("finance", r"\b(?:currency|swap|payments?|banks?|loan|credit|rupee|rouble|ruble|yuan|dollar)\b"),
        ("trade", r"\b(?:trade|tariffs?|exports?|imports?|minerals?|market access)\b"),
        ("diplomacy", r"\b(?:diplomatic|visa|consulate|embassy|treaty)\b"),
    )
)


def sector_of(*texts: str) -> str:
    for text in texts:
        for sector, pattern in SECTOR_WORDS:
            if pattern.search(text):
                return sector
    return "other"
