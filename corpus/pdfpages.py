"""Page machinery of the demonstration PDFs: page templates, running header, "Sida X av Y" footer, TOC."""

from __future__ import annotations

from pdffootnotes import draw_footnotes
from pdfstyle import (
    BLUE,
    COL_GAP,
    COL_W,
    FONT,
    FRAME_W,
    GREY,
    LIGHT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_H,
    PAGE_W,
    STYLES,
)
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents


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
