"""The lead: the units that answer, chosen among the units of the best passages, not only the
first. A whole list when the question asks for several things, table rows under their header
row and caption, otherwise one to three sentences that together hold most of the question."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from assistant.answer.cite import make_citation
from assistant.answer.definitions import defines
from assistant.answer.features import Asked, Candidate, features_all, stems
from assistant.answer.ranker import LeadModel, default_model
from assistant.answer.units import Unit, chunk_units, filled_columns, list_of, table_of
from assistant.retrieval.index import Snapshot
from assistant.tuning import (
    LEAD_BESIDE,
    LEAD_CANDIDATE_HITS,
    LEAD_CHARS,
    LEAD_EXTRA_RATIO,
    LEAD_LIST_ITEMS,
    LEAD_LIST_RATIO,
    LEAD_OTHER_RATIO,
    LEAD_ROW_RATIO,
    LEAD_ROWS,
    LEAD_SENTENCES,
)
from assistant.types import Citation, Hit
from ingest.types import Chunk


@dataclass(frozen=True)
class Lead:
    """What answers: units of one or more chunks, in the order they are shown."""

    parts: tuple[tuple[Chunk, tuple[Unit, ...], tuple[Unit, ...]], ...]  # chunk, its units, shown
    kind: str  # "sentences", "list" or "table"
    best: Candidate
    score: float


def candidates(hits: tuple[Hit, ...], snap: Snapshot, k: int = LEAD_CANDIDATE_HITS):
    """Every unit of the first k hits, and of the chunks just before and after the first two."""
    out: list[Candidate] = []
    seen: set[str] = set()

    def add(chunk: Chunk, hit: Hit, rank: int, neighbour: bool) -> None:
        if chunk.id in seen:
            return
        seen.add(chunk.id)
        units = chunk_units(chunk)
        out.extend(Candidate(u, units, chunk, hit, rank, neighbour) for u in units)

    for rank, hit in enumerate(hits[:k]):
        add(hit.chunk, hit, rank, False)
    for rank, hit in enumerate(hits[:2]):
        for step in (-1, 1):
            near = snap.neighbour(hit.chunk, step)
            if near is not None and abs(near.page_start - hit.chunk.page_start) <= 1:
                add(near, hit, rank, True)
    return out


def scored(
    cands: list[Candidate], asked: Asked, top: Hit, model: LeadModel | None = None
) -> list[tuple[float, Candidate]]:
    model = model or default_model()
    rows = features_all(cands, asked, top)
    return sorted(
        ((model.score(r), c) for r, c in zip(rows, cands, strict=True)), key=lambda sc: -sc[0]
    )


def choose(
    ranked: list[tuple[float, Candidate]],
    asked: Asked,
    skip: Callable[[Candidate], bool] = lambda c: False,
    snap: Snapshot | None = None,
) -> Lead | None:
    """The lead around the best unit that is not skipped (a follow-up skips what it just saw)."""
    ranked = [(s, c) for s, c in ranked if not skip(c) and c.unit.kind != "heading"]
    if not ranked:
        return None
    # a question after a meaning is answered by the line that gives it, where there is one
    # (for a name, "DeSO är ..." before a glossary line, which a title line resembles)
    defining = [sc for sc in ranked if asked.term and defines(sc[1].unit.text, asked.term, True)]
    if not defining and asked.term:
        defining = [sc for sc in ranked if defines(sc[1].unit.text, asked.term)]
    score, best = defining[0] if defining else ranked[0]
    if best.unit.kind in ("row", "header") or _is_table_caption(best):
        return _table_lead(ranked, best, score)
    members = list_of(best.units, best.unit)
    if asked.kind == "list" and len(members) < 2 and not defining:
        # several things asked for: a list that scores near the best unit answers, whole
        listed = [
            (s, c)
            for s, c in ranked
            if s >= score - LEAD_LIST_RATIO and len(list_of(c.units, c.unit)) > 1
        ]
        if listed:
            score, best = listed[0]
            members = list_of(best.units, best.unit)
    if len(members) > 1 and (asked.kind in ("list", "what", "how") or best.unit.introduces):
        shown = tuple(members[: LEAD_LIST_ITEMS + 1])
        return Lead(((best.chunk, best.units, shown),), "list", best, score)
    return _sentence_lead(ranked, asked, best, score, bool(defining), snap)


def _is_table_caption(c: Candidate) -> bool:
    nxt = c.unit.index + 1
    return c.unit.kind == "caption" and nxt < len(c.units) and c.units[nxt].kind == "header"


def _table_lead(ranked, best: Candidate, score: float) -> Lead:
    """The best rows of one table (those within LEAD_ROW_RATIO of its best row) under its header
    row and caption."""
    units = best.units
    rows = [(s, c.unit) for s, c in ranked if c.chunk.id == best.chunk.id and c.unit.kind == "row"]
    anchor = best.unit if best.unit.kind == "row" else (rows[0][1] if rows else best.unit)
    headers, caption = table_of(units, anchor)
    same = [(s, u) for s, u in rows if table_of(units, u)[0] == headers]
    top = same[0][0] if same else score
    chosen = [u for s, u in same if s >= top - LEAD_ROW_RATIO][:LEAD_ROWS] or [anchor]
    shown = ([caption] if caption else []) + list(headers)
    shown += sorted(set(chosen) - set(shown), key=lambda u: u.index)
    return Lead(((best.chunk, units, tuple(shown)),), "table", best, score)


def _names_as_much(chunk: Chunk, best: Chunk, asked: Asked, snap: Snapshot) -> bool:
    """Whether a passage of another document may join the lead: its document holds every name
    of the question that the best passage's document holds ("Helsingborg" asked, found in the
    permit guide: an agency's fee that never names it is no answer)."""
    if chunk.file == best.file or not asked.specific:
        return True
    return asked.specific & _document_stems(snap, best.file) <= _document_stems(snap, chunk.file)


