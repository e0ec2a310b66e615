"""The extractive answer: the passage that answers, verbatim, with the sentences that answer marked."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.cite import locate, make_citation
from assistant.answer.marking import mark, score_units
from assistant.answer.passage import Passage, units_of
from assistant.patterns import MARKER, NOTE
from assistant.retrieval.index import Snapshot
from assistant.tuning import BEFORE_CHARS, NEIGHBOUR_FACTOR, WINDOW_CHARS
from assistant.types import Citation
from ingest.structure import heading_level
from ingest.types import Chunk


def build_passage(
    chunk: Chunk,
    snap: Snapshot,
    weights: dict[str, float],
    first_n: int,
    expand: bool = True,
    want_number: bool = False,
    quotes: tuple[frozenset[str], ...] = (),
    term: tuple[str, ...] = (),
) -> Passage | None:
    """Mark the best 1-4 units of a chunk, cut a readable window, cite every marked run."""
    units = units_of(chunk.text)
    if not units:
        return None

    def score(us: list[str]) -> list[float]:
        return score_units(us, weights, want_number, quotes, term)

    scores = score(units)
    best = _best(units, scores)
    if expand:
        chunk, units, scores, best = _expand(chunk, snap, units, scores, best, score)
    units, scores, joined = _page_local(units, scores, chunk, snap, score)
    best = _best(units, scores)
    marked = mark(scores, best)
    marked |= {i + 1 for i in joined if i in marked} | {i for i in joined if i + 1 in marked}
    marked = _first_of_each(units, marked, joined)
    # a heading that matches stands for its section: the sentence under it is what answers
    marked |= {i + 1 for i in marked if i + 1 < len(units) and _is_title(units[i])}
    lo, hi = _window(units, marked)
    notes = _footnotes_for(units, lo, hi, marked)
    marked = {i - lo for i in marked} | {hi - lo + k for k in range(len(notes))}
    units, scores = units[lo:hi] + [units[i] for i in notes], scores[lo:hi] + [0.0] * len(notes)
    citations, cite_after, marked = _cite(units, marked, chunk, snap, first_n)
    if not citations:
        return None
    return Passage(
        chunk, tuple(units), frozenset(marked), max(scores), tuple(citations), cite_after
    )


def marked_passage(
    chunk: Chunk, snap: Snapshot, units: Sequence[str], marked: set[int], first_n: int
) -> Passage | None:
    """These units of the chunk shown, these marked and cited; None when no mark can be cited."""
    units = list(units)
    citations, cite_after, kept = _cite(units, marked, chunk, snap, first_n)
    if not citations:
        return None
    return Passage(
        chunk, tuple(units), frozenset(kept), float(len(kept)), tuple(citations), cite_after
    )


def _first_of_each(units: Sequence[str], marked: set[int], joined) -> set[int]:
    """The marked units without a repeat of one marked before it: a guide that prints the same
    sentence twice gets it marked once."""
    seen, kept = set(), set()
    for i in sorted(marked):
        key = " ".join(units[i].split())
        if key in seen and i not in joined and i - 1 not in joined:
            continue
        seen.add(key)
        kept.add(i)
    return kept


def _best(units: Sequence[str], scores: Sequence[float]) -> int:
    """The best-scoring unit; among equals a sentence before a heading, so that a passage no word
    of the question stands in opens with its first sentence, not a bare "5.1 Bakgrund"."""
    return max(range(len(units)), key=lambda i: (scores[i], not _is_title(units[i]), -i))


def _is_title(unit: str) -> bool:
    return heading_level(unit) > 0 or (
        len(unit.split()) <= 6 and not unit.rstrip().endswith((".", ":", "?", "!"))
    )


def _page_local(units, scores, chunk: Chunk, snap: Snapshot, score):
    """Units that run over a page break ("Artikel uppdaterad 2023-06-16" + the next page's
    "Våning och vind") split where the page breaks, so that each part can be cited on its page;
    each part is scored on its own, at the weight its unit had (a neighbour's count for less)."""
    out_units, out_scores, joined = [], [], set()
    for unit, unit_score in zip(units, scores, strict=True):
        parts = (
            [unit] if locate(unit, chunk, snap) is not None else _split_at_page(unit, chunk, snap)
        )
        if len(parts) == 1:
            out_units.append(unit)
            out_scores.append(unit_score)
            continue
        raw = score([unit])[0]
        factor = unit_score / raw if raw else 0.0
        joined.add(len(out_units))  # this part and the next are one sentence
        out_units.extend(parts)
        out_scores.extend(factor * x for x in score(parts))
    return out_units, out_scores, joined


def _split_at_page(unit: str, chunk: Chunk, snap: Snapshot) -> list[str]:
    """[head, tail] at the last word boundary where the head stands on one page and the tail on a
    later one; [unit] when there is none."""
    words = unit.split()
    for k in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:k]), " ".join(words[k:])
        first = locate(head, chunk, snap)
        if first is not None and locate(tail, chunk, snap) not in (None, first):
            return [head, tail]
    return [unit]


