"""The reply: the lead (what answers) under its frame, the passage around it, one line for each
other place worth a look; or a refusal that names the nearest documents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from assistant.answer.cite import locate, make_citation
from assistant.answer.features import Asked, Candidate, coverage, stems
from assistant.answer.lead import CitedPart, Lead, candidates, choose, cite, scored
from assistant.answer.reply import (
    context_markdown,
    context_text,
    lead_markdown,
    see_also_entry,
    see_also_line,
)
from assistant.answer.scope.coverage import gaps
from assistant.answer.scope.outcome import decide, signals
from assistant.answer.scope.refuse import unsupported
from assistant.answer.units import chunk_units
from assistant.patterns import YEAR_SPAN, note_numbers
from assistant.question import language
from assistant.retrieval.index import Snapshot
from assistant.tuning import ABOUT_COVERAGE, SEE_ALSO, SEE_ALSO_MIN_WORDS, SEE_ALSO_RATIO
from assistant.types import Answer, Citation, Evidence, Hit


def extractive_answer(
    lang: str,
    snap: Snapshot,
    hits: tuple[Hit, ...],
    asked: Asked,
    evidence: Evidence,
    query: str,
    question: str = "",
    skip: Callable[[Candidate], bool] = lambda c: False,
) -> Answer:
    """The lead chosen among the units of the best passages, cited; first what the documents
    do not cover, when that matters (assistant/answer/scope/outcome.py); a refusal when no unit can
    be cited or the lead does not give what the question asks for (a year, an amount, a cost)."""
    if not hits:
        return refusal(lang, hits, evidence, query)
    ranked = scored(candidates(hits, snap), asked, hits[0])
    lead = choose(ranked, asked, skip, snap)
    if lead is None:
        return refusal(lang, hits, evidence, query)
    parts, citations = cite(lead, snap)
    if not citations:
        return refusal(lang, hits, evidence, query)
    reason = _unsupported(query, parts, lead, asked)
    if reason:
        return refusal(lang, hits, replace(evidence, refuse=True, missing=(reason,)), query)
    windows = {n: context_text(p) for p in parts for n in p.after.values()}
    citations = [replace(c, context=windows.get(c.n, "")) for c in citations]
    lead_text = lead_markdown(parts, lead.kind, lang)
    cited = " ".join([lead_text, *dict.fromkeys(windows.values())])
    found = gaps(question or query, cited, snap, lang)
    weighed = signals(question or query, lang, lead_text, asked, evidence, lead.score, found)
    said = decide(weighed, found, lang)
    first = parts[0].chunk
    where = {"title": first.title, "page": citations[0].page}
    if said.dated is not None:
        where["title"] += f" ({language.phrase(lang, 'as_of', year=said.dated)})"
    frame = language.phrase(lang, "according", **where)
    context = context_markdown(parts[0])
    see_also = _see_also(ranked, lead, parts, snap)
    note = edition_note(lang, snap, first)
    text = _text(lang, frame, lead_text, context, see_also, note)
    if said.status == "partial":
        text = f"{said.statement} {language.phrase(lang, 'closest')}\n\n{text}"
    return Answer(
        text,
        tuple(citations),
        False,
        lang,
        {},
        (),
        hits,
        replace(evidence, signals=weighed),
        query,
        status=said.status,
        statement=said.statement,
        not_found=said.not_found,
        frame=frame,
        lead=lead_text,
        context=context,
        see_also=tuple(see_also),
    )


def _text(lang: str, frame: str, lead: str, context: str, see_also: list[dict], note: str) -> str:
    blocks = [frame, lead] + (
        [f"*{language.phrase(lang, 'context')}:*\n\n{context}"] if context else []
    )
    if see_also:
        lines = "\n".join(see_also_line(e, lang) for e in see_also)
        blocks.append(f"*{language.phrase(lang, 'see_also')}:*\n\n{lines}")
    return "\n\n".join(blocks + ([note] if note else []))


def _unsupported(query: str, parts: list[CitedPart], lead: Lead, asked: Asked) -> str:
    """What the question asks for that the lead and its passage do not give. An amount, a cost
    or contact details must stand in a unit of the lead that is about the question
    (ABOUT_COVERAGE): "två nämnders" beside a question on how many members a board has is none.
    A span of years the question gives as part of a cited title ("Målbild ... 2021–2024") names
    the document, not a year asked about."""
    kind = lead.kind
    for p in parts:
        for span in YEAR_SPAN.findall(p.chunk.title):
            query = query.replace(span, " ")
    window = [context_text(p) for p in parts]
    shown = " ".join(
        f"{p.chunk.title} {p.chunk.section} {w}" for p, w in zip(parts, window, strict=True)
    )
    marked = " ".join(
        u.text
        for p in parts
        for u in p.shown
        if kind != "sentences" or coverage(stems(u.text), asked) >= ABOUT_COVERAGE
    )
    notes = note_numbers(u.text for p in parts for u in p.units)
    if kind == "table":
        # a table's unit ("mnkr", "%") stands over it: its heading, its intro; and it answers
        # for the years its columns name, and its document's
        marked += " " + " ".join(f"{p.chunk.section} {_before(p)}" for p in parts)
        years = " ".join(YEAR_SPAN.sub(" ", p.chunk.title) for p in parts) + " " + marked
    else:  # a title's span of years is what a document plans for, not what it reports
        years = " ".join(
            f"{YEAR_SPAN.sub(' ', p.chunk.title)} {p.chunk.section} {w}"
            for p, w in zip(parts, window, strict=True)
        )
    return unsupported(query, shown, marked, notes, years)


def _before(part: CitedPart) -> str:
    """What stands above the lead in its chunk, back to the heading: where a table names its
    unit ("Investeringsredovisning (mnkr)") when no header row was found over its rows."""
    above = []
    for u in reversed(part.units[: part.shown[0].index]):
        above.append(u.text)
        if u.kind == "heading":
            break
    return " ".join(reversed(above))


def _see_also(ranked, lead: Lead, parts: list[CitedPart], snap: Snapshot) -> list[dict]:
    """Other places that may answer too, one line each: the best unit of each other passage
    (by the lead's ranker) that scores within SEE_ALSO_RATIO of the lead's best, with its title
    and page; not the lead's passages, one line a page."""
    shown = {p.chunk.id for p in parts}
    entries: list[dict] = []
    seen: set[str] = set()
    for score, c in ranked:
        if len(entries) == SEE_ALSO or score < lead.score - SEE_ALSO_RATIO:
            break
        if c.chunk.id in shown | seen or c.unit.kind in ("heading", "header", "caption"):
            continue
        if len(c.unit.text.split()) < SEE_ALSO_MIN_WORDS:  # "Kommittédirektiv", "(6152)"
            continue
        seen.add(c.chunk.id)
        page = locate(c.unit.text, c.chunk, snap) or c.chunk.page_start
        if any(e["file"] == c.chunk.file and e["page"] == page for e in entries) or any(
            p.chunk.file == c.chunk.file
            and page in (p.chunk.page_start, p.chunk.page_end)
            and c.chunk.id in shown
            for p in parts
        ):
            continue  # one line a page
        entries.append(see_also_entry(c.chunk, c.unit.text, page))
    return entries


def passage_sources(answer: Answer, snap: Snapshot, k: int) -> tuple[Citation, ...]:
    """What a generative model is given: the answer's own citations, then the best passages
    besides, up to k, each cited by its first sentence that stands on a page and shown whole."""
    sources = list(answer.citations)
    cited = {(c.file, c.page) for c in sources}
    for hit in answer.hits:
        if len(sources) >= k:
            break
        chunk = hit.chunk
        if any((chunk.file, p) in cited for p in range(chunk.page_start, chunk.page_end + 1)):
            continue
        for unit in chunk_units(chunk):
            citation = make_citation(len(sources) + 1, unit.text, chunk, snap, chunk.text)
            if citation is not None and unit.kind not in ("heading", "caption"):
                sources.append(citation)
                cited.add((chunk.file, citation.page))
                break
    return tuple(sources)


def compose(lang: str, snap: Snapshot, passages, hits, evidence, query) -> Answer:
    """A reply of whole passages, each under its frame: the goal lists or assessments of one or
    more målområden (the lead is all of them)."""
    blocks = []
    for i, (area, p) in enumerate(passages):
        where = {"title": p.chunk.title, "page": p.page}
        if area is not None:
            frame = language.phrase(lang, "area", n=area.number, name=area.name, **where)
        else:
            frame = language.phrase(lang, "according" if i == 0 else "also", **where)
        blocks.append(frame + "\n\n" + p.render())
    note = edition_note(lang, snap, passages[0][1].chunk)
    text = "\n\n".join(blocks + ([note] if note else []))
    citations = tuple(c for _, p in passages for c in p.citations)
    lead = "\n\n".join(blocks)
    return Answer(text, citations, False, lang, {}, (), hits, evidence, query, lead=lead)


def edition_note(lang: str, snap: Snapshot, chunk) -> str:
    """Which edition of a series the answer comes from, and which others there are."""
    if not chunk.series:
        return ""
    others = [
        f"{e['title']}"
        for e in snap.manifest["files"].values()
        if e.get("series") == chunk.series and e.get("year") != chunk.year
    ]
    if not others:
        return ""
    phrase = language.phrase(lang, "edition", year=chunk.year, others=", ".join(sorted(others)))
    return f"*{phrase}*"


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
