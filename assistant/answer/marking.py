"""Which sentences answer: each unit of a passage scored against the question, the best marked."""

from __future__ import annotations

import math
import re

from assistant.patterns import CODE, DATE, amounts, dates_in, note_numbers
from assistant.question.quotes import restates
from assistant.retrieval.index import Snapshot
from assistant.retrieval.retrieve import coded_documents, codes_in, dated_documents
from assistant.tuning import DEFINITION_BONUS, LABEL_FACTOR, MARK_RATIO, MAX_MARKED, NUMBER_BONUS
from ingest.lexical import tokens

# a table's or figure's caption, a source line: they name what the rows below give
LABEL = re.compile(
    r"(?:Tabell|Figur|Diagram|Bild|Källa|Källor|Table|Figure|Source)\b\s*[\d.:]", re.I
)
# what follows a term where a sentence says what it is: "Socialt hållbart Borås är ..."
_DEFINES = re.compile(r"(?:är|avser|innebär|betyder|kallas|definieras|is|means)\b", re.I)


# words a question is told in, not about: "Jag minns att ... gav något slags löfte. Hur länge
# gällde det?" is about the promise; rare in the documents, these would outweigh it
_FILLER = frozenset(
    tokens(
        "minns minnas undrar undra undrade veta vet vill tycker tror trodde läste läst hört hörde"
        " sägs sa sagt gav ge ger gett fått slags sorts typ ungefär länge gällde stämmer står stod"
        " finns fanns"
        " egentligen verkligen faktiskt ens ju väl bara"
    )
)


def query_weights(question: str, snap: Snapshot) -> dict[str, float]:
    """IDF weight of each query token that occurs in the corpus at all, bar the filler words and
    the codes and dates that name a document of the library: "AFS 2011:19" names the statute, and
    in its text "AFS" marks the references to amendments ("(AFS 2014:43)"), not what answers; a
    meeting's date marks the minutes' header, not the decision."""
    n = max(snap.lexical.num_docs, 1)
    weights = {}
    words = CODE.sub(lambda m: " " if _names_a_document(m, snap) else m[0], question)
    words = DATE.sub(lambda m: " " if _dates_a_document(m, snap) else m[0], words)
    for tok in sorted(set(snap.lexical.query_tokens(words)) - _FILLER):
        df = snap.lexical.doc_freq(tok)
        if df:
            weights[tok] = math.log(1 + n / df)
    return weights


def _names_a_document(code: re.Match, snap: Snapshot) -> bool:
    return any(coded_documents(c, snap) for c in codes_in(code[0]))


def _dates_a_document(date: re.Match, snap: Snapshot) -> bool:
    """A meeting's date names its minutes ("den 22 mars 2021"), whose every page carries it."""
    return any(dated_documents(d, snap) for d in dates_in(date[0]))


def score_units(
    units: list[str],
    weights: dict[str, float],
    want_number: bool = False,
    quotes=(),
    term: tuple[str, ...] = (),
) -> list[float]:
    """IDF overlap with the question; a question after an amount favours units with numbers, one
    after the meaning of a term the units that start with it ("Kemiskt ämne Kemiskt grundämne
    eller ...", "Med effektmål avses ..."); a unit that only restates what the question quotes
    scores nothing."""
    total = sum(weights.values())
    bonus = NUMBER_BONUS * total if want_number else 0.0
    notes = note_numbers(units) if bonus else frozenset()
    scores = []
    for unit in units:
        if quotes and restates(unit, quotes, weights, pieces=True):
            scores.append(0.0)
            continue
        own = tokens(unit)
        present = set(own) | {base(t) for t in own}
        score = sum(w for t, w in weights.items() if t in present or base(t) in present)
        if bonus and amounts(unit, words=False, notes=notes):
            score += bonus
        if term and tuple(own[: len(term)]) == term:
            score += DEFINITION_BONUS * total
            if _DEFINES.match(unit.split(maxsplit=len(term))[-1]):  # "X är ...", "X avser ..."
                score += DEFINITION_BONUS * total
        if LABEL.match(unit):
            score *= LABEL_FACTOR
        scores.append(score)
    return scores


def base(stem: str) -> str:
    """The stemmer keeps the definite form of nouns in -a ("gatan", "skolan") apart from the
    base form ("gata", "skola" -> "gat", "skol"): the same word when sentences are marked."""
    return stem[:-2] if len(stem) >= 5 and stem.endswith("an") and not stem[0].isdigit() else stem


def mark(scores: list[float], best: int) -> set[int]:
    """The best unit, and up to MAX_MARKED in all within three units of it that score at least
    MARK_RATIO of it."""
    top = scores[best]
    if top <= 0:
        return {best}
    near = sorted(
        (i for i in range(len(scores)) if abs(i - best) <= 3 and scores[i] >= MARK_RATIO * top),
        key=lambda i: -scores[i],
    )
    return set(near[:MAX_MARKED]) | {best}