def _expand(chunk: Chunk, snap: Snapshot, units, scores, best, score):
    """Let the answer sit in a neighbouring chunk of the same section of text: the chunks before
    and after (same document, adjoining pages) are scored too, a little below the retrieved one."""
    prev, nxt = snap.neighbour(chunk, -1), snap.neighbour(chunk, 1)
    merged = chunk
    before: list[str] = []
    after: list[str] = []
    if prev is not None and prev.page_end >= chunk.page_start - 1:
        before = units_of(prev.text)
        merged = _merged_chunk(prev, merged)
    if nxt is not None and nxt.page_start <= chunk.page_end + 1:
        after = units_of(nxt.text)
        merged = _merged_chunk(merged, nxt)
    if not before and not after:
        return _edge_expand(chunk, snap, units, scores, best)
    extra_b = [NEIGHBOUR_FACTOR * x for x in score(before)]
    extra_a = [NEIGHBOUR_FACTOR * x for x in score(after)]
    all_units = before + units + after
    all_scores = extra_b + scores + extra_a
    best = max(range(len(all_units)), key=lambda i: all_scores[i])
    return merged, all_units, all_scores, best


def _edge_expand(chunk: Chunk, snap: Snapshot, units, scores, best):
    """When the answer sits at a chunk edge, pull in the neighbouring chunk's adjoining units."""
    if best == len(units) - 1 and (nxt := snap.neighbour(chunk, 1)) is not None:
        extra = units_of(nxt.text)[:3]
        if extra and nxt.page_start <= chunk.page_end + 1:
            merged = _merged_chunk(chunk, nxt)
            return merged, units + extra, scores + [0.0] * len(extra), best
    if best == 0 and (prev := snap.neighbour(chunk, -1)) is not None:
        extra = units_of(prev.text)[-2:]
        if extra:
            return (
                _merged_chunk(prev, chunk),
                extra + units,
                [0.0] * len(extra) + scores,
                best + len(extra),
            )
    return chunk, units, scores, best


def _merged_chunk(first: Chunk, second: Chunk) -> Chunk:
    from dataclasses import replace

    return replace(
        first, text=first.text + "\n" + second.text, page_end=max(first.page_end, second.page_end)
    )


def _footnotes_for(units: list[str], lo: int, hi: int, marked: set[int]) -> list[int]:
    """Footnotes outside the window whose markers stand in a marked sentence ('mäts 3 trångboddhet'
    with '3 Enligt norm 2 ...' at the foot of the page): the definition goes with the answer."""
    notes = []
    for i, unit in enumerate(units):
        m = NOTE.match(unit)
        if m is None or lo <= i < hi or i < max(marked):
            continue
        marker = re.compile(MARKER.format(n=m.group(1)))
        if any(marker.search(units[j]) for j in marked):
            notes.append(i)
    return notes


def _window(units: list[str], marked: set[int]) -> tuple[int, int]:
    """Units around the marked ones, about WINDOW_CHARS in all, at most BEFORE_CHARS of them
    before the first mark: the answer near the top, what follows it (lists, tables) below."""
    lo, hi = min(marked), max(marked) + 1
    size = sum(len(u) for u in units[lo:hi])
    before = 0
    while size < WINDOW_CHARS and (lo > 0 or hi < len(units)):
        if hi < len(units):
            size += len(units[hi])
            hi += 1
        if size < WINDOW_CHARS and lo > 0 and (before < BEFORE_CHARS or hi == len(units)):
            lo -= 1
            size += len(units[lo])
            before += len(units[lo])
    return lo, hi


def _cite(units, marked, chunk, snap, first_n):
    """One citation per run of consecutive marked units on one page; unverifiable marks are dropped."""
    citations, cite_after, kept = [], {}, set()
    run: list[int] = []
    for i in sorted(marked) + [None]:
        if run and (i is None or i != run[-1] + 1):
            citation = make_citation(
                first_n + len(citations), " ".join(units[j] for j in run), chunk, snap
            )
            if citation is None and len(run) > 1:  # the run crosses a page break: cite unit by unit
                for j in run:
                    single = make_citation(first_n + len(citations), units[j], chunk, snap)
                    if single:
                        citations.append(single)
                        cite_after[j] = single.n
                        kept.add(j)
            elif citation is not None:
                citations.append(citation)
                cite_after[run[-1]] = citation.n
                kept.update(run)
            run = []
        if i is not None:
            run.append(i)
    context = " ".join(units)
    citations = [_with_context(c, context) for c in citations]
    return citations, cite_after, kept


def _with_context(citation: Citation, context: str) -> Citation:
    from dataclasses import replace

    return replace(citation, context=context)
