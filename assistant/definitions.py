"""A question after the meaning of a term is answered where the documents define it.

"Vad betyder medskapande?" is short, and the passages nearest it in meaning merely use the word
("Arbetet på Norrby bygger på medskapande"); the glossary line that explains it ("Medskapande – ett
arbetssätt där de boende deltar ...") shares little else with the question and may not be among
the hits at all.
"""

from __future__ import annotations

import re

from assistant.index import Snapshot
from assistant.retrieve import Filters, Hit, title_match
from ingest.lexical import tokens
from ingest.types import Chunk

GLOSSARY_CANDIDATES = 20  # chunks using an asked term, searched for one that defines it

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
) -> tuple[Hit, ...]:
    """For a question after the meaning of a term ("Vad betyder medskapande?"): a chunk that
    defines it (a glossary line, "Med X avses") first, fetched by the term's words when none of
    the hits does (from the document the question names, if it names one); then the hits that
    use the term, then the rest, each group in its own order."""
    if not words or not hits:
        return hits
    named = {f for f, v in title_match(query, snap).items() if v >= 1.0}
    want, filters = set(words), filters or Filters()

    def rank(chunk: Chunk) -> int:
        if not want <= set(tokens(chunk.text)):
            return 2
        defined = (set(tokens(a or b)) for a, b in _DEFINED.findall(chunk.text))
        return 0 if want in defined else 1

    ranks = [rank(h.chunk) for h in hits]
    if 0 not in ranks:
        shown = {h.chunk.id for h in hits}
        for row, score in snap.lexical.search(" ".join(words), GLOSSARY_CANDIDATES):
            chunk = snap.chunks[row]
            if named and chunk.file not in named:
                continue
            if chunk.id not in shown and filters.allows(chunk) and rank(chunk) == 0:
                hits = (Hit(chunk, hits[0].score, lexical=score), *hits)
                ranks = [0, *ranks]
                break
    if min(ranks) == 2:
        return hits
    return tuple(hits[i] for i in sorted(range(len(hits)), key=lambda i: (ranks[i], i)))
