"""Build the demonstration corpus PDFs from corpus/src/*.md (format: corpus/src/FORMAT.md).

python corpus/build.py [--src DIR] [--out DIR] [--only NAME.md ...] [--check]
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdfstyle as ps  # noqa: E402
from mdsource import RE, SourceError, read_source  # noqa: E402
from pdfmarkup import inline  # noqa: E402
from pdfpages import NumberedCanvas, ReportDoc  # noqa: E402
from pdfstory import story  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402

HERE = Path(__file__).resolve().parent


def build_pdf(src_path: Path, out_dir: Path) -> Path:
    ps.register_fonts()
    src = read_source(src_path)
    src.notes.update(
        {label: inline(RE["marker"].sub("", text)) for label, text in src.notes.items()}
    )
    check_glyphs(src_path)
    out = out_dir / src.meta["file"]
    doc = ReportDoc(str(out), src.meta, src.notes)
    flow, first = story(src)
    doc.pageTemplates.sort(key=lambda t: t.id != first)  # the first template is used on page 1
    doc.multiBuild(flow, canvasmaker=NumberedCanvas)
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
