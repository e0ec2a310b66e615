"""A chunk's units with their structure: sentences, list items with the line that introduces
them, table rows with their header row and caption, headings and footnotes.

Ingestion records them with each chunk (`Chunk.units`); a chunk read from an index without them
is cut into units here, by the same signs ingestion uses, so both give the answer step one form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.passage import units_of
from assistant.patterns import NOTE
from ingest.structure import cells_of, heading_level
from ingest.types import Chunk

# a table's or figure's caption ("Tabell 3. Upplevd trygghet ...", or "Tabell 3." and its title
# as two sentences) and a source line ("Källa: SCB"): they name what the rows below give
CAPTION = re.compile(
    r"(?:(?:Tabell|Figur|Diagram|Bild|Table|Figure)\s*\d+[.:](?:\s|$)|(?:Källa|Källor|Source)\s*:)",
    re.I,
)
_LABEL_ONLY = re.compile(r"(?:Tabell|Figur|Diagram|Bild|Table|Figure)\s*\d+[.:]?", re.I)
_ITEM = re.compile(r"(?:\d{1,2}[.)]|[IVX]{1,4}\.|[a-z][.)]|[•▪◦●➢\-–−*])\s+\S")
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class Unit:
    """One unit of a chunk: its text verbatim, what it is and what it belongs to."""

    text: str
    kind: str  # heading | sentence | item | row | header | caption | note
    index: int  # its place among the chunk's units
    of: int = -1  # the unit it belongs to: an item's introducing line, a row's header row
    cells: tuple[str, ...] = ()  # a row's or header row's cells
    label: str = ""  # a row named with its column headers

    @property
    def introduces(self) -> bool:
        """A line that opens a list or a table ("I Borås ska:", "Tabell 3. ...")."""
        return self.kind == "caption" or self.text.rstrip().endswith(":")


def chunk_units(chunk: Chunk) -> tuple[Unit, ...]:
    """The chunk's units: as recorded at ingestion, else cut from its text."""
    recorded = getattr(chunk, "units", ())
    if recorded:
        units = []
        for i, u in enumerate(recorded):
            text = chunk.text[u.start : u.end]
            kind = _recorded_kind(u.kind, text)
            cells = tuple(u.cells) if kind == u.kind else ()
            units.append(Unit(text, kind, i, u.of, cells, u.label if cells else ""))
        return tuple(units)
    return _parsed(chunk.text, chunk.section)


# "Ordförande: Ulf Olsson (S)", "Ärende: Program mot hemlöshet": a field of a minutes' header,
# which ingestion takes for a heading (it names the section), states a fact an answer may quote
_FIELD = re.compile(r"^[A-ZÅÄÖ][a-zåäöé]+:\s+\S")


def _recorded_kind(kind: str, text: str) -> str:
    """A heading that is a field is read as a sentence (ingestion reads a table's lines of prose
    as sentences itself: ingest/text/tables.py)."""
    if kind == "heading" and _FIELD.match(text):
        return "sentence"
    return kind


@lru_cache(maxsize=4096)
def _parsed(text: str, section: str) -> tuple[Unit, ...]:
    pieces = units_of(text)
    titles = {p.strip() for p in section.split(" > ")}
    kinds = [_kind(p, titles) for p in pieces]
    for i in range(1, len(pieces)):  # "Tabell 1." + its title, cut apart as two sentences
        if _LABEL_ONLY.fullmatch(pieces[i - 1].strip()) and kinds[i] == "sentence":
            kinds[i] = "caption"
    units: list[Unit] = []
    intro = header = -1  # the line that opened the current list, the current table's header
    header_end = 0
    last_item = -1
    for i, piece in enumerate(pieces):
        kind, of = kinds[i], -1
        if kind == "row":
            if i == 0 or kinds[i - 1] not in ("row", "header"):  # a table starts
                lines = _header_lines(pieces, kinds, i)
                header, header_end = (i, i + lines) if lines else (-1, i)
            if i < header_end:  # a header may run over two or three lines
                kind, of = "header", _caption_before(kinds, header) if i == header else header
            else:
                of = header
            kinds[i] = kind
        elif kind == "item":
            of, last_item = intro, i
        elif kind == "sentence" and last_item == i - 1 and intro >= 0:
            of = last_item  # a further sentence of the item before it
        if kind in ("sentence", "caption") and piece.rstrip().endswith(":"):
            intro = i
        elif kind in ("heading", "row", "header"):
            intro = -1
        cells = cells_of(piece) if of >= -1 and kind in ("row", "header") else ()
        units.append(Unit(piece, kind, i, of, cells))
    return tuple(units)


