"""Quoted text in a question: what the user already has, so passages that only restate it are no answer.

"Hur går det för målet ”I Borås ska ingen vara hemlös”?" wants what the follow-up says about the
goal. The passages most like the question are the lists that repeat the goal word for word; they
are ranked after the others, and a sentence that restates the quote is never the one marked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from assistant.tuning import MIN_QUOTE_CHARS, OWN_SHARE, QUOTE_SHARE, SHORT_UNIT_WORDS
from ingest.lexical import tokens

_LIST_ITEM = re.compile(r"[;:]\s+")
_QUOTED = re.compile(rf"[”“\"«»]([^”“\"«»]{{{MIN_QUOTE_CHARS},}})[”“\"«»]")

T = TypeVar("T")


def quoted(question: str) -> tuple[frozenset[str], ...]:
    """The words (stems) of each long quotation in the question."""
    return tuple(q for q in (frozenset(tokens(m)) for m in _QUOTED.findall(question)) if q)


def restates(
    unit: str, quotes: Sequence[frozenset[str]], weights: Mapping[str, float], pieces: bool = False
) -> bool:
    """Whether a sentence or line says little more than one of the quotes: its words are mostly
    the quote's and carry most of the quote's weight (idf: "hemlös", not "Borås" or "ska"); with
    pieces, a short line of the quote's words counts too ("I Borås ska barn och unga:")."""
    if not quotes:
        return False
    parts = _LIST_ITEM.split(unit)  # a list run into one sentence: "ska: 1. ha ...; 2. vara ..."
    return any(_restates_part(part, quotes, weights, pieces) for part in parts)


def _restates_part(
    part: str, quotes: Sequence[frozenset[str]], weights: Mapping[str, float], pieces: bool
) -> bool:
    own = {t for t in tokens(part) if not t.isdigit()}  # "2. vara förberedda ...": the list number
    if not own:
        return False
    for quote in quotes:
        both = own & quote
        if len(both) < OWN_SHARE * len(own):
            continue
        carried = sum(weights.get(t, 0.0) for t in both)
        if carried >= QUOTE_SHARE * sum(weights.get(t, 0.0) for t in quote) or (
            pieces and len(own) <= SHORT_UNIT_WORDS
        ):
            return True
    return False


def restatements_last(
    items: Sequence[T],
    units_of_item: Callable[[T], Iterable[str]],
    quotes: Sequence[frozenset[str]],
    weights: Mapping[str, float],
) -> list[T]:
    """The items in their order, those with a unit that restates a quote moved after the rest."""
    if not quotes:
        return list(items)
    restating = [any(restates(u, quotes, weights) for u in units_of_item(x)) for x in items]
    return [x for x, r in zip(items, restating, strict=True) if not r] + [
        x for x, r in zip(items, restating, strict=True) if r
    ]


def with_siblings(
    quotes: tuple[frozenset[str], ...], listed: Sequence[str], weights: Mapping[str, float]
) -> tuple[frozenset[str], ...]:
    """When a quote is one of a list of texts the user sees side by side (the programme's goals),
    the others are no answer either: a passage that reads back any goal is not the follow-up."""
    if not any(restates(text, quotes, weights) for text in listed):
        return quotes
    return quotes + tuple(frozenset(tokens(text)) for text in listed)
