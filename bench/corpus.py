"""A realistic synthetic corpus for the benchmarks, written with PostgreSQL COPY.

Articles are built from sentence templates and a vocabulary, each one deterministic from
(seed, article index), so that a corpus grown from 1,000 to 10,000 articles holds exactly
the articles a 10,000-article build would. Every article carries about ten facts
(metric observations, events, agreement status changes, new agreements, now and then a
new person), each with its evidence sentence (offsets index into the text), a realistic
share of pending / approved / rejected, and history rows as django-simple-history writes
them. Rows go in through `COPY ... FROM STDIN` in batches, with ids allocated here, so
that 100,000 articles and a million facts take minutes rather than hours.

PostgreSQL only: the point is to measure the production database.
"""

from __future__ import annotations

import datetime
import functools
import html
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils.text import slugify
from psycopg.types.json import Jsonb

from agreements.models import Agreement, AgreementStatusChange
from articles.models import Article, Evidence, Source
from articles.services import content_hash
from relations.models import Actor, ActorAlias, Event, Metric, MetricObservation, Relationship
from relations.services import normalize_alias

SCALES: dict[str, int] = {"tiny": 100, "small": 1_000, "medium": 10_000, "large": 100_000}
# Articles written per transaction: large enough for COPY to pay off, small enough to keep memory flat.
BATCH = 2_000
EXTRACTOR = "corpus"
EXTRACTOR_VERSION = "corpus-1"
REVIEWER_USERNAME = "corpus-editor"

