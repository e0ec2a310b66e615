"""Decide when the evidence is too weak to answer, from several signals, not a dense score alone."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.patterns import DECADE, YEAR, YEAR_ALONE, amounts
from assistant.question.asks import specific_terms
from assistant.question.synonyms import official_words
from assistant.tuning import (
    COMPOUND_HEAD,
    EVIDENCE_HITS,
    MIN_COVERAGE,
    MIN_DENSE,
    MIN_DENSE_TRANSLATED,
    NAME_PREFIX,
    RESCUE_COVERAGE,
    WEAK_DENSE,
)
from assistant.types import Evidence, Hit
from ingest.lexical import tokens


def wants_number(question: str) -> bool:
    """Whether the question asks for an amount; "Varför spelar det roll hur många ...?" asks why."""
    first = _INTERROGATIVE.search(question)
    if first and first.group(1).lower() in ("varför", "why"):
        return False
    return bool(_QUANTITY.search(question))


_INTERROGATIVE = re.compile(
    r"\b(hur|vad|vilk\w*|vem|när|varför|how|what|which|who|when|why)\b", re.I
)


_QUANTITY = re.compile(
    r"\b(hur (mycket|många|stor|stort|stora)|vad kosta(r|de)|kostnad\w*|budget\w*|antal\w*"
    r"|how (much|many)|cost\w*|budget)\b",
    re.I,
)
_ASKS = re.compile(r"\b(hur|vad|vilk(en|et|a)|how|what|which)\b", re.I)
_MONEY_Q = re.compile(r"\b(kosta(r|de)|kostnad\w*|budget\w*|cost\w*|pengar|money)\b", re.I)
_CONTACT_Q = re.compile(
    r"\b(telefon\w*|phone|e-?post\w*|e-?mail|mejl\w*|adress\w*|address)\b", re.I
)
_MONEY = re.compile(r"\b(kronor|kr|mnkr|tkr|mkr|miljoner|miljarder|sek)\b", re.I)
_CONTACT = re.compile(r"(\b0\d{1,3}[- ]?\d{2,3}[ -]?\d{2}[ -]?\d{2}\b|[\w.]+@[\w.]+\.\w+)")


def unsupported(
    question: str, shown: str, marked: str, notes: Iterable[str] = (), years: str | None = None
) -> str:
    """Why the passage about to be shown cannot answer the question ('' when it can).

    An asked year must stand in the passage shown (when only table rows answer, in those rows or
    the table's first row: `years`). A question after an amount needs a number in
    the marked sentences (years and § numbers do not count), one after a cost needs money there,
    one after a phone number or address needs one.
    """
    numbers = amounts(marked, notes=notes)
    # not the year inside a code (AFS 2011:19) nor a decade ("en detaljplan från 1970-talet")
    asked_years = set(YEAR_ALONE.findall(DECADE.sub(" ", question)))
    if asked_years and not asked_years & set(YEAR.findall(shown if years is None else years)):
        return f"the year {sorted(asked_years)[0]} is not in the passage"
    if _CONTACT_Q.search(question) and not _CONTACT.search(marked):
        return "asks for contact details the documents do not give"
    if not _ASKS.search(question):  # a yes/no question ("Måste jag betala?") wants no amount
        return ""
    # "Hur många lån ..., och vad var budgeterat?": a budgeted count, not money
    if _MONEY_Q.search(question) and not _HOW_MANY.search(question) and not _MONEY.search(marked):
        return "asks for an amount of money the passage does not give"
    if wants_number(question) and not numbers:
        return "asks for a number the passage does not give"
    counted = counted_word(question)
    if counted and not any(mentions(shown, w) for w in (counted, *official_words(counted))):
        return f"asks how many {counted}, which the passage does not count"
    return ""


_HOW_MANY = re.compile(r"\bhur många\s+(?:av\s+(?:de\s+|dem\s+)?)?([\wåäöÅÄÖ-]+)", re.I)
# units and generic counts: the passage may count them in other words ("i tre år", "ett 20-tal")
_GENERIC = {
    "gång",
    "gånger",
    "år",
    "dag",
    "dagar",
    "veckor",
    "månader",
    "timmar",
    "procent",
    "kronor",
    "personer",
    "människor",
    "stycken",
    # light verbs: "hur många fick det?" asks how many of the things already named
    "fick",
    "får",
    "finns",
    "fanns",
    "kom",
    "kommer",
    "gick",
    "går",
    "ska",
    "skulle",
    "måste",
    "kunde",
    "brukar",
    "behöver",
}


def counted_word(question: str) -> str:
    """What a 'hur många X' question counts: X, if it is a word worth checking."""
    m = _HOW_MANY.search(question)
    word = m.group(1) if m else ""
    return word if len(word) >= 4 and word.lower() not in _GENERIC else ""


def mentions(text: str, word: str) -> bool:
    """Whether text uses the word in some inflection: same stem, or the same first NAME_PREFIX
    letters (the rule names are held to in `judge`)."""
    want = tokens(word)
    if not want:
        return True
    stem = want[0]
    have = set(tokens(text))
    return stem in have or any(
        min(len(stem), len(t)) >= NAME_PREFIX and t[:NAME_PREFIX] == stem[:NAME_PREFIX]
        for t in have
    )


def missing_edition(question: str, editions: dict[str, set[int]]) -> str:
    """'Välfärdsbokslut 2023' when only 2018 and 2021 exist: name the edition that is not there."""
    for series, years in editions.items():
        for m in re.finditer(
            re.escape(series) + r"\w*\s+(?:för\s+|from\s+)?(\d{4})", question, re.I
        ):
            if int(m.group(1)) not in years:
                return f"{series} {m.group(1)} is not among the documents"
    return ""


def judge(
    question: str,
    hits: tuple[Hit, ...],
    weights: dict[str, float],
    lang: str,
    publishers: dict[str, str] | None = None,
) -> Evidence:
    """Refuse on missing names and numbers, or on weak dense and lexical evidence together.

    A name counts as present when it stands in the best hits, their titles, file names or their
    publishers ("Borås" in "Borås Stad, Kommunstyrelsen" for the Reglemente, whose title lacks it).
    """
    if not hits:
        return Evidence(0.0, 0.0, (), True)
    top = hits[0]
    dense = max((h.dense for h in hits[:3]), default=0.0)
    evidence = " ".join(
        f"{h.chunk.title} {h.chunk.section} {h.chunk.text}" for h in hits[:EVIDENCE_HITS]
    )
    present = set(tokens(evidence))
    flat = evidence.lower()
    publishers = publishers or {}
    names = _alnum(
        " ".join(
            f"{h.chunk.title} {h.chunk.file} {publishers.get(h.chunk.file, '')}"
            for h in hits[:EVIDENCE_HITS]
        )
    )
    starts = {t[:NAME_PREFIX] for t in present if len(t) >= NAME_PREFIX}
    missing = tuple(
        t
        for t in specific_terms(question, lang)
        if t.lower() not in flat
        and not (set(tokens(t)) & present)
        and _alnum(t) not in names
        and not (len(t) >= NAME_PREFIX and t.lower()[:NAME_PREFIX] in starts)
    )
    top_tokens = set(tokens(f"{top.chunk.title} {top.chunk.section} {top.chunk.text}"))
    total = sum(weights.values())
    coverage = (
        sum(w for t, w in weights.items() if _covered(t, top_tokens)) / total if total else 0.0
    )
    translated = lang == "en" and coverage >= MIN_COVERAGE
    refuse = bool(missing) or dense < (MIN_DENSE_TRANSLATED if translated else MIN_DENSE)
    if lang == "sv" and coverage < MIN_COVERAGE and dense < WEAK_DENSE:
        refuse = True
    return Evidence(dense, coverage, missing, refuse)


def _covered(word: str, present: set[str]) -> bool:
    """The word stands in the text, or ends a compound there ("löfte" in "medborgarlöfte")."""
    return word in present or (
        len(word) >= COMPOUND_HEAD and any(t.endswith(word) for t in present)
    )


def _alnum(text: str) -> str:
    """'AFS 2011:19' and 'afs_2011_19.pdf' both become 'afs201119...': codes match across forms."""
    return re.sub(r"[\W_]+", "", text.lower())


def covering_first(
    question: str,
    hits: tuple[Hit, ...],
    weights: dict[str, float],
    lang: str,
    publishers: dict[str, str],
    evidence: Evidence,
) -> tuple[tuple[Hit, ...], Evidence]:
    """A first hit that holds none of the question's words ("finns det läxhjälp": a table
    of unemployment, nearest in the embedding) is refused for too little in common; when the
    second or third hit holds nearly all of them, that one answers instead."""
    for i in range(1, min(3, len(hits))):
        alt = (hits[i],) + hits[:i] + hits[i + 1 :]
        again = judge(question, alt, weights, lang, publishers)
        if not again.refuse and again.coverage >= RESCUE_COVERAGE:
            return alt, again
    return hits, evidence
