"""Tables and units on the demonstration corpus: every row of every table in corpus/src is indexed
with its column headers, keeps its cells verbatim, and can be quoted from its page."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from ingest import store
from ingest.catalog import doc_meta
from ingest.chunk import chunk_document
from ingest.clean import clean_pages
from ingest.load import load_pdf, page_text_of
from ingest.text.labels import row_label
from ingest.types import Chunk, Page, TextUnit
from tests.conftest import CORPUS

SRC = CORPUS / "src"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=1)
def demo() -> dict[str, tuple[list[Page], list[Chunk]]]:
    out = {}
    for path in sorted(CORPUS.glob("*.pdf")):
        loaded = load_pdf(path)
        pages = clean_pages(loaded.pages)
        out[path.name] = pages, chunk_document(doc_meta(path.name, None, "", pages), pages)
    return out


def source_tables() -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    """(pdf file, header, body rows) of every pipe table in the corpus sources."""
    tables = []
    for md in sorted(SRC.glob("*.md")):
        text = md.read_text(encoding="utf-8")
        if md.name == "FORMAT.md" or not text.startswith("+++"):
            continue
        pdf = re.search(r'^file = "([^"]+)"', text, re.M).group(1)
        for block in re.findall(r"(?:^\|.*\n)+", text, re.M):
            rows = [
                tuple(c.strip() for c in ln.strip().strip("|").split("|"))
                for ln in block.splitlines()
            ]
            tables.append((pdf, rows[0], rows[2:]))
    return tables


def row_units(chunks: list[Chunk]):
    for chunk in chunks:
        for unit in chunk.units:
            if unit.kind == "row":
                yield chunk, unit


def test_the_sources_hold_the_tables_counted():
    assert len(source_tables()) == 34
    assert sum(len(rows) for _, _, rows in source_tables()) == 320


def test_every_source_table_row_is_indexed_with_its_column_headers():
    missing = []
    for pdf, header, rows in source_tables():
        units = list(row_units(demo()[pdf][1]))
        for row in rows:
            found = [(c, u) for c, u in units if u.cells == row]
            if not found:
                missing.append((pdf, row))
                continue
            chunk, unit = found[0]
            assert unit.label == row_label(header, row), (pdf, row, unit.label)
            indexed = chunk.labelled_text()
            assert unit.label in indexed and unit.label in chunk.embed_text()
            names = [re.sub(r"\s*\(%\)$", "", h) for h in header]
            numbers = [n for n, c in zip(names, row, strict=True) if re.fullmatch(r"[\d ,.]+", c)]
            assert all(n in unit.label for n in numbers if n), (unit.label, header)
            cells = [re.sub(r"\s*\(%\)$", "", c) for c in row]  # the unit moves to the values
            assert all(c in unit.label for c in cells), (unit.label, row)
            head = chunk.units[unit.of]
            assert head.kind == "header" and head.cells == header, (pdf, row, head)
    assert not missing, missing[:5]


def test_a_row_reads_as_the_issue_asks():
    chunks = demo()["valfardsbokslut-2021.pdf"][1]
    labels = {u.label for _, u in row_units(chunks)}
    assert (
        "Fristad – Eftergymnasial utbildning 25–64 år: Kvinnor 38 %, Män 25 %, Totalt 32 %"
        in labels
    )
    assert "Sandhult: 2016 (%) 2,7" not in labels
    assert "Sandhult: 2016 2,7 %, 2018 2,8 %, 2020 2,9 %" in labels


def test_captions_and_source_lines_are_units_of_their_own():
    chunks = demo()["malomradesuppfoljning-2023.pdf"][1]
    units = [(c, u) for c in chunks for u in c.units]
    captions = [c.text[u.start : u.end] for c, u in units if u.kind == "caption"]
    assert "Tabell 15. Samlad bedömning per målområde" in captions
    source = next(
        (c, u) for c, u in units if c.text[u.start : u.end].startswith("Källa: Sammanvägd")
    )
    chunk, unit = source
    assert unit.kind == "caption" and chunk.units[unit.of].kind == "caption"
    assert chunk.text[chunk.units[unit.of].start :].startswith("Tabell 15.")
    header = next(u for u in chunk.units if u.kind == "header")
    assert chunk.units[header.of].kind == "caption"


def test_units_cover_every_character_once_in_order():
    for _pages, chunks in demo().values():
        for chunk in chunks:
            covered = [0] * len(chunk.text)
            last = 0
            for i, unit in enumerate(chunk.units):
                assert last <= unit.start < unit.end <= len(chunk.text), (chunk.id, unit)
                assert unit.of < len(chunk.units) and unit.of != i
                assert chunk.page_start <= unit.page <= chunk.page_end
                for k in range(unit.start, unit.end):
                    covered[k] += 1
                last = unit.end
            stray = [
                ch for ch, n in zip(chunk.text, covered, strict=True) if not ch.isspace() and n != 1
            ]
            assert not stray, (chunk.id, chunk.text[:80])


def test_unit_kinds_and_links_make_sense():
    kinds: dict[str, int] = {}
    for _pages, chunks in demo().values():
        for chunk in chunks:
            for unit in chunk.units:
                kinds[unit.kind] = kinds.get(unit.kind, 0) + 1
                target = chunk.units[unit.of].kind if unit.of >= 0 else None
                allowed = {
                    "item": {"sentence", None},
                    "row": {"header", None},
                    "header": {"caption", None},
                    "heading": {None},
                    "note": {None},
                }
                if unit.kind in allowed:
                    assert target in allowed[unit.kind], (chunk.id, unit)
    assert set(kinds) == {"heading", "sentence", "item", "row", "header", "caption", "note"}
    notes = [
        c.text[u.start : u.end]
        for c in demo()["valfardsbokslut-2021.pdf"][1]
        for u in c.units
        if u.kind == "note"
    ]
    assert any(n.startswith("3 Enligt norm 2") for n in notes), notes


def test_every_row_can_be_quoted_from_its_page_as_ingested_and_as_read_afresh():
    for name, (pages, chunks) in demo().items():
        by_number = {p.number: squash(p.text) for p in pages}
        for chunk, unit in row_units(chunks):
            quote = squash(chunk.text[unit.start : unit.end])
            assert quote in by_number[unit.page], (name, unit.page, quote)
    fresh = squash(page_text_of(CORPUS / "valfardsbokslut-2021.pdf", 16))
    assert "fristad eftergymnasial utbildning 25–64 år 38 25 32" in fresh


def test_units_survive_the_build_files(tmp_path: Path):
    chunks = demo()["valfardsbokslut-2021.pdf"][1]
    import numpy as np

    store.write_chunks(tmp_path, chunks, np.zeros((len(chunks), 2)))
    back = store.read_chunks(tmp_path)
    assert back == chunks
    assert all(
        isinstance(u, TextUnit) and isinstance(u.cells, tuple) for c in back for u in c.units
    )
    record = json.loads((tmp_path / "chunks.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert record["units"][0]["kind"] and "units" not in back[0].metadata()


def test_a_table_answer_cites_its_rows_under_their_header_row(assistant):
    """The lead of a question a table answers is rows under the header row, and each row's
    citation carries the header's and the row's cells for showing as a small table."""
    answer = assistant.ask("Har kvinnor oftare eftergymnasial utbildning än män?")
    tables = [c.table for c in answer.citations if c.table]
    assert tables, answer.text
    for table in tables:
        assert table[0][:3] == ("Kommundel", "Indikator", "Kvinnor (%)"), table[0]
    rows = [row for table in tables for row in table[1:]]
    assert any(row[1] == "Eftergymnasial utbildning 25–64 år" for row in rows), rows
    assert "| Kvinnor (%) | Män (%) |" in answer.lead
