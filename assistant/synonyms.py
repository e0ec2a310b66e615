"""Everyday words mapped to the words the municipality's documents use for the same thing.

Citizens ask about "möten", "jobb" and "pengar"; regulations and reports write "sammanträde",
"sysselsättning" and "medel". The small multilingual embedder does not always bridge that gap and
BM25 never does, so the lexical query gets the official words added. Only general municipal
vocabulary belongs here: no document's facts.
"""

from __future__ import annotations

from functools import lru_cache

from ingest.lexical import tokens

# everyday word (any inflection) -> official words added to the lexical query
_PAIRS: dict[str, str] = {
    "möte": "sammanträde sammanträder",
    "träffas": "sammanträde sammanträder",
    "jobb": "arbete sysselsättning",
    "jobba": "arbete arbeta",
    "pengar": "medel kronor bidrag",
    "kostar": "kostnad kronor",
    "fattig": "ekonomiskt utsatta låg inkomst",
    "fattigdom": "ekonomiskt utsatta låg inkomst",
    "politiker": "förtroendevalda ledamöter nämnd",
    "bestämma": "besluta beslut",
    "bestämmer": "beslutar beslut",
    "regler": "bestämmelser reglemente",
    "släkt": "jäv jävig",
    "invandrarbakgrund": "utländsk bakgrund",
    "invandrare": "utländsk bakgrund",
    "frånvaro": "närvaro",
    "skolk": "frånvaro närvaro",
    "pensionärer": "äldre",
    "ungdomar": "unga",
    "kids": "barn",
    "stan": "staden kommunen",
    "hus": "småhus bostad",
    "lägenhet": "bostad hyresrätt",
    "hemlös": "hemlöshet bostad",
    "otrygg": "trygghet",
    "brott": "brottslighet kriminalitet",
    "råd": "stöd",
    "hjälp": "stöd insatser",
    "meeting": "sammanträde",
    "money": "medel kronor",
    "job": "arbete sysselsättning",
    "jobs": "arbete sysselsättning",
    "rules": "reglemente bestämmelser",
}


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for word, official in _PAIRS.items():  # "jobb" and "jobba" share a stem: their words merge
        key = tuple(tokens(word))
        table[key] = f"{table[key]} {official}" if key in table else official
    return table


def expand(query: str) -> str:
    """The query followed by the official words for the everyday words it uses ('' added if none)."""
    toks = tokens(query)
    added = []
    for key, words in _table().items():
        n = len(key)
        if any(tuple(toks[i : i + n]) == key for i in range(len(toks) - n + 1)):
            added.append(words)
    return f"{query} {' '.join(added)}" if added else query
