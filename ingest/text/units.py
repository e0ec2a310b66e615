"""The pieces a chunk is packed from, and the record of them a chunk keeps (TextUnit): where each
stands in the chunk's text, its kind, and what it belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.types import TextUnit


@dataclass(frozen=True)
class Unit:
    """The smallest piece a chunk is made of: a sentence, a list item, a table row, a heading."""

    text: str
    page_start: int
    page_end: int
    section: str
    kind: str  # "sentence", "item", "row", "header", "heading", "caption", "note"
    joiner: str = " "  # what separates it from the unit before it in the chunk text
    cells: tuple[str, ...] = ()
    label: str = ""
    follows: str = ""  # "item": a further sentence of a list item; "table": a source line
    goes_on: bool = False  # the rest of the sentence before it, over a page break


def assemble(group: list[Unit]) -> tuple[str, tuple[TextUnit, ...]]:
    """The chunk's text and its units, each at its place in the text."""
    text, spans = "", []
    for unit in group:
        text += unit.joiner if text else ""
        spans.append((len(text), len(text) + len(unit.text)))
        text += unit.text
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    units = []
    for unit, (a, b), of in zip(group, spans, links(group), strict=True):
        a, b = max(a - lead, 0), min(b - lead, len(stripped))
        while a < b and stripped[a].isspace():
            a += 1
        while b > a and stripped[b - 1].isspace():
            b -= 1
        units.append(TextUnit(a, b, unit.kind, unit.page_start, of, unit.cells, unit.label))
    return stripped, tuple(units)


def links(group: list[Unit]) -> list[int]:
    """For each unit, the index of what it belongs to in the group, -1 when none is there."""
    of = [-1] * len(group)
    intro = item = header = -1
    for i, unit in enumerate(group):
        prev = group[i - 1] if i else None
        in_table = prev is not None and prev.kind in ("row", "header") and header >= 0
        if unit.kind == "item":
            if not (prev is not None and (prev.kind == "item" or prev.follows == "item")):
                plain = prev is not None and prev.kind == "sentence" and not prev.follows
                intro = i - 1 if plain else -1
            of[i], item = intro, i
        elif unit.kind == "sentence" and unit.follows == "item":
            of[i] = item if prev is not None and (prev.kind == "item" or prev.follows) else -1
        elif unit.kind == "header":
            caption = prev is not None and prev.kind == "caption" and not prev.follows
            of[i], header = (i - 1 if caption else -1), i
        elif unit.kind == "row":
            of[i] = header if in_table else -1
        elif unit.kind == "caption" and unit.follows == "table":
            of[i] = of[header] if in_table else -1  # the caption of the table above
        if unit.kind not in ("row", "header"):
            header = -1
    return of
