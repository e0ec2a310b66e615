"""Look and page machinery of the demonstration PDFs (used by corpus/build.py).

Fonts, paragraph styles, page templates with running header and "Sida X av Y"
footer, and footnotes printed at the foot of the page where their marker stands.
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
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

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
FN_GAP = 10  # room for the short rule above the footnotes


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


class FootnoteHolder(Flowable):
    """Wraps a flowable whose text carries footnote markers.

    It only fits where there is also room for its notes; when drawn it raises the
    bottom of its frame so that the notes can be printed there at the end of the page.
    """

    def __init__(self, inner: Flowable, labels: list[str], notes: dict[str, str]):
        super().__init__()
        self.inner, self.labels, self.notes = inner, labels, notes
        self.spaceBefore, self.spaceAfter = inner.getSpaceBefore(), inner.getSpaceAfter()
        self.keepWithNext = inner.getKeepWithNext()
        if hasattr(inner, "toc_level"):  # a heading: the doc's afterFlowable looks for these
            self.toc_level, self.getPlainText = inner.toc_level, inner.getPlainText

    def _notes_height(self, width: float) -> float:
        return FN_GAP + sum(
            note_paragraph(lab, self.notes[lab]).wrap(width, PAGE_H)[1] for lab in self.labels
        )

    def wrap(self, aW: float, aH: float):
        w, h = self.inner.wrap(aW, aH)
        self.width, self.height = w, h
        return (w, h) if h + self._notes_height(aW) <= aH else (w, h + self._notes_height(aW))

    def split(self, aW: float, aH: float) -> list:
        parts = self.inner.split(aW, aH - self._notes_height(aW))
        return [FootnoteHolder(p, self.labels, self.notes) for p in parts]

    def drawOn(self, canv, x, y, _sW=0):
        frame = getattr(self, "_frame", None)
        if frame is not None:
            reserved = canv.__dict__.setdefault("_fn_reserved", {})
            new = [lab for lab in self.labels if (id(frame), lab) not in reserved]
            extra = sum(note_paragraph(lab, self.notes[lab]).wrap(frame._aW, PAGE_H)[1] for lab in new)
            if new and not any(k[0] == id(frame) for k in reserved):
                extra += FN_GAP
            for lab in new:
                reserved[(id(frame), lab)] = frame
            frame._y1p += extra
            canv._fn_frame = frame
        self.inner.drawOn(canv, x, y, _sW)


def note_paragraph(label: str, text: str) -> Paragraph:
    return Paragraph(f"<super>{label}</super> {text}", STYLES["footnote"])


def draw_footnotes(canv, notes: dict[str, str]) -> None:
    """Print the notes whose markers were drawn on this page at the foot of their frame."""
    by_frame: dict[int, tuple[Frame, list[str]]] = {}
    for label, frame in getattr(canv, "_fn_marks", []):
        if frame is None:  # a marker outside any FootnoteHolder has no reserved room
            continue
        entry = by_frame.setdefault(id(frame), (frame, []))
        if label not in entry[1]:
            entry[1].append(label)
    for frame, labels in by_frame.values():
        x, width = frame._x1 + frame._leftPadding, frame._aW
        paras = [note_paragraph(lab, notes[lab]) for lab in labels]
        y = frame._y1 + frame._bottomPadding + sum(p.wrap(width, PAGE_H)[1] for p in paras)
        canv.saveState()
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.5)
        canv.line(x, y + 4, x + 40 * mm, y + 4)
        canv.restoreState()
        for p in paras:
            y -= p.height
            p.drawOn(canv, x, y)
    canv._fn_marks, canv._fn_reserved = [], {}


class TocTable(TableOfContents):
    """Table of contents as a two-column table: heading text, page number."""

    def __init__(self):
        super().__init__(levelStyles=[STYLES["toc1"], STYLES["toc2"]])

    def wrap(self, aW: float, aH: float):
        entries = self._lastEntries or [(0, "Innehåll", 0, None)]
        rows, style = (
            [],
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ],
        )
        for row, (level, text, page, key) in enumerate(entries):
            st = STYLES["toc1" if level == 0 else "toc2"]
            link = f'<a href="#{key}">{text}</a>' if key else text
            rows.append(
                [
                    Paragraph(link, st),
                    Paragraph(str(page), ParagraphStyle("p", parent=st, alignment=TA_RIGHT)),
                ]
            )
            if level == 0:
                style += [
                    ("TOPPADDING", (0, row), (-1, row), 7),
                    ("LINEBELOW", (0, row), (-1, row), 0.4, LIGHT),
                ]
        self._table = Table(rows, colWidths=(aW - 16 * mm, 16 * mm), style=TableStyle(style))
        self.width, self.height = self._table.wrapOn(self.canv, aW, aH)
        return self.width, self.height


class NumberedCanvas(Canvas):
    """Defers pages until save() so every footer can say "Sida X av Y"."""

    def __init__(self, *args, **kwargs):
        kwargs.update(initialFontName=FONT, initialFontSize=10, initialLeading=12)
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []
        self._bare_page = False
        self.setNamedCB("fn_mark", NumberedCanvas._fn_mark)

    @staticmethod
    def _fn_mark(canv, kind, label) -> None:
        """Paragraph onDraw callback: a footnote marker was drawn on this page."""
        canv.__dict__.setdefault("_fn_marks", []).append((label, getattr(canv, "_fn_frame", None)))

    def showPage(self):
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            if not self._bare_page:
                self.setFont(FONT, 8)
                self.setFillColor(GREY)
                self.drawRightString(PAGE_W - MARGIN_X, 12 * mm, f"Sida {number} av {total}")
            super().showPage()
        super().save()


class ReportDoc(BaseDocTemplate):
    """A4 report with title, body and two-column page templates and TOC notifications."""

    def __init__(self, filename: str, meta: dict, notes: dict[str, str]):
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=meta["title"],
            author=meta["publisher"],
            subject=meta.get("subtitle") or meta["title"],
            creator="Borås Stad (demonstrationskorpus)",
            keywords=meta.get("source_url", ""),
            lang="sv-SE",
            invariant=1,
        )
        self.header, self.notes, self._heading_no = meta["running_header"], notes, 0
        body_h = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
        self.addPageTemplates(
            [
                PageTemplate(
                    "title",
                    [Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, body_h, id="t")],
                    onPage=self._title_page,
                    onPageEnd=self._page_end,
                ),
                PageTemplate(
                    "body",
                    [Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, body_h, id="b")],
                    onPage=self._page,
                    onPageEnd=self._page_end,
                ),
                PageTemplate(
                    "cols",
                    [
                        Frame(MARGIN_X, MARGIN_BOTTOM, COL_W, body_h, id="c1"),
                        Frame(MARGIN_X + COL_W + COL_GAP, MARGIN_BOTTOM, COL_W, body_h, id="c2"),
                    ],
                    onPage=self._page,
                    onPageEnd=self._page_end,
                ),
            ]
        )

    def _reset_frames(self, canv) -> None:
        canv._fn_marks, canv._fn_reserved = [], {}
        for template in self.pageTemplates:
            for frame in template.frames:
                frame._geom()  # undo footnote reservations of the previous page

    def _title_page(self, canv, doc) -> None:
        self._reset_frames(canv)
        canv._bare_page = True
        canv.setFillColor(BLUE)
        canv.rect(0, PAGE_H - 14 * mm, PAGE_W, 14 * mm, stroke=0, fill=1)

    def _page(self, canv, doc) -> None:
        self._reset_frames(canv)
        canv._bare_page = False
        canv.saveState()
        canv.setFont(FONT, 8)
        canv.setFillColor(GREY)
        top = PAGE_H - 15 * mm
        canv.drawString(MARGIN_X, top, self.header)
        canv.setStrokeColor(BLUE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 3, PAGE_W - MARGIN_X, top - 3)
        canv.restoreState()

    def _page_end(self, canv, doc) -> None:
        draw_footnotes(canv, self.notes)

    def afterFlowable(self, flowable) -> None:
        """Headings of level 1 and 2 go into the TOC and the PDF outline."""
        level = getattr(flowable, "toc_level", None)
        if level is None:
            return
        text = flowable.getPlainText()
        self._heading_no += 1
        key = f"h{self._heading_no}"
        self.canv.bookmarkPage(key)
        level = min(level, self._outline_level + 1)  # outline levels may not skip
        self._outline_level = level
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        self.notify("TOCEntry", (level, text, self.page, key))

    def handle_documentBegin(self):
        self._heading_no, self._outline_level = 0, -1
        super().handle_documentBegin()