_DOCUMENT_STEMS: dict[str, dict[str, frozenset[str]]] = {}  # build -> file -> stems


def _document_stems(snap: Snapshot, file: str) -> frozenset[str]:
    """The stems of a document's pages and title, once per build (a whole document's text is
    stemmed uncached: it would crowd the units' texts out of `stems`' cache)."""
    if snap.build_id not in _DOCUMENT_STEMS:
        _DOCUMENT_STEMS.clear()  # one build is served at a time
    documents = _DOCUMENT_STEMS.setdefault(snap.build_id, {})
    if file not in documents:
        text = " ".join(t for (f, _), t in snap.pages.items() if f == file)
        title = snap.manifest.get("files", {}).get(file, {}).get("title") or ""
        documents[file] = stems.__wrapped__(f"{file} {title} {text}")
    return documents[file]


def _sentence_lead(
    ranked,
    asked: Asked,
    best: Candidate,
    score: float,
    after_only: bool = False,
    snap: Snapshot | None = None,
) -> Lead:
    """The best sentence and up to three more: those that score near it, a sentence beside one
    already chosen counting a little more (an answer often runs over two sentences). A line
    that defines a term opens the lead: nothing before it is added."""
    chosen = [best]
    taken = {(best.chunk.id, best.unit.index)}
    size = len(best.unit.text)
    pool = [(s, c) for s, c in ranked[1:] if c.unit.kind in ("sentence", "item", "note", "row")]
    while len(chosen) < LEAD_SENTENCES:
        options = []
        for s, c in pool:
            if (c.chunk.id, c.unit.index) in taken or size + len(c.unit.text) > LEAD_CHARS:
                continue
            if after_only and c.chunk.id == best.chunk.id and c.unit.index < best.unit.index:
                continue
            if snap is not None and not _names_as_much(c.chunk, best.chunk, asked, snap):
                continue
            beside = any(
                c.chunk.id == x.chunk.id and abs(c.unit.index - x.unit.index) == 1 for x in chosen
            )
            other = all(c.chunk.id != x.chunk.id for x in chosen)
            floor = score - (LEAD_OTHER_RATIO if other else LEAD_EXTRA_RATIO)
            if beside or s >= floor:
                options.append((s + (LEAD_BESIDE if beside else 0.0), c))
        if not options:
            break
        _, pick = max(options, key=lambda sc: sc[0])
        chosen.append(pick)
        taken.add((pick.chunk.id, pick.unit.index))
        size += len(pick.unit.text)
    parts: dict[str, tuple[Chunk, tuple[Unit, ...], list[Unit]]] = {}
    for c in chosen:  # one part per chunk, its units in the order they stand
        members = parts.setdefault(c.chunk.id, (c.chunk, c.units, []))[2]
        if c.unit.kind == "row":  # a row is shown under its table's header and caption
            headers, caption = table_of(c.units, c.unit)
            members += [u for u in (caption, *headers) if u is not None and u not in members]
        members.append(c.unit)
    shown = tuple(
        (ch, us, tuple(sorted(sel, key=lambda u: u.index))) for ch, us, sel in parts.values()
    )
    return Lead(shown, "sentences", best, score)


