""" "Vilka är målen?" is answered with the målformuleringar themselves, quoted from the Målbild.

The short question shares no word with the lists of goals ("mål" stands in "målformuleringar",
"effektmål"), so retrieval finds passages that talk about the goals rather than the goals. The
administrator's goals file (corpus/goals.toml) says where each målområde's list stands; the answer
quotes those lists from the indexed pages, one passage per målområde asked about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.extract import marked_passage
from assistant.answer.goals import Area, Goals
from assistant.answer.passage import Passage, units_of
from assistant.question.asks import PROGRESS
from assistant.retrieval.index import Snapshot, squash
from assistant.types import Filters
from ingest.lexical import tokens
from ingest.types import Chunk

# "Vilka är målen?", "Vad är målen för ...", "Vilka tre målområden finns?", "Målen för ...",
# "What are the goals?"
_ASKS_GOALS = re.compile(
    r"\b(?:(?:vilka|vad)\s+(?:är|var|blir)\s+(?:de\s+)?(?:(?:tre|olika)\s+)?"
    r"(?:målen|mål|målområdena|målområden|målformuleringarna|målformuleringar)"
    r"|vilka\s+(?:tre\s+)?(?:mål|målområden|målformuleringar)\s+(?:har|finns|gäller)"
    r"|^\s*(?:målen|målformuleringarna)\s+(?:för|inom)"
    r"|what\s+are\s+the\s+(?:three\s+)?(?:goals|objectives|(?:target|goal|focus)\s+areas))\b",
    re.I,
)
# words that leave the question a question after all the goals
_GENERIC = frozenset(
    tokens(
        "socialt hållbart borås shb målbild målbilden kommunen kommun staden stad stads tre olika"
        " alla programmet arbetet social hållbarhet ska o for of in the socially sustainable"
        " municipality city there"
    )
)


def overview_passages(
    query: str, text: str, goals: Goals | None, snap: Snapshot, filters: Filters
) -> list[tuple[Area, Passage]]:
    """A question after the goals, or after how they are going, answered per målområde: the
    Målbild's lists of goals, or the newest follow-up's assessments; [] for any other question.
    `query` is the question as resolved with the conversation, `text` the one just asked: a
    follow-up that turns to another målområde ("Och för arbete?") keeps the question and takes
    its area."""
    turned = areas_named(text, goals) if query != text else ()
    areas = areas_asked(query, goals) or (turned and areas_asked(_first(query), goals))
    if areas:
        return goal_passages(turned or areas, goals, snap, filters)
    areas = progress_asked(query, goals) or (turned and progress_asked(_first(query), goals))
    return assessment_passages(turned or areas, goals, snap, filters) if areas else []


def _first(query: str) -> str:
    """The first question of a resolved follow-up ("Vilka är målen för bostäder? Och för arbete?")."""
    return query.split("?", 1)[0] + "?" if "?" in query else query


def areas_asked(question: str, goals: Goals | None) -> tuple[Area, ...]:
    """The målområden whose goals the question asks for: all of them for "Vilka är målen?", one
    for "Vilka är målen för bostäder och närmiljö?", none when it asks anything more."""
    m = _ASKS_GOALS.search(question) if goals else None
    if not m:
        return ()
    rest = set(tokens(question[: m.start()] + " " + question[m.end() :])) - _GENERIC
    return _areas_of(rest, set(), goals)  # () for "Vilka är målen för skolan?": more than a list


def _areas_of(rest: set[str], numbers: set[int], goals: Goals) -> tuple[Area, ...]:
    """The målområden the rest of a question names (by number or name), all when it names
    none, and none when words other than those are left: the question asks about more."""
    named = [a for a in goals.areas if a.number in numbers or rest & _name_words(a)]
    if rest - {str(n) for n in numbers}.union(*(_name_words(a) for a in named)):
        return ()
    return tuple(named) or goals.areas


def areas_named(follow_up: str, goals: Goals | None) -> tuple[Area, ...]:
    """The målområden a follow-up turns to ("Och för arbete?", "Och målområde 3?"), by number,
    by a word of the name, or by the last word of the name ("arbete", which elsewhere is any
    work, names "Förutsättningar för arbete" in a follow-up after the goals)."""
    if not goals:
        return ()
    words = set(tokens(follow_up))
    numbers = {int(n) for n in _AREA_NUMBER.findall(follow_up)}
    return tuple(
        a
        for a in goals.areas
        if a.number in numbers or words & (_name_words(a) | set(tokens(a.name.split()[-1])))
    )


def _name_words(area: Area) -> set[str]:
    """The words that name a målområde on their own ("bostäder", "uppväxtvillkor"), and those
    its goals are said of ("I Borås ska barn och unga:"); short and shared words such as "god"
    or "för" do not."""
    named = {t for t in tokens(area.name) if len(t) >= 6}
    return named | {t for t in tokens(area.intro) if len(t) >= 3} - _GENERIC


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


def listed_passage(
    chunk: Chunk, snap: Snapshot, items: Sequence[str], intro: str, first_n: int
) -> Passage | None:
    """A list the answer gives in full ("I Borås ska: 1. ... 5. ..."): the units of the chunk
    that hold its items, all marked, after the line that introduces them."""
    units = units_of(chunk.text)
    wanted = [squash(item) for item in items]
    rows = [i for i, unit in enumerate(units) if any(w in squash(unit) for w in wanted)]
    if not rows:
        return None
    lo, hi = rows[0], rows[-1] + 1
    start = squash(intro)
    lo = next(
        (i for i in range(lo, max(lo - 3, 0) - 1, -1) if start and start in squash(units[i])), lo
    )
    return marked_passage(chunk, snap, units[lo:hi], {i - lo for i in rows}, first_n)


# the goals themselves, in the words of a question about how they are going
_GOAL_WORDS = frozenset(
    tokens(
        "mål målen målet målområde målområdet målområdena målformuleringar effektmål effektmålen"
    )
)
_REPORT_WORDS = frozenset(
    tokens("enligt uppföljning uppföljningen målområdesuppföljning målområdesuppföljningen")
)
_AREA_NUMBER = re.compile(r"\b(?:målområde|(?:target|goal|focus) area)\s*(\d)\b", re.I)


def progress_asked(question: str, goals: Goals | None) -> tuple[Area, ...]:
    """The målområden a question after how things are going asks about: "Hur går det för
    målområde 2?", "Hur går det med bostäder och närmiljö?", or all for "Hur går det med
    målen?"; none when it asks about something more particular ("... med skolnärvaron?")."""
    m = PROGRESS.search(question) if goals else None
    if not m:
        return ()
    rest = set(tokens(question[: m.start()] + " " + question[m.end() :]))
    numbers = {int(n) for n in _AREA_NUMBER.findall(question)}
    # "... enligt uppföljningen 2023": the report that answers, named, asks nothing more
    report = _REPORT_WORDS | set(re.findall(r"\d{4}", goals.follow_up))
    return _areas_of(rest - _GENERIC - _GOAL_WORDS - report, numbers, goals)


