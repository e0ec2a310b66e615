"""A page's text in reading order: columns read one after the other, ruled tables as one line per
row (cells two spaces apart), everything else exactly as pypdf's layout mode renders it."""

from __future__ import annotations

import re
import statistics

from ingest.pdf.columns import find_region, side_lines
from ingest.pdf.grid import Grid, find_grids
from ingest.pdf.positions import Line, read_positions, render
from ingest.pdf.rules import read_rules
from ingest.types import PageTable

PARAGRAPH_GAP = 1.6  # a gap this many line pitches wide between two parts is a paragraph break
_ENDS = re.compile(r"[.!?:]\s*$")


def page_text(page) -> tuple[str, tuple[PageTable, ...]] | None:
    """The text of a pypdf page and its ruled tables; None when layout mode finds no text."""
    pos = read_positions(page)
    if pos is None:
        return None
    lines = list(pos.lines)
    flipped = any(g.get("flip_sort", 1) != 1 for ln in lines for g in ln.groups)
    grids = (
        [] if flipped else find_grids(read_rules(pos.operations), lines, pos.shift, pos.char_width)
    )
    parts: list[tuple[float, float, str]] = []  # (top y, bottom y, text) top to bottom
    rest = lines
    for grid in grids:
        above = [ln for ln in rest if ln.y > grid.top or not _in_grid(ln, grid)]
        above = [ln for ln in above if ln.y > grid.bottom]
        parts += _band(above, pos.char_width)
        parts.append((grid.top, grid.bottom, "\n" + table_text(grid.rows) + "\n"))
        rest = [ln for ln in rest if ln.y < grid.bottom]
    parts += _band(rest, pos.char_width)
    text = _join(parts, _pitch(lines)).strip("\n") if grids else _join(parts, _pitch(lines))
    tables = tuple(PageTable(g.rows, g.header_rows) for g in grids)
    return text, tables


def table_text(rows) -> str:
    """One line per row, its cells three spaces apart, as layout mode sets a table's columns
    apart (cleaning keeps them two spaces apart, the form it reads as a table row)."""
    return "\n".join("   ".join(c for c in row if c) for row in rows)


def _in_grid(line: Line, grid: Grid) -> bool:
    return grid.bottom < line.y < grid.top and all(
        grid.x0 - 2 <= g["tx"] and g["displaced_tx"] <= grid.x1 + 2 for g in line.groups
    )


def _band(lines: list[Line], char_width: float) -> list[tuple[float, float, str]]:
    """Lines between tables: whole as layout mode renders them, or column by column."""
    if not lines:
        return []
    region = find_region(lines, char_width)
    if region is None:
        return [(lines[0].y, lines[-1].y, render(lines, char_width))]
    inside = lines[region.start : region.end]
    columns = []
    for which in (0, 1):
        side = side_lines(inside, region.gutter, which)
        for top, bottom, text in _band(side, char_width):
            columns.append((top, bottom, text))
    joined = columns[0][2]
    for _, _, text in columns[1:]:  # a sentence may run on from one column into the next
        joined += ("\n\n" if _ENDS.search(joined) else "\n") + text
    middle = (inside[0].y, inside[-1].y, joined)
    return (
        _band(lines[: region.start], char_width) + [middle] + _band(lines[region.end :], char_width)
    )


def _pitch(lines: list[Line]) -> float:
    gaps = [a.y - b.y for a, b in zip(lines, lines[1:], strict=False) if a.y > b.y]
    return statistics.median(gaps) if gaps else 12.0


def _join(parts: list[tuple[float, float, str]], pitch: float) -> str:
    text, last_bottom = "", None
    for top, bottom, part in parts:
        if not part.strip():
            continue
        if text:
            text += "\n\n" if last_bottom - top > PARAGRAPH_GAP * pitch else "\n"
        text += part
        last_bottom = bottom
    return text