@dataclass(frozen=True)
class CitedPart:
    """A chunk's part of the lead, every unit shown cited on its page."""

    chunk: Chunk
    units: tuple[Unit, ...]  # every unit of the chunk
    shown: tuple[Unit, ...]  # the lead's units in it
    after: dict[int, int]  # unit index -> the citation number shown after it


def cite(lead: Lead, snap: Snapshot, first_n: int = 1) -> tuple[list[CitedPart], list[Citation]]:
    """One citation per run of neighbouring units that stands whole on one page (a run that
    crosses a page break, or that layout set apart on the page, is cited in the longest pieces
    that do); a unit whose words cannot be found on a page of its chunk is not shown."""
    parts, citations = [], []
    for chunk, units, shown in lead.parts:
        after, kept = {}, []
        for run in _runs(shown):
            for members, citation in _pieces(run, chunk, snap):
                citation = replace(
                    citation, n=first_n + len(citations), table=_cells(members, units)
                )
                citations.append(citation)
                after[members[-1].index] = citation.n
                kept += members
        if kept:
            parts.append(CitedPart(chunk, units, tuple(sorted(kept, key=lambda u: u.index)), after))
    return parts, citations


def _cells(members: list[Unit], units: tuple[Unit, ...]) -> tuple[tuple[str, ...], ...]:
    """A quote of table rows as a small table: its header row's cells (empty ones when it has
    none), then each row's, without the columns empty throughout."""
    if not members or any(u.kind not in ("row", "header") or not u.cells for u in members):
        return ()
    first = members[0]
    head = units[first.of] if first.kind == "row" and 0 <= first.of < len(units) else None
    rows = [u.cells for u in members]
    if head is not None and head.kind == "header" and head.cells and head not in members:
        rows.insert(0, head.cells)
    elif first.kind != "header":
        rows.insert(0, ())
    return tuple(map(tuple, filled_columns(rows)))


def _pieces(run: list[Unit], chunk: Chunk, snap: Snapshot) -> list[tuple[list[Unit], Citation]]:
    """The run split, from its start, into the longest pieces whose text stands on one page."""
    out, start = [], 0
    while start < len(run):
        for end in range(len(run), start, -1):
            quote = " ".join(u.text for u in run[start:end])
            citation = make_citation(0, quote, chunk, snap)
            if citation is not None:
                out.append((run[start:end], citation))
                start = end
                break
        else:
            start += 1  # a unit that stands on no page of its chunk is left out
    return out


def _runs(shown: tuple[Unit, ...]) -> list[list[Unit]]:
    runs: list[list[Unit]] = []
    for u in shown:
        if runs and u.index == runs[-1][-1].index + 1:
            runs[-1].append(u)
        else:
            runs.append([u])
    return runs
