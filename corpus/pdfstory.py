"""Assembly of a corpus document: its blocks as one reportlab story, with title page, TOC and columns."""

from __future__ import annotations

import pdfstyle as ps
from mdsource import Block, Source, SourceError
from pdfmarkup import inline, with_notes
from pdfpages import TocTable
from pdftables import table_flowable
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import FrameSplitter


def block_flowables(src: Source, block: Block, width: float) -> list:
    """Flowables of one ordinary block (not pagebreak/columns/demo)."""
    S, notes = ps.STYLES, src.notes
    if block.kind == "heading":
        para = Paragraph(inline(block.lines[0]), S[f"h{block.level}"])
        if block.level < 3:
            para.toc_level = block.level - 1
        return [with_notes(para, block.lines, notes)]
    if block.kind == "para":
        style = S["body"] if width == ps.FRAME_W else S["item"]  # narrow columns: no justification
        return [with_notes(Paragraph(inline(block.lines[0]), style), block.lines, notes)]
    if block.kind in ("bullets", "numbers"):
        items = [ListItem(Paragraph(inline(t), S["item"])) for t in block.lines]
        kw = (
            dict(bulletType="bullet", start="•")
            if block.kind == "bullets"
            else dict(bulletType="1", start=block.level, bulletFormat="%s.")
        )
        lst = ListFlowable(items, bulletFontName=ps.FONT, bulletFontSize=10, leftIndent=16, **kw)
        lst.spaceAfter = 6
        return [with_notes(lst, block.lines, notes)]
    if block.kind == "quote":
        paras = [
            Paragraph(inline(" ".join(p.split("\n"))), S["quote"])
            for p in "\n".join(block.lines).split("\n\n")
            if p.strip()
        ]
        return [with_notes(ps.boxed(paras, width - 12 * mm, border=False), block.lines, notes)]
    if block.kind == "table":
        table = table_flowable(src.path, block, width)
        flow = [with_notes(table, block.lines, notes)]
        if block.caption:
            caption = Paragraph(inline(block.caption), S["caption"])
            caption.keepWithNext = 0  # a CondPageBreak keeps it with the first rows instead
            flow.insert(0, with_notes(caption, [block.caption], notes))
        return flow
    raise SourceError(src.path, block.line, f"unexpected block '{block.kind}'")


def demo_box(src: Source) -> list:
    """The '::: demo' notice as a framed box (empty list when the source has none)."""
    demos = [b for b in src.blocks if b.kind == "demo"]
    paras = [
        Paragraph(inline(" ".join(p.split("\n"))), ps.STYLES["quote"])
        for b in demos
        for p in "\n".join(x.strip() for x in b.lines).split("\n\n")
        if p.strip()
    ]
    return [ps.boxed(paras, ps.FRAME_W, border=True)] if paras else []


def title_page(src: Source) -> list:
    """Publisher, title, subtitle, date and the demo notice; then switch to the body template."""
    S, m = ps.STYLES, src.meta
    story = [
        Spacer(1, 18 * mm),
        Paragraph(inline(m["publisher"]), S["t_publisher"]),
        Spacer(1, 45 * mm),
        Paragraph(inline(m["title"]), S["t_title"]),
    ]
    if m.get("subtitle"):
        story.append(Paragraph(inline(m["subtitle"]), S["t_subtitle"]))
    story += [Paragraph(inline(m["date"]), S["t_date"]), Spacer(1, 30 * mm)] + demo_box(src)
    return story + [NextPageTemplate("body"), PageBreak()]


def toc_flowables() -> list:
    return [Paragraph("Innehåll", ps.STYLES["toc_title"]), TocTable()]


def story(src: Source) -> tuple[list, str]:
    """The whole flow of the document and the page template of page 1."""
    first = "title" if src.meta.get("title_page") else "body"
    flow: list = title_page(src) if src.meta.get("title_page") else demo_box(src)
    if src.meta.get("toc"):
        flow += toc_flowables() + ([PageBreak()] if src.meta.get("title_page") else [])
    width = ps.FRAME_W
    for block in src.blocks:
        if block.kind == "demo":
            continue
        if block.kind == "pagebreak":
            page_break(flow)
        elif block.kind == "columns":
            if block.level == 2 and width == ps.FRAME_W:
                start_columns(flow)
            elif block.level == 1 and width == ps.COL_W:
                page_break(flow, "body")
            width = ps.COL_W if block.level == 2 else ps.FRAME_W
        else:
            new = block_flowables(src, block, width)
            if block.kind == "table":
                keep_room(flow, table_start_height(new[-1], width))
            flow += new
    return flow, first


def table_start_height(table, width: float) -> float:
    """Height of a caption, the header row and three rows: what must fit before a table starts."""
    inner = getattr(table, "inner", table)
    inner.wrap(width, 10**6)
    return 30 + sum(inner._rowHeights[:4])


def keep_room(flow: list, height: float) -> None:
    """Start a new page unless height fits below the headings that end flow.

    The CondPageBreak replaces keepWithNext of those headings, which would wrap what
    follows (a long table, a FrameSplitter) in a KeepTogether.
    """
    k = len(flow)
    while k and isinstance(flow[k - 1], Paragraph) and flow[k - 1].style.name in ("h1", "h2", "h3"):
        k -= 1
        flow[k].keepWithNext = 0
        height += flow[k].style.leading * 2 + flow[k].style.spaceBefore + flow[k].style.spaceAfter
    flow.insert(k, CondPageBreak(height))


def start_columns(flow: list) -> None:
    """Lay the rest of the current page and the pages after it in two columns (headings just above stay full width)."""
    keep_room(flow, 40 * mm)
    flow.append(FrameSplitter("cols", ["c1", "c2"], gap=6, required=30 * mm))


def page_break(flow: list, template: str | None = None) -> None:
    """Add a page break (switching template), without creating empty pages."""
    if flow and isinstance(flow[-1], PageBreak):
        if template:
            flow.insert(len(flow) - 1, NextPageTemplate(template))
    elif flow:
        flow += ([NextPageTemplate(template)] if template else []) + [PageBreak()]
