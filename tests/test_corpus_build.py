"""The corpus PDF builder (corpus/build.py), checked on the real PDF output with pypdf."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "corpus"))
import build  # noqa: E402
from qacheck import normalise, page_texts  # noqa: E402

SAMPLE = ROOT / "tests" / "data" / "sample_src.md"
HEADER = "Provdokument – löpande sidhuvud"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    return build.build_pdf(SAMPLE, tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def pages(pdf) -> list[str]:
    return page_texts(pdf)


def page_of(pages: list[str], text: str) -> list[int]:
    """1-based numbers of the pages whose text holds text (whitespace and case ignored)."""
    return [n for n, t in enumerate(pages, 1) if normalise(text) in normalise(t)]


def toc_headings() -> list[str]:
    return [
        m.group(1).strip()
        for m in re.finditer(r"^#{1,2} (.+)$", SAMPLE.read_text(encoding="utf-8"), re.M)
    ]


def test_page_count_and_title_page(pages):
    assert len(pages) > 3
    assert page_of(pages, "Provdokument för Socialt hållbart Borås")[0] == 1
    assert 1 in page_of(pages, "Demonstrationsdokument. Texten är påhittad")
    assert "Sida" not in pages[0] and HEADER not in pages[0]


def test_footer_and_running_header_on_every_other_page(pages):
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        lines = text.strip().splitlines()
        assert lines[-1].strip() == f"Sida {number} av {total}", number
        assert lines[0].strip() == HEADER, number


def test_toc_page_numbers_point_at_the_headings(pages):
    toc_page = page_of(pages, "Innehåll")[0]
    toc = normalise(pages[toc_page - 1])
    for heading in toc_headings():
        m = re.search(re.escape(normalise(heading)) + r" (\d+)\b", toc)
        assert m, f"{heading!r} not in the TOC"
        target = int(m.group(1))
        assert target != toc_page and target in page_of(pages, heading), heading
    assert "underrubrik på tredje nivån" not in toc  # ### headings stay out


def test_table_header_repeats_on_every_page_of_the_table(pages):
    rows = [n for n, t in enumerate(pages, 1) if re.search(r"Område \d\d ", t)]
    assert page_of(pages, "Område 01 Norrby") != page_of(pages, "Område 60 Sandared")
    assert len(set(rows)) >= 2
    for n in set(rows):
        assert "Kommentar" in pages[n - 1] and "Invånare" in pages[n - 1], n
    assert page_of(pages, "Tabell 1. Invånare per område") == page_of(pages, "Område 01 Norrby")


def test_footnote_on_the_page_of_its_marker(pages):
    marker_page = page_of(pages, "social hållbarhet i alla förvaltningar1")
    assert len(marker_page) == 1
    assert page_of(pages, "1 Fotnot: Se kommunfullmäktiges beslut") == marker_page
    assert (
        page_of(pages, "Målbild för Socialt hållbart Borås & <bilaga>.") == marker_page
    )  # inline markup
    assert "[^1]" not in "".join(pages)


def test_swedish_letters_and_markup(pages):
    text = "".join(pages)
    assert "å ä ö Å Ä Ö samt &, < och >" in text
    assert "**" not in text and "<b>" not in text and "<!--" not in text


def test_pagebreak_and_two_columns(pdf, pages):
    number = page_of(pages, "3.1 Vänster spalt")[-1]
    assert pages[number - 1].strip().splitlines()[1] == "3 Tvåspaltigt avsnitt"  # new page
    xs: dict[str, list[float]] = {"left": [], "right": []}

    def visit(text, cm, tm, font, size):
        if text.startswith("Spalttext"):
            xs["left"].append(tm[4] + cm[4])
        elif text.startswith("Mer spalttext"):
            xs["right"].append(tm[4] + cm[4])

    PdfReader(pdf).pages[number - 1].extract_text(visitor_text=visit)
    assert xs["left"] and xs["right"] and max(xs["left"]) + 150 < min(xs["right"])
    assert page_of(pages, "Bilaga 1 Ordlista")[-1] > number


def test_fonts_embedded_and_metadata(pdf):
    reader = PdfReader(pdf)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert "Vera" in name and "/FontFile2" in font["/FontDescriptor"], name
    assert reader.metadata.title == "Provdokument för Socialt hållbart Borås"
    assert reader.metadata.author == "Borås Stad, Kommunstyrelsen"
    assert reader.metadata.subject == "Testunderlag för byggverktyget"


def test_builds_are_byte_identical(pdf, tmp_path):
    again = build.build_pdf(SAMPLE, tmp_path)
    assert again.read_bytes() == pdf.read_bytes()
    other = tmp_path / "cli"
    other.mkdir()
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "corpus" / "build.py"),
            "--src",
            str(SAMPLE.parent),
            "--out",
            str(other),
            "--only",
            SAMPLE.name,
        ],
        check=True,
        capture_output=True,
    )
    assert (other / pdf.name).read_bytes() == pdf.read_bytes()


def test_check_mode(tmp_path):
    args = ["--src", str(SAMPLE.parent), "--out", str(tmp_path), "--only", SAMPLE.name]
    assert build.main(args + ["--check"]) == 1  # missing
    assert build.main(args) == 0
    assert build.main(args + ["--check"]) == 0
    out = tmp_path / "sample.pdf"
    out.write_bytes(out.read_bytes() + b"\n")
    assert build.main(args + ["--check"]) == 1  # stale


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("+++\ntitle = 'x'\nfile = \n+++\n", 3, "front matter"),
        (
            "+++\nfile='a.pdf'\ntitle='T'\npublisher='P'\ndate='D'\nrunning_header='R'\n+++\n\n::: note\nx\n:::\n",
            9,
            "unknown block",
        ),
        (
            "+++\nfile='a.pdf'\ntitle='T'\npublisher='P'\ndate='D'\nrunning_header='R'\n+++\n\n<!-- colums 2 -->\n",
            9,
            "unknown directive",
        ),
        ("+++\nfile='a.pdf'\ntitle='T'\npublisher='P'\ndate='D'\n+++\n", 1, "running_header"),
        (
            "+++\nfile='a.pdf'\ntitle='T'\npublisher='P'\ndate='D'\nrunning_header='R'\n+++\n\nText[^9].\n",
            9,
            "[^9]",
        ),
    ],
)
def test_errors_name_file_and_line(tmp_path, text, line, words):
    src = tmp_path / "bad.md"
    src.write_text(text, encoding="utf-8")
    with pytest.raises(build.SourceError) as err:
        build.build_pdf(src, tmp_path)
    assert f"bad.md:{line}:" in str(err.value) and words in str(err.value)


CORPUS_SOURCES = build.sources(ROOT / "corpus" / "src", None)


@pytest.mark.parametrize("src", CORPUS_SOURCES, ids=[p.name for p in CORPUS_SOURCES])
def test_committed_corpus_pdf_matches_its_source(src, tmp_path):
    fresh = build.build_pdf(src, tmp_path)
    committed = ROOT / "corpus" / fresh.name
    assert committed.exists(), f"{committed} is missing: run python corpus/build.py"
    assert committed.read_bytes() == fresh.read_bytes(), (
        f"{committed} is stale: run python corpus/build.py"
    )