# (country_1, country_2, weight): the primary relationship dominates, as it would in a tracker.
RELATIONSHIPS = [("IN", "RU", 0.5), ("IN", "US", 0.15), ("CN", "RU", 0.15), ("DE", "FR", 0.1), ("IN", "JP", 0.1)]
COUNTRIES = {
    "IN": ("India", ["Indian", "New Delhi"], "New Delhi", ["Mumbai", "Bengaluru", "Chennai", "Kolkata"]),
    "RU": ("Russia", ["Russian Federation", "Moscow", "Russian"], "Moscow", ["St Petersburg", "Vladivostok", "Kazan"]),
    "US": ("United States", ["US", "USA", "Washington", "American"], "Washington", ["New York", "San Francisco"]),
    "CN": ("China", ["PRC", "Beijing", "Chinese"], "Beijing", ["Shanghai", "Shenzhen", "Harbin"]),
    "FR": ("France", ["French Republic", "Paris", "French"], "Paris", ["Toulouse", "Marseille", "Lyon"]),
    "DE": ("Germany", ["Federal Republic of Germany", "Berlin", "German"], "Berlin", ["Munich", "Hamburg"]),
    "JP": ("Japan", ["Tokyo", "Japanese"], "Tokyo", ["Osaka", "Yokohama", "Nagoya"]),
}
FIRST_NAMES = {
    "IN": ["Arjun", "Priya", "Rahul", "Anita", "Vikram", "Sunita", "Rajesh", "Kavita", "Sanjay", "Meera", "Amit"],
    "RU": ["Sergei", "Anna", "Dmitry", "Olga", "Alexei", "Irina", "Nikolai", "Elena", "Pavel", "Tatiana", "Igor"],
    "US": ["John", "Mary", "Robert", "Linda", "Michael", "Susan", "David", "Karen", "James", "Nancy", "Daniel"],
    "CN": ["Wei", "Li", "Jun", "Mei", "Hao", "Lin", "Qiang", "Yan", "Bo", "Xia", "Tao"],
    "FR": ["Jean", "Marie", "Pierre", "Claire", "Luc", "Sophie", "Michel", "Isabelle", "Alain", "Camille", "Yves"],
    "DE": ["Hans", "Anke", "Klaus", "Petra", "Jürgen", "Heike", "Stefan", "Sabine", "Uwe", "Katrin", "Dieter"],
    "JP": ["Hiroshi", "Yuki", "Takeshi", "Aiko", "Kenji", "Naoko", "Satoshi", "Emi", "Taro", "Keiko", "Makoto"],
}
LAST_NAMES = {
    "IN": ["Sharma", "Iyer", "Mehta", "Reddy", "Nair", "Gupta", "Rao", "Singh", "Kapoor", "Menon", "Das", "Joshi"],
    "RU": ["Ivanov", "Smirnova", "Petrov", "Volkova", "Sokolov", "Morozova", "Lebedev", "Orlova", "Kozlov", "Pavlov"],
    "US": ["Smith", "Johnson", "Walker", "Harris", "Clark", "Lewis", "Young", "Allen", "King", "Wright", "Scott"],
    "CN": ["Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Zhou", "Wu", "Xu", "Sun", "Ma"],
    "FR": ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux"],
    "DE": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Koch"],
    "JP": ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato"],
}
TITLES = ["Foreign Minister", "Defence Minister", "Trade Minister", "Energy Minister", "Finance Minister", "Ambassador"]
ORGANIZATIONS = [
    ("BRICS", ["BRICS grouping"]),
    ("Shanghai Cooperation Organization", ["SCO", "Shanghai Cooperation Organisation"]),
    ("United Nations", ["UN", "U.N."]),
    ("G20", ["Group of Twenty"]),
    ("International Atomic Energy Agency", ["IAEA"]),
    ("World Trade Organization", ["WTO"]),
]
METRICS = [
    # (name, unit, base units per stated unit, low, high, sentence)
    (
        "bilateral trade",
        "USD",
        10**9,
        5,
        120,
        "Bilateral trade between {A} and {B} {verb} {q}${v} billion in {year}, {src}.",
    ),
    (
        "crude oil imports",
        "barrels",
        10**6,
        10,
        900,
        "{A} imported {q}{v} million barrels of crude oil from {B} in {year}, {src}.",
    ),
    (
        "foreign direct investment",
        "USD",
        10**9,
        1,
        40,
        "Investment from {B} in {A} stood at {q}${v} billion in {year}, {src}.",
    ),
    (
        "defence exports",
        "USD",
        10**9,
        1,
        15,
        "{B} sold {q}${v} billion worth of military equipment to {A} in {year}, {src}.",
    ),
    (
        "fertiliser supplies",
        "tonnes",
        10**6,
        1,
        8,
        "{B} shipped {q}{v} million tonnes of fertiliser to {A} in {year}, {src}.",
    ),
    ("tourist arrivals", "visitors", 10**3, 50, 900, "{q}{v} thousand tourists from {B} visited {A} in {year}, {src}."),
]
TARGET_SENTENCE = "The two sides set a target of {q}${v} billion in bilateral trade by {year}, {src}."
QUALIFIERS = ["", "", "", "about ", "nearly ", "over ", "more than "]
METRIC_VERBS = ["reached", "rose to", "stood at", "fell to", "touched"]
SOURCES_SAID = ["official data showed", "the commerce ministry said", "customs figures showed", "officials said"]
EVENT_TEMPLATES = [
    ("meeting", "{P} met {Q} in {city} on {date}, the foreign ministry said."),
    ("visit", "{P} arrived in {city} on {date} for a {n}-day official visit."),
    ("call", "{P} and {Q} spoke by telephone on {date} and reviewed the partnership."),
    ("summit", "Leaders of {A} and {B} held their annual summit in {city} on {date}."),
    ("statement", "{P} said on {date} that ties with {B} had never been stronger."),
]
STATUS_TEMPLATES = [
    ("proposed", "{A} proposed the {agreement} during talks in {city} on {date}."),
    ("negotiating", "Negotiations on the {agreement} continued in {city}, officials said on {date}."),
    ("agreed", "{A} and {B} signed the {agreement} in {city} on {date}."),
    ("in_progress", "Work under the {agreement} is under way, {P} said on {date}."),
    ("completed", "The {agreement} was completed on {date}, according to {P}."),
    ("stalled", "The {agreement} has stalled over payment issues, {P} said on {date}."),
]
AGREEMENT_KINDS = {
    "defense": ["joint production agreement", "rifle contract", "frigate deal", "air defence contract"],
    "energy": ["oil supply contract", "LNG deal", "pipeline agreement"],
    "nuclear": ["reactor construction contract", "nuclear fuel agreement"],
    "trade": ["free trade agreement", "rupee-rouble settlement mechanism", "customs pact"],
    "finance": ["currency swap line", "investment treaty"],
    "technology": ["semiconductor partnership", "software research pact"],
    "space": ["satellite launch agreement", "crewed flight cooperation pact"],
    "infrastructure": ["transport corridor project", "port development agreement", "rail link project"],
}
SYLLABLES = ["vos", "tok", "sa", "gar", "in", "dra", "ne", "va", "ko", "ri", "ta", "mir", "lo", "ka", "zan", "de"]
# Filler vocabulary. Rare topics appear in about one article in a hundred: the search benchmark's selective terms.
COMMON_TOPICS = ["trade", "energy", "defence", "investment", "connectivity", "tourism", "education", "banking"]
RARE_TOPICS = ["submarine", "fertiliser", "semiconductor", "icebreaker", "vaccine", "tungsten", "desalination"]
ADJECTIVES = ["strategic", "growing", "long-standing", "pragmatic", "deepening", "complex", "resilient", "uneven"]
ANALYST_ROLES = ["analysts", "diplomats", "economists", "officials", "industry executives", "observers"]
FILLERS = [
    "{Role} in {city} said the {topic} dialogue reflected {adj} ties between the two countries.",
    "The talks also covered {topic}, where both sides see room for {adj} cooperation.",
    "Delegations from {A} and {B} discussed {topic} and regional security at length.",
    "Critics argue that progress on {topic} has been slower than officials promised.",
    "The ministry did not comment on the timeline for further {topic} projects.",
    "{Role} expect the {topic} agenda to feature prominently at the next meeting.",
    "Both governments have described the partnership as {adj} despite outside pressure.",
    "A joint working group on {topic} is due to meet again later this year.",
    "Payment issues and sanctions have complicated {topic} deals in recent months.",
    "Officials stressed that the {topic} relationship was not directed at any third country.",
]
SITES = [
    "The Daily Ledger",
    "Eurasia Monitor",
    "Capital Herald",
    "Global Affairs Review",
    "Morning Dispatch",
    "The Policy Wire",
    "Frontier Times",
    "Business Standard Weekly",
]
REVIEW_WEIGHTS = (("approved", 0.55), ("pending", 0.35), ("rejected", 0.10))
REJECTION_REASONS = ["Misread the figure.", "Not about this relationship.", "Duplicate of an existing fact."]
FIRST_DAY = datetime.date(2015, 1, 1)
DAYS = 11 * 365


