"""factory_boy factories for every model the tests build."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from agreements.models import Agreement, AgreementStatusChange
from articles.models import Article, Evidence, Source
from articles.services import content_hash
from desk.roles import roles_define
from relations.curation import ReviewStatus
from relations.models import Actor, ActorAlias, Event, Metric, MetricObservation, Relationship
from relations.services import normalize_alias


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = False
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            if not Group.objects.filter(name__in=extracted).exists():
                roles_define()  # a safeguard: a flush re-emits post_migrate, which defines them
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))
            self.save()


def editor(username: str = "editor1"):
    return UserFactory(username=username, is_staff=True, groups=["Editor"])


def viewer(username: str = "viewer1"):
    return UserFactory(username=username, is_staff=True, groups=["Viewer"])


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship
        django_get_or_create = ["country_a", "country_b"]

    country_a = "IN"
    country_b = "RU"
    name = factory.LazyAttribute(lambda o: f"{o.country_a}–{o.country_b}")
    slug = factory.LazyAttribute(lambda o: f"{o.country_a}-{o.country_b}".lower())


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Source {n}")
    kind = Source.Kind.URL
    url = factory.Sequence(lambda n: f"https://news.example.org/feed/{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    source = factory.SubFactory(SourceFactory)
    title = factory.Sequence(lambda n: f"India and Russia, part {n}")
    text = factory.Sequence(lambda n: f"India and Russia signed agreement number {n}. Trade grew.")
    url = factory.Sequence(lambda n: f"https://news.example.org/story/{n}")
    canonical_url = factory.LazyAttribute(lambda o: o.url)
    content_hash = factory.LazyAttribute(lambda o: content_hash(o.text))
    published_on = datetime.date(2025, 12, 3)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda o: o.article.text.index(".") + 1)
    sentence = factory.LazyAttribute(lambda o: o.article.text[o.start : o.end])
    extractor_name = "test"
    extractor_version = "1"
    confidence = 0.8


class CuratedFactory(factory.django.DjangoModelFactory):
    """Curated facts come with one evidence sentence unless told `evidence=[]`."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    review_status = ReviewStatus.PENDING

    @factory.post_generation
    def evidence(self, create, extracted, **kwargs):
        if not create:
            return
        self.evidence.add(*(extracted if extracted is not None else [EvidenceFactory()]))


class ActorFactory(CuratedFactory):
    class Meta:
        model = Actor

    kind = Actor.Kind.PERSON
    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    country = "RU"


class ActorAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActorAlias

    actor = factory.SubFactory(ActorFactory)
    alias = factory.Sequence(lambda n: f"Alias {n}")
    normalized = factory.LazyAttribute(lambda o: normalize_alias(o.alias))


class EventFactory(CuratedFactory):
    class Meta:
        model = Event

    relationship = factory.SubFactory(RelationshipFactory)
    kind = Event.Kind.VISIT
    date = datetime.date(2025, 12, 4)
    date_precision = "day"
    place = "New Delhi"


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Metric
        django_get_or_create = ["slug"]

    name = "bilateral trade"
    slug = "bilateral-trade"


class MetricObservationFactory(CuratedFactory):
    class Meta:
        model = MetricObservation

    metric = factory.SubFactory(MetricFactory)
    relationship = factory.SubFactory(RelationshipFactory)
    kind = MetricObservation.Kind.ACTUAL
    value = Decimal("65000000000")
    unit = "USD"
    period_label = "2024"
    period_start = datetime.date(2024, 1, 1)
    period_end = datetime.date(2024, 12, 31)
    reported_on = datetime.date(2025, 12, 3)


class AgreementFactory(CuratedFactory):
    class Meta:
        model = Agreement

    relationship = factory.SubFactory(RelationshipFactory)
    title = factory.Sequence(lambda n: f"Joint production deal {n}")
    key = factory.Sequence(lambda n: f"deal-{n}")
    keys = factory.LazyAttribute(lambda o: [o.key])
    sector = "defense"


class StatusChangeFactory(CuratedFactory):
    class Meta:
        model = AgreementStatusChange

    agreement = factory.SubFactory(AgreementFactory)
    status = "proposed"
    effective_on = datetime.date(2025, 1, 1)
