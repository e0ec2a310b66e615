"""Pipe tables of corpus sources as reportlab tables: alignment, column widths, cell styles."""

from __future__ import annotations

import re
from pathlib import Path

import pdfstyle as ps
from mdsource import Block, SourceError
from pdfmarkup import inline
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, Table, TableStyle

NUMERIC = re.compile(r"^[−\-–+]?[\d\s  .,]*\d[\d\s  .,]*\s?(%|procent|kr|st|tkr|mnkr)?$")


def table_flowable(path: Path, block: Block, width: float) -> Table:
    """A pipe table: header repeated after page breaks, numeric columns right-aligned, cells wrapped."""
    rows = [[c.strip() for c in r.strip().strip("|").split("|")] for r in block.lines]
    if len(rows) < 2 or not re.fullmatch(r"[\s|:\-]+", block.lines[1]):
        raise SourceError(path, block.line, "a table needs a header row and a |---| separator row")
    align = [
        (
            "r"
            if c.endswith(":") and not c.startswith(":")
            else "c"
            if c.startswith(":") and c.endswith(":")
            else ""
        )
        for c in rows[1]
    ]
    header, body = rows[0], rows[2:]
    ncol = len(header)
    for k, r in enumerate(body):
        if len(r) != ncol:
            raise SourceError(
                path, block.line + 2 + k, f"table row has {len(r)} cells, header has {ncol}"
            )
    for c in range(ncol):
        cells = [r[c] for r in body if r[c] not in ("", "–", "-")]
        if not align[c] and cells and all(NUMERIC.match(x) for x in cells):
            align[c] = "r"
    widths = column_widths([header] + body, width)
    sty = {"": "cell", "r": "cell_r", "c": "cell_c"}
    data = [
        [
            Paragraph(inline(h), ps.STYLES["cell_hr" if align[c] == "r" else "cell_h"])
            for c, h in enumerate(header)
        ]
    ]
    data += [
        [Paragraph(inline(x), ps.STYLES[sty[align[c]]]) for c, x in enumerate(r)] for r in body
    ]
    style = [
        ("FONTNAME", (0, 0), (-1, -1), ps.FONT),
        ("GRID", (0, 0), (-1, -1), 0.4, ps.GREY),
        ("BACKGROUND", (0, 0), (-1, 0), ps.LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, 0), 1, ps.BLUE),
    ]
    table = Table(data, colWidths=widths, repeatRows=1, style=TableStyle(style), hAlign="LEFT")
    table.spaceBefore, table.spaceAfter = 2, 10
    return table


def column_widths(rows: list[list[str]], width: float) -> list[float]:
    """Share the width: every column gets its longest word, the rest goes by text length."""

    def w(s: str, font=ps.FONT) -> float:
        return pdfmetrics.stringWidth(re.sub(r"[*]|\[\^[^\]]*\]", "", s), font, 8.5) + 10

    ncol = len(rows[0])
    least = [
        max(w(word, ps.FONT_B) for r in rows for word in (r[c].split() or [""]))
        for c in range(ncol)
    ]
    wish = [
        max(max((w(r[c]) for r in rows[1:]), default=0), w(rows[0][c], ps.FONT_B), least[c])
        for c in range(ncol)
    ]
    if sum(wish) <= width:
        return [x * width / sum(wish) for x in wish]
    if sum(least) >= width:
        return [x * width / sum(least) for x in least]
    spare, extra = width - sum(least), [wi - le for wi, le in zip(wish, least, strict=True)]
    return [le + spare * ex / sum(extra) for le, ex in zip(least, extra, strict=True)]
