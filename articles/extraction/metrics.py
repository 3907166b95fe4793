"""Metrics: money and quantities with what they measure, their kind and period."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from decimal import Decimal
from typing import cast

from .candidates import MetricCandidate, MetricReading, Span
from .cues import Cue, WordIndex
from .currencies import BY_SIGN, SHARED_SIGNS, SIGNS_NEEDING_A_SUM
from .document import Document
from .numbers import RAISED_OF, WORD_NUMBERS, Amount, find_amounts
from .sentences import Sentence

# Physical flows take their kind from the sentence's tense; counted items are "other".
_FLOW_UNITS = frozenset(
    {
        "tonnes",
        "tons",
        "metric tonnes",
        "barrels",
        "barrels per day",
        "bpd",
        "cubic metres",
        "cubic meters",
        "bcm",
        "megawatts",
        "gigawatts",
        "megawatt",
        "gigawatt",
        "MW",
        "GW",
        "MWe",
        "GWe",
        "kilolitres",
        # "India's tea exports to Russia rose to 3 million kilograms": goods are weighed in kilograms too.
        "kilograms",
        "kilogrammes",
        "kilos",  # "Tea shipments to the Russian Federation in April rose to 3 million kilos"
        "kg",
        # "7.74 lakh mt of fertiliser", "40 million MT of coking coal": metric tonnes, as Indian copy writes them
        "mt",
        "MT",
    }
)

# Abbreviated units, written out as nouns in the reading.
_UNIT_NAMES = {
    "bpd": "barrels per day",
    "mt": "tonnes",
    "MT": "tonnes",
    "bcm": "cubic metres",
    "megawatt": "MW",
    "gigawatt": "GW",
    "megawatts": "MW",  # the guideline's unit, whichever way the copy writes it
    "gigawatts": "GW",
    "MWe": "MW",
    "GWe": "GW",
}
# A price per unit of a good: "$60 a barrel", "144 rupees (about 12.3 yuan) per kilogram" (and the
# conversion inside the brackets, followed by their close). Not a metric unless the goods move
# between the pair (_FLOW_BETWEEN).
# (a conversion in brackets may stand between, or the close of one the figure stands in)
_BRACKETS_BETWEEN = r"(?:\s*[(\[][^()\[\]]{1,40}[)\]]|\s*[)\]])?"
_PER_UNIT_AFTER = re.compile(
    _BRACKETS_BETWEEN + r"\s*(?:a|an|per|/)\s*(?:barrel|tonne|ton|metric ton|kilogram|kilo|"
    r"kg|litre|liter|gallon|mmbtu|unit|piece|ounce|gram|bushel|cubic met(?:re|er)|megawatt[- ]hour|mwh|kwh|"
    r"kilowatt[- ]hour)s?\b",
    re.IGNORECASE,
)
# "quoted Rs1.2bn ($14.5m) per rake", "will pay $322 a metric ton": the price of one item of a
# deal (rule 1), not a flow; "$5 billion a year" is a flow's rate.
_PRICE_PER = re.compile(
    _BRACKETS_BETWEEN + r"\s*(?:a|an|per|each)\s+"
    r"(?!(?:year|annum|month|week|day|quarter|decade|hour|fiscal|financial)\b)(?:metric\s+)?[a-z]+\b(?!\s+(?:of|year))",
)
# Goods moving from one side to the other: the price of the pair's own trade is a figure of it
# ("discounts on Urals crude delivered to India widened to $4 a barrel").
_FLOW_BETWEEN = re.compile(
    r"\b(?:delivered|supplied|sold|shipped|exported|imported|bought|purchased|sent)\s+(?:to|from|by)\b"
    r"|\b(?:exports?|imports?|supplies|shipments|purchases|deliveries)\s+(?:to|from|of)\b"
)
# "Asia's third-largest economy ... a $4 trillion economy": one country's size.
_ECONOMY_AFTER = re.compile(r"(?:\s*\([^()]{1,25}\))?\s+(?:[a-z\-]+\s+)?(?:economy|gdp)\b", re.IGNORECASE)
# "Each squadron includes two batteries ... and up to 128 missiles": a specification (the guideline).
_EACH_HOLDS = re.compile(
    r"\b(?:each|every)\s+(?:[a-z0-9\-]+\s+){1,3}(?:includes|comprises|has|carries|holds|consists of|is equipped with)\b"
)
_BARE_LETTER_SIGN = re.compile(r"(?:" + "|".join(map(re.escape, SIGNS_NEEDING_A_SUM)) + r")\s?\d")
# People one side sends to the other as a body: "The Indian contingent will comprise 350 personnel".
_PEOPLE_SENT = frozenset(["personnel", "troops", "soldiers", "servicemen", "sailors"])
_PARTY = re.compile(r"\b(?:contingents?|delegations?|exercises?|drills?|crews?)\b")
# "would arrive", "will visit", "is to lead": a delegation still to travel.
_PARTY_TO_COME = re.compile(r"\b(?:will|would|shall|is to|are to|is set to|is due to|plans? to|expected to)\b")
_PARTY_UNITS = frozenset(["companies", "enterprises", "businesses", "firms"])
_ROUNDS_OF_TALKS = re.compile(r"\s+of\s+(?:[a-z\-]+\s+)?(?:talks|negotiations|discussions|consultations)\b")
# Technical specifications of equipment are no metric (the guideline): "frigates weighing 4,000 tonnes".
_SPECIFICATION = re.compile(r"\b(?:weigh\w*|displac\w+|length of|long|range of|speed of|payload of)\s+(?:\w+\s+)?$")
# Countable things and physical units a bilateral figure is counted in (plural forms).
COUNT_UNITS = (
    "rifles",
    "guns",
    "howitzers",
    "jets",
    "fighter jets",
    "fighters",
    "bombers",
    "aircraft",
    "planes",
    "helicopters",
    "copters",
    "warplanes",
    "submarines",
    "torpedoes",
    "frigates",
    "corvettes",
    "destroyers",
    "warships",
    "ships",
    "vessels",
    "tanks",
    "missiles",
    "drones",
    "engines",
    "reactors",
    "satellites",
    "squadrons",
    "launchers",
    "shells",
    "rounds",
    "locomotives",
    "trainsets",
    "wagons",
    "tractors",
    "ambulances",
    "coaches",
    "trains",
    "vehicles",
    "cars",
    "units",
    "agreements",
    "memorandums",
    "memoranda",
    "MoUs",
    "MOUs",
    "deals",
    "contracts",
    "protocols",
    "doses",
    "vaccines",
    "visas",
    "students",
    "tourists",
    "workers",
    "labourers",
    "people",
    "jobs",
    "banks",
    "accounts",  # vostro accounts opened for trade between the pair
    "troops",
    "soldiers",
    "personnel",
    "batteries",
    "regiments",
    "battalions",
    "brigades",
    "astronauts",
    "cosmonauts",
    "documents",
    "flights",
    "passengers",
    "migrants",
    "containers",
    "TEU",  # twenty-foot containers, as shipping counts them
    "TEUs",
    "scholarships",
    "apprehensions",
    "cargoes",
    "shipments",
    "consignments",
    "parcels",
    "shiploads",
    "tankers",
    # Things a deal or project is counted in, and people who move between the pair.
    "systems",
    "plants",
    "generators",
    "turbines",
    "pacts",
    "treaties",
    "accords",
    "seats",
    "officers",
    "expatriates",
    "nationals",
    "engineers",
    "specialists",
    "scientists",
    "doctors",
    # Firms and projects the pair counts together ("over 80 businesses participated", "more than
    # 30 major investment projects are being implemented jointly")
    "companies",
    "enterprises",
    "businesses",
    "firms",
    "projects",
    *_FLOW_UNITS,
)
_UNIT = re.compile(
    r"\s+(?P<mods>(?:[\d,.]+[ \t]?(?:MWe?|GWe?)[ \t]+|(?!(?:of|the|and|in|to|for|by|with|from|a|an|is|was|were|are|be|"
    r"on|at|per|between|among|under|during|than|against|within|into|across|via|as|that|which|who|"
    + "|".join(WORD_NUMBERS)
    + r")\b|[\d,.]+\s)[\"“]?[\w\-]+[\"”]?\s+){0,4}?)"
    r"(?P<unit>(?:[\w]+-)?(?:" + "|".join(re.escape(u) for u in sorted(COUNT_UNITS, key=len, reverse=True)) + r"))\b"
)
# (A unit's capacity may stand between: "two 1000 MWe VVER reactors" are two reactors.)
# (A type's name may stand in double quotes between: two "Scorpene" submarines; not an
# apostrophe, "the two countries' central banks" counts no banks.)
# A plural noun before the counted noun means the number counted that one ("two sides signed agreements").
_PLURAL = re.compile(r"[a-z]{3,}[^s]s")
_INCLUDING_BEFORE = re.compile(r"\b(?:including|among them|among which)\s+(?:the\s+)?(?:[a-z]+\s+)?$")
_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those)\s+$")
# "The four MoUs signed yesterday", "The two agreements were signed by ...": the pacts counted as
# they are signed, the story's first word of them (a figure said again is read once anyway).
_PACTS_SIGNED_NOW = re.compile(
    r"\s+(?:[a-z\-]+\s+)?(?:agreements|memorandums|memoranda|mous|MoUs|MOUs|pacts|accords|deals|contracts)\s+"
    r"(?:(?:were|have been)\s+)?(?:signed|inked)\b"
)
_REFERENCE = re.compile(r"\b(?:last|first|next|previous|all)\s+$")  # ("all three agreements": those read before)
# A bare number right after a capitalised word is part of a name ("Leopard 2 tanks"), not a count.
# ("AK 203 rifles", "Project 11356 frigates": a designation; but "A 40-member delegation": an article)
_NAMED_BEFORE = re.compile(
    r"(?<=\w)\s[A-Z][a-z]+\s$|(?<![\w\-])(?![XA]\s)[A-Z]{1,2}\s$|\b(?:Project|Type|Class|Model|Block|Phase|Mark)\s$"
)
# Patterns below are lower-case: they run on the lower-cased sentence or document (same offsets).
_YEAR_ONLY = re.compile(r"(?:19|20)\d\d")

# The kind of a figure follows the guideline's four rules, in order, read off the clause the
# figure stands in (between clause breaks): (1) the value or size of a specific deal, project,
# loan or venture, the items a deal covers, a capacity or a stake -> "other"; (2) a goal,
# target or commitment -> "target"; (3) what happened or stands now -> "actual"; (4) anything
# else (estimates, projections, expected effects) -> "other". Patterns are lower-case.
_VALUE_OF = Cue(
    r"\b(?:worth|valued at|value of|cost(?:s|ing)?|priced at|price of|at a cost of|totall?ing|amounting to|outlay|"
    # "The order value is EUR 3.1 billion": a deal's value stated
    r"budget|(?:order|contract|deal|transaction|project)\s+value\s+(?:is|was|of|at|stands\s+at|stood\s+at))\b"
    r"[^.;]{0,40}$"
)
# "orders worth $5 billion", "a deal valued at": what "worth" prices is a deal, not goods that moved.
_DEAL_NOUN = Cue(
    r"\b(?:deals?|contracts?|orders?|agreements?|pacts?|packages?|projects?|plants?|programmes?|programs?|"
    r"mous?|memorand\w+|loans?|investments?|acquisitions?|purchases?|tenders?|ventures?|funds?)\b"
)
# The instruments a sum can be the value of (rule 1), narrower than _DEAL_NOUN.
_CONTRACT_NOUN = Cue(r"\b(?:deals?|contracts?|agreements?|accords?|compacts?|pacts?|packages?|loans?|sale|tenders?)\b")
# One party's own accounts, not a flow between the pair: a company's revenue or profit, a
# government's subsidies.
_OWN_ACCOUNTS_AFTER = re.compile(
    r"\)?(?:\s*\([^)]{0,40}\))?\s+(?:of|in)\s+(?:annual\s+|net\s+|operating\s+)?"
    r"(?:revenues?|profits?|net income|earnings)\b"
    r"|\s+on\s+(?:[a-z\-]+\s+){0,2}subsidies\b"
)
_OWN_ACCOUNTS_BEFORE = re.compile(
    r"\b(?:revenues?|net profit|profits?|net income|earnings|subsidy bill)\s+"
    r"(?:of|at|was|were|stood at|rose to|fell to|to)\s+"
    r"(?:a\s+record\s+|about\s+|around\s+|nearly\s+|some\s+)?$"
    # "the company produced 34 million carats, recording sales of $2.2 billion": a firm's books
    r"|\b(?:record(?:ed|ing|s)|post(?:ed|ing|s)|report(?:ed|ing|s))\s+(?:net\s+|total\s+|annual\s+)?"
    r"(?:sales|revenues?|turnover|profits?)\s+of\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$"
)
# "a deal to import", "a contract to supply": a flow that a deal is for, priced by the deal.
_DEAL_TO = re.compile(r"\b(?:deals?|contracts?|agreements?|pacts?)\s+(?:with\s+\S+\s+)?to\s+$")
# "Total merchandise trade ... was worth $68.7 billion": what a flow measured, not a deal's value.
_FLOW_SUBJECT = Cue(
    r"\b(?:trade|exports?|imports?|commerce|turnover|shipments|purchases|supplies|sales|remittances|"
    r"investments?|inflows?|outflows?)\b"
)
# "a $5 billion deal", "a $4.5-billion loan": the figure is the value of the thing named after it.
_VALUE_BEFORE = re.compile(
    # (a conversion in brackets between: "a 20 billion yen [$139 million] loan")
    r"\s*(?:\([^()]{1,25}\)\s*|\[[^\[\]]{1,25}\]\s*)?"
    r"(?:(?!(?:in|of|for|to|on|from|with|at|by|and|or|but|while|as|than)\b)[a-z0-9\-]+\s+){0,4}?"
    r"(?:deal|contract|order|package|project|plant|complex|factory|facility|programme|"
    r"program|pipeline|investment|acquisition|purchase|loan|fund|credit line|line of credit|swap|tranche|memorandum|"
    r"venture|grant|agreement|mou|accord|bond)s?\b"
)
# "a loan of $1 billion", "a credit line of $500 million", "a swap agreement for CNY130 billion".
_VALUE_AFTER = Cue(
    r"\b(?:(?:deal|contract|order|package|loans?|credit line|line of credit|swap(?: agreement| line)?|grant|tranche|"
    r"fund|facility|outlay|agreement|pact|accord)\s+(?:of|for|worth|totall?ing|amounting to)\s+"
    # "to buy 36 Rafale jets for $8.7bn", "bought Essar Oil in 2017 for $12.9 billion": the price of a purchase.
    r"|(?:buy|buys|buying|bought|purchase[sd]?|purchasing|acquire[sd]?|acquiring|procure[sd]?|sells?|selling|sold|"
    r"order(?:s|ed|ing)?)"
    r"\b[^.;]{0,60}\bfor\s+"
    # "the largest defence sales agreement in history—nearly $142bn".
    r"|(?:deal|contract|agreement|order|package|loan)s?\b[^.;,]{0,30}?\s*[—–]\s*)"
    r"(?:about |around |nearly |some |over |up to |approximately |roughly |more than |almost )?$"
)
# "$12 billion of soft loans": the value of the loans named after the figure.
_VALUE_OF_LOANS = re.compile(r"\s+(?:of|in)\s+(?:[a-z\-]+\s+){0,2}?(?:loans?|credits?|grants?|credit lines?)\b")
# The clause is about a price: "The total price of the contract ... amounted to $400 bln".
_VALUE_SUBJECT = re.compile(r"[\s,;:(\"“]*(?:the\s+)?(?:total\s+|overall\s+|estimated\s+)?(?:price|value|cost)\s+of\b")
# "nine cooperation agreements were signed during the meeting"
_SIGNED_AFTER = re.compile(
    r"\s+(?:[a-z\-()]+\s+){0,5}?(?:were|have been|had been|are being)\s+(?:also\s+)?"
    r"(?:signed|inked|concluded|exchanged)\b"
)
_TARGET_MET = re.compile(
    r"\b(?:surpassed|exceeded|crossed|beat|overshot|met|achieved)\s+(?:the|its|their)\s+(?:[a-z\-]+\s+)?target\b"
)
_SIGNED_BEFORE = re.compile(
    # ("Czech delegation signs 11 MOUs": a headline's present is what happened)
    r"\b(?:signed|signs|inked|inks|concluded|exchanged|sealed|seals|announced|forged|struck|endorsed|finali[sz]ed|"
    # ("recharged their ties by signing four agreements"; not "will be signing", what is to come)
    r"(?:signing|exchange) of|(?<!will be )(?<!to be )(?<!for )signing)\s+"
    r"(?:[a-z\-]+\s+){0,2}$"
)
# A goal, target, pledge or commitment governs the figure.
_GOAL = Cue(
    r"\b(?:target(?:s|ed|ing)?|aim(?:s|ed|ing)?|goal|objective|ambition|pledg(?:e|es|ed|ing)|"
    r"commit(?:s|ted|ting|ment)? to|promis(?:e|es|ed|ing) to|plans? to|planned|plan(?:s|ned)? for|"
    r"seek(?:s|ing)? to|sought to|hop(?:e|es|ed|ing) to|"
    # "hoped that it would reach $100 billion by 2030": a level hoped for is a goal
    r"hop(?:e|es|ed|ing) that [^.;]{0,40}\b(?:will|would|could|can) (?:reach|rise|increase|grow|touch|cross|double|"
    r"exceed|hit|surpass)|"
    # "is confident of achieving $100 billion in trade well ahead of 2030": a level aimed at
    r"(?:confident|sure) (?:of|about) (?:achieving|reaching|hitting|meeting|crossing)|"
    r"want(?:s|ed)? to|striv(?:e|es|ing) to|"
    r"intend(?:s|ed)? to|resolved to|offer(?:s|ed|ing)|push(?:es|ed|ing)? for|"
    # "Russia is ready to build a dozen reactors": an offer for the future
    r"(?:is|are|was|were|stands?|stood) (?:ready|willing|prepared) to (?:build|construct|supply|deliver|buy|"
    r"purchase|import|export|sell|raise|increase|double)|"
    r"announc(?:ed|es|ing) (?:a |an )?(?:new |fresh |further |additional )?"
    r"(?:investments?|funding|aid|assistance|commitments?) of|"
    r"agreed to (?:(?:soon|further|jointly|quickly|gradually) )?(?:raise|increase|boost|double|take|reach|expand|"
    r"improve|enhance|buy|supply)|"
    r"envisag\w+|set to (?:reach|rise|grow|double|increase)|"
    r"to (?:(?:soon|further|jointly|quickly|gradually) )?(?:raise|increase|boost|double|triple|take|"
    r"expand|grow|scale up|lift|improve|enhance|push|bring|ramp up) [^.;]{0,60}\bto)\b"
)
# "will invest $3 billion", "will buy 31 drones": a commitment of the pair (rule 2).
_WILL_COMMIT = Cue(
    r"\b(?:will|shall|is to|are to|would) (?:also )?(?:buy|purchase|procure|import|export|invest|"
    r"lend|train|employ|acquire|fund|finance)\b"
)
# "Rosneft will deliver 20 cargoes a month", "Russia will build 12 reactors", "Japan will provide
# KSh1 billion": what a supplier is to hand over is what its deal covers (rule 1, before rule 2);
# readers of the guideline read it so 32 times in 33 in the development corpus.
_WILL_SUPPLY = Cue(
    r"\b(?:will|shall|is to|are to|would) (?:also )?(?:deliver|supply|provide|give|build|send|ship|hand over)\b"
)
# Estimates, projections, expected effects and other unreal figures ("is set to deliver £6 billion").
_ESTIMATE = Cue(
    # ("May" after a month or before a day or year is the month: "In April-May 2022 exports were";
    # so after a preposition or determiner of time: "jumped 25 times in May compared to")
    r"\b(?:will|would|(?:is|are|was|were) (?:set |due )?to|could|"
    r"(?<![-–/])(?<!in )(?<!since )(?<!until )(?<!last )(?<!next )(?<!this )(?<!early )(?<!late )may(?![\s\-–]*\d)|"
    r"might|(?<!cannot )can(?! be\b)|shall|expected|expects?|estimat\w+|"
    r"project(?:ed|ion|ions|s)|forecast\w*|"
    # ("far below the potential" measures a level against what could be: no estimate)
    r"likely|(?<!below )(?<!below the )(?<!below its )potential(?:ly)?|possible|predict\w*|anticipat\w+|if|"
    r"boost to|add up to)\b"
)
# What happened or stands now: a finite verb of the past or present, or a past period.
_ACTUAL = Cue(
    r"\b(?:reached|surpassed|exceeds|exceeded|stood|stands?|remains?|remained|was|were|is|are|has|have|had|totall?ed|"
    r"rose|grew|fell|declined|"
    r"dropped|increased|decreased|hit|recorded|registered|disbursed|shipped|exported|imported|amounted|amounts? to|"
    r"topped|totals|"
    r"accounted|crossed|touched|climbed|jumped|slipped|slid|widened|narrowed|plunged|soared|surged|spiked|shrank|"
    r"contracted|expanded|spent|built|produced|sold|made|opened|received|attracted|signed|inked|concluded|"
    r"delivered|supplied|bought|purchased|invested|paid|provided|gave|lent|sent|trained|handed|inducted|"
    r"commissioned|connected|deployed|operates?|operated|owns?|owned|holds?|held|live|lives|lived|study|"
    r"studied|work|worked|employs?|employed|added|increased|doubled|tripled|completed|launched|"
    r"last (?:year|month|week|fiscal)|so far|since|currently|now|in (?:fiscal |fy\s?)?(?:19|20)\d\d|in fy\s?\d\d)\b"
)
# Items a deal covers ("contracted", "to buy 31 drones"): what it is for, not what moved.
_DEAL_COVERS = Cue(
    r"\b(?:signed (?:a|an|the) (?:[\w\-]+ ){0,2}(?:agreement|deal|contract|mou)[^.;]{0,80}? to (?:build|supply|"
    r"deliver|construct|sell|buy|produce|manufacture)|deals?|contracts?|contracted|agreements? (?:to|for)|protocols?|"
    # "an agreement with Russia for the licensed production of 42 fighters"
    # ("a memorandum of intent for the construction of four new units")
    r"(?:agreement|deal|contract|mou|memorand\w+)s?\b[^.;]{0,40}?\bfor (?:the )?(?:[\w\-]+ ){0,2}(?:production|supply|"
    r"purchase|manufacture|delivery|acquisition|procurement|sale|construction) of|"
    r"orders?|ordered|buy|buying|purchas(?:e|es|ing)|"
    r"procur\w+|acquir\w+|"
    r"offer\w*|under (?:the|an?|this) (?:deal|contract|agreement)|for the supply of|to supply|to sell)\b"
)
# What the pair agreed to move or make, and a deal signed to do it: "has agreed to import up to 2
# million tonnes of fertilisers worth USD 1 billion", "signed an agreement ... to supply them with
# $490 million worth of rough diamonds": the volume and value the deal covers (rule 1).
_AGREED_DEAL = Cue(
    r"\b(?:agreed to (?:import|export|supply|buy|purchase|sell|deliver|build|provide|procure)|"
    r"signed (?:a|an|the) (?:[\w\-]+ ){0,2}(?:agreement|deal|contract|mou)\b[^.;]{0,80}? to (?:build|supply|"
    r"deliver|construct|sell|buy|produce|manufacture|import|export|provide))\b"
)
# A past verb of measurement before a flow: "shipped 1.2 million tonnes under the contract".
_MEASURED = Cue(
    r"\b(?:reached|invested|bought|purchased|shipped|exported|imported|traded|recorded|touched|supplied|"
    r"delivered|totall?ed|stood at|stands? at|remain(?:s|ed)? at|amounted to|spent|paid|received|attracted|"
    r"disbursed|averaged)\b"
    # "investments in Iraq total $20 billion": the verb in the present, right before the figure
    r"|\btotal(?<!\ba total)(?<!\bthe total)(?<!\(total)(?<!will total)(?<!would total)(?<!\bto total)s?\s+"
    r"(?:about |around |nearly |over |more than |some )?$"
)
# A level a flow has reached, told with a participle: "with shipments jumping ... to 4.3 million tons".
_RISING_TO = re.compile(
    r"\b(?:jumping|rising|growing|climbing|increasing|surging|soaring|falling|declining|dropping)\b[^.;]{0,45}\bto\s+"
    r"(?:(?:about|around|nearly|some|over|almost|more than|a record)\s+)*$"
)
# A level raised to another: "to triple the bilateral trade of $7 billion to $20 billion".
_RAISED_OF = re.compile(RAISED_OF)
_TO_A_FIGURE = re.compile(r"\s+to\s+(?:[^\s\d]{1,4}\s?)?\d")  # (a sign of any currency before it)
# What one side asks the other to pay for a deal is its price (rule 1): "Russia later demanded an
# additional $1.2 billion", "asked India to pay $1.2 billion", "the additional $1.2 billion Russia has
# demanded for the aircraft carrier".
_PRICE_ASKED_BEFORE = re.compile(
    r"\b(?:demand(?:ed|s|ing)?|asked\s+(?:[\w\-]+\s+){0,3}?to\s+pay)\s+(?:an?\s+|the\s+)?"
    r"(?:additional\s+|further\s+|extra\s+|more\s+than\s+|over\s+|about\s+|nearly\s+|another\s+)?$"
)
_PRICE_ASKED_AFTER = re.compile(r"(?:\s+[\w\-]+){1,2}\s+(?:has|had|have)\s+demanded\b")
# Pacts signed are counted as what happened (rule 3), not as what a deal covers.
# Items handed over: "has delivered ... all the contracted 70,000", "received and deployed three".
_DELIVERED = re.compile(
    r"\b(?:has|have|had)\s+(?:already\s+)?(?:delivered|received|supplied|inducted|handed over)\b[^.;]*$"
    r"|\b(?:received and deployed|were delivered|was delivered|have been delivered|has been delivered)\b[^.;]*$"
)
# A purchase aimed at, before any deal: "intends to procure", "plans to buy".
_INTENDS = re.compile(
    r"\b(?:intends?|plans?|aims?|wants?|seeks?|hopes?)\s+to\s+(?:procure|buy|purchase|acquire|import|order)\b[^.;]*$"
)
_PACT_UNITS = frozenset(
    {
        "agreements",
        "memorandums",
        "memorandums of understanding",
        "memoranda",
        "memoranda of understanding",
        "MoUs",
        "MOUs",
        "deals",
        "contracts",
        "pacts",
        "protocols",
        "treaties",
        "accords",
        "documents",
    }
)
_CAPACITY = re.compile(r"\bcapacity\b")
# What a project is made of, counted: its size.
_MADE_OF = re.compile(r"\b(?:consisting of|comprising|made up of|composed of)\s+(?:the\s+)?$")
# The figure a goal starts from, named right after the verb that raises it: "boost the £11 billion
# of imports", "double the current $30 billion in trade" (the level now, rule 3).
_BASELINE = re.compile(
    r"\b(?:boost|increase|raise|expand|double|triple|grow|lift)\s+(?:the|its|their)\s+"
    r"(?:(?:current|existing|present)\s+)?(?:(?:about|around|nearly|some|over)\s+)?$"
    # and the level a change starts from, named as the present one: "can increase from the present
    # $50 billion to $100 billion"
    r"|\bfrom\s+(?:the\s+|its\s+|their\s+)?(?:current|existing|present)\s+(?:(?:level\s+of|about|around|nearly)\s+)?$"
)
# A level stated as the one that stands now, right after the figure: "trade is $60 billion at present
# and he hoped it would reach $100 billion": the present level, whatever the clause goes on to hope.
_NOW_AFTER = re.compile(r"\s*(?:at present|at the moment|currently|as of now|today)\b")


def _flow_priced(lower: str, start: int, figure_at: int) -> bool:
    """ "The value of <trade, imports ...>": what is priced after "value of" is a flow, not a deal."""
    end = min(figure_at, start + 50)
    return bool(_FLOW_SUBJECT.pattern.search(lower, start, end)) and not _DEAL_NOUN.pattern.search(lower, start, end)


def _kind(
    words: WordIndex,
    sentence: Sentence,
    clause_at: int,
    clause_end: int,
    amount: Amount,
    count: tuple[str, str] | None,
    unit: str,
    before: str,
) -> tuple[str | None, str]:
    """The figure's kind by the guideline's rules (None when nothing in its clause says), with the
    name of the cue that decided: a feature of the learned layer (learned.py)."""
    lead_at = clause_at  # the words of the clause before the figure
    local_end = amount.end - sentence.start
    if (
        sentence.lower[max(0, amount.start - sentence.start - 8) : amount.start - sentence.start]
        .rstrip()
        .endswith(" from")
    ):
        return "actual", "from"  # "raise trade to $20 billion by 2030 from $12 billion": where it starts
    if _RAISED_OF.search(
        sentence.lower, max(0, amount.start - sentence.start - 60), amount.start - sentence.start
    ) and (_TO_A_FIGURE.match(sentence.lower, local_end)):
        return "actual", "baseline"  # "to triple the modest bilateral trade of $7 billion to $20 billion"
    # Rule 1: the value or size of a specific thing.
    if count is None:
        if _PRICE_ASKED_BEFORE.search(
            sentence.lower, max(0, local_end - 120), amount.number_start - sentence.start
        ) or (_PRICE_ASKED_AFTER.match(sentence.lower, local_end)):
            return "other", "price_asked"  # "demanded an additional $1.2 billion": the price of the deal (rule 1)
        # "will provide $12 billion of soft loans"; "pledged $2 billion in loans" is rule 2
        if _VALUE_OF_LOANS.match(sentence.lower, local_end) and not words.search(_GOAL, None, lead_at, amount.start):
            return "other", "loans_of"
        # "a $5 billion deal"; "The total price of the contract ... amounted to $400 bln"; but "The
        # value of China's imports and exports with Russia reached": a flow measured, not a price.
        priced = _VALUE_SUBJECT.match(words.lower, lead_at)
        if priced and _flow_priced(words.lower, priced.end(), amount.start):
            priced = None
        if _VALUE_BEFORE.match(sentence.lower, local_end) or priced:
            return "other", "value_before"
        # (wide enough for "to buy <a long name of the equipment> for $5.2 billion")
        if words.search(_VALUE_AFTER, None, max(lead_at, amount.start - 80), amount.start):
            return "other", "value_after"
        if words.search(_AGREED_DEAL, None, lead_at, amount.start):
            return "other", "deal_covers"
        value_of = words.search(_VALUE_OF, None, lead_at, amount.number_start)
        flow = None
        if value_of is not None:
            near = max(lead_at, value_of.start() - 50)
            flow = words.search(_FLOW_SUBJECT, None, near, value_of.start())
            if flow is not None and "," in words.lower[flow.end() : value_of.start()]:
                flow = None  # the flow belongs to an earlier phrase of the clause
            elif flow is not None and _DEAL_TO.search(words.lower, max(lead_at, flow.start() - 30), flow.start()):
                flow = None  # "signed a deal to import crude oil worth $12 billion": the deal's value
        if value_of is not None and _flow_priced(words.lower, value_of.start(), amount.start):
            value_of = None
        if value_of is not None and not value_of.group().startswith(("worth", "totall", "amounting")):
            pass  # "the cost of", "valued at": a price is named, whatever is priced
        elif value_of is not None and not words.search(
            _DEAL_NOUN, None, max(lead_at, value_of.start() - 40), value_of.start()
        ):
            value_of = None  # "electronic goods worth $862.5 million": goods that moved
        if value_of is not None and flow is None:
            if words.search(_GOAL, None, lead_at, value_of.start()) is not None:
                return "target", "goal_worth"  # "hopes to bag orders worth $5 billion by 2025"
            return "other", "value_of"
    else:
        # A capacity (rule 1): power, and the places a facility offers ("2,000 additional seats").
        if _MADE_OF.search(words.lower, max(lead_at, amount.start - 30), amount.start):
            return "other", "made_of"  # "the plant - consisting of two 1000 MWe reactors": its size (rule 1)
        if unit in ("MW", "GW", "megawatts", "gigawatts", "seats", "beds", "berths") or _CAPACITY.search(
            sentence.lower
        ):
            return "other", "capacity"
        # a delegation's or contingent's size: it travelled (rule 3), or it is to (rule 2)
        if unit == "members" or (
            unit in _PEOPLE_SENT and _PARTY.search(words.lower, max(lead_at, amount.start - 80), clause_end)
        ):
            if _PARTY_TO_COME.search(words.lower, lead_at, min(clause_end, amount.end + 60)):  # its own verb
                return "target", "party_to_come"
            return "actual", "party_sent"
        if _DELIVERED.search(words.lower, max(lead_at, amount.start - 50), amount.start):
            return "actual", "delivered"  # "has delivered all the contracted 70,000 rifles": rule 3
        if words.search(_AGREED_DEAL, None, lead_at, amount.start):
            return "other", "deal_covers"
        if _INTENDS.search(words.lower, max(lead_at, amount.start - 50), amount.start):
            return "target", "goal"  # "intends to procure 670,000 rifles": a purchase aimed at, no deal yet
        if (
            unit not in _PACT_UNITS
            and words.search(_DEAL_COVERS, None, lead_at, clause_end)
            and (unit not in _FLOW_UNITS or not words.search(_MEASURED, None, lead_at, amount.number_start))
        ):
            return "other", "deal_covers"  # the items or volume a deal covers, unless a flow measured under it
    if unit in _PACT_UNITS and (
        _SIGNED_BEFORE.search(sentence.lower, 0, amount.number_start - sentence.start)
        or _SIGNED_AFTER.match(sentence.lower, amount.end - sentence.start)
    ):
        return "actual", "pacts_signed"  # "signed 20 agreements": pacts signed happened (rule 3), whatever was pledged
    # The verb that governs the figure, when it is a past verb of measurement right before it
    # ("Hyundai, which has invested a cumulative $7.5 billion, is expected to expand").
    if _RISING_TO.search(words.lower, max(lead_at, amount.start - 60), amount.start) and not words.search(
        _GOAL, None, lead_at, amount.start
    ):
        return "actual", "measured"  # "with shipments jumping by 2.3 times year-on-year to 4.3 million tons"
    if words.search(_MEASURED, None, max(lead_at, amount.start - 40), amount.start) is not None:
        return "actual", "measured"
    if _BASELINE.search(words.lower, max(lead_at, amount.start - 40), amount.start):
        return "actual", "baseline"  # "aiming to boost the £11 billion of imports": what there is now
    if _NOW_AFTER.match(sentence.lower, local_end):
        return "actual", "now"
    if _TARGET_MET.search(words.lower, lead_at, amount.start):
        return "actual", "target_met"  # "Two-way trade surpassed the target to $1.25 billion": what was reached
    # Rule 2: a goal, target, pledge or commitment.
    if words.search(_GOAL, None, lead_at, clause_end) is not None:
        return "target", "goal"
    if words.search(_WILL_COMMIT, None, lead_at, amount.number_start) is not None:
        return "target", "will_commit"
    if words.search(_WILL_SUPPLY, None, lead_at, amount.number_start) is not None:
        return "other", "will_supply"
    # Rule 4 before rule 3 where the clause is unreal: estimates, projections, the future.
    if words.search(_ESTIMATE, None, lead_at, clause_end) is not None:
        return "other", "estimate"
    # Rule 1 before rule 3: a sum in a clause about a contract, and about no flow, is what the
    # contract is worth ("signed a contract on the deliveries of the S-400 ... worth over $5 billion",
    # "the biggest-ever energy deal ... is roughly worth $13 billion a year").
    if (
        count is None
        and words.search(_CONTRACT_NOUN, None, lead_at, clause_end) is not None
        and words.search(_FLOW_SUBJECT, None, lead_at, clause_end) is None
    ):
        return "other", "contract_value"
    # Rule 3: what happened or stands now.
    if words.search(_ACTUAL, None, lead_at, clause_end) is not None:
        return "actual", "actual"
    return None, "none"


def _future_period(period_start: dt.date | None, published: dt.date | None) -> bool:
    """A figure for a date after publication: "to carry 2 million tonnes a year from 2030"."""
    return period_start is not None and published is not None and period_start.year > published.year


# "JPY 191.7 billion (approximately INR 10,900 crore)": the same figure converted.
_CONVERSION = re.compile(
    r"\s*[(\[,]\s*(?:approximately|approx\.?|about|around|roughly|or|nearly|some|equivalent to)?\s*$"
)
# The same after a figure and its unit: "weighs 3,900 tonnes (approximately 4,300 tons)".
_CONVERTED_AFTER = re.compile(
    r"(?:\s+[a-z\-]+){0,2}\s*[(\[]\s*(?:approximately|approx\.?|about|around|roughly|nearly|some|equivalent to)?\s*"
)
# "$350 billion ..., of which $200 billion ...": parts of a figure already read take its kind.
_PART_OF = re.compile(r"\b(?:of which|the remaining|the rest|including|includes|comprising)\b")
# A bare number that stands for the noun counted before it in its sentence: "670,000 rifles ...,
# of which 600,000 will be produced", "four frigates, two in Russia and two at Goa", "the
# remaining 12", "170 of them". A part is no more than the whole it is taken from; "another
# 8,000" and "four more" add to it.
_ELLIPSIS_PART_BEFORE = re.compile(
    r"(?:\b(?:of which|of whom|the remaining|remaining|the rest of|the other)|[,—–:;]|\band)\s+"
    r"(?:about\s+|around\s+|nearly\s+|over\s+|some\s+|more than\s+|another\s+)?$"
)
_ELLIPSIS_ADDED_BEFORE = re.compile(r"\b(?:another|a further|an additional)\s+$")
_ELLIPSIS_SERIAL_BEFORE = re.compile(r"\d\s*(?:,|and|&|-|to)\s*$")  # "units 1 and 2": designations
# A part still to come is an item of the deal (rule 1), not something that happened; a part
# that has happened ("of which 222 were assembled") is (rule 3).
_PART_TO_COME = re.compile(r"\s+(?:[a-z]+\s+){0,2}?(?:will|would|shall|are to|is to|are due|is due)\b")
_PART_DONE = re.compile(r"\s+(?:[a-z]+\s+){0,2}?(?:were|was|have been|has been|had been)\s+(?:[a-z]+\s+)?[a-z]+ed\b")
_ELLIPSIS_AFTER = re.compile(
    r"\s+(?:of them|of these|of those|more\b|(?:of the|such)\s+(?:[a-z\-]+\s+){0,2}?"
    r"(?:machines|units|ships|vessels|aircraft|jets|ones|systems)\b|"
    r"(?:are|were|will|would|shall|should|have|has|had|is|was)\s|(?:in|at)\s+[A-Z])"
)
# A country's population (a "market of 100 million people" too) and the toll of a conflict: "the
# nation of 1.3 billion people", "1.25 billion people live in India", "left more than 1,000 people dead".
_POPULATION_BEFORE = re.compile(r"\b(?:nation|country|population|home|state|market) of\s+(?:[a-z]+\s+)?$")
_PEOPLE_NOT_MOVING = re.compile(
    r"\s+(?:(?:have|has|had)\s+been\s+|were\s+|are\s+|being\s+)?"
    r"(?:live|lives|living|dead|killed|wounded|injured|died|displaced)\b"
)
# "a GDP by purchasing power of $94 billion", "GDP per head of $3,986": one country's economy.
_GDP_BEFORE = re.compile(
    r"\b(?:gdp|gross domestic product)\b[^.;$]{0,40}?\b(?:of|at|was|is|stood at|totall?ing)\s+"
    r"(?:about |around |nearly |some |an estimated |only |over )?(?:us)?$"
)
# "one in four jobs in New Zealand": a ratio, not a count.
_RATIO_BEFORE = re.compile(r"\bone (?:in|out of) $")
# "The Russian pharma market ($19.42 billion)", "a generic market size of $8.6 billion": one
# country's market, measured.
_MARKET_BEFORE = re.compile(
    r"\bmarkets?(?: size| value)?(?: of| at| worth)?\s*\(?\s*(?:about |around |over |nearly )?$"
)
# "two people familiar with the matter": sources, not a count.
_SOURCES = re.compile(
    r"\s+(?:familiar|briefed|aware|with (?:direct )?knowledge|close to|who (?:spoke|declined|asked|were))\b"
)

_PERIOD = Cue(
    r"\bbetween (?P<from>(?:19|20)\d\d) and (?P<to>(?:19|20)\d\d)"
    r"|\b(?:by|until|till|from) (?:the end of )?(?P<by>(?:19|20)\d\d)"
    r"|\b(?:in|during|for|of) (?:the (?:incomplete |current |last |previous |past |whole |full )?)?"
    r"(?:fiscal |fy\s?|financial year )?(?P<in>(?:19|20)\d\d(?:[-–/](?:19|20)?\d\d)?)"
    r"|\bfy\s?(?P<fy>(?:19|20)?\d\d(?:[-–/]\d\d)?)"
    r"|\b(?P<rel>last|this|next) (?:year|fiscal|financial year)"
    r"|\bover the next (?P<span>decade|five years|ten years|(?:\d+|two|three|four|five) years)",
)
_SPAN_YEARS = {"decade": 10, "five years": 5, "ten years": 10, "two years": 2, "three years": 3, "four years": 4}
# What a money figure measures, by the words of its clause (else its sentence); the first
# of these that is named wins. Whole words that never overlap, so one pass finds all named.
_NAMES = {
    "exports": r"exports?\b",
    "imports": r"imports?\b",
    "bilateral_trade": r"trade\b",
    "investment": r"invest\w*\b",
    "loan": r"(?:loan|credit line|line of credit)\b",
    "deal_value": r"(?:contract|deal|order|agreement)\b",
    "cost": r"cost\w*\b",
    "assistance": r"(?:aid|assistance|grant)\b",
}
_NAMED = Cue(r"\b(?:" + "|".join(f"(?P<{label}>{pattern})" for label, pattern in _NAMES.items()) + ")")
_NAME_ORDER = {label: rank for rank, label in enumerate(_NAMES)}


def _named(words: WordIndex, start: int, end: int) -> str | None:
    labels = {cast(str, m.lastgroup) for m in words.findall(_NAMED, None, start, end)}  # every branch is named
    return min(labels, key=_NAME_ORDER.__getitem__).replace("_", " ") if labels else None


def _period(
    words: WordIndex, clause_start: int, clause_end: int, figure_end: int, published: dt.date | None
) -> tuple[str | None, dt.date | None, dt.date | None]:
    """The period a figure is for: the first one stated after it in its clause, else the last
    one before (offsets in the document)."""
    match = words.search(_PERIOD, None, figure_end, clause_end)
    if match is None:
        before = words.findall(_PERIOD, None, clause_start, min(figure_end, clause_end))
        match = before[-1] if before else None
    if not match:
        return None, None, None
    groups = match.groupdict()
    if groups["from"]:
        first, last = int(groups["from"]), int(groups["to"])
        return f"{first}-{last}", dt.date(first, 1, 1), dt.date(last, 12, 31)
    if groups["by"]:
        year = int(groups["by"])
        return str(year), dt.date(year, 1, 1), dt.date(year, 12, 31)
    if groups["fy"] and len(groups["fy"]) == 2:
        # "FY25": the fiscal year that ends in 2025, as India, Japan and the US name it.
        last = 2000 + int(groups["fy"])
        return f"{last - 1}-{last % 100:02d}", dt.date(last - 1, 1, 1), dt.date(last, 12, 31)
    text = groups["in"] or groups["fy"]
    if text:
        parts = re.split(r"[-–/]", text)
        first = int(parts[0]) if len(parts[0]) == 4 else 2000 + int(parts[0])
        last = first
        if len(parts) > 1:
            last = int(parts[1]) if len(parts[1]) == 4 else first // 100 * 100 + int(parts[1])
        return text.replace("–", "-"), dt.date(first, 1, 1), dt.date(last, 12, 31)
    if not published:
        return None, None, None
    if groups["rel"]:
        year = published.year + {"last": -1, "this": 0, "next": 1}[groups["rel"].lower()]
        return str(year), dt.date(year, 1, 1), dt.date(year, 12, 31)
    years = _SPAN_YEARS.get(groups["span"].lower()) or int(re.sub(r"\D", "", groups["span"]) or 1)
    return f"{published.year}-{published.year + years}", published, dt.date(published.year + years, 12, 31)


# "coking coal, anthracite, and pulverized coal": the last item of a list, no new clause.
_LIST_ITEM_BEFORE = re.compile(r",\s*(?:[\w\-]+\s+){0,2}[\w\-]+$")


def _breaks(sentence: str) -> list[tuple[int, int]]:
    """Where the clause breaks of a (lower-cased) sentence are, as (start, end)."""
    found = []
    for mark in _BREAKS:
        i = sentence.find(mark)
        while i != -1:
            if mark != ", and " or not _LIST_ITEM_BEFORE.search(sentence, max(0, i - 40), i):
                found.append((i, i + len(mark)))
            i = sentence.find(mark, i + 1)
    return found


def _clause(breaks: list[tuple[int, int]], length: int, offset: int) -> tuple[int, int]:
    """[start, end) of the part of the sentence around a figure, between the last break
    that ends before it and the first that starts after it."""
    left, right = -1, length
    for start, end in breaks:
        if end <= offset and start > left:
            left = start
        if start >= offset and start < right:
            right = start
    return left + 1, right


_BREAKS = (";", ", but", " but ", ", and ", ", while ")


# "three memorandums of understanding (MoUs)", "seven Memorandums of Understanding", "17 memoranda of
# understanding": the noun as the text names it, and its acronym where the text defines one.
_MEMORANDA = re.compile(
    r"\s+(?P<mods>(?:(?!and\b|or\b)[a-z\-]+\s+){0,2}?)(?P<noun>(?i:memorand(?:ums|a)))"
    r"(?P<of>\s+(?i:of\s+understandings?))?"
    r"(?:\s*\((?P<acronym>(?i:mous?))\))?(?![\w\-])"
)


_DESIGNATION_PLURAL = re.compile(r"[ \t]+(?P<unit>[A-Z][A-Za-z]{0,4}-\d{1,4}[A-Za-z\d]{0,5}s)(?![\w\-])")
# "a 50-member Indian business delegation", "a 250 member strong Russian Army contingent": the
# people one side sends to the other, counted by their size (a "five-member group" or a
# "3-member panel" is no party travelling between the pair).
_MEMBERS_SENT = re.compile(
    r"[ \t\-]member(?:[ \t\-]strong)?[ \t]+(?P<mods>(?:[\w\-]+[ \t]+){0,4}?)(?i:delegations?|contingents?)\b"
)


def _count_unit(text: str, amount: Amount, lower: str | None = None) -> tuple[str, str] | None:
    memoranda = _MEMORANDA.match(text, amount.end)
    if memoranda is not None and not any(_PLURAL.fullmatch(word) for word in memoranda.group("mods").split()):
        acronym, mods = memoranda.group("acronym"), memoranda.group("mods").strip()
        if acronym:
            return mods, acronym if acronym.endswith("s") else acronym + "s"
        noun = memoranda.group("noun").lower()  # the plural as the text spells it: memorandums, memoranda
        return mods, f"{noun} of understanding" if memoranda.group("of") else noun
    match = _UNIT.match(text, amount.end)
    if match is None and lower is not None and text[amount.end + 1 : amount.end + 2].isupper():
        # "30 Self-Propelled Howitzers": a name's capitals on a common noun ("MW" is read as written)
        match = _UNIT.match(lower, amount.end)
        # only in a name of capitals throughout, not "100 GigaWatt"; but documents signed are often
        # capitalised in official texts: "three Protocols and one Contract were signed"
        if (
            match is not None
            and not (
                match.group("mods").strip()
                and text[match.start("mods")].isupper()
                and text[match.start("unit")].isupper()
            )
            and (match.group("mods").strip() or match.group("unit") not in _PACT_UNITS)
        ):
            match = None
    if match is None and (members := _MEMBERS_SENT.match(text, amount.end)) is not None:
        return members.group("mods").strip(), "members"
    if match is None and (designation := _DESIGNATION_PLURAL.match(text, amount.end)) is not None:
        return "", designation.group("unit")  # "21 MiG-29s and 12 Su-30MKIs": machines counted by their type
    if not match or any(_PLURAL.fullmatch(word) for word in match.group("mods").split()):
        return None
    return match.group("mods").strip(), match.group("unit")


_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _story_now(text: str) -> dt.date | None:
    """Where a story gives no date of its own: the start of the latest year it names, so that a
    period ended before it is past ("the first 11 months of 2022-23" in a story of 2024)."""
    years = [int(y) for y in _YEAR_IN_TEXT.findall(text)]
    return dt.date(max(years), 1, 1) if years else None


def read_metrics(
    document: Document, sentences: list[Sentence], published: dt.date | None, currency_hint: str | None
) -> list[MetricCandidate]:
    text, words = document.text, document.words
    metrics: list[MetricCandidate] = []
    seen: set[tuple[Decimal, str]] = set()
    from_title: dict[tuple[Decimal, str], MetricCandidate] = {}  # figures first read in a headline
    starts = [s.start for s in sentences]
    breaks_in: dict[int, list[tuple[int, int]]] = {}  # clause breaks by sentence, for its figures
    first = None  # (sentence, amount, candidate) of the first figure of the current sentence
    previous: Amount | None = None
    previous_candidate: MetricCandidate | None = None
    dropped: Amount | None = None  # the figure just before, when it was no metric
    if document.amounts is None:
        document.amounts = find_amounts(text, words)
    now = published or _story_now(text)
    for amount in document.amounts:  # then the sentence each figure is in
        position = bisect_right(starts, amount.start) - 1
        if position < 0 or amount.end > sentences[position].end:
            continue
        sentence = sentences[position]
        if (
            dropped is not None
            and dropped.end <= amount.start
            and _CONVERTED_AFTER.fullmatch(text[dropped.end : amount.start].lower())
        ):
            dropped = None
            continue  # "weighs 3,900 tonnes (approximately 4,300 tons)": the same figure, dropped with it
        candidate = _metric(text, words, sentence, breaks_in, amount, published, currency_hint, now=now)
        part = None  # a bare number counting what the sentence's first figure counted
        if candidate is None and first is not None and first[0] is sentence:
            candidate = part = _elliptical_count(text, words, sentence, breaks_in, amount, published, first[2], now)
        if candidate is None:
            dropped = amount
            continue
        dropped = None
        if first is not None and first[0] is sentence:
            gap = sentence.lower[cast(Amount, previous).end - sentence.start : amount.start - sentence.start]
            if _CONVERSION.fullmatch(gap) and previous_candidate is not None:
                candidate.kind, candidate.period = previous_candidate.kind, previous_candidate.period
                candidate.reading = cast(MetricReading, candidate.reading).follow(
                    previous_candidate.reading, "conversion"
                )
                candidate.period_start, candidate.period_end = (
                    previous_candidate.period_start,
                    previous_candidate.period_end,
                )
            elif part is None and _PART_OF.search(
                sentence.lower, first[1].end - sentence.start, amount.start - sentence.start
            ):
                candidate.kind = first[2].kind
                candidate.reading = cast(MetricReading, candidate.reading).follow(first[2].reading, "part_of")
        if first is None or first[0] is not sentence:
            first = (sentence, amount, candidate)
        previous, previous_candidate = amount, candidate
        key = (candidate.value, candidate.unit)  # the same figure again, however its clause reads
        if key in seen:
            headline = from_title.pop(key, None)
            if headline is not None and sentence.kind == "body":
                metrics[metrics.index(headline)] = candidate  # the story's own sentence says it in full
            continue  # the same figure repeated later in the article
        seen.add(key)
        if sentence.kind != "body":
            from_title[key] = candidate
        metrics.append(candidate)
    for candidate in (
        *_stakes(document, sentences),
        *_changes(document, sentences, published),
        *_multiples(document, sentences, published),
        *_project_lengths(sentences),
        *_facility_capacities(sentences),
    ):
        if (candidate.value, candidate.unit) not in seen:
            seen.add((candidate.value, candidate.unit))
            metrics.append(candidate)
    metrics.sort(key=lambda m: m.evidence.start)
    return metrics


# Percentages are metrics as a stake in a venture (rule 1): "owns 49 per cent of Nayara",
# "a 50.5% Indian and 49.5% Russian partnership"; and as the change or share of a flow between
# the pair (_changes below). A country's own rates (inflation, growth, tariffs) are not.
# ("a 49-percent stake": the figure as an adjective)
# ("12.5 pct": wire copy's abbreviation)
_PERCENT = re.compile(r"(?<![\w.,])(?P<number>\d{1,3}(?:\.\d+)?)(?:\s?%|[\s\-]?(?:per[\s\-]?cent|percent|pct)\b)")
_STAKE_AFTER = re.compile(
    r"\s*(?:[a-z\-]+\s+){0,3}?(?:stake|share|holding|equity|interest|partnership|ownership)\b"
    r"|\s+(?:of|in)\s+(?:the\s+)?(?:shares|equity|joint venture)\b"
    # "Kenya will foot 10% of the cost": a share of a project's cost or financing (rule 1)
    r"|\s+of\s+(?:the\s+)?(?:[a-z\-]+\s+)?(?:cost|costs|financing|funding)\b"
)
_STAKE_BEFORE = re.compile(
    r"\b(?:owns?|owned|holds?|held|acquired?|acquires|bought|buy|sold|sell|took|takes?|retains?|retained)\s+"
    r"(?:a\s+|an\s+|about\s+|around\s+|nearly\s+|some\s+|approximately\s+|the\s+(?:other|remaining)\s+)?$"
    # "held stakes of 12.5 pct and 10 pct"
    r"|\bstakes?\s+of\s+(?:about\s+|around\s+|nearly\s+|some\s+|approximately\s+)?$"
    # "to raise its stake in the Vankor field by 11 percent": the stake changed, by its size
    r"|\b(?:raise|increase|hike|lift|cut|reduce|trim)[a-z]*\s+(?:its|their|the|his|her)\s+(?:[a-z\-]+\s+)?stakes?\b"
    r"[^.;%]{0,80}?\bby\s+(?:about\s+|around\s+|nearly\s+|another\s+|a further\s+)?$"
)


# The length of a line the pair builds is its size (the guideline's rule 1): "agreed to build
# 867 km (542 miles) of dual track railways", "a 7,200-km-long transport corridor", "a
# 133-kilometre rail track". Not a distance ("108 kilometres away", "from Delhi") nor a range.
_LENGTH = re.compile(
    r"(?<![\w.,])(?P<number>\d{1,3}(?:,\d{3})*(?:\.\d+)?)(?:\s|-)?"
    r"(?P<unit>km|kms|kilomet(?:re|er)s?|miles?)(?![\w])(?:-long)?"
)
_LINE_BUILT = re.compile(
    r"\b(?:railways?|rail|track|line|pipe ?lines?|corridor|road|highway|expressway|bridge|tunnel|cable|"
    r"link|canal|waterway)\b"
)
_DISTANCE = re.compile(r"\s*(?:\)\s*)?(?:away|from|off|north|south|east|west|apart|per hour|an hour|range)\b")
_SPECIFIED = re.compile(r"\b(?:range|speed|altitude|radius|length)\b")  # the guideline names these as specifications
_DISTANCE_BEFORE = re.compile(r"\b(?:distance|within|away)\s+(?:of\s+)?(?:about\s+)?$")


def _project_lengths(sentences: list[Sentence]) -> list[MetricCandidate]:
    found = []
    for sentence in sentences:
        lower = sentence.lower
        if (
            ("km" not in lower and "kilomet" not in lower and "mile" not in lower)
            or not _LINE_BUILT.search(lower)
            or _SPECIFIED.search(lower)
        ):
            continue  # no line built, or a machine's range or speed (a specification)
        for match in _LENGTH.finditer(lower):
            if _DISTANCE.match(lower, match.end()) or _DISTANCE_BEFORE.search(lower, 0, match.start()):
                continue
            unit = "miles" if match.group("unit").startswith("mile") else "km"
            found.append(_size(sentence, "length", Decimal(match.group("number").replace(",", "")), unit, 0.6))
    return found


# A facility's capacity written as its adjective is its size (the guideline's rule 1): "the
# 400,000-barrel-a-day Vadinar refinery", "a 400,000 barrel-per-day oil refinery", "Essar's 20
# million tonne-refinery".
_FACILITY_CAPACITY = re.compile(
    r"(?<![\w.,])(?P<number>\d{1,3}(?:[, ]\d{3})*(?:\.\d+)?)(?:\s(?P<million>million|mn))?[\s\-]"
    r"(?P<unit>barrel|tonne|ton)[\s\-](?:(?:per|a)[\s\-](?P<per>day|year|annum)[\s\-])?"
    r"(?:[a-z\-]+\s){0,2}?(?:refinery|refineries|plant|terminal)\b"
)


def _facility_capacities(sentences: list[Sentence]) -> list[MetricCandidate]:
    found = []
    for sentence in sentences:
        lower = sentence.lower
        if "refiner" not in lower and "plant" not in lower and "terminal" not in lower:
            continue
        for match in _FACILITY_CAPACITY.finditer(lower):
            value = Decimal(re.sub(r"[, ]", "", match.group("number")))
            if match.group("million"):
                value *= 1_000_000
            unit = "barrels" if match.group("unit") == "barrel" else match.group("unit") + "s"
            if match.group("per") == "day":
                unit += " per day"
            elif match.group("per"):
                unit += " per year"
            whole = value == value.to_integral_value()
            found.append(_size(sentence, "capacity", Decimal(int(value)) if whole else value, unit, 0.6))
    return found


def _size(sentence: Sentence, name: str, value: Decimal, unit: str, confidence: float) -> MetricCandidate:
    """A figure of rule 1 (the size or share of a thing), with no period, its sentence the evidence."""
    return MetricCandidate(
        name=name,
        kind="other",
        value=value,
        unit=unit,
        period=None,
        period_start=None,
        period_end=None,
        qualifier=None,
        evidence=Span(sentence.text, sentence.start, sentence.end),
        confidence=confidence,
    )


def _stakes(document: Document, sentences: list[Sentence]) -> list[MetricCandidate]:
    found = []
    for sentence in sentences:
        lower = sentence.lower
        if "%" not in lower and "cent" not in lower and "pct" not in lower:
            continue
        for match in _PERCENT.finditer(lower):
            local_start, local_end = match.start(), match.end()
            if not (
                _STAKE_AFTER.match(sentence.lower, local_end) or _STAKE_BEFORE.search(sentence.lower[:local_start])
            ):
                continue
            found.append(_size(sentence, "stake", Decimal(match.group("number")), "percent", 0.65))
    return found


# "exports to Russia grew 6.4%", "imports shrank 4.3%" (a fall, by its size), "the 53.9% gain
# in 2023", "an increase of up to 80%", "accounting for nine percent of the UAE's trade":
# a change or share is a metric when its sentence names a flow between the pair.
# ("30-35% of India's crude imports": a range, read at its middle as a range of money is)
_PERCENT_FIGURE = re.compile(
    r"(?<![\w.,])(?:(?P<low>\d{1,3}(?:\.\d+)?)\s?%?\s?[-–]\s?)?"
    r"(?P<number>\d{1,3}(?:\.\d+)?|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")"
    r"\s?(?:%|per\s?cent\b|percent\b|pct\b)"
)
_RISE = (
    r"grew|grown|grows?|growing|rose|rises?|risen|rising|increased|increases?|jumped|surged|climbed|expanded|added|"
    r"gained|soared|spiked|skyrocketed|rocketed|leapt|leaped|swelled|advanced|"
    r"(?<!made )(?<!make )(?<!makes )(?<!making )up"  # "made up 35% of": a share
)
_FALL = (
    r"fell|falls?|fallen|falling|declined|declines?|dropped|drops?|shrank|shrunk|shrinks?|contracted|slipped|slid|"
    r"plunged|down"
)
_HEDGES = (
    r"(?:(?:about|around|nearly|almost|some|over|more than|less than|a record|record|up to|roughly|approximately|"
    r"under|below|just over|just under|close to)\s+)*"
)
_CHANGE_BEFORE = re.compile(
    # "trade grew significantly, by over 20%": a manner adverb may stand between verb and size
    r"\b(?:(?P<rise>" + _RISE + r")|(?P<fall>" + _FALL + r"))\s+(?:[a-z]+ly,?\s+)?(?:by\s+)?" + _HEDGES + r"$"
    r"|\b(?:(?P<rise_noun>increase|growth|rise|jump|gain|uptick)|(?P<fall_noun>decline|drop|fall|contraction))"
    r"(?:\s+rate)?\s+of\s+" + _HEDGES + r"$"
    # "the growth in trade amounted to 20.2 percent": the change named, then its size
    r"|\b(?:(?P<rise_stated>increase|growth|rise)|(?P<fall_stated>decline|drop|fall))\s+in\s+(?:[a-z\-]+\s+){1,6}?"
    r"(?:amounted to|stood at|reached|was|were)\s+" + _HEDGES + r"$"
    # "$187.6 million in 2023 (+8.9%)": a signed change in brackets after the level
    r"|\(\s*(?:(?P<rise_sign>\+)|(?P<fall_sign>[-−–]))\s*$"
)
_CHANGE_AFTER = re.compile(
    r"\s*(?:(?P<rise>gain|expansion|increase|growth|rise|jump|surge)|(?P<fall>drop|decline|fall|contraction|slump))\b"
)
_RATE_BEFORE = re.compile(
    r"\b(?:tax|taxes|tariffs?|dut(?:y|ies)|levy|levies|(?<!growth )rates?|inflation|interest|"
    r"economic growth|gdp growth|growth of (?:the )?(?:economy|gdp))\b"
)
# "Russia's share of India's coking coal imports climbed from 5% to 11.2%": two levels, not a change.
_LEVEL_FROM_TO = re.compile(
    r"\b(?:" + _RISE + "|" + _FALL + r")\s+from\s+" + _HEDGES + "$"
    r"|\bfrom\s+"
    + _HEDGES
    + r"(?:\d{1,3}(?:\.\d+)?|one|two|three|four|five)\s?(?:%|per\s?cent|percent)\s+to\s+"
    + _HEDGES
    + "$"
)
_SHARE_BEFORE = re.compile(
    r"\b(?:accounting for|accounts? for|accounted for|making up|makes? up|"
    r"share\b[^.;%]{0,60}?\b(?:to|at|of|was|is|reached|stood at|remains|remained|stands))\s+" + _HEDGES + r"$"
)
_SHARE_AFTER = re.compile(
    r"\s+of\s+(?:(?:its|their|the|[a-z]+['’]s)\s+)?(?:total\s+|overall\s+)?(?:[a-z\-]+\s+){0,2}?"
    r"(?:trade|imports|exports|flows|supplies|purchases)\b"
)
_WORLD_AFTER = re.compile(r"\s+of\s+(?:the\s+)?(?:global|world(?:'s|’s)?|worldwide)\b")
# What changes or is shared must be a flow: trade, exports, shipments; not prices or deliveries.
_FLOW_NAMES = {
    "trade": r"trade|turnover|commerce|commercial exchange|trade exchange",
    "exports": r"exports?|exported|shipments",
    # ("Russia's share in India's crude basket": what a country buys, by origin)
    "imports": r"imports?|imported|procurement|purchases|(?:import|crude|oil|energy) basket",
    "supplies": r"supplies|flows",
    "investment": r"investments?",
    # Money sent between the pair (the guideline's payments and loans)
    "remittances": r"remittances",
    "assistance": r"development assistance|aid",
    # People crossing between the pair are a flow too (the guideline counts people).
    "tourists": r"tourists?|tourist (?:flow|arrivals)|visitors",
}
_FLOW = re.compile(r"\b(?:" + "|".join(f"(?P<{label}>{pattern})" for label, pattern in _FLOW_NAMES.items()) + r")\b")


def _flow_figure(
    document: Document,
    sentence: Sentence,
    figure: re.Match[str],
    clause: tuple[int, int],
    name: str,
    value: Decimal,
    unit: str,
    measured: str,
    published: dt.date | None,
) -> MetricCandidate:
    """A change or share of a flow, ``figure`` matched in the lower-cased sentence: a goal where
    the clause sets one before it, an estimate where it guesses, else what was measured."""
    words = document.words
    clause_at, clause_end = sentence.start + clause[0], sentence.start + clause[1]
    at, end = sentence.start + figure.start(), sentence.start + figure.end()
    period, period_start, period_end = _period(words, clause_at, clause_end, end, published)
    if words.search(_GOAL, None, clause_at, at) is not None:
        kind, cue = "target", "goal"
    elif words.search(_ESTIMATE, None, clause_at, clause_end) is not None:
        kind, cue = "other", "estimate"
    else:
        kind, cue = "actual", measured
    return MetricCandidate(
        name=name,
        kind=kind,
        value=value,
        unit=unit,
        period=period,
        period_start=period_start,
        period_end=period_end,
        qualifier=None,
        evidence=Span(sentence.text, sentence.start, sentence.end),
        confidence=0.6,
        reading=MetricReading(
            figure=Span(document.text[at:end], at, end),
            clause=Span(sentence.text[clause[0] : clause[1]], clause_at, clause_end),
            counted=False,
            cue=cue,
        ),
    )


def _changes(document: Document, sentences: list[Sentence], published: dt.date | None) -> list[MetricCandidate]:
    found = []
    for sentence in sentences:
        lower = sentence.lower
        if not ("%" in lower or "cent" in lower or "pct" in lower) or not (flows := list(_FLOW.finditer(lower))):
            continue
        breaks = _breaks(lower)
        for match in _PERCENT_FIGURE.finditer(lower):
            before, after = lower[: match.start()], match.end()
            level = _LEVEL_FROM_TO.search(before)
            change = None if level else (_CHANGE_BEFORE.search(before) or _CHANGE_AFTER.match(lower, after))
            share = None if change else (level or _SHARE_BEFORE.search(before) or _SHARE_AFTER.match(lower, after))
            if change is None and share is None:
                continue
            if _STAKE_AFTER.match(lower, after) or _STAKE_BEFORE.search(before):
                continue  # a stake, read by _stakes
            if _RATE_BEFORE.search(lower, max(0, match.start() - 60), match.start()):
                continue  # "import taxes will be halved from 150% to 75%": a rate, not a flow
            if share is not None and _WORLD_AFTER.match(lower, after):
                continue  # "Russia accounted for 22% of global exports of ammonia": one country and the world
            number = match.group("number")
            value = Decimal(WORD_NUMBERS[number]) if number in WORD_NUMBERS else Decimal(number)
            if match.group("low") is not None and Decimal(match.group("low")) < value:
                value = (Decimal(match.group("low")) + value) / 2
            # A fall is stated as its size, as readers of the guideline write it ("imports fell by 46.2%"
            # is 46.2 percent); its name says which way.
            fell = change is not None and any(
                change.groupdict().get(g) for g in ("fall", "fall_noun", "fall_stated", "fall_sign")
            )
            clause = _clause(breaks, len(lower), match.start())
            # The flow named nearest before the figure, else the first in the sentence.
            flow = next((f for f in reversed(flows) if f.start() < match.start()), flows[0]).lastgroup
            name = f"{'fall in' if fell else 'change in' if change else 'share of'} {flow}"
            cue = "change" if change else "share"
            found.append(_flow_figure(document, sentence, match, clause, name, value, "percent", cue, published))
    return found


# A flow's growth as a multiple: "deliveries have increased by more than eight times", "trade
# rose 20-fold", "could increase by 1.5-2.5 times". The change's verb comes first in the clause
# ("met three times" counts meetings, no flow).
_MULTIPLE = re.compile(
    r"(?<![\w.,])(?P<number>\d{1,4}(?:\.\d+)?|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")"
    r"(?:\s?[-–]\s?(?P<upper>\d{1,4}(?:\.\d+)?))?(?:[\s\-]+)(?P<unit>times|fold)\b"
)
_MULTIPLE_BEFORE = re.compile(
    r"\b(?:(?P<rise>" + _RISE + r"|went up|gone up|multiplied)|(?P<fall>" + _FALL + r"))\b"
    r"(?:\s+[\w\-’']+){0,10}?\s+(?:by\s+)?" + _HEDGES + r"$"
)


def _is_level(text: str, amount: Amount) -> bool:
    """A sum or a quantity in bulk ("$35 billion", "41 million tons", "30,000 barrels"), not a
    count of years or a year."""
    if amount.currency is not None or amount.scaled:
        return True
    return amount.value >= 1000 and not _YEAR_ONLY.fullmatch(text[amount.number_start : amount.end])


def _multiples(document: Document, sentences: list[Sentence], published: dt.date | None) -> list[MetricCandidate]:
    found = []
    amounts = document.amounts or []
    starts = [a.start for a in amounts]

    def amounts_in(sentence: Sentence) -> list[Amount]:
        return amounts[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]

    for sentence in sentences:
        lower = sentence.lower
        if not ("times" in lower or "fold" in lower) or not (flows := list(_FLOW.finditer(lower))):
            continue
        breaks = _breaks(lower)
        levels = None
        for match in _MULTIPLE.finditer(lower):
            clause_start, clause_stop = _clause(breaks, len(lower), match.start())
            change = _MULTIPLE_BEFORE.search(lower, clause_start, match.start())
            if change is None or not any(clause_start <= f.start() < clause_stop for f in flows):
                continue
            if levels is None:
                levels = [a for a in amounts_in(sentence) if _is_level(document.text, a)]
            if levels:
                # "trade increased by 2.6 times, exceeding $35 billion": readers take the level the
                # sentence states and leave its multiple (16 in 20 such sentences in the corpus)
                continue
            number, upper = match.group("number"), match.group("upper")
            value = Decimal(WORD_NUMBERS[number]) if number in WORD_NUMBERS else Decimal(number)
            if upper is not None:
                value = (value + Decimal(upper)) / 2  # a range is its midpoint
            flow = next((f for f in reversed(flows) if f.start() < match.start()), flows[0]).lastgroup
            name = f"{'fall in' if change.group('fall') else 'growth of'} {flow}"
            clause = (clause_start, clause_stop)
            found.append(
                _flow_figure(document, sentence, match, clause, name, value, match.group("unit"), "change", published)
            )
    return found


def _elliptical_count(
    text: str,
    words: WordIndex,
    sentence: Sentence,
    breaks_in: dict[int, list[tuple[int, int]]],
    amount: Amount,
    published: dt.date | None,
    counted: MetricCandidate | None,
    now: dt.date | None,
) -> MetricCandidate | None:
    """A bare number read as a count of the noun the sentence's first figure counted."""
    if (
        counted is None
        or counted.reading is None
        or not counted.reading.counted
        or amount.currency is not None
        or amount.upper is not None
        or amount.value != amount.value.to_integral_value()
        or _YEAR_ONLY.fullmatch(text[amount.number_start : amount.end])
        or not _ELLIPSIS_AFTER.match(text, amount.end)
    ):
        return None
    before = words.lower[max(sentence.start, amount.number_start - 40) : amount.number_start]
    if _ELLIPSIS_SERIAL_BEFORE.search(before):
        return None
    added = _ELLIPSIS_ADDED_BEFORE.search(before) or words.lower.startswith(" more", amount.end)
    if not added and not (_ELLIPSIS_PART_BEFORE.search(before) and amount.value <= counted.value):
        return None
    noun = counted.name.rsplit(" ", 1)[-1] if counted.name.endswith(counted.unit) else counted.unit
    count = (counted.name[: -len(noun)].strip(), noun)
    part = _metric(text, words, sentence, breaks_in, amount, published, None, count=count, now=now)
    if part is not None and part.kind == "actual" and _PART_TO_COME.match(words.lower, amount.end):
        part.kind = "other"
    elif part is not None and _PART_DONE.match(words.lower, amount.end):
        part.kind = "actual"  # "of which 222 were assembled by HAL": what has happened (rule 3)
    return part


