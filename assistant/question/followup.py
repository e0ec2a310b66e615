"""Resolve a follow-up question with the conversation so far; the conversation is passed in."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.patterns import YEAR
from assistant.question.asks import defined_term
from assistant.tuning import MAX_TURNS
from ingest.lexical import tokens

_ANAPHORA = {
    "det",
    "den",
    "detta",
    "dessa",
    "denna",
    "de",
    "dem",
    "deras",
    "dess",
    "där",
    "då",
    "dit",
    "it",
    "that",
    "this",
    "they",
    "them",
    "those",
    "these",
    "there",
    "then",
    "its",
    "their",
}
_OPENERS = ("och ", "men ", "samt ", "and ", "but ", "what about ", "hur är det med ", "än ")


def user_turns(history: Sequence) -> list[str]:
    """User messages from [(user, bot), ...] pairs or [{"role": ..., "content": ...}, ...]."""
    out = []
    for turn in history or ():
        if isinstance(turn, dict):
            if turn.get("role") == "user" and isinstance(turn.get("content"), str):
                out.append(turn["content"])
        elif isinstance(turn, (list, tuple)) and turn and isinstance(turn[0], str):
            out.append(turn[0])
    return out


def last_reply(history: Sequence) -> str:
    """The assistant's latest reply in the history, as shown ("" when there is none)."""
    for turn in reversed(list(history or ())):
        if isinstance(turn, dict):
            if turn.get("role") == "assistant" and isinstance(turn.get("content"), str):
                return turn["content"]
        elif isinstance(turn, (list, tuple)) and len(turn) > 1 and isinstance(turn[1], str):
            return turn[1]
    return ""


def resolve(question: str, history: Sequence = ()) -> str:
    """The question to retrieve with: a short or pronoun-led follow-up borrows the previous
    question, itself resolved ("Får jag bygga ett plank mot grannen?" + "Hur högt får det vara?"
    + "Och mot gatan?" keeps the plank). A year in the follow-up replaces the previous one's
    ("Vad säger välfärdsbokslutet 2018?" + "Och det från 2021?")."""
    resolved = ""
    for turn in user_turns(history)[-MAX_TURNS:]:
        resolved = _resolve_one(turn, resolved)
    return _resolve_one(question, resolved)


def _resolve_one(question: str, previous: str) -> str:
    if not previous or not is_follow_up(question):
        return question
    if YEAR.search(question):
        previous = YEAR.sub(" ", previous)
    return " ".join(f"{previous} {question}".split())


def is_follow_up(question: str) -> bool:
    """Short, pronoun-led or opening with "Och"/"Men": a question that needs the one before."""
    words = re.findall(r"\w+", question.lower())
    content = tokens(question)
    return (
        (len(content) <= 2 and not _names_its_subject(question))
        or question.lower().startswith(_OPENERS)
        or (len(content) <= 5 and any(w in _ANAPHORA for w in words))
    )


def _names_its_subject(question: str) -> bool:
    """A short question that names what it is about stands on its own: a term it asks the
    meaning of ("Vad menas med medskapande?") or a name ("Vem leder Torsdagsklubben?")."""
    return bool(defined_term(question)) or bool(re.search(r"\s[A-ZÅÄÖ]", question.strip()))