class CorpusError(RuntimeError):
    """The database cannot take a corpus (not PostgreSQL, or holds data that is not a corpus)."""


@dataclass
class Table:
    """One model's COPY target: its columns and the defaults of columns a row leaves out."""

    model: type[models.Model]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def columns(self) -> list[models.Field]:
        return list(self.model._meta.concrete_fields)


@dataclass
class Registry:
    """What every article draws on: the registry rows, loaded or created once."""

    reviewer_id: int
    relationships: dict[tuple[str, str], int]
    country_actors: dict[str, int]
    people: dict[str, list[tuple[int, str]]]
    metrics: dict[str, int]
    sources: list[tuple[int, str]]
    aliases: dict[str, int]
    # Agreements by relationship id: (id, title), in creation order, so picks are deterministic.
    agreements: dict[int, list[tuple[int, str]]]


class Ids:
    """Allocates primary keys ahead of COPY, so rows can point at each other before they exist."""

    def __init__(self) -> None:
        self._next: dict[tuple[str, str], int] = {}

    def take(self, model: type[models.Model]) -> int:
        key = (model._meta.db_table, model._meta.pk.column)
        if key not in self._next:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT coalesce(max({key[1]}), 0) FROM {key[0]}")
                self._next[key] = cursor.fetchone()[0] + 1
        value = self._next[key]
        self._next[key] = value + 1
        return value

    def sync_sequences(self) -> None:
        """Move each identity sequence past the ids we wrote, so later ORM inserts do not collide."""
        with connection.cursor() as cursor:
            for (table, column), next_id in self._next.items():
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, %s), %s, false)", [table, column, next_id])


def _column_defaults(model: type[models.Model], now: datetime.datetime) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:  # the declared default, else "" for text-like columns, else NULL: what the ORM would insert
            defaults[f.attname] = f.get_default()
    return defaults


@functools.cache
def _existing_columns(table: str) -> frozenset[str]:
    """The table's columns in the database: a model field whose migration has not run yet is left out."""
    with connection.cursor() as cursor:
        return frozenset(c.name for c in connection.introspection.get_table_description(cursor, table))


def _copy(model: type[models.Model], rows: Iterable[dict[str, Any]], now: datetime.datetime) -> int:
    """COPY rows (dicts keyed by attname) into a model's table; columns a row omits take the field default."""
    fields = [f for f in model._meta.concrete_fields if f.column in _existing_columns(model._meta.db_table)]
    defaults = _column_defaults(model, now)
    json_columns = {f.attname for f in fields if isinstance(f, models.JSONField)}
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    attnames = [f.attname for f in fields]
    count = 0
    statement = f"COPY {model._meta.db_table} ({names}) FROM STDIN"
    with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            values = []
            for name in attnames:
                value = row[name] if name in row else defaults[name]
                values.append(Jsonb(value) if name in json_columns and value is not None else value)
            copy.write_row(values)
            count += 1
    return count


def _through(model: type[models.Model], name: str) -> type[models.Model]:
    return model._meta.get_field(name).remote_field.through


