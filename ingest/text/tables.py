"""A table block as units: its header (one unit, however many lines it takes) and its rows, each
with its cells verbatim and its label (the row named with its column headers)."""

from __future__ import annotations

import re

from ingest.structure import Block
from ingest.text.labels import fit_header, is_number, row_label
from ingest.text.units import Unit
from ingest.types import PageTable

MIN_FIT = 0.6  # share of a text table's rows whose cells must line up with its header


def table_units(block: Block, section: str):
    """Header and row units of a table block, ruled (cells known) or read from its text."""
    if any(block.rows):
        yield from _ruled(block, section)
    else:
        yield from _from_text(block, section)


def _cells(line: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in line.split("  ") if c.strip())


def _ruled(block: Block, section: str):
    header: tuple[str, ...] = ()
    pending: list[tuple[str, int]] = []
    first = next(r.table for r in block.rows if r is not None)  # a table running on has no header
    for (line, page), ref in zip(block.lines, block.rows, strict=True):
        text = re.sub(r"\s{2,}", "  ", line)
        if ref is not None and ref.table is first and ref.index < ref.table.header_rows:
            pending.append((text, page))
            if ref.index == ref.table.header_rows - 1:
                header = header_names(ref.table)
                yield _header(pending, section, header)
                pending = []
            continue
        cells = ref.table.rows[ref.index] if ref is not None else _cells(line)
        yield Unit(text, page, page, section, "row", "\n", cells, row_label(header, cells))


def header_names(table: PageTable) -> tuple[str, ...]:
    """The column names of a header of one or two rows: a name that spans several columns in
    the first row (a year) goes with each name below it ("2019 Kvinnor", "2019 Män")."""
    names = []
    for col in range(len(table.rows[0])):
        parts = []
        for row in table.rows[: table.header_rows]:
            cell = row[col]
            if not cell and col and row is not table.rows[table.header_rows - 1]:
                cell = next((c for c in reversed(row[:col]) if c), "")
            if cell:
                parts.append(cell)
        names.append(" ".join(parts))
    return tuple(names)


def _header(lines: list[tuple[str, int]], section: str, names: tuple[str, ...]) -> Unit:
    text = "\n".join(t for t, _ in lines)
    return Unit(text, lines[0][1], lines[-1][1], section, "header", "\n", names)


def _from_text(block: Block, section: str):
    """A table read from spacing: its first line is the header; rows are labelled only when the
    table looks like one of figures (a header of names, most rows' cells lining up with it and
    holding a number). Spacing alone also sets apart a list of terms and their definitions,
    whose first line names nothing: labelled, such lists lost facts on the real PDFs' questions."""
    lines = [(re.sub(r"\s{2,}", "  ", t), p) for t, p in block.lines]
    if len(lines) == 1:  # a line set apart by a wide gap, no table to head
        yield Unit(lines[0][0], lines[0][1], lines[0][1], section, "row", "\n", _cells(lines[0][0]))
        return
    header = _cells(lines[0][0])
    yield _header(lines[:1], section, header)
    body = [_cells(t) for t, _ in lines[1:]]
    named = not any(is_number(c) for c in header) and len(body) >= 2
    fitting = sum(
        fit_header(header, len(cells)) is not None and any(map(is_number, cells[1:]))
        for cells in body
    )
    labelled = named and fitting >= MIN_FIT * len(body)
    for (text, page), cells in zip(lines[1:], body, strict=True):
        label = row_label(header, cells) if labelled else ""
        yield Unit(text, page, page, section, "row", "\n", cells, label)
