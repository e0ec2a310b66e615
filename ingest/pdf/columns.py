"""Reading order: find the parts of a page set in two or more columns, and read each column
top to bottom before the next. A page in one column is left exactly as layout mode reads it."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ingest.pdf.positions import Line, Piece, split_group

GUTTER_CHARS = 1.5  # the free band between two columns is at least this many characters wide
MIN_BOTH = 3  # lines with text on both sides of the gutter
MIN_WORDS = 4  # median words in a column's lines: prose, not a table's cells
MIN_SHARE = 0.2  # each column takes at least this share of the page's text width
MAX_RATIO = 2.5  # neither column more than this many times as wide as the other
MAX_NUMERIC = 0.2  # share of a column's lines that are numbers (a table's column)
SINGLE_RUN = 0.7  # share of a column's lines that are one run of text (a table has cells)
MAX_JUMP = 2.5  # a line this many line pitches away from a column no longer belongs to it
_NUMBER = re.compile(r"[-−–+]?[\d\s.,%]+")


@dataclass(frozen=True)
class Region:
    """Lines start..end (exclusive) set in two columns on either side of x = gutter."""

    start: int
    end: int
    gutter: float


def find_region(lines: list[Line], char_width: float, depth: int = 0) -> Region | None:
    """The region of two columns with the most lines beside each other, if there is one."""
    pieces = [ln.pieces for ln in lines]
    spans = [(p.x0, p.x1) for ps in pieces for p in ps]
    if len(lines) < MIN_BOTH or not spans:
        return None
    left, right = min(a for a, _ in spans), max(b for _, b in spans)
    width = right - left
    tried = []
    for x in _candidates(pieces, char_width, left + MIN_SHARE * width, right - MIN_SHARE * width):
        for start, end, both in _runs(pieces, x):
            tried.append((both, start, end, x))
    for both, start, end, x in sorted(tried, reverse=True)[:8]:
        if both < MIN_BOTH:
            break
        start, end = _extend(lines, pieces, x, start, end)
        region = Region(start, end, x)
        if _valid(lines[start:end], pieces[start:end], x, char_width, width, depth):
            return region
    return None


def _candidates(pieces: list[list[Piece]], char_width: float, lo: float, hi: float) -> list[float]:
    """Middles of the wide gaps between runs of one line, where a gutter may be."""
    step = char_width / 2
    found = set()
    for ps in pieces:
        for a, b in zip(ps, ps[1:], strict=False):
            mid = (a.x1 + b.x0) / 2
            if b.x0 - a.x1 >= GUTTER_CHARS * char_width and lo <= mid <= hi:
                found.add(round(mid / step) * step)
    return sorted(found)


def _crosses(ps: list[Piece], x: float) -> bool:
    return any(p.x0 < x < p.x1 for p in ps)


def _runs(pieces: list[list[Piece]], x: float):
    """(start, end, lines with text on both sides) of each run of lines that x does not cross,
    trimmed to its first and last line with text on both sides."""
    start = 0
    for i in range(len(pieces) + 1):
        if i == len(pieces) or _crosses(pieces[i], x):
            both = [
                k
                for k in range(start, i)
                if any(p.x1 <= x for p in pieces[k]) and any(p.x0 >= x for p in pieces[k])
            ]
            if both:
                yield both[0], both[-1] + 1, len(both)
            start = i + 1


def _extend(lines: list[Line], pieces, x: float, start: int, end: int) -> tuple[int, int]:
    """Take in the lines just above and below that stand close, on one side of the gutter (a
    column's heading, the rest of a longer column); not a page header or footer further off."""
    gaps = [abs(lines[k].y - lines[k + 1].y) for k in range(start, end - 1)]
    pitch = statistics.median(gaps) if gaps else 0
    while start > 0 and not _crosses(pieces[start - 1], x):
        if abs(lines[start - 1].y - lines[start].y) > MAX_JUMP * pitch:
            break
        start -= 1
    while end < len(lines) and not _crosses(pieces[end], x):
        if abs(lines[end].y - lines[end - 1].y) > MAX_JUMP * pitch:
            break
        end += 1
    return start, end


def _valid(lines, pieces, x: float, char_width: float, width: float, depth: int) -> bool:
    """Both sides read as prose columns of comparable width, with a free band between them."""
    left = [[p for p in ps if p.x1 <= x] for ps in pieces]
    right = [[p for p in ps if p.x0 >= x] for ps in pieces]
    left_edge = max((p.x1 for ps in left for p in ps), default=x)
    right_edge = min((p.x0 for ps in right for p in ps), default=x)
    if right_edge - left_edge < GUTTER_CHARS * char_width:
        return False
    widths = [_extent(side) for side in (left, right)]
    if min(widths) < MIN_SHARE * width or max(widths) > MAX_RATIO * max(min(widths), 1):
        return False
    return all(
        _prose(side) or _splits(lines, side, x, i, char_width, depth)
        for i, side in enumerate((left, right))
    )


def _extent(side: list[list[Piece]]) -> float:
    spans = [(p.x0, p.x1) for ps in side for p in ps]
    return max(b for _, b in spans) - min(a for a, _ in spans) if spans else 0.0


def _prose(side: list[list[Piece]]) -> bool:
    filled = [ps for ps in side if ps]
    if len(filled) < MIN_BOTH:
        return False
    texts = [" ".join(p.text for p in ps) for ps in filled]
    single = sum(len(ps) == 1 for ps in filled) / len(filled)
    numeric = sum(bool(_NUMBER.fullmatch(t)) for t in texts) / len(filled)
    words = statistics.median(len(t.split()) for t in texts)
    return single >= SINGLE_RUN and numeric <= MAX_NUMERIC and words >= MIN_WORDS


def _splits(lines, side, x: float, which: int, char_width: float, depth: int) -> bool:
    """A side that is itself two columns (a page in three): it splits over most of its lines."""
    if depth >= 2:
        return False
    kept = [ln for ln in side_lines(lines, x, which) if ln.groups]
    region = find_region(kept, char_width, depth + 1)
    return region is not None and region.end - region.start >= 0.8 * len(kept)


def side_lines(lines: list[Line], x: float, which: int) -> list[Line]:
    """The lines of one side of the gutter (0 left, 1 right), runs cut at the gutter."""
    out = []
    for ln in lines:
        parts = [split_group(g, x)[which] for g in ln.groups]
        kept = tuple(g for g in parts if g is not None)
        if kept:
            out.append(Line(ln.y, kept))
    return out
