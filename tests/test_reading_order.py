"""Reading order: columns are read one after the other; a page in one column reads exactly as
pypdf's layout mode reads it, on the demonstration corpus and on every real PDF."""

from __future__ import annotations

import logging
import re
import warnings
from collections import Counter
from pathlib import Path

import pypdf
import pytest

from ingest.catalog import doc_meta
from ingest.chunk import chunk_document
from ingest.clean import clean_pages
from ingest.load import load_pdf
from ingest.pdf.columns import find_region
from ingest.pdf.page import page_text
from ingest.pdf.positions import read_positions
from tests.conftest import CORPUS, REALPDFS, REALPDFS_MORE


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def census(paths: list[Path]) -> tuple[Counter, Counter, list[str]]:
    """Pages read in columns and ruled tables found, per file; pages in one column whose text
    differs from layout mode (there should be none)."""
    columns, tables, wrong = Counter(), Counter(), []
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    for path in paths:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted:
            reader.decrypt("")
        for number, page in enumerate(reader.pages, start=1):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                layout = page.extract_text(extraction_mode="layout")
                read = page_text(page)
            if read is None:
                assert not layout.strip(), (path.name, number)
                continue
            text, found = read
            tables[path.name] += len(found)
            if found:
                continue
            pos = read_positions(page)
            if find_region(list(pos.lines), pos.char_width) is not None:
                columns[path.name] += 1
                assert flat(text) != flat(layout)
            elif text != layout:
                wrong.append(f"{path.name} p{number}")
    return columns, tables, wrong


def test_the_two_column_page_of_the_demo_corpus_reads_column_by_column():
    path = CORPUS / "valfardsbokslut-2021.pdf"
    loaded = load_pdf(path)
    pages = clean_pages(loaded.pages)
    chunks = chunk_document(doc_meta(path.name, None, "", pages), pages)
    texts = [flat(c.text) for c in chunks if c.page_start <= 6 <= c.page_end]
    whole = "Kvinnor har oftare eftergymnasial utbildning än män, men känner sig i mindre"
    assert any(whole in t for t in texts), texts
    every = " ".join(flat(c.text) for c in chunks)
    assert "Välfärdsbokslut 2021 blev klart i juni 2021. Den övergripande" in every
    assert "blev klart i juni Kvinnor har oftare" not in every
    assert "Män har oftare riskabla pekar många" not in every


def test_the_demo_corpus_has_one_page_in_columns_and_its_ruled_tables():
    columns, tables, wrong = census(sorted(CORPUS.glob("*.pdf")))
    assert not wrong, wrong
    assert columns == Counter({"valfardsbokslut-2021.pdf": 1})
    # a table split by a page break is found on each page
    assert tables["valfardsbokslut-2021.pdf"] == 11 and sum(tables.values()) == 41


@pytest.mark.integration
@pytest.mark.skipif(not REALPDFS.exists(), reason="../shared/realpdfs is absent")
def test_pages_in_one_column_of_the_six_real_pdfs_read_as_before():
    columns, tables, wrong = census(sorted(REALPDFS.glob("*.pdf")))
    assert not wrong, wrong
    assert not columns
    assert tables["simrishamn_kfn_bokslut_2025.pdf"] >= 10


@pytest.mark.skipif(not REALPDFS.exists(), reason="../shared/realpdfs is absent")
def test_rules_that_enclose_no_table_leave_the_page_as_layout_mode_reads_it():
    """Simrishamn p. 35 rules a band under each group's name ("Antal besökare") of three tables
    with prose between them: the rules are not one table, and the prose stays whole."""
    reader = pypdf.PdfReader(REALPDFS / "simrishamn_kfn_bokslut_2025.pdf")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text, _ = page_text(reader.pages[34])
    lines = [flat(ln) for ln in text.split("\n") if ln.strip()]
    at = lines.index("Tobisviksbadet Stängt 22 898 23 902 22 000")
    assert lines[at - 3].startswith("Statistik Bokslut 2023") and lines[at - 2] == "Antal besökare"
    whole = flat(text)
    assert "legat på samma nivå under de senaste tre åren. Anläggningar samt" in whole
    assert "ökning av antalet besökare jämfört med tidigare år." in whole
    assert "Antal besökare Antal bibliotekslån åren." not in whole


@pytest.mark.slow
@pytest.mark.skipif(not REALPDFS_MORE.exists(), reason="../shared/realpdfs_more is absent")
def test_pages_in_one_column_of_the_larger_set_read_as_before():
    columns, tables, wrong = census(sorted(REALPDFS_MORE.glob("*.pdf")))
    assert not wrong, wrong
    # propositions set the current and the proposed wording of a law side by side
    assert set(columns) == {
        "regeringen_prop-2008-09-159-elektronisk-kommunikation.pdf",
        "regeringen_prop-2008-09-5-byggplatsdirektiv.pdf",
        "regeringen_prop-2012-13-182-internationell-delgivning.pdf",
    }
    assert sum(columns.values()) == 36
    assert tables["arbetsmiljoverket_afs-2023-14-gransvarden.pdf"] >= 35