def _kind(piece: str, titles: set[str]) -> str:
    if "  " in piece:
        return "row"
    if piece in titles or heading_level(piece) > 0:
        return "heading"
    if CAPTION.match(piece):
        return "caption"
    if NOTE.match(piece):
        return "note"
    if _ITEM.match(piece):
        return "item"
    return "sentence"


def _header_lines(pieces: list[str], kinds: list[str], start: int) -> int:
    """How many lines at the start of a table are its header: those before the first row whose
    cells are mostly numbers ("Kommundel  Kvinnor (%)  Män (%)" over "Sjöbo  52  77"; a header
    may wrap: "Mätpunkt  Öppet  Andel" + "arbetslösa  år" over "Mars 2020  2 419  3,6 %")."""
    end = start
    while end < len(pieces) and kinds[end] == "row" and end - start <= 3:
        cells = [c for c in pieces[end].split("  ") if c.strip()]
        if sum(bool(_DIGITS.search(c)) for c in cells) * 2 >= len(cells) + 1:
            return end - start if end - start <= 3 else 0
        end += 1
    return 0


def _numbers(piece: str) -> int:
    return sum(bool(_DIGITS.search(c)) for c in piece.split("  ") if c.strip())


def _caption_before(kinds: list[str], i: int) -> int:
    return i - 1 if i > 0 and kinds[i - 1] == "caption" else -1


def table_of(units: tuple[Unit, ...], row: Unit) -> tuple[tuple[Unit, ...], Unit | None]:
    """The header lines and the caption of the table a row stands in (none where there are none)."""
    start = row.index
    while start > 0 and units[start - 1].kind in ("row", "header"):
        start -= 1
    headers = []
    for u in units[start:]:
        if u.kind != "header":
            break
        headers.append(u)
    caption = units[start - 1] if start > 0 and units[start - 1].kind == "caption" else None
    return tuple(headers), caption


def filled_columns(rows) -> list[list[str]]:
    """The rows right-aligned (a row's label cells come first, a shorter row lacks them) and
    without the columns that are empty in every one of them (a table read from spacing gives a
    column to every wide gap)."""
    width = max(map(len, rows), default=0)
    grid = [[""] * (width - len(r)) + list(r) for r in rows]
    keep = [k for k in range(width) if any(r[k].strip() for r in grid)]
    return [[r[k] for k in keep] for r in grid]


def list_of(units: tuple[Unit, ...], unit: Unit) -> list[Unit]:
    """The list a unit belongs to or opens: the line that introduces it ("I Borås ska:", or a
    short title line such as "Expedieras till") and every item with the sentences that go on
    from it; [unit] when it is in no list."""
    start = unit.index + 1 if unit.introduces else unit.index
    if start >= len(units) or not _in_list(units, start):
        return [unit]
    lo, hi = start, start
    while lo > 0 and _in_list(units, lo - 1):
        lo -= 1
    while hi + 1 < len(units) and _in_list(units, hi + 1):
        hi += 1
    head = units[lo - 1] if lo > 0 else None
    # the line just before the first item introduces the list: "I Borås ska:", "För arbetet
    # gäller särskilt att Kommunstyrelsen", or a short title line ("Expedieras till")
    intro = [head] if head and head.kind in ("sentence", "caption") else []
    items = list(units[lo : hi + 1])
    return intro + items if len(items) >= 2 or intro else [unit]


def _in_list(units: tuple[Unit, ...], i: int) -> bool:
    u = units[i]
    return u.kind == "item" or (u.kind == "sentence" and u.of >= 0 and units[u.of].kind == "item")
