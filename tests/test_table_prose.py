"""A table's lines of prose read as the sentences they are, on real PDFs nobody here wrote: the
lines of a ruled table's wide cell, justified prose whose wide gaps looked like columns, a line
spread a word a cell; while a table of figures, its header and its group rows stay a table."""

from __future__ import annotations

from functools import lru_cache

import pytest

from ingest.catalog import doc_meta
from ingest.chunk import chunk_document
from ingest.clean import clean_pages
from ingest.load import load_pdf
from ingest.structure import Block, blocks_of
from ingest.text.tables import prose_rows, read_prose, table_units
from ingest.text.units import Unit
from ingest.types import Chunk, Page
from tests.conftest import REALPDFS

pytestmark = pytest.mark.skipif(not REALPDFS.exists(), reason="../shared/realpdfs is absent")


@lru_cache(maxsize=4)
def chunks_of(name: str) -> tuple[Chunk, ...]:
    path = REALPDFS / name
    pages = clean_pages(load_pdf(path).pages)
    return tuple(chunk_document(doc_meta(path.name, None, "", pages), pages))


def units_starting(name: str, words: str) -> list[tuple[str, str, int]]:
    """(kind, text, page) of the units of a PDF whose text starts with `words`."""
    return [
        (u.kind, " ".join(c.text[u.start : u.end].split()), u.page)
        for c in chunks_of(name)
        for u in c.units
        if " ".join(c.text[u.start : u.end].split()).startswith(words)
    ]


def test_the_lines_of_a_ruled_tables_wide_cell_are_whole_sentences():
    """Simrishamn's 2025 report comments an activity in one wide cell of a ruled table; its lines
    were rows of their own, and the gaps put "livsv" and "illkor" in two columns."""
    found = units_starting("simrishamn_kfn_bokslut_2025.pdf", "Bokbussen har besökt")
    assert len(found) == 1, found
    kind, text, page = found[0]
    assert kind == "sentence" and page == 31
    assert "Borrby, Gärsnäs och Hammenhög och har även" in text
    assert text.endswith("Gärsnäs och Sankt Olof.")


def test_justified_prose_set_apart_as_a_table_joins_the_sentence_it_goes_on_from():
    """Dir. 2016:15 p. 4: a sentence listing a) to d), whose later lines were read as rows."""
    found = units_starting("regeringen_dir_2016_15_dataskyddsforordningen.pdf", "Från dataskydds")
    assert [k for k, _, _ in found] == ["sentence"], found
    text = found[0][1]
    for part in ("a) inte omfattas", "utrikes- och säkerhetspolitiken", "hushåll", "lagföra brott"):
        assert part in text, text
    assert text.endswith("allmän säkerhet.")


def test_a_footnote_is_not_joined_to_the_sentence_the_page_breaks_off():
    """Dir. 2016:15 p. 3 ends mid-sentence above a footnote: the footnote stays out of it."""
    found = units_starting("regeringen_dir_2016_15_dataskyddsforordningen.pdf", "Förordningen ska")
    assert found and all("Kommittédirektiven utgår" not in t for _, t, _ in found), found


def test_a_line_spread_a_word_a_cell_is_no_table_row():
    rows = [
        u.cells
        for c in chunks_of("regeringen_dir_2016_15_dataskyddsforordningen.pdf")
        for u in c.units
        if u.kind == "row" and "artikel" in u.cells and "i" in u.cells
    ]
    assert rows == []


def test_a_table_of_figures_keeps_its_rows_and_labels():
    """The bath statistics of the same report stay rows named by their columns, and the line
    of column names after a sentence that breaks off is not taken into that sentence."""
    found = units_starting("simrishamn_kfn_bokslut_2025.pdf", "Hammenhögsbadet 6 842")
    assert found and {k for k, _, _ in found} == {"row"}, found
    assert not units_starting("simrishamn_kfn_bokslut_2025.pdf", "Det innebär att antalet besök")[
        0
    ][1].endswith("Budget 2025")


def row(text: str, cells: tuple[str, ...], kind: str = "row") -> Unit:
    return Unit(text, 1, 1, "", kind, "\n", cells)


def test_which_rows_are_prose():
    units = [
        row("Kommundel  Kvinnor (%)  Män (%)", ("Kommundel", "Kvinnor (%)", "Män (%)"), "header"),
        row("Antal besökare", ("Antal besökare",)),  # a group's name stays in its table
        row("Sjöbo  52  77", ("Sjöbo", "52", "77")),
        row(
            "Projektet har genomförts under året och fokus har legat på",
            ("Projektet har genomförts under året och fokus har legat på",),
        ),
        row("olika aktiviteter  med målgruppen", ("olika aktiviteter", "med målgruppen")),
        row("Norrby  48  70", ("Norrby", "48", "70")),  # figures after a broken-off line
    ]
    assert prose_rows(units) == [False, False, False, True, True, False]


