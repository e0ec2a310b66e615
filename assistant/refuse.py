"""Decide when the evidence is too weak to answer, from several signals, not a dense score alone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.retrieve import Hit
from ingest.lexical import tokens

# Calibrated on the visible gold questions (answerable and unanswerable), then frozen.
MIN_DENSE = 0.80
WEAK_DENSE = 0.845
MIN_COVERAGE = 0.45
_NUMBER = re.compile(r"(?<![\w,])\d+(?:[.,:]\d+)*(?![\w,])")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)(\w+)")
_IGNORE_CAPS = {
    "I",
    "Vad",
    "Vilka",
    "Vilken",
    "Vem",
    "Hur",
    "När",
    "Var",
    "Varför",
    "What",
    "Which",
    "Who",
    "How",
    "When",
    "Why",
    "Where",
    "In",
    "The",
    "Is",
    "Are",
    "Does",
    "Do",
    "According",
}


@dataclass(frozen=True)
class Evidence:
    """The signals behind a refusal, kept for the evaluation report."""

    dense: float
    coverage: float
    missing: tuple[str, ...]
    refuse: bool


def specific_terms(question: str) -> list[str]:
    """Numbers, years and names: terms that must occur in the evidence for an answer to exist."""
    terms = _NUMBER.findall(question)
    starts = set(_SENTENCE_START.findall(question))
    for word in re.findall(r"\b[A-ZÅÄÖ][\wåäöÅÄÖ-]+", question):
        if word not in starts and word not in _IGNORE_CAPS:
            terms.append(word)
    return terms


def judge(question: str, hits: tuple[Hit, ...], weights: dict[str, float], lang: str) -> Evidence:
    if not hits:
        return Evidence(0.0, 0.0, (), True)
    top = hits[0]
    dense = max((h.dense for h in hits[:3]), default=0.0)
    evidence = " ".join(f"{h.chunk.title} {h.chunk.section} {h.chunk.text}" for h in hits[:5])
    present = set(tokens(evidence))
    flat = evidence.lower()
    missing = tuple(
        t
        for t in specific_terms(question)
        if t.lower() not in flat and not (set(tokens(t)) & present)
    )
    top_tokens = set(tokens(f"{top.chunk.title} {top.chunk.section} {top.chunk.text}"))
    total = sum(weights.values())
    coverage = sum(w for t, w in weights.items() if t in top_tokens) / total if total else 0.0
    refuse = bool(missing) or dense < MIN_DENSE
    if lang == "sv" and coverage < MIN_COVERAGE and dense < WEAK_DENSE:
        refuse = True
    return Evidence(dense, coverage, missing, refuse)