def _history_rows(model: type[models.Model], rows: list[dict[str, Any]], ids: Ids) -> list[dict[str, Any]]:
    """History as django-simple-history writes it: '+' on creation, '~' when a decision changed the row."""
    historical = model.history.model
    out = []
    for row in rows:
        created = dict(row, review_status="pending", reviewed_by_id=None, reviewed_at=None, rejection_reason="")
        created.update(
            history_id=ids.take(historical),
            history_date=row["created_at"],
            history_type="+",
            history_change_reason=None,
            history_user_id=None,
            version=1,
        )
        out.append(created)
        if row["review_status"] != "pending":
            reason = row["review_status"] + (f": {row['rejection_reason']}" if row.get("rejection_reason") else "")
            out.append(
                dict(
                    row,
                    history_id=ids.take(historical),
                    history_date=row["reviewed_at"],
                    history_type="~",
                    history_change_reason=reason,
                    history_user_id=row["reviewed_by_id"],
                )
            )
    return out


def _review(rng: random.Random, created: datetime.datetime, reviewer_id: int) -> dict[str, Any]:
    roll, status = rng.random(), "pending"
    cumulative = 0.0
    for name, weight in REVIEW_WEIGHTS:
        cumulative += weight
        if roll < cumulative:
            status = name
            break
    if status == "pending":
        return {"review_status": status, "version": 1, "created_at": created, "updated_at": created}
    reviewed = created + datetime.timedelta(hours=rng.randint(1, 96))
    return {
        "review_status": status,
        "reviewed_by_id": reviewer_id,
        "reviewed_at": reviewed,
        "rejection_reason": rng.choice(REJECTION_REASONS) if status == "rejected" else "",
        "version": 2,
        "created_at": created,
        "updated_at": reviewed,
    }


# --- The registry -----------------------------------------------------------------------


def _ensure_registry(ids: Ids, now: datetime.datetime) -> Registry:
    """Create the registry on first use (fixed content, independent of the seed), then load it."""
    user_model = get_user_model()
    reviewer, _ = user_model.objects.get_or_create(
        username=REVIEWER_USERNAME, defaults={"is_staff": True, "first_name": "Corpus", "last_name": "Editor"}
    )
    if not Relationship.objects.filter(slug="in-ru").exists():
        _create_registry(ids, now, reviewer.pk)
    relationships = {(r.country_a, r.country_b): r.pk for r in Relationship.objects.all()}
    country_actors = dict(Actor.objects.filter(kind="country").values_list("country", "pk"))
    people: dict[str, list[tuple[int, str]]] = defaultdict(list)
    # The registry's people only (their description is their office); people met in articles are not drawn on.
    registry_people = Actor.objects.filter(kind="person", description__in=TITLES).order_by("pk")
    for pk, name, country in registry_people.values_list("pk", "name", "country"):
        people[country].append((pk, name))
    agreements: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, rel, title in Agreement.objects.order_by("pk").values_list("pk", "relationship_id", "title"):
        agreements[rel].append((pk, title))
    return Registry(
        reviewer_id=reviewer.pk,
        relationships=relationships,
        country_actors=country_actors,
        people=people,
        metrics=dict(Metric.objects.values_list("name", "pk")),
        sources=list(Source.objects.order_by("pk").values_list("pk", "name")),
        aliases=dict(ActorAlias.objects.values_list("normalized", "actor_id")),
        agreements=agreements,
    )