_DIGIT = re.compile(r"\d")  # what stands before a figure's first digit is its sign as written ("US$", "$")


def _metric(
    text: str,
    words: WordIndex,
    sentence: Sentence,
    breaks_in: dict[int, list[tuple[int, int]]],
    amount: Amount,
    published: dt.date | None,
    currency_hint: str | None,
    count: tuple[str, str] | None = None,
    now: dt.date | None = None,
) -> MetricCandidate | None:
    """``count``: the modifiers and noun a bare number counts, when an earlier figure named them;
    ``now``: the story's present (its publication date, else the start of the latest year it names)."""
    local = amount.number_start - sentence.start
    before = sentence.lower[:local]
    unit = amount.currency
    if unit is not None and (_OWN_ACCOUNTS_AFTER.match(text, amount.end) or _OWN_ACCOUNTS_BEFORE.search(before[-40:])):
        # "PhosAgro had 95 billion rubles of revenue", "$11 billion on fertilizer subsidies": one party's books
        return None
    if unit == "EUR" and not amount.scaled and _YEAR_ONLY.fullmatch(f"{amount.value}"):
        return None  # "Euro 2024": a tournament, not a sum
    if not amount.scaled and amount.value < 1000 and _BARE_LETTER_SIGN.match(text, amount.number_start):
        return None  # "the R2 version": a bare "R" or "Sh" is a currency only before a sum ("R94 billion")
    if unit is not None and (
        _ECONOMY_AFTER.match(text, amount.end)
        or _MARKET_BEFORE.search(before[-40:])
        or _GDP_BEFORE.search(before[-70:])
    ):
        return None  # "Asia's third-largest economy ... a $4 trillion economy", "the pharma market ($19 billion)"
    if _RATIO_BEFORE.search(before[-12:]):
        return None  # "one in four jobs": a ratio
    if unit is not None and _PER_UNIT_AFTER.match(text, amount.end) and not _FLOW_BETWEEN.search(sentence.lower):
        return None  # "144 rupees (about 12.3 yuan) per kilogram" at an auction: a market's price, no flow
    written_sign = re.sub(r"\s", "", _DIGIT.split(text[amount.number_start : amount.end], maxsplit=1)[0])
    for sign, meant in SHARED_SIGNS.items():
        if unit == BY_SIGN[sign] and currency_hint in meant.values() and written_sign == sign:
            unit = currency_hint  # "¥" in a China story is the yuan
    if unit is None:
        count = count or _count_unit(text, amount, words.lower)
        if count is None or _REFERENCE.search(before) or _NAMED_BEFORE.search(sentence.text, 0, local):
            return None
        if (
            amount.value < 10
            and _DEFINITE_BEFORE.search(before[-12:])
            and not _PACTS_SIGNED_NOW.match(text, amount.end)
        ):
            return None  # "the first of the two ships", "the two companies in question": named before
        if count[1] == "people" and _SOURCES.match(
            text, amount.end + len(text[amount.end :].split("people", 1)[0]) + 6
        ):
            return None
        if count[1] == "people" and (
            _POPULATION_BEFORE.search(before[-40:])
            or _PEOPLE_NOT_MOVING.match(text, amount.end + len(text[amount.end :].split("people", 1)[0]) + 6)
        ):
            return None  # "a nation of 1.3 billion people", "1,000 people dead": no figure of the pair
        if not amount.scaled and _YEAR_ONLY.fullmatch(text[amount.number_start : amount.end]):
            return None
        if before.endswith(("per ", "for every ")):
            return None  # "161 rubles per 1 kg": the measure a price is given for
        unit = _UNIT_NAMES.get(count[1], count[1])
        if unit in _FLOW_UNITS and _SPECIFICATION.search(before[-40:]):
            return None
        if not amount.scaled and amount.value != amount.value.to_integral_value():
            return None  # "the 7.62 x 39mm calibre rifles": a measure, not a number of things
        if _EACH_HOLDS.search(before):
            return None  # "Each squadron includes two missile batteries": what a unit is made of
        if unit == "rounds" and _ROUNDS_OF_TALKS.match(
            text, amount.end + len(text[amount.end :].split("rounds", 1)[0]) + 6
        ):
            return None  # "seven rounds of talks": how long the pair negotiated, no figure between them
        if unit in _PACT_UNITS and _INCLUDING_BEFORE.search(before[-30:]):
            return None  # "signed 16 pacts, including two key defence agreements": a part of the bundle counted
        if unit in _PARTY_UNITS and before.rstrip().endswith(" with"):
            return None  # "signed an agreement with three Indian companies": who signed, not a count
    # A figure after all: the part of its sentence it belongs to (clause breaks are worked
    # out once per sentence, and only for one that holds a figure).
    breaks = breaks_in.get(sentence.index)
    if breaks is None:
        breaks = breaks_in[sentence.index] = _breaks(sentence.lower)
    clause_start, clause_stop = _clause(breaks, len(sentence.text), local)
    # Cue patterns are lower-case and run on the ASCII-lower-cased text (same offsets).
    clause_at, clause_end = sentence.start + clause_start, sentence.start + clause_stop  # in the document
    value = amount.value
    qualifier = amount.qualifier
    if amount.upper is not None:
        # A range: keep both ends in the qualifier, report the middle.
        qualifier = f"range {amount.value}-{amount.upper}" + (f", {qualifier}" if qualifier else "")
        value = amount.upper if qualifier.endswith("up to") else (amount.value + amount.upper) / 2
    period, period_start, period_end = _period(words, clause_at, clause_end, amount.end, published)
    kind, cue = _kind(words, sentence, clause_at, clause_end, amount, count, unit, before)
    if kind is None:
        if _future_period(period_start, published):
            kind, cue = "target", "future_period"
        elif period_end is not None and now is not None and period_end < now:
            # a figure of a past period ("imports in FY25 include ... $57 billion"), rule 3
            kind, cue = "actual", "past_period"
        else:
            kind = "other"
    if amount.currency is not None and kind != "target" and _PRICE_PER.match(text, amount.end):
        kind, cue = "other", "unit_price"
    if count is not None:
        name = f"{count[0]} {count[1]}".strip()
    else:
        name = _named(words, clause_at, clause_end) or _named(words, sentence.start, sentence.end) or "amount"
    confidence = 0.8 if amount.currency else 0.65
    return MetricCandidate(
        name=name,
        kind=kind,
        value=Decimal(int(value)) if value == value.to_integral_value() else value,
        unit=unit,
        period=period,
        period_start=period_start,
        period_end=period_end,
        qualifier=qualifier,
        evidence=Span(sentence.text, sentence.start, sentence.end),
        confidence=confidence,
        reading=MetricReading(
            figure=Span(text[amount.start : amount.end], amount.start, amount.end),
            clause=Span(sentence.text[clause_start:clause_stop], clause_at, clause_end),
            counted=count is not None,
            cue=cue,
        ),
    )
