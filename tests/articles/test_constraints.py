"""One row per canonical URL and per text, whatever route an article comes by."""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article
from articles.services import article_store, content_hash
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_duplicate_canonical_url_is_refused_by_the_database():
    ArticleFactory(canonical_url="https://example.org/a", text="First text.")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(canonical_url="https://example.org/a", text="A different text.")


def test_duplicate_content_hash_is_refused_by_the_database():
    ArticleFactory(canonical_url="https://example.org/a", text="Same words.")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(canonical_url="https://example.org/b", text="Same words.")


def test_hash_ignores_case_spacing_and_punctuation_but_not_words():
    assert content_hash("India and Russia  signed.") == content_hash("india and russia signed")
    assert content_hash("India and Russia signed.") != content_hash("India and China signed.")


def test_store_returns_the_existing_row_for_the_same_text_or_url():
    first = article_store(text="India and Russia met.", title="Meeting", canonical_url="https://example.org/x")
    same_text = article_store(text="india and russia met", canonical_url="https://mirror.example.net/y")
    same_url = article_store(text="Updated copy of the story.", canonical_url="https://example.org/x")
    assert first.created and not same_text.created and not same_url.created
    assert same_text.article.pk == same_url.article.pk == first.article.pk
    assert Article.objects.count() == 1


def test_store_refuses_empty_text():
    with pytest.raises(ValueError, match="needs some text"):
        article_store(text="  \n ")
