"""A question after the meaning of a term is answered where the documents define it: the
passage that gives the meaning (what the question asks the meaning of: assistant/question/asks.py).

"Vad betyder medskapande?" is short, and the passages nearest it in meaning merely use the word
("Arbetet på Norrby bygger på medskapande"); the glossary line that explains it ("Medskapande – ett
arbetssätt där de boende deltar ...") shares little else with the question and may not be among
the hits at all.
"""

from __future__ import annotations

import re

from assistant.retrieval.index import Snapshot
from assistant.retrieval.retrieve import title_match
from assistant.tuning import GLOSSARY_CANDIDATES
from assistant.types import Filters, Hit
from ingest.lexical import tokens
from ingest.text.sentences import split_sentences
from ingest.types import Chunk

# where a text defines a term: a glossary line "Medskapande – de boende ...", "Term: ...", or
# "Med effektmål avses ..."
_DEFINED = re.compile(
    r"\b[Mm]ed\s+([^\n.]{2,60}?)\s+(?:avses|menas)\b|^[ \t]*([^\n–:]{2,60}?)\s*(?:–|:|\s-)\s",
    re.M,
)


def defining_first(
    query: str,
    hits: tuple[Hit, ...],
    words: tuple[str, ...],
    snap: Snapshot,
    filters: Filters | None = None,
    name: bool = False,
) -> tuple[Hit, ...]:
    """For a question after the meaning of a term ("Vad betyder medskapande?"): a chunk that
    defines it (a glossary line, "Med X avses") first, fetched by the term's words when none of
    the hits does (from the document the question names, if it names one); then the hits that
    use the term, then the rest, each group in its own order. For a name ("Vad är DeSO?"), a
    sentence that says what it is ("DeSO är ...") comes before a glossary line, since a title line
    "Socialt hållbart Borås – utökning ..." looks like one."""
    if not words or not hits:
        return hits
    named = {f for f, v in title_match(query, snap).items() if v >= 1.0}
    want, filters = set(words), filters or Filters()
    defining = 1 if name else 0  # the worst rank that still defines

    def rank(chunk: Chunk) -> int:
        if not want <= set(tokens(chunk.text)):
            return 3
        if name and any(_says_what(s, words) for s in split_sentences(chunk.text)):
            return 0
        defined = (set(tokens(a or b)) for a, b in _DEFINED.findall(chunk.text))
        return defining if want in defined else 2

    ranks = [rank(h.chunk) for h in hits]
    if min(ranks) > defining:
        shown = {h.chunk.id for h in hits}
        found = [
            (rank(snap.chunks[row]), row, score)
            for row, score in snap.lexical.search(" ".join(words), GLOSSARY_CANDIDATES)
            if snap.chunks[row].id not in shown
            and (not named or snap.chunks[row].file in named)
            and filters.allows(snap.chunks[row])
        ]
        best = min(found, default=None)
        if best and best[0] <= defining:
            hits = (Hit(snap.chunks[best[1]], hits[0].score, lexical=best[2]), *hits)
            ranks = [best[0], *ranks]
    if min(ranks) == 3:
        return hits
    return tuple(hits[i] for i in sorted(range(len(hits)), key=lambda i: (ranks[i], i)))


_SAYS = re.compile(r"(?:är|avser|innebär|betyder|kallas)\b")


def _says_what(sentence: str, words: tuple[str, ...]) -> bool:
    """A sentence that starts with the name and says what it is ("DeSO är SCB:s indelning ...")."""
    parts = sentence.split(maxsplit=len(words))
    return tuple(tokens(" ".join(parts[: len(words)]))) == words and bool(
        len(parts) > len(words) and _SAYS.match(parts[-1])
    )


def defines(unit: str, words: tuple[str, ...], says: bool = False) -> bool:
    """Whether a sentence or line gives the meaning of the term: a glossary line ("Medskapande –
    ..."), "Med X avses ...", or a sentence that starts with it and says what it is; with
    `says`, only the last ("DeSO är ..."), which comes first for a name, since a title line
    ("Socialt hållbart Borås – utökning ...") looks like a glossary line."""
    if not words:
        return False
    if _says_what(unit, words):
        return True
    return not says and any(set(tokens(a or b)) == set(words) for a, b in _DEFINED.findall(unit))
