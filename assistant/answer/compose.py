"""The reply's composition: the passages that answer, each under its frame, or a refusal that
names the nearest documents."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.extract import build_passage
from assistant.answer.passage import Passage, units_of
from assistant.answer.refuse import unsupported, wants_number
from assistant.patterns import note_numbers
from assistant.question import language
from assistant.retrieval.index import Snapshot
from assistant.tuning import SECOND_PASSAGE_RATIO
from assistant.types import Answer, Evidence, Hit


def extractive_answer(
    lang: str,
    snap: Snapshot,
    hits: tuple[Hit, ...],
    weights: dict[str, float],
    evidence: Evidence,
    query: str,
    quotes: tuple[frozenset[str], ...] = (),
    term: tuple[str, ...] = (),
) -> Answer:
    """The best passage quoted with its answering sentences marked, and a second one when it
    scores near the first and shows something else; a refusal when none can answer."""
    passages: list[Passage] = []
    want_number = wants_number(query)  # once, not per passage
    for hit in hits[:3]:
        if passages and not _worth_adding(hit, hits[0], passages):
            continue
        first_n = 1 + sum(len(p.citations) for p in passages)
        passage = build_passage(
            hit.chunk,
            snap,
            weights,
            first_n,
            want_number=want_number,
            quotes=quotes,
            term=term,
        )
        if passage is not None:
            passages.append(passage)
        if len(passages) == 2:
            break
    if not passages:
        return refusal(lang, hits, evidence, query)
    shown = " ".join(p.shown() for p in passages)
    marked = " ".join(p.units[i] for p in passages for i in p.marked)
    notes = note_numbers(u for p in passages for u in p.units)
    years = " ".join(p.years_shown() for p in passages)
    reason = unsupported(query, shown, marked, notes, years)
    if reason:
        return refusal(lang, hits, replace(evidence, refuse=True, missing=(reason,)), query)
    if (
        len(passages) == 2
        and passages[1].best_score < SECOND_PASSAGE_RATIO * passages[0].best_score
    ):
        passages = passages[:1]
    return compose(lang, snap, [(None, p) for p in passages], hits, evidence, query)


def compose(lang: str, snap: Snapshot, passages, hits, evidence, query) -> Answer:
    """The answer's text: each passage under its frame ("Enligt ... (s. 7):", or the
    målområde it lists the goals of), then the note on other editions."""
    blocks = []
    for i, (area, p) in enumerate(passages):
        where = {"title": p.chunk.title, "page": p.page}
        if area is not None:
            frame = language.phrase(lang, "area", n=area.number, name=area.name, **where)
        else:
            frame = language.phrase(lang, "according" if i == 0 else "also", **where)
        blocks.append(frame + "\n\n" + p.render())
    note = _edition_note(lang, snap, passages[0][1])
    text = "\n\n".join(blocks + ([note] if note else []))
    citations = tuple(c for _, p in passages for c in p.citations)
    return Answer(text, citations, False, lang, {}, (), hits, evidence, query)


def _worth_adding(hit: Hit, top: Hit, passages: list[Passage]) -> bool:
    """A second passage only when it scores near the first and shows something it does not."""
    if hit.score < SECOND_PASSAGE_RATIO * top.score:
        return False
    shown = {u for p in passages for u in p.units}
    units = units_of(hit.chunk.text)
    return sum(u in shown for u in units) < 0.5 * len(units)


def _edition_note(lang: str, snap: Snapshot, passage: Passage) -> str:
    chunk = passage.chunk
    if not chunk.series:
        return ""
    others = [
        f"{e['title']}"
        for e in snap.manifest["files"].values()
        if e.get("series") == chunk.series and e.get("year") != chunk.year
    ]
    if not others:
        return ""
    return (
        "*"
        + language.phrase(lang, "edition", year=chunk.year, others=", ".join(sorted(others)))
        + "*"
    )


def refusal(lang: str, hits, evidence, query) -> Answer:
    """'Jag hittar inget svar ...' with the two or three nearest documents."""
    seen, suggestions = set(), []
    for hit in hits:
        if hit.chunk.file in seen:
            continue
        seen.add(hit.chunk.file)
        suggestions.append(
            {"title": hit.chunk.title, "file": hit.chunk.file, "page": hit.chunk.page_start}
        )
        if len(suggestions) == 3:
            break
    text = language.phrase(lang, "refusal")
    if suggestions:
        listed = "; ".join(
            f"{s['title']} (s. {s['page']})" if lang == "sv" else f"{s['title']} (p. {s['page']})"
            for s in suggestions
        )
        text += f"\n\n{language.phrase(lang, 'nearest')}: {listed}."
    return Answer(text, (), True, lang, {}, tuple(suggestions), hits, evidence, query)
