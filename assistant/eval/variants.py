"""Questions as hurried askers type them, to measure the spelling step (`--variant` of the
evaluation): with no å, ä or ö, or with one slip in one long word."""

from __future__ import annotations

import random
import re

from assistant.question.spelling import fold

_LONG = re.compile(r"\b[a-zåäö]{6,}\b")
_NEAR = "aeiorstnl"  # the letters a slip most often puts in


def unmarked(question: str) -> str:
    return fold(question)


def slipped(question: str, seed: str) -> str:
    """One long lower-case word with one slip: a letter left out, two swapped, one doubled or
    one changed; the same slip for the same seed (the question's id) in every run."""
    rng = random.Random(seed)
    words = list(_LONG.finditer(question))
    if not words:
        return question
    m = rng.choice(words)
    w, i = m.group(0), rng.randrange(1, len(m.group(0)) - 1)
    slip = rng.choice(
        (
            w[:i] + w[i + 1 :],
            w[:i] + w[i + 1] + w[i] + w[i + 2 :],
            w[:i] + w[i] + w[i:],
            w[:i] + rng.choice(_NEAR.replace(w[i], "")) + w[i + 1 :],
        )
    )
    return question[: m.start()] + slip + question[m.end() :]


def variant(items: list[dict], kind: str) -> list[dict]:
    """The questions of `items` typed as `kind` says ("unmarked", "slips"), all else the same."""
    if kind == "unmarked":
        return [{**it, "question": unmarked(it["question"])} for it in items]
    if kind == "slips":
        return [{**it, "question": slipped(it["question"], str(it.get("id")))} for it in items]
    raise ValueError(f"unknown variant {kind!r}: use 'unmarked' or 'slips'")