def test_a_header_over_prose_only_is_prose_and_joins_the_text_it_goes_on_from():
    before = Block("text", (("Uppdraget ska redovisas av", 4),))
    table = Block(
        "table",
        (
            ("medlemsstaterna  när de  utför", 4),
            ("aktiviteter  som  omfattas av den", 4),
            ("gemensamma  politiken.", 4),
        ),
        rows=(None, None, None),
    )
    after = Block("text", (("Nästa stycke börjar här.", 4),))
    out = read_prose([before, table, after])
    assert [b.kind for b in out] == ["text", "text"]
    assert out[0].lines[-1][0].startswith("gemensamma")
    on_next_page = Block("table", (("medlemsstaterna  när de  utför", 5),), rows=(None,))
    assert [b.kind for b in read_prose([before, on_next_page])] == ["text", "text"]
    assert read_prose([before, on_next_page])[0].lines == before.lines


def test_a_rows_name_wrapped_onto_a_line_of_its_own_stays_with_its_row():
    """Simrishamn's investments (p. 21): a project's number wraps below its name ("(6152)"),
    and "Pågående projekt" names the rows below it; the table is read whole, not in pieces
    whose first row would head the rest."""
    found = units_starting("simrishamn_kfn_bokslut_2025.pdf", "Tillgänglig hjärtstartare")
    assert found == [
        ("row", "Tillgänglig hjärtstartare 0,300 0,261 0,039 0,300 0,261 0,039 (6152)", 21)
    ]
    (chunk,) = [c for c in chunks_of("simrishamn_kfn_bokslut_2025.pdf") if "(6152)" in c.text]
    table = [u for u in chunk.units if u.kind in ("header", "row")]
    texts = [" ".join(chunk.text[u.start : u.end].split()) for u in table]
    assert texts[0].startswith("Kultur och fritidsnämnden Total") and table[0].kind == "header"
    assert "Pågående projekt" in texts and "(6014)" not in texts
    assert all(u.of == chunk.units.index(table[0]) for u in table[1:])
    # the header takes two lines whose names spacing alone cannot line up: no row is labelled
    assert not any(u.label for u in table)


def test_a_text_tables_wrapped_names_and_groups():
    block = Block(
        "table",
        (
            ("Projekt  Budget  Utfall", 3),
            ("Färdigställda", 3),
            ("Inventarier  0,800  0,617", 3),
            ("Tillgänglig  0,300  0,261", 3),
            ("hjärtstartare (6152)", 3),
            ("Pågående", 3),  # after a blank line: the name of the rows below
            ("Löparbana  2,400  0,010", 3),
        ),
        rows=(None,) * 7,
        gaps=(False, False, False, False, False, True, False),
    )
    units = list(table_units(block, ""))
    assert [u.kind for u in units] == ["header", "row", "row", "row", "row", "row"]
    assert units[3].text == "Tillgänglig  0,300  0,261\nhjärtstartare (6152)"
    assert units[3].cells == ("Tillgänglig hjärtstartare (6152)", "0,300", "0,261")
    assert (
        units[3].label
        == "Färdigställda – Tillgänglig hjärtstartare (6152): Budget 0,300, Utfall 0,261"
    )
    assert units[5].label == "Pågående – Löparbana: Budget 2,400, Utfall 0,010"
    assert units[4].cells == ("Pågående",) and not units[4].label


def test_a_line_outside_a_text_table_stays_out_of_it():
    """A title over another table (whose columns are years), a line on the next page, a line
    under a row of figures that is not the rest of its name, and a unit under the header do not
    join a table or name its rows."""

    def units(*pages: str) -> list[Unit]:
        blocks = read_prose(blocks_of([Page("f", n, t) for n, t in enumerate(pages, start=1)]))
        return [u for b in blocks if b.kind == "table" for u in table_units(b, "")]

    two = units(
        "Verksamhet  Budget  Utfall\nBibliotek  1 200  1 150\nBad  300  310\n\n"
        "Antal besökare per år\nAnläggning  2023  2024\nSimhallen  52 000  48 000"
    )
    assert [u.kind for u in two] == ["header", "row", "row", "header", "row"]
    assert not any("Antal besökare" in u.label or "Budget" in u.label for u in two[3:])
    broken = units("Verksamhet  Budget  Utfall\nBibliotek  1 200  1 150", "Kultur\nBad  300  310")
    assert not any("Kultur" in u.label for u in broken)
    skolor = units("Lokal  kWh  Antal\nVård  125  3\nSkolor 130\nSport  15  2")
    assert "Skolor 130" not in [u.cells[0] for u in skolor] and skolor[1].cells[0] == "Vård"
    tkr = units("Verksamhet  Budget  Utfall\n(tkr)\nBibliotek  1 200  1 150\nBad  300  310")
    assert tkr[-1].label == "Bad: Budget 300, Utfall 310"
