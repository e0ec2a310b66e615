"""Ruled tables: rows between horizontal rules of one width, columns at the vertical rules (or
at the gaps that every row leaves free), each cell's text joined from the lines it wraps over."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.pdf.positions import Line, pieces_of, split_group
from ingest.pdf.rules import Rule

MIN_RULE = 30.0  # points; shorter strokes are underlines, ticks, bullets
SAME = 2.0  # rules or column borders this close (points) are one
EXTENT = 6.0  # rules of one table start and end within this many points of each other
MAX_ROW = 150.0  # points between two rules of one table
MIN_ROWS = 2
_NUMBER = re.compile(r"[-−–+]?\d[\d\s.,]*\s?%?")


@dataclass(frozen=True)
class Grid:
    """A ruled table: its extent in page coordinates and its rows of cells, header first."""

    top: float
    bottom: float
    x0: float
    x1: float
    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 1


def find_grids(rules: list[Rule], lines: list[Line], shift: float, char_width: float) -> list[Grid]:
    """The ruled tables of a page, top first."""
    grids = []
    stacks = _stacks(_merged([r for r in rules if r.horizontal and r.b - r.a >= MIN_RULE]))
    for stack in (part for s in stacks for part in _enclosing(s, lines, shift)):
        top, bottom = stack[0].at, stack[-1].at
        x0, x1 = min(r.a for r in stack) - shift, max(r.b for r in stack) - shift
        inside = [ln for ln in lines if bottom < ln.y < top and _within(ln, x0, x1)]
        if not inside:
            continue
        borders = _verticals(rules, top, bottom, x0 + shift, x1 + shift, shift)
        borders = borders or _gaps(inside, x0, x1, char_width, [r.at for r in stack])
        rows = _cells(inside, [r.at for r in stack], [x0, *borders, x1])
        if rows is None:  # rules under groups of lines (a table of contents), not under rows
            continue
        if len(rows) >= MIN_ROWS and max(len([c for c in r if c]) for r in rows) >= 2:
            grids.append(Grid(top, bottom, x0, x1, rows, _header_rows(rows)))
    return grids


def _merged(rules: list[Rule]) -> list[Rule]:
    """One rule for strokes at the same height that touch (a line drawn cell by cell)."""
    out: list[Rule] = []
    for r in sorted(rules, key=lambda r: (-r.at, r.a)):
        last = out[-1] if out else None
        if last and abs(last.at - r.at) <= SAME and r.a <= last.b + SAME:
            out[-1] = Rule(True, last.at, last.a, max(last.b, r.b))
        else:
            out.append(r)
    return out


def _stacks(rules: list[Rule]) -> list[list[Rule]]:
    """Runs of three or more rules of one width, each close below the one before."""
    stacks: list[list[Rule]] = []
    for r in sorted(rules, key=lambda r: -r.at):
        for stack in stacks:
            last = stack[-1]
            same_width = abs(last.a - r.a) <= EXTENT and abs(last.b - r.b) <= EXTENT
            if same_width and SAME < last.at - r.at <= MAX_ROW:
                stack.append(r)
                break
        else:
            stacks.append([r])
    return [s for s in stacks if len(s) >= MIN_ROWS + 1]


def _enclosing(stack: list[Rule], lines: list[Line], shift: float) -> list[list[Rule]]:
    """The runs of the stack's rules that enclose their text: a line that starts or ends outside
    the rules' width yet reaches into it (a paragraph, a caption, another table's title) lies
    between two tables ruled alike, or shows that the rules are no table's (a coloured band
    under a heading), so the stack is cut there."""
    x0, x1 = min(r.a for r in stack) - shift, max(r.b for r in stack) - shift
    cuts = {
        i
        for ln in lines
        if _straddles(ln, x0, x1)
        for i in range(len(stack) - 1)
        if stack[i + 1].at < ln.y < stack[i].at
    }
    parts, start = [], 0
    for i in sorted(cuts):
        parts.append(stack[start : i + 1])
        start = i + 1
    parts.append(stack[start:])
    return [p for p in parts if len(p) >= MIN_ROWS + 1]


def _straddles(line: Line, x0: float, x1: float) -> bool:
    """A line with text inside the width whose text beyond it is more than a page number
    (three letters or digits at least)."""
    if not any(g["tx"] < x1 and g["displaced_tx"] > x0 for g in line.groups):
        return False
    beyond = [g for g in line.groups if not _inside(g, x0, x1)]
    return sum(c.isalnum() for g in beyond for c in g["text"]) >= 3


def _within(line: Line, x0: float, x1: float) -> bool:
    return all(_inside(g, x0, x1) for g in line.groups)


def _inside(group, x0: float, x1: float) -> bool:
    return x0 - SAME <= group["tx"] and group["displaced_tx"] <= x1 + SAME


def _verticals(rules, top, bottom, x0, x1, shift) -> list[float]:
    xs = sorted(
        r.at
        for r in rules
        if not r.horizontal and x0 + SAME < r.at < x1 - SAME and r.b > bottom and r.a < top
    )
    out: list[float] = []
    for x in xs:
        if not out or x - out[-1] > SAME:
            out.append(x)
    return [x - shift for x in out]


def _gaps(lines: list[Line], x0: float, x1: float, char_width: float, ys: list[float]):
    """Column borders where no text of the rows below the first stands."""
    body = [ln for ln in lines if ln.y < ys[1]] or lines
    spans = sorted((p.x0, p.x1) for ln in body for g in ln.groups for p in pieces_of(g))
    borders, reach = [], x0
    for a, b in spans:
        if a - reach >= 1.5 * char_width and reach > x0:
            borders.append((a + reach) / 2)
        reach = max(reach, b)
    return borders


def _cells(lines: list[Line], ys: list[float], borders: list[float]):
    """The rows of cells between the rules; None when a cell stacks numbers line over line, as
    several rows do that share a band (a number never wraps inside its cell)."""
    cells: dict[tuple[int, int], list[str]] = {}
    for ln in lines:
        band = next((i for i in range(len(ys) - 1) if ys[i + 1] < ln.y < ys[i]), None)
        if band is None:
            continue
        for group in ln.groups:
            for col, part in _parts(group, borders):
                cells.setdefault((band, col), []).append(part)
    if any(
        len(parts) >= 2 and all(_NUMBER.fullmatch(p) for p in parts) for parts in cells.values()
    ):
        return None
    rows = []
    for band in range(len(ys) - 1):
        row = tuple(
            re.sub(r"\s+", " ", " ".join(cells.get((band, c), []))).strip()
            for c in range(len(borders) - 1)
        )
        if any(row):
            rows.append(row)
    return tuple(rows)


def _parts(group, borders: list[float]):
    """(column, text) of the parts of a run, cut at the column borders it crosses."""
    rest = group
    for col in range(len(borders) - 1):
        if rest is None:
            return
        here, rest = split_group(rest, borders[col + 1])
        if here is not None and here["text"].strip():
            yield col, here["text"].strip()


def _header_rows(rows: tuple[tuple[str, ...], ...]) -> int:
    """1, or 2 when a second row of names (Kvinnor, Män, Alla under a year) precedes numbers."""
    if len(rows) < 4:
        return 1

    def numeric(row) -> bool:
        return any(_NUMBER.fullmatch(c) for c in row[1:])

    first, second = rows[0], rows[1]
    spanned = sum(bool(c) for c in first) < sum(bool(c) for c in second)
    return 2 if spanned and not numeric(second) and numeric(rows[2]) else 1
