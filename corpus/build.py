"""Build the demonstration corpus PDFs from corpus/src/*.md (format: corpus/src/FORMAT.md).

python corpus/build.py [--src DIR] [--out DIR] [--only NAME.md ...] [--check]
"""

from __future__ import annotations

import argparse
import filecmp
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdfstyle as ps  # noqa: E402
from mdsource import RE, Block, Source, SourceError, read_source  # noqa: E402,F401
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.platypus import (
    CondPageBreak,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,  # noqa: E402
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import FrameSplitter  # noqa: E402

HERE = Path(__file__).resolve().parent
NUMERIC = re.compile(r"^[−\-–+]?[\d\s  .,]*\d[\d\s  .,]*\s?(%|procent|kr|st|tkr|mnkr)?$")


# ---------------------------------------------------------------- markup
def inline(text: str) -> str:
    """Markdown inline syntax to reportlab Paragraph markup."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", text)
    return RE["marker"].sub(
        lambda m: f'<super>{m.group(1)}</super><onDraw name="fn_mark" label="{m.group(1)}"/>', text
    )


def with_notes(flowable, texts: list[str], notes: dict[str, str]):
    labels = list(dict.fromkeys(lab for t in texts for lab in RE["marker"].findall(t)))
    return ps.FootnoteHolder(flowable, labels, notes) if labels else flowable


# ---------------------------------------------------------------- flowables
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
    return [Paragraph("Innehåll", ps.STYLES["toc_title"]), ps.TocTable()]


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


# ---------------------------------------------------------------- building
def build_pdf(src_path: Path, out_dir: Path) -> Path:
    ps.register_fonts()
    src = read_source(src_path)
    src.notes.update(
        {label: inline(RE["marker"].sub("", text)) for label, text in src.notes.items()}
    )
    check_glyphs(src_path)
    out = out_dir / src.meta["file"]
    doc = ps.ReportDoc(str(out), src.meta, src.notes)
    flow, first = story(src)
    doc.pageTemplates.sort(key=lambda t: t.id != first)  # the first template is used on page 1
    doc.multiBuild(flow, canvasmaker=ps.NumberedCanvas)
    return out


def check_glyphs(path: Path) -> None:
    """Warn about characters that the Vera fonts cannot show."""
    face = pdfmetrics.getFont(ps.FONT).face
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        missing = sorted({ch for ch in line if ord(ch) > 126 and ord(ch) not in face.charToGlyph})
        if missing:
            print(
                f"{path}:{no}: warning: not in the Vera font: {' '.join(missing)}", file=sys.stderr
            )


def sources(src_dir: Path, only: list[str] | None) -> list[Path]:
    """The documents to build: --only names, else every .md with front matter (not FORMAT.md, _*.md)."""
    if only:
        return [src_dir / Path(n).name for n in only]
    return sorted(
        p
        for p in src_dir.glob("*.md")
        if p.name != "FORMAT.md"
        and not p.name.startswith("_")
        and p.read_text(encoding="utf-8").startswith("+++")
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=HERE / "src")
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--only", nargs="+", metavar="NAME.md")
    ap.add_argument(
        "--check", action="store_true", help="compare fresh builds with the committed PDFs"
    )
    args = ap.parse_args(argv)
    try:
        paths = sources(args.src, args.only)
        if not args.check:
            for p in paths:
                print(f"{p.name} -> {build_pdf(p, args.out)}")
            return 0
        bad = 0
        with tempfile.TemporaryDirectory() as tmp:
            for p in paths:
                fresh = build_pdf(p, Path(tmp))
                kept = args.out / fresh.name
                if not kept.exists() or not filecmp.cmp(fresh, kept, shallow=False):
                    bad += 1
                    print(
                        f"{'MISSING' if not kept.exists() else 'DIFFERS'}: {kept} (from {p.name})"
                    )
        print(f"{len(paths) - bad} of {len(paths)} PDFs up to date")
        return 1 if bad else 0
    except (SourceError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
