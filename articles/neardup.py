"""Near-duplicate texts (one wire story on two sites) by MinHash over word shingles.

An article's signature is cut into bands; texts sharing a band are candidates (stored
in `ArticleBand`, indexed), and a candidate is a near-duplicate when the Jaccard
similarity of the two shingle sets, computed exactly, reaches the threshold.
"""

from __future__ import annotations

import hashlib
import random

SHINGLE_WORDS = 5
PERMUTATIONS = 64
ROWS_PER_BAND = 4  # 16 bands: a pair at 0.9 similarity shares a band with near certainty
THRESHOLD = 0.9
MIN_WORDS = 40  # shorter texts share too many shingles by chance; exact hashing covers them
_PRIME = (1 << 61) - 1
# Fixed seed, not secrecy: signatures must agree across processes and releases.
_rng = random.Random(20240601)  # noqa: S311
_COEFFICIENTS = [(_rng.randrange(1, _PRIME), _rng.randrange(0, _PRIME)) for _ in range(PERMUTATIONS)]


def _hash64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def shingles(normalized_text: str) -> set[int]:
    words = normalized_text.split()
    if len(words) < MIN_WORDS:
        return set()
    return {
        _hash64(" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")) for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(shingle_set: set[int]) -> list[int]:
    return [min((a * s + b) % _PRIME for s in shingle_set) for a, b in _COEFFICIENTS] if shingle_set else []


def bands(shingle_set: set[int]) -> list[int]:
    """The band keys of a text: each band's index and rows hashed into a positive 63-bit int."""
    sig = signature(shingle_set)
    keys = []
    for index in range(0, len(sig), ROWS_PER_BAND):
        rows = ",".join(str(v) for v in sig[index : index + ROWS_PER_BAND])
        keys.append(_hash64(f"{index}:{rows}".encode()) >> 1)
    return keys


def jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
