"""Fact extraction: article text + a registry snapshot -> candidate facts.

Pure Python (no Django, no database), so the ingestion jobs, the ``extract`` command and
the tests all run the same code. See docs/extraction.md.
"""

from .candidates import (
    ActorCandidate,
    AgreementCandidate,
    EventCandidate,
    Extraction,
    MetricCandidate,
    Span,
)
from .document import read_document
from .pipeline import EXTRACTOR_NAME, EXTRACTOR_VERSION, extract
from .registry import Registry, RegistryActor, RegistryAgreement, default_registry
from .scoring import score_readings

__all__ = [
    "EXTRACTOR_NAME",
    "EXTRACTOR_VERSION",
    "ActorCandidate",
    "AgreementCandidate",
    "EventCandidate",
    "Extraction",
    "MetricCandidate",
    "Registry",
    "RegistryActor",
    "RegistryAgreement",
    "Span",
    "default_registry",
    "extract",
    "read_document",
    "score_readings",
]
