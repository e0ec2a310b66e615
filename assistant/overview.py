""" "Vilka är målen?" is answered with the målformuleringar themselves, quoted from the Målbild.

The short question shares no word with the lists of goals ("mål" stands in "målformuleringar",
"effektmål"), so retrieval finds passages that talk about the goals rather than the goals. The
administrator's goals file (corpus/goals.toml) says where each målområde's list stands; the answer
quotes those lists from the indexed pages, one passage per målområde asked about.
"""

from __future__ import annotations

import re

from assistant.extract import Passage, listed_passage
from assistant.goals import Area, Goals
from assistant.index import Snapshot, squash
from assistant.retrieve import Filters
from ingest.lexical import tokens

# "Vilka är målen?", "Vad är målen för ...", "Vilka tre målområden finns?", "What are the goals?"
_ASKS_GOALS = re.compile(
    r"\b(?:(?:vilka|vad)\s+(?:är|var|blir)\s+(?:de\s+)?(?:(?:tre|olika)\s+)?"
    r"(?:målen|mål|målområdena|målområden|målformuleringarna|målformuleringar)"
    r"|vilka\s+(?:tre\s+)?(?:mål|målområden|målformuleringar)\s+(?:har|finns|gäller)"
    r"|what\s+are\s+the\s+(?:three\s+)?(?:goals|objectives|target\s+areas))\b",
    re.I,
)
# words that leave the question a question after all the goals
_GENERIC = frozenset(
    tokens(
        "socialt hållbart borås shb målbild målbilden kommunen kommun staden stad stads tre olika"
        " alla programmet arbetet social hållbarhet for of in the socially sustainable"
        " municipality city there"
    )
)


def areas_asked(question: str, goals: Goals | None) -> tuple[Area, ...]:
    """The målområden whose goals the question asks for: all of them for "Vilka är målen?", one
    for "Vilka är målen för bostäder och närmiljö?", none when it asks anything more."""
    m = _ASKS_GOALS.search(question) if goals else None
    if not m:
        return ()
    rest = set(tokens(question[: m.start()] + " " + question[m.end() :])) - _GENERIC
    named = [a for a in goals.areas if rest & _name_words(a)]
    if rest - set().union(*(_name_words(a) for a in named)):
        return ()  # "Vilka är målen för skolan?": more than the list of goals
    return tuple(named) or goals.areas


def _name_words(area: Area) -> set[str]:
    """The words that name a målområde on their own ("bostäder", "uppväxtvillkor"); short and
    shared words such as "god" or "för" do not."""
    return {t for t in tokens(area.name) if len(t) >= 6}


def goal_passages(
    areas: tuple[Area, ...], goals: Goals, snap: Snapshot, filters: Filters
) -> list[tuple[Area, Passage]]:
    """For each målområde, its list of goals marked in the chunk of the Målbild that holds it
    (none when the filters leave the Målbild out)."""
    passages: list[tuple[Area, Passage]] = []
    for area in areas:
        chunk = _chunk_with(goals.source, area, snap)
        if chunk is None or not filters.allows(chunk):
            continue
        first_n = 1 + sum(len(p.citations) for _, p in passages)
        passage = listed_passage(chunk, snap, [g.text for g in area.goals], area.intro, first_n)
        if passage is not None:
            passages.append((area, passage))
    return passages


def _chunk_with(source: str, area: Area, snap: Snapshot):
    """The chunk of the source file, on the area's page, that holds its first goal."""
    if not area.goals:
        return None
    first = squash(area.goals[0].text)
    for chunk in snap.chunks:
        if (
            chunk.file == source
            and chunk.page_start <= area.page <= chunk.page_end
            and first in squash(chunk.text)
        ):
            return chunk
    return None