def _create_registry(ids: Ids, now: datetime.datetime, reviewer_id: int) -> None:
    rng = random.Random(20240101)  # the registry is the same for every seed
    approved = {"review_status": "approved", "reviewed_by_id": reviewer_id, "reviewed_at": now, "version": 2}
    relationships, actors, aliases = [], [], []
    taken: set[str] = set()
    for a, b, _ in RELATIONSHIPS:
        names = f"{COUNTRIES[a][0]}–{COUNTRIES[b][0]}"
        relationships.append(
            {
                "id": ids.take(Relationship),
                "country_a": a,
                "country_b": b,
                "name": names,
                "slug": f"{a}-{b}".lower(),
                "created_at": now,
            }
        )

    def actor(kind: str, name: str, country: str, names: list[str], description: str = "") -> None:
        pk = ids.take(Actor)
        actors.append(
            {
                "id": pk,
                "kind": kind,
                "name": name,
                "slug": slugify(name),
                "country": country,
                "description": description,
                "created_at": now,
                "updated_at": now,
                **approved,
            }
        )
        for alias in dict.fromkeys([name, *names]):
            if normalize_alias(alias) in taken:  # a surname two ministers share names neither
                continue
            taken.add(normalize_alias(alias))
            aliases.append(
                {
                    "id": ids.take(ActorAlias),
                    "actor_id": pk,
                    "alias": alias,
                    "normalized": normalize_alias(alias),
                    "created_at": now,
                }
            )

    for code, (name, names, _capital, _cities) in COUNTRIES.items():
        actor("country", name, code, names)
    for code in COUNTRIES:
        seen = set()
        while len(seen) < 8:
            seen.add(f"{rng.choice(FIRST_NAMES[code])} {rng.choice(LAST_NAMES[code])}")
        for i, person in enumerate(sorted(seen)):
            title = TITLES[i % len(TITLES)]
            actor("person", person, code, [f"{title} {person}", person.split()[-1] + f" ({code})"], title)
    for name, names in ORGANIZATIONS:
        actor("organization", name, "", names)
    _copy(Relationship, relationships, now)
    _copy(Actor, actors, now)
    _copy(ActorAlias, aliases, now)
    _copy(Actor.history.model, _history_rows(Actor, actors, ids), now)
    metrics = [{"id": ids.take(Metric), "name": m[0], "slug": slugify(m[0]), "created_at": now} for m in METRICS]
    _copy(Metric, metrics, now)
    sources = [
        {
            "id": ids.take(Source),
            "name": site,
            "kind": "feed",
            "url": f"https://{slugify(site)}.example/feed.xml",
            "interval": datetime.timedelta(hours=1),
            "created_at": now,
            "updated_at": now,
        }
        for site in SITES
    ]
    _copy(Source, sources, now)


# --- Articles -----------------------------------------------------------------------------


@dataclass
class Batch:
    """Rows of one transaction, by model."""

    rows: dict[type[models.Model], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, model: type[models.Model], row: dict[str, Any]) -> None:
        self.rows[model].append(row)


class ArticleWriter:
    """Builds one article's text sentence by sentence, remembering each fact sentence's offsets."""

    def __init__(self) -> None:
        self.paragraphs: list[list[str]] = [[]]
        self.length = 0
        self.spans: list[tuple[int, int, str]] = []

    def sentence(self, text: str, *, evidence: bool = False) -> int | None:
        para = self.paragraphs[-1]
        if para:
            self.length += 1  # the space before it
        elif len(self.paragraphs) > 1:
            self.length += 2  # the blank line between paragraphs
        start = self.length
        para.append(text)
        self.length += len(text)
        if len(para) >= 4:
            self.paragraphs.append([])
        if evidence:
            self.spans.append((start, self.length, text))
            return len(self.spans) - 1
        return None

    def text(self) -> str:
        return "\n\n".join(" ".join(p) for p in self.paragraphs if p)


