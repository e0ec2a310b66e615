"""A table block as units: its header (one unit, however many lines it takes) and its rows, each
with its cells verbatim and its label (the row named with its column headers)."""

from __future__ import annotations

import re

from ingest.structure import NOTE, SENTENCE_END, WRAPPED, YEAR, Block, cells_of
from ingest.text.labels import fit_header, is_number, row_label
from ingest.text.units import Unit
from ingest.types import PageTable

MIN_FIT = 0.6  # share of a text table's rows whose cells must line up with its header
MIN_PROSE_WORDS = 6  # a row's one filled cell of this many words is a line of a paragraph


def table_units(block: Block, section: str):
    """Header and row units of a table block, ruled (cells known) or read from its text."""
    if any(block.rows):
        yield from _ruled(block, section)
    else:
        yield from _from_text(block, section)


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
                filled = [c for c in header[1:] if c]
                if sum(map(_figure, filled)) * 2 > len(filled):  # a row of figures heads nothing
                    header = ()
                yield _header(pending, section, header)
                pending = []
            continue
        cells = ref.table.rows[ref.index] if ref is not None else cells_of(line)
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
    whose first line names nothing: labelled, such lists lost facts on the real PDFs' questions.
    A row's name wrapped onto the line below it is part of the row; a line of words after a
    blank line names the rows below it (a group), and their labels name it too."""
    lines = [(re.sub(r"\s{2,}", "  ", t), p) for t, p in block.lines]
    if len(lines) == 1:  # a line set apart by a wide gap, no table to head
        yield Unit(
            lines[0][0], lines[0][1], lines[0][1], section, "row", "\n", cells_of(lines[0][0])
        )
        return
    header = cells_of(lines[0][0])
    yield _header(lines[:1], section, header)
    rows = _text_rows(lines[1:], block.gaps[1:] if block.gaps else (False,) * len(lines))
    body = [cells for _, _, cells in rows if len(cells) > 1 or not cells]
    # a second line of names under the header ("projektbudget  Utfall  2025  avvikelse") makes a
    # header of two lines, whose names spacing alone cannot line up with the columns
    second = rows[0][2] if rows else ()
    two_lines = len(second) >= 3 and not any(_figure(c) for c in second)
    named = _names(header) and len(body) >= 2 and not two_lines
    fitting = sum(
        fit_header(header, len(cells)) is not None and any(map(is_number, cells[1:]))
        for cells in body
    )
    labelled = named and fitting >= MIN_FIT * len(body)
    group = ""
    for text, page, cells in rows:
        if len(cells) == 1 and not WRAPPED.search(text):  # "(tkr)" under a header names no group
            group = cells[0]
        label = row_label(header, cells) if labelled else ""
        if label and group and len(cells) > 1:
            label = f"{group} – {label}"
        yield Unit(text, page, page, section, "row", "\n", cells, label)


def _text_rows(lines: list[tuple[str, int]], gaps) -> list[tuple[str, int, tuple[str, ...]]]:
    """(text, page, cells) of a text table's rows, the rest of a row's name on a line of its
    own (no blank line above it, under a row of figures on the same page) joined to its row."""
    rows: list[tuple[str, int, tuple[str, ...]]] = []
    for (text, page), gap in zip(lines, gaps, strict=False):
        cells = cells_of(text)
        prev = rows[-1] if rows else None
        wrapped = len(cells) == 1 and not gap and prev is not None and prev[1] == page
        if wrapped and WRAPPED.search(text) and any(_figure(c) for c in prev[2][1:]):
            joined = (f"{prev[2][0]} {cells[0]}", *prev[2][1:])
            rows[-1] = (f"{prev[0]}\n{text}", page, joined)
            continue
        rows.append((text, page, cells))
    return rows


_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]{3,}")  # three letters in a row


def _names(header: tuple[str, ...]) -> bool:
    """A header of names: no number, and most of its columns named by a word ("Bokslut 2023",
    "kWh/m2 (Atemp)" name a column; "35 b" and "10/15*" are a row's values)."""
    coded = sum(bool(_DIGIT.search(c)) and not _WORD.search(c) for c in header[1:])
    return not any(is_number(c) for c in header) and coded * 2 <= len(header[1:])


def _figure(cell: str) -> bool:
    """A figure of a row: a number with a digit, not a year ("Utfall  2025") nor a dash."""
    return is_number(cell) and bool(_DIGIT.search(cell)) and not YEAR.fullmatch(cell.strip())


def read_prose(blocks: list[Block]) -> list[Block]:
    """The blocks with a table's lines of prose as text, joined to the text they go on from and
    to the text that goes on from them: justified prose whose wide gaps looked like columns, and
    the lines of a ruled table's wide cell, are read as the sentences they are."""
    out: list[Block] = []
    joined = False  # whether the last text block holds lines read as prose
    for block in blocks:
        pieces = _split(block, _flowing(out)) if block.kind == "table" else [(block, False)]
        for piece, prose in pieces:
            prev = out[-1] if out else None
            if (
                piece.kind == "text"
                and prev is not None
                and prev.kind == "text"
                and (prose or joined)
                and _goes_on(prev, piece)
            ):
                out[-1] = Block("text", prev.lines + piece.lines)
                joined = True
                continue
            out.append(piece)
            joined = prose
    return out


def _goes_on(prev: Block, block: Block) -> bool:
    """Whether a block goes on with the sentence the one before it leaves open: on the same
    page (a quote is cited from one page), and not a footnote at the page's foot."""
    (last, page), (first, first_page) = prev.lines[-1], block.lines[0]
    return page == first_page and not SENTENCE_END.search(last) and not NOTE.match(first)


def _flowing(blocks: list[Block]) -> bool:
    """Whether the blocks end in text that stops mid-sentence."""
    return (
        bool(blocks)
        and blocks[-1].kind == "text"
        and not SENTENCE_END.search(blocks[-1].lines[-1][0])
    )


def _split(block: Block, flowing: bool) -> list[tuple[Block, bool]]:
    """A table block cut into runs of table lines and runs of prose lines (as text blocks)."""
    units = list(table_units(block, ""))
    flags: list[bool] = []
    for unit, prose in zip(units, prose_rows(units, flowing), strict=True):
        flags += [prose] * (unit.text.count("\n") + 1)
    if len(flags) != len(block.lines) or not any(flags):
        return [(block, False)]
    pieces: list[tuple[Block, bool]] = []
    start = 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            lines, rows = block.lines[start:i], block.rows[start:i]
            gaps = block.gaps[start:i]
            piece = (
                Block("text", lines)
                if flags[start]
                else Block("table", lines, rows=rows, gaps=gaps)
            )
            pieces.append((piece, flags[start]))
            start = i
    return pieces


def _goes_on_line(cells: list[str]) -> bool:
    """A line that can go on with a sentence: no column of numbers, and it opens with a
    lower-case letter or holds no figure at all (not "Statistik  Bokslut 2023  Bokslut 2024")."""
    if any(is_number(c) for c in cells[1:]):
        return False
    return cells[0][:1].islower() or not any(_DIGIT.search(c) for c in cells)


def _spread(cells: list[str]) -> bool:
    """A line of justified prose spread into a cell a word ("Enligt  artikel  6.1  a  i
    dataskyddsförordningen  kan  den"): most of its cells open with a lower-case letter."""
    return len(cells) >= 3 and sum(c[:1].islower() for c in cells) * 2 > len(cells)


def prose_rows(units: list[Unit], flowing: bool = False) -> list[bool]:
    """Which of a table's units are lines of prose rather than rows: a row with one filled cell
    of several words (a line of a wide cell's paragraph, not a group's name such as "Antal
    besökare", which stays in its table), a row of words under no header row, and a line that
    goes on from text ending mid-sentence and holds no column of numbers (a word the gaps cut
    in two, "livsv" + "illkor", falls in the next column), and a line spread a word a cell."""
    out, header = [], False
    for unit in units:
        filled = [c for c in unit.cells if c.strip()]
        words = not any(_DIGIT.search(c) for c in filled)
        if unit.kind == "header":
            prose = flowing and "\n" not in unit.text and words and unit.text[:1].islower()
            header = header or not prose
        else:
            prose = (
                not filled
                or (len(filled) == 1 and (flowing or len(filled[0].split()) >= MIN_PROSE_WORDS))
                or (not header and words)
                or (flowing and _goes_on_line(filled))
                or _spread(filled)
            )
        flowing = prose and not SENTENCE_END.search(unit.text)
        out.append(prose)
    for i, unit in enumerate(units):  # a header over no row heads nothing: the line is prose
        if unit.kind == "header" and all(out[i + 1 : i + 1 + _rows_under(units, i)]):
            out[i] = True
    return out


def _rows_under(units: list[Unit], i: int) -> int:
    n = 0
    while i + 1 + n < len(units) and units[i + 1 + n].kind == "row":
        n += 1
    return n
