"""Synthetic chunks for the scale benchmark: Swedish-like texts and clustered unit vectors.

Texts are words drawn from a 5,000-word vocabulary with a Zipf-like frequency; vectors are random
unit vectors of the real embedder's size around 200 topic centres. Sizes, not meaning.
"""

from __future__ import annotations

import numpy as np

DIM = 384
WORDS = [
    "borås",
    "stad",
    "social",
    "hållbarhet",
    "barn",
    "unga",
    "skola",
    "förskola",
    "arbete",
    "bostad",
    "trygghet",
    "hälsa",
    "äldre",
    "omsorg",
    "kultur",
    "idrott",
    "integration",
    "jämställdhet",
    "ekonomi",
    "stadsdel",
    "norrby",
    "hässleholmen",
    "sjöbo",
    "målbild",
    "målområde",
    "uppföljning",
    "välfärd",
    "bokslut",
    "insats",
    "resultat",
    "utveckling",
    "nämnd",
    "kommunstyrelse",
    "beslut",
    "program",
    "plan",
    "strategi",
    "invånare",
    "delaktighet",
    "inflytande",
    "livsvillkor",
]


def vocabulary(rnd: np.random.Generator, size: int = 5000) -> list[str]:
    syll = [
        "bo",
        "rås",
        "stad",
        "hem",
        "skol",
        "barn",
        "arb",
        "ets",
        "liv",
        "vill",
        "kor",
        "mål",
        "om",
        "råd",
        "nämnd",
        "väl",
        "färd",
        "trygg",
        "het",
        "ung",
        "dom",
        "plan",
    ]
    extra = {"".join(rnd.choice(syll, size=rnd.integers(2, 5))) for _ in range(size * 2)}
    return WORDS + sorted(extra)[: size - len(WORDS)]


def texts(n: int, rnd: np.random.Generator) -> list[str]:
    vocab = np.array(vocabulary(rnd))
    weights = 1.0 / np.arange(1, len(vocab) + 1)
    weights /= weights.sum()
    lengths = rnd.integers(60, 180, size=n)
    picks = rnd.choice(len(vocab), size=int(lengths.sum()), p=weights)
    out, at = [], 0
    for length in lengths:
        out.append(" ".join(vocab[picks[at : at + length]]) + ".")
        at += length
    return out


def vectors(n: int, rnd: np.random.Generator) -> np.ndarray:
    centres = rnd.standard_normal((200, DIM)).astype(np.float32)
    v = centres[rnd.integers(0, 200, size=n)] + 0.8 * rnd.standard_normal((n, DIM)).astype(
        np.float32
    )
    return v / np.linalg.norm(v, axis=1, keepdims=True)