def _fmt_date(day: datetime.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _article(index: int, seed: int, reg: Registry, ids: Ids, batch: Batch, seen_hashes: set[str]) -> None:
    """Write one article and its facts into the batch; deterministic from (seed, index)."""
    rng = random.Random(seed * 1_000_003 + index)
    pair = rng.choices([(a, b) for a, b, _ in RELATIONSHIPS], weights=[w for *_, w in RELATIONSHIPS])[0]
    a, b = pair if rng.random() < 0.5 else (pair[1], pair[0])
    rel_id = reg.relationships[tuple(sorted(pair))]
    name_a, name_b = COUNTRIES[a][0], COUNTRIES[b][0]
    cities = [COUNTRIES[a][2], COUNTRIES[b][2], *COUNTRIES[a][3], *COUNTRIES[b][3]]
    published = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
    ingested = datetime.datetime.combine(published, datetime.time(6), tzinfo=datetime.UTC) + datetime.timedelta(
        minutes=rng.randrange(18 * 60)
    )
    people_a, people_b = reg.people[a], reg.people[b]
    topic = rng.choice(RARE_TOPICS) if rng.random() < 0.07 else rng.choice(COMMON_TOPICS)

    def recent_day() -> datetime.date:
        return published - datetime.timedelta(days=rng.randrange(1, 20))

    def person(pool: list[tuple[int, str]]) -> tuple[int, str]:
        return rng.choice(pool)

    w = ArticleWriter()
    facts: list[tuple[str, dict[str, Any], int]] = []  # (kind, payload, evidence index)

    def filler() -> None:
        template = rng.choice(FILLERS)
        text = template.format(
            Role=rng.choice(ANALYST_ROLES).capitalize(),
            city=rng.choice(cities),
            topic=topic,
            adj=rng.choice(ADJECTIVES),
            A=name_a,
            B=name_b,
        )
        w.sentence(text)

    p_a, p_b = person(people_a), person(people_b)
    # A person the registry does not know yet, now and then: extraction proposes them as pending actors.
    new_person: tuple[str, str] | None = None
    if rng.random() < 0.1:
        code = rng.choice([a, b])
        initial = rng.choice(["A.", "K.", "M.", "S.", "V."])
        name = f"{rng.choice(FIRST_NAMES[code])} {initial} {rng.choice(LAST_NAMES[code])}"
        if normalize_alias(name) not in reg.aliases:
            new_person = (name, code)
    lead = p_a[1] if new_person is None else new_person[0]
    title_kind = rng.choice(["talks", "ties", "deal", "trade", "summit"])
    title = f"{name_a} and {name_b} {rng.choice(['deepen', 'review', 'discuss', 'weigh'])} {topic} {title_kind}"
    w.sentence(f"{lead} said on {_fmt_date(recent_day())} that {name_a} and {name_b} would expand {topic} cooperation.")

    for _ in range(rng.randint(1, 3)):
        filler()
    n_obs, n_events, n_status = rng.randint(3, 5), rng.randint(1, 3), rng.randint(2, 4)
    plan = ["obs"] * n_obs + ["event"] * n_events + ["status"] * n_status
    rng.shuffle(plan)
    for kind in plan:
        if kind == "obs":
            year = published.year - rng.randint(0, 2)
            if rng.random() < 0.15:
                metric, unit, base, low, high = "bilateral trade", "USD", 10**9, 20, 200
                template, obs_kind, year = TARGET_SENTENCE, "target", published.year + rng.randint(2, 8)
            else:
                metric, unit, base, low, high, template = rng.choice(METRICS)
                obs_kind = "actual"
            stated = round(rng.uniform(low, high), 1)
            qualifier = rng.choice(QUALIFIERS)
            text = template.format(
                A=name_a,
                B=name_b,
                verb=rng.choice(METRIC_VERBS),
                q=qualifier,
                v=stated,
                year=year,
                src=rng.choice(SOURCES_SAID),
            )
            ev = w.sentence(text[0].upper() + text[1:], evidence=True)
            facts.append(
                (
                    "obs",
                    {
                        "metric_id": reg.metrics[metric],
                        "kind": obs_kind,
                        "value": Decimal(str(stated)) * base,
                        "unit": unit,
                        "qualifier": qualifier.strip(),
                        "period_label": str(year),
                        "period_start": datetime.date(year, 1, 1),
                        "period_end": datetime.date(year, 12, 31),
                        "reported_on": published,
                    },
                    ev,
                )
            )
        elif kind == "event":
            event_kind, template = rng.choice(EVENT_TEMPLATES)
            day = recent_day()
            q = person(people_b)
            city = rng.choice(cities)
            text = template.format(
                P=p_a[1], Q=q[1], city=city, date=_fmt_date(day), n=rng.randint(2, 4), A=name_a, B=name_b
            )
            ev = w.sentence(text, evidence=True)
            facts.append(
                (
                    "event",
                    {
                        "kind": event_kind,
                        "title": f"{event_kind.capitalize()}: {p_a[1]} in {city}",
                        "date": day,
                        "date_precision": "day",
                        "place": city,
                        "_actors": [p_a[0], q[0]],
                    },
                    ev,
                )
            )
        else:
            pool = reg.agreements[rel_id]
            status, template = rng.choice(STATUS_TEMPLATES)
            if not pool or rng.random() < 0.35:
                sector = rng.choice(list(AGREEMENT_KINDS))
                code = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
                distinctive = f"{code}-{sum(len(v) for v in reg.agreements.values()) + 1}"
                agreement_title = f"{distinctive} {rng.choice(AGREEMENT_KINDS[sector])}"
                agreement_id = ids.take(Agreement)
                pool.append((agreement_id, agreement_title))
                new_agreement = {
                    "id": agreement_id,
                    "relationship_id": rel_id,
                    "title": agreement_title,
                    "key": slugify(distinctive),
                    "keys": [distinctive],
                    "sector": sector,
                }
            else:
                agreement_id, agreement_title = rng.choice(pool)
                new_agreement = None
            day = recent_day()
            text = template.format(
                A=name_a, B=name_b, agreement=agreement_title, city=rng.choice(cities), date=_fmt_date(day), P=p_b[1]
            )
            ev = w.sentence(text[0].upper() + text[1:], evidence=True)
            if new_agreement is not None:
                facts.append(("agreement", new_agreement, ev))
            facts.append(("status", {"agreement_id": agreement_id, "status": status, "effective_on": day}, ev))
        if rng.random() < 0.6:
            filler()
    if new_person is not None:
        ev = w.sentence(
            f"{new_person[0]} joined the delegation to {rng.choice(cities)}, officials said.", evidence=True
        )
        facts.append(("actor", {"name": new_person[0], "country": new_person[1]}, ev))
    for _ in range(rng.randint(2, 5)):
        filler()

    text = w.text()
    digest = content_hash(text)
    if digest in seen_hashes:  # astronomically rare; a unique closing line keeps the constraint
        text += f"\n\nReference {seed}-{index}."
        digest = content_hash(text)
    seen_hashes.add(digest)
    source_id, site = reg.sources[index % len(reg.sources)]
    slug = slugify(title)[:80]
    url = f"https://{slugify(site)}.example/{published.year}/{published.month:02d}/{slug}-{index}"
    article_id = ids.take(Article)
    body = "".join(f"<p>{html.escape(' '.join(p))}</p>\n" for p in w.paragraphs if p)
    raw = (
        f'<html><head><title>{html.escape(title)}</title><link rel="canonical" href="{url}">'
        f'<meta property="article:published_time" content="{published.isoformat()}"></head>'
        f"<body><nav>Home | World | Business | Opinion</nav><article><h1>{html.escape(title)}</h1>\n{body}"
        f"</article><footer>© {html.escape(site)}. Read more: related stories.</footer></body></html>"
    )
    extracted = ingested + datetime.timedelta(minutes=2)
    batch.add(
        Article,
        {
            "id": article_id,
            "source_id": source_id,
            "url": url,
            "canonical_url": url,
            "content_hash": digest,
            "title": title,
            "text": text,
            "raw_content": raw,
            "published_on": published,
            "published_precision": "day",
            "language": "en",
            "author": f"{rng.choice(FIRST_NAMES[a])} {rng.choice(LAST_NAMES[a])}",
            "site_name": site,
            "ingested_at": ingested,
            "extraction_status": "done",
            "extracted_at": extracted,
            "extractor_version": EXTRACTOR_VERSION,
        },
    )
    evidence_ids = []
    for start, end, sentence in w.spans:
        pk = ids.take(Evidence)
        evidence_ids.append(pk)
        batch.add(
            Evidence,
            {
                "id": pk,
                "article_id": article_id,
                "sentence": sentence,
                "start": start,
                "end": end,
                "extractor_name": EXTRACTOR,
                "extractor_version": EXTRACTOR_VERSION,
                "confidence": round(rng.uniform(0.45, 0.99), 2),
                "created_at": extracted,
            },
        )

    for n, (kind, payload, ev) in enumerate(facts):
        row = {**payload, **_review(rng, extracted, reg.reviewer_id)}
        fingerprint = f"c{seed}-{index}-{n}"
        if kind == "obs":
            model, row["relationship_id"], row["fingerprint"] = MetricObservation, rel_id, fingerprint
        elif kind == "event":
            model, row["relationship_id"], row["fingerprint"] = Event, rel_id, fingerprint
        elif kind == "status":
            model, row["fingerprint"] = AgreementStatusChange, fingerprint
        elif kind == "agreement":
            model = Agreement
        else:
            model = Actor
            row.update(kind="person", slug=f"{slugify(row['name'])}-{index}")
        row.setdefault("id", ids.take(model))
        actors = row.pop("_actors", [])
        batch.add(model, row)
        batch.add(
            _through(model, "evidence"),
            {
                "id": ids.take(_through(model, "evidence")),
                model._meta.model_name + "_id": row["id"],
                "evidence_id": evidence_ids[ev],
            },
        )
        if model is Agreement:
            for actor_id in (reg.country_actors[a], reg.country_actors[b]):
                through = _through(Agreement, "parties")
                batch.add(through, {"id": ids.take(through), "agreement_id": row["id"], "actor_id": actor_id})
        for actor_id in dict.fromkeys(actors):
            through = _through(Event, "actors")
            batch.add(through, {"id": ids.take(through), "event_id": row["id"], "actor_id": actor_id})
        if model is Actor:
            normalized = normalize_alias(row["name"])
            reg.aliases[normalized] = row["id"]
            batch.add(
                ActorAlias,
                {
                    "id": ids.take(ActorAlias),
                    "actor_id": row["id"],
                    "alias": row["name"],
                    "normalized": normalized,
                    "created_at": extracted,
                },
            )


def _write_order() -> list[type[models.Model]]:
    """Parents before children, so that foreign keys hold at every COPY."""
    return [
        Article,
        Evidence,
        Actor,
        ActorAlias,
        Agreement,
        _through(Agreement, "parties"),
        AgreementStatusChange,
        Event,
        _through(Event, "actors"),
        MetricObservation,
        *(_through(m, "evidence") for m in HISTORY),
    ]


HISTORY = (Actor, Agreement, AgreementStatusChange, Event, MetricObservation)


@dataclass
class BuildReport:
    articles_before: int
    articles_after: int
    rows: dict[str, int]
    seconds: float

    @property
    def facts(self) -> int:
        return sum(self.rows.get(m._meta.db_table, 0) for m in HISTORY)


def _require_disposable() -> None:
    name = connection.settings_dict["NAME"] or ""
    if "bench" not in name and not name.startswith("test_"):
        raise CorpusError(
            f"Refusing to wipe database {name!r}: only benchmark databases (a name containing 'bench') "
            "or test databases are reset."
        )


def corpus_size() -> int:
    return Article.objects.filter(extractor_version=EXTRACTOR_VERSION).count()


def _domain_tables() -> list[str]:
    """Every existing table of the three apps (a model whose migration has not run yet has none)."""
    existing = set(connection.introspection.table_names())
    tables = {
        model._meta.db_table
        for app in ("articles", "relations", "agreements")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    }
    return sorted(tables & existing)


def corpus_reset() -> None:
    """Empty every table of the three apps (benchmark and test databases only)."""
    _require_disposable()
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            # Deferred foreign-key checks still queued in this transaction would make TRUNCATE refuse.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(_domain_tables())} RESTART IDENTITY CASCADE")


def corpus_build(
    *, articles: int, seed: int = 0, progress: Callable[[int, int], None] | None = None, analyze: bool = True
) -> BuildReport:
    """Grow the corpus to `articles` articles (continuing a smaller corpus of the same seed)."""
    started = time.perf_counter()
    before = corpus_size()
    if Article.objects.exclude(extractor_version=EXTRACTOR_VERSION).exists():
        raise CorpusError(
            "This database holds articles that are not from the corpus generator; use a dedicated benchmark "
            "database, or --reset it first."
        )
    now = datetime.datetime.now(tz=datetime.UTC)
    ids = Ids()
    counts: dict[str, int] = defaultdict(int)
    with transaction.atomic():
        reg = _ensure_registry(ids, now)
    seen_hashes: set[str] = set()
    for start in range(before, articles, BATCH):
        batch = Batch()
        for index in range(start, min(start + BATCH, articles)):
            _article(index, seed, reg, ids, batch, seen_hashes)
        with transaction.atomic():
            for model in _write_order():
                rows = batch.rows.get(model, [])
                counts[model._meta.db_table] += _copy(model, rows, now)
            for model in HISTORY:
                history = _history_rows(model, batch.rows.get(model, []), ids)
                counts[model.history.model._meta.db_table] += _copy(model.history.model, history, now)
            ids.sync_sequences()
        if progress is not None:
            progress(min(start + BATCH, articles), articles)
    with connection.cursor() as cursor:
        # The derived status: the latest approved change by effective date, as with_derived_status() reads it.
        cursor.execute(
            """
            UPDATE agreements_agreement a SET current_status = s.status
            FROM (SELECT DISTINCT ON (agreement_id) agreement_id, status
                  FROM agreements_agreementstatuschange WHERE review_status = 'approved'
                  ORDER BY agreement_id, effective_on DESC NULLS LAST, id DESC) s
            WHERE s.agreement_id = a.id AND a.current_status IS DISTINCT FROM s.status
            """
        )
        if analyze:
            # The steady state of a database that grew over months: autovacuum has set hint bits and the
            # visibility map and gathered statistics. Freshly copied rows would otherwise pay for that
            # on their first reads, inside whatever is being measured. VACUUM cannot run in a transaction.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return BuildReport(before, max(before, articles), dict(counts), time.perf_counter() - started)


def corpus_pages(*, count: int, seed: int, first_index: int) -> Iterator[tuple[str, str]]:
    """(canonical URL, HTML) of articles like the corpus's, not stored: inputs for the ingestion benchmark.

    Indexes far past the corpus's give texts and URLs the database does not hold yet.
    """
    now = datetime.datetime.now(tz=datetime.UTC)
    ids = Ids()
    with transaction.atomic():
        reg = _ensure_registry(ids, now)
    seen: set[str] = set()
    for index in range(first_index, first_index + count):
        batch = Batch()
        _article(index, seed, reg, ids, batch, seen)
        article = batch.rows[Article][0]
        yield article["canonical_url"], article["raw_content"]
