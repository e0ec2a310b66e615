"""Positioned text of a page from pypdf's layout mode: the lines it renders, with x and y.

pypdf's layout mode (`extract_text(extraction_mode="layout")`) groups the text shown on a page
into runs with a start and end x and a baseline y, then renders them on a fixed-width grid. We
take the same runs from its layout-mode functions, so that a page rendered whole is exactly the
text layout mode gives, and a region of it (a column, the text around a table) can be rendered
on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Group = dict  # pypdf's BTGroup: tx, displaced_tx, ty, text, font_height, flip_sort, ...
_PIECE = re.compile(r"\S+(?: \S+)*")  # layout mode puts two or more spaces between cells


@dataclass(frozen=True)
class Piece:
    """A run of text with single spaces inside, and its extent on the page (points)."""

    x0: float
    x1: float
    text: str


@dataclass(frozen=True)
class Line:
    """One line as layout mode renders it: its key (the rounded baseline) and its runs."""

    y: int
    groups: tuple[Group, ...]

    @property
    def pieces(self) -> list[Piece]:
        return [p for g in self.groups for p in pieces_of(g)]


@dataclass(frozen=True)
class PageText:
    """The lines of a page top to bottom, the width of one character on layout mode's grid,
    and how far layout mode shifted x left (its left-most text starts at 0)."""

    lines: tuple[Line, ...]
    char_width: float
    shift: float
    operations: tuple = ()


def pieces_of(group: Group) -> list[Piece]:
    """Split a run at its wide gaps, placing each part by its share of the run's characters."""
    text, x0, x1 = group["text"], group["tx"], group["displaced_tx"]
    n = max(len(text), 1)
    return [
        Piece(x0 + (x1 - x0) * m.start() / n, x0 + (x1 - x0) * m.end() / n, m.group())
        for m in _PIECE.finditer(text)
    ]


def read_positions(page) -> PageText | None:
    """The positioned lines of a pypdf page; None when it shows no text."""
    from pypdf._text_extraction import _layout_mode as lm
    from pypdf.generic import ArrayObject, ContentStream, StreamObject

    fonts = page._layout_mode_fonts()
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if not isinstance(contents, (ArrayObject, StreamObject)):
        return None
    operations = tuple(ContentStream(contents, page.pdf, "bytes").operations)
    raw = _text_runs(iter(operations), fonts)
    if not raw:
        return None
    shift = min(g["tx"] for g in raw)
    groups = [
        dict(g, tx=g["tx"] - shift, displaced_tx=g["displaced_tx"] - shift)
        for g in sorted(raw, key=lambda g: (g["ty"] * g["flip_sort"], -g["tx"]), reverse=True)
    ]
    by_y = lm.y_coordinate_groups(groups)
    lines = tuple(Line(y, tuple(gs)) for y, gs in by_y.items())
    return PageText(lines, lm.fixed_char_width(groups, 1.25), shift, operations)


def _text_runs(ops, fonts) -> list[Group]:
    """pypdf's text_show_operations without its final left shift, which we need to know."""
    from pypdf._text_extraction._layout_mode import _fixed_width_page as fw
    from pypdf._text_extraction._layout_mode._text_state_manager import TextStateManager

    state = TextStateManager()
    runs: list[Group] = []
    for operands, op in ops:
        if op in (b"BT", b"q"):
            found, _ = fw.recurse_to_target_op(
                ops, state, b"ET" if op == b"BT" else b"Q", fonts, True
            )
            runs.extend(found)
        elif op == b"Tf":
            fw.set_font_operation(state, fonts, operands)
        else:
            state.set_state_param(op, operands)
    return runs


def render(lines: list[Line] | tuple[Line, ...], char_width: float, left: float = 0.0) -> str:
    """Lines as layout mode renders them, moved `left` points to the left."""
    from pypdf._text_extraction._layout_mode import fixed_width_page

    if not lines:
        return ""
    if left:
        lines = [
            Line(
                ln.y,
                tuple(
                    dict(g, tx=g["tx"] - left, displaced_tx=g["displaced_tx"] - left)
                    for g in ln.groups
                ),
            )
            for ln in lines
        ]
    return fixed_width_page({ln.y: list(ln.groups) for ln in lines}, char_width, True, 1)


def split_group(group: Group, x: float) -> tuple[Group | None, Group | None]:
    """The parts of a run left and right of x (a gutter or a cell border), cut at a wide gap."""
    text, x0, x1 = group["text"], group["tx"], group["displaced_tx"]
    n = max(len(text), 1)
    cut = next(
        (
            m.start()
            for m in _PIECE.finditer(text)
            if x0 + (x1 - x0) * (m.start() + m.end()) / 2 / n >= x
        ),
        None,
    )
    if cut is None:
        return group, None
    head = text[:cut].rstrip()
    if not head.strip():
        return None, group
    left = dict(group, text=head, displaced_tx=x0 + (x1 - x0) * len(head) / n)
    return left, dict(group, text=text[cut:], tx=x0 + (x1 - x0) * cut / n)