def assessment_passages(
    areas: tuple[Area, ...], goals: Goals, snap: Snapshot, filters: Filters
) -> list[tuple[Area, Passage]]:
    """For each målområde, the sections of the follow-up report that the goals file names as its
    assessment, from their heading on; none for an area without them (ordinary search answers)."""
    chunks = [c for c in snap.chunks if c.file == goals.follow_up and filters.allows(c)]
    passages: list[tuple[Area, Passage]] = []
    for area in areas:
        for heading in area.assessed:
            for chunk in chunks:
                units = units_of(chunk.text)
                start = _section_start(chunk, units, heading)
                if start is None:
                    continue
                first_n = 1 + sum(len(p.citations) for _, p in passages)
                shown = units[start:]
                heads = squash(shown[0]).startswith(squash(heading))  # the heading line: unmarked
                marked = set(range(1 if heads else 0, len(shown)))
                if not marked:  # the heading ends the chunk: its text is in the next one
                    continue
                passage = marked_passage(chunk, snap, shown, marked, first_n)
                if passage is not None:
                    passages.append((area, passage))
                    break
    return passages


def _section_start(chunk: Chunk, units: Sequence[str], heading: str) -> int | None:
    """Where the named section begins among the chunk's units: at its start when the chunk is
    that section, at its heading when a short section was packed into the chunk after another."""
    want = squash(heading)
    if units and squash(chunk.section.rsplit(" > ", 1)[-1]) == want:
        return 0
    return next((i for i, u in enumerate(units) if squash(u) == want), None)
