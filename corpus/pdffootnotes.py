"""Footnotes of the demonstration PDFs, printed at the foot of the page where their marker stands."""

from __future__ import annotations

from pdfstyle import GREY, PAGE_H, STYLES
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, Paragraph

FN_GAP = 10  # room for the short rule above the footnotes


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
            extra = sum(
                note_paragraph(lab, self.notes[lab]).wrap(frame._aW, PAGE_H)[1] for lab in new
            )
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
