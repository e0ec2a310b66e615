"""Look of the demonstration PDFs (used by corpus/build.py): fonts, colours, page geometry, styles.

The footnote machinery is in pdffootnotes.py, page templates, header, footer and TOC in pdfpages.py.
"""

from __future__ import annotations

import os

import reportlab
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Table, TableStyle

rl_config.invariant = 1  # fixed dates and ids: identical sources give identical bytes

FONT, FONT_B, FONT_I, FONT_BI = "Vera", "Vera-Bold", "Vera-Italic", "Vera-BoldItalic"
BLUE = colors.HexColor("#00467F")
LIGHT = colors.HexColor("#E8EEF5")
GREY = colors.HexColor("#5A5A5A")
PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 25 * mm, 27 * mm, 24 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
COL_GAP = 8 * mm
COL_W = (FRAME_W - COL_GAP) / 2


def register_fonts() -> None:
    """Register the Vera TTF family shipped inside the reportlab package."""
    if FONT_BI in pdfmetrics.getRegisteredFontNames():  # the family, not a lone "Vera" a test made
        return
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    for name, file in (
        (FONT, "Vera.ttf"),
        (FONT_B, "VeraBd.ttf"),
        (FONT_I, "VeraIt.ttf"),
        (FONT_BI, "VeraBI.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, os.path.join(folder, file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_B, italic=FONT_I, boldItalic=FONT_BI)


def _style(name: str, **kw) -> ParagraphStyle:
    base = dict(
        fontName=FONT,
        fontSize=10,
        leading=14,
        spaceAfter=6,
        alignment=TA_JUSTIFY,
        hyphenationLang="",
        embeddedHyphenation=0,
        uriWasteReduce=0.3,
    )
    base.update(kw)
    return ParagraphStyle(name, **base)


STYLES: dict[str, ParagraphStyle] = {
    "body": _style("body"),
    "h1": _style(
        "h1",
        fontName=FONT_B,
        fontSize=15,
        leading=19,
        spaceBefore=16,
        spaceAfter=8,
        textColor=BLUE,
        alignment=TA_LEFT,
        keepWithNext=1,
    ),
    "h2": _style(
        "h2",
        fontName=FONT_B,
        fontSize=12,
        leading=16,
        spaceBefore=12,
        spaceAfter=5,
        textColor=BLUE,
        alignment=TA_LEFT,
        keepWithNext=1,
    ),
    "h3": _style(
        "h3",
        fontName=FONT_BI,
        fontSize=10.5,
        leading=14,
        spaceBefore=8,
        spaceAfter=3,
        alignment=TA_LEFT,
        keepWithNext=1,
    ),
    "item": _style("item", spaceAfter=2, alignment=TA_LEFT),
    "quote": _style("quote", alignment=TA_LEFT, spaceAfter=3, leading=14),
    "caption": _style(
        "caption",
        fontName=FONT_B,
        fontSize=9,
        leading=12,
        spaceBefore=6,
        spaceAfter=4,
        alignment=TA_LEFT,
        keepWithNext=1,
    ),
    "cell": _style("cell", fontSize=8.5, leading=10.5, spaceAfter=0, alignment=TA_LEFT),
    "cell_r": _style("cell_r", fontSize=8.5, leading=10.5, spaceAfter=0, alignment=TA_RIGHT),
    "cell_c": _style("cell_c", fontSize=8.5, leading=10.5, spaceAfter=0, alignment=TA_CENTER),
    "footnote": _style(
        "footnote",
        fontSize=7.5,
        leading=9.5,
        spaceAfter=1,
        alignment=TA_LEFT,
        leftIndent=8,
        firstLineIndent=-8,
    ),
    "toc_title": _style(
        "toc_title",
        fontName=FONT_B,
        fontSize=15,
        leading=19,
        spaceAfter=12,
        textColor=BLUE,
        alignment=TA_LEFT,
    ),
    "toc1": _style(
        "toc1", fontName=FONT_B, fontSize=10, leading=14, spaceBefore=5, alignment=TA_LEFT
    ),
    "toc2": _style(
        "toc2", fontSize=9.5, leading=13, leftIndent=14, alignment=TA_LEFT, spaceAfter=1
    ),
    "t_publisher": _style(
        "t_publisher", fontName=FONT_B, fontSize=13, leading=16, textColor=BLUE, alignment=TA_LEFT
    ),
    "t_title": _style(
        "t_title",
        fontName=FONT_B,
        fontSize=26,
        leading=32,
        spaceAfter=14,
        textColor=BLUE,
        alignment=TA_LEFT,
    ),
    "t_subtitle": _style("t_subtitle", fontSize=14, leading=19, spaceAfter=10, alignment=TA_LEFT),
    "t_date": _style("t_date", fontSize=11, leading=14, textColor=GREY, alignment=TA_LEFT),
}
STYLES["cell_h"] = _style(
    "cell_h",
    parent=STYLES["cell"],
    fontName=FONT_B,
    alignment=TA_LEFT,
    fontSize=8.5,
    leading=10.5,
    spaceAfter=0,
)
STYLES["cell_hr"] = _style(
    "cell_hr",
    parent=STYLES["cell_h"],
    fontName=FONT_B,
    alignment=TA_RIGHT,
    fontSize=8.5,
    leading=10.5,
    spaceAfter=0,
)


def boxed(flowables: list, width: float, *, border: bool, shade=LIGHT) -> Table:
    """A one-cell shaded box: quotes get a bar on the left, the demo notice a full border."""
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, -1), shade),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 9),
        ("RIGHTPADDING", (0, 0), (-1, -1), 9),
        ("TOPPADDING", (0, 0), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    style.append(
        ("BOX", (0, 0), (-1, -1), 1, BLUE) if border else ("LINEBEFORE", (0, 0), (0, -1), 3, BLUE)
    )
    box = Table(
        [[flowables]],
        colWidths=[width],
        style=TableStyle(style),
        hAlign="RIGHT" if not border else "LEFT",
    )
    box.spaceBefore, box.spaceAfter = 4, 10
    return box
