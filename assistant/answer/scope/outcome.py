"""Answered, or partly: whether a reply must first say what the documents do not cover.

A question whose words the documents lack ("mandat", "försörjningsstöd"), or the passages cited
lack, may still be answered: a citizen's "frisersalong" is the guide's "verksamhet". Whether the
gap matters is judged by a logistic model over the gap and the evidence (trained on the
development sets' answerable and unanswerable questions by scripts/train_flags.py); what the
reply then states is only what can be checked: the words themselves, absent, and where.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.answer.features import Asked, coverage, stems
from assistant.answer.ranker import LeadModel
from assistant.answer.scope.coverage import Gaps
from assistant.answer.scope.refuse import counted_word, mentions
from assistant.patterns import DATE, YEAR, amounts
from assistant.question import language
from assistant.question.spelling import swedish
from assistant.question.synonyms import official_words
from assistant.types import Evidence

MODEL_FILE = Path(__file__).with_name("flag_model.json")
MAX_STATED = 3  # words named in one statement
_GIVES = {
    "amount": lambda text: bool(amounts(text, words=True)),
    "when": lambda text: bool(DATE.search(text) or YEAR.search(text)),
}


@dataclass(frozen=True)
class Outcome:
    """What the reply says before its lead, if anything."""

    status: str  # "answered" or "partial"
    statement: str = ""
    not_found: tuple[tuple[str, str], ...] = ()  # (word as typed, "documents" | "cited")
    dated: int | None = None  # the year a question about today is answered for


def signals(
    question: str,
    lang: str,
    lead: str,
    asked: Asked,
    evidence: Evidence,
    lead_score: float,
    gaps: Gaps,
) -> dict[str, float]:
    """What the model weighs: how much of the question is missing, and how good the lead is."""
    gives = _GIVES.get(asked.kind)
    return {
        "library_words": min(len(gaps.library), 3) / 3,
        "cited_words": min(len(gaps.cited), 3) / 3,
        "library_rarest": max((_rarity(w) for w in gaps.library), default=0.0),
        "cited_rarest": max((_rarity(w) for w in gaps.cited), default=0.0),
        "counted": _counted_in_lead(question, lead),
        "kind_missing": float(bool(gaps.kinds)),
        "names": min(gaps.names, 2) / 2,
        "dated": float(gaps.dated is not None),
        # "hur många ... idag": a count of today asked, a dated count given
        "dated_amount": float(gaps.dated is not None and asked.kind == "amount"),
        "dense": evidence.dense,
        "coverage": evidence.coverage,
        "lead_coverage": coverage(stems(lead), asked),
        "lead_score": lead_score / 10,
        "lacks_kind": float(gives is not None and not gives(lead)),
        "english": float(lang == "en"),
    }


def _counted_in_lead(question: str, lead: str) -> float:
    """For "hur många X": 1 when a sentence of the lead gives a number and names X, 0 when none
    does, 0.5 when the question counts nothing."""
    counted = counted_word(question)
    if not counted:
        return 0.5
    names = [counted, *official_words(counted)]
    for sentence in re.split(r"(?<=[.!?])\s+|\n", lead):
        if amounts(sentence, words=True) and any(mentions(sentence, w) for w in names):
            return 1.0
    return 0.0


def _rarity(word: str) -> float:
    """1 for a word Swedish text never uses, 0 for the commonest ("och")."""
    return max(0.0, 1 - swedish(word.lower()) / 7)


def decide(features: dict[str, float], gaps: Gaps, lang: str, model=None) -> Outcome:
    """Partly, with a statement, when the model says the gap matters and there is a gap to
    state; answered otherwise."""
    model = model or default_model()
    flagged = model.score(features) >= model.threshold
    if not flagged:
        return Outcome("answered")
    if gaps.library or gaps.cited or gaps.cues:
        if gaps.library:
            scope, words = "documents", gaps.library
        else:
            scope, words = "cited", tuple(dict.fromkeys(gaps.cues + gaps.cited))
        words = words[:MAX_STATED]
        listed = language.quoted_list(lang, words)
        statement = language.phrase(lang, f"absent_{scope}", words=listed)
        return Outcome("partial", statement, tuple((w, scope) for w in words), gaps.dated)
    if gaps.dated is not None:
        statement = language.phrase(lang, "dated", year=gaps.dated)
        return Outcome("partial", statement, (), gaps.dated)
    return Outcome("answered")


@dataclass(frozen=True)
class FlagModel(LeadModel):
    """A logistic model with the score above which a reply is flagged."""

    threshold: float = 0.0

    def as_json(self) -> dict:
        return {**super().as_json(), "threshold": self.threshold}


@lru_cache(maxsize=1)
def default_model() -> FlagModel:
    """The model the product flags with; without its file (before the first training) none."""
    if not MODEL_FILE.is_file():
        return FlagModel((), (), (), (), 0.0, float("inf"))
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return FlagModel.from_json(data, threshold=float(data.get("threshold", 0.0)))
