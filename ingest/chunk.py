"""Structure-aware chunking: sections, whole sentences, table rows kept together, page spans kept."""

from __future__ import annotations

import hashlib
import re

from ingest.structure import NOTE, Block, blocks_of
from ingest.text.sentences import sentence_spans
from ingest.text.tables import read_prose, table_units
from ingest.text.units import Unit, assemble
from ingest.types import Chunk, DocMeta, Page

MAX_CHARS = 1400  # about 300 e5 tokens of Swedish text
MIN_CHARS = 450
HARD_MAX_CHARS = 1900  # a single "sentence" longer than this is cut at word boundaries
MAX_NOTE_CHARS = 600  # a footnote is kept as one unit up to this length
# "Tabell 3. Rubrik", "Figur 2: ..."; not "Tabell 5 visar att ...", a sentence about the table
CAPTION = re.compile(
    r"^(?:Tabell|Tab\.|Table|Figur|Fig\.|Figure|Diagram|Bild|Karta)\s+\d+[a-z]?"
    r"(?:[.:]\s|\s+[A-ZÅÄÖ(]|$)"
)
SOURCE = re.compile(r"^(?:Källa|Källor|Source|Sources)\s*:")
_KEEP_WITH_NEXT = ("heading", "caption", "header")  # a chunk never ends on these


def chunk_document(meta: DocMeta, pages: list[Page]) -> list[Chunk]:
    """Cut one document's cleaned pages into chunks that stay inside sections where possible."""
    units = list(_units(read_prose(blocks_of(pages))))
    groups = _merge_small(_pack(units))
    chunks, seen = [], set()
    for index, group in enumerate(groups):
        text, text_units = assemble(group)
        start, end = min(u.page_start for u in group), max(u.page_end for u in group)
        cid = hashlib.sha256(f"{meta.doc_id}|{start}|{end}|{text}".encode()).hexdigest()[:24]
        while cid in seen:
            cid = hashlib.sha256(f"{cid}|dup".encode()).hexdigest()[:24]
        seen.add(cid)
        chunks.append(
            Chunk(
                id=cid,
                doc_id=meta.doc_id,
                file=meta.file,
                title=meta.title,
                text=text,
                page_start=start,
                page_end=end,
                section=_section_of(group),
                chunk_index=index,
                doc_type=meta.doc_type,
                year=meta.year,
                series=meta.series,
                units=text_units,
            )
        )
    return chunks


def _units(blocks: list[Block]):
    path: list[tuple[int, str]] = []
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            title = re.sub(r"\s+", " ", block.text).strip()
            path = [(lvl, t) for lvl, t in path if lvl < block.level] + [(block.level, title)]
            page = block.lines[0][1]
            yield Unit(title, page, page, _label(path), "heading", "\n")
            continue
        section = _label(path)
        first = block.lines[0][0]
        if block.kind == "table":
            yield from table_units(block, section)
        elif block.kind == "item":
            yield from _sentences(block, section, kind="item")
        elif CAPTION.match(first) and len(block.lines) <= 4:
            yield _whole(block, section, "caption")
        elif SOURCE.match(first) and len(block.lines) <= 4:
            yield _whole(block, section, "caption", follows="table")
        elif NOTE.match(first) and _ends_page(blocks, i) and len(block.text) <= MAX_NOTE_CHARS:
            yield from _notes(block, section)
        else:
            yield from _sentences(block, section, kind="sentence")


def _label(path: list[tuple[int, str]]) -> str:
    return " > ".join(t for _, t in path)


def _ends_page(blocks: list[Block], i: int) -> bool:
    """Whether only footnote-like blocks follow this one on its page (a page's foot)."""
    page = blocks[i].lines[-1][1]
    for block in blocks[i + 1 :]:
        if block.lines[0][1] != page:
            return True
        if block.kind != "text" or not NOTE.match(block.lines[0][0]):
            return False
    return True


def _whole(block: Block, section: str, kind: str, follows: str = "") -> Unit:
    start, end = block.pages
    text = re.sub(r"\s+", " ", block.text).strip()
    return Unit(text, start, end, section, kind, "\n", follows=follows)


def _notes(block: Block, section: str):
    """One unit per footnote: a new one starts at each line that opens with a marker."""
    notes: list[list[tuple[str, int]]] = []
    for line, page in block.lines:
        if NOTE.match(line) or not notes:
            notes.append([])
        notes[-1].append((line, page))
    for lines in notes:
        yield _whole(Block("text", tuple(lines)), section, "note")


def _sentences(block: Block, section: str, kind: str):
    """Split a paragraph into sentences, each with the pages its characters come from."""
    flat, owners = "", []
    for line, page in block.lines:
        part = re.sub(r"\s+", " ", line).strip()
        if flat:
            flat += " "
            owners.append(page)
        flat += part
        owners.extend([page] * len(part))
    follows = "item" if kind == "item" else ""
    for n, (a, b) in enumerate(_marker_joined(flat, sentence_spans(flat))):
        for m, (text, (sa, sb)) in enumerate(_cut_long(flat[a:b].strip(), a)):
            for k, (piece, page) in enumerate(_by_page(text, owners[sa:sb], block.lines[0][1])):
                first = n == 0 and m == 0 and k == 0
                yield Unit(
                    piece,
                    page,
                    page,
                    section,
                    kind if first else "sentence",
                    "\n" if n == 0 and k == 0 else " ",
                    follows="" if first else follows,
                    goes_on=k > 0,
                )


def _by_page(text: str, owners: list[int], page: int) -> list[tuple[str, int]]:
    """A sentence cut where a page ends: a quote is cited from one page, so a sentence that
    runs over a page break ("Artikel uppdaterad 2023-04-27" at one page's foot, "Nybyggnadskarta
    2 år är den giltig." atop the next) is two units, each on its page."""
    if len(owners) != len(text) or min(owners) == max(owners):
        return [(text, min(owners, default=page))]
    pieces, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or owners[i] != owners[start]:
            piece = text[start:i].strip()
            if piece:
                pieces.append((piece, owners[start]))
            start = i
    return pieces


def _marker_joined(flat: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A list item's number ("1.") is no sentence of its own: it goes with the one after it."""
    if len(spans) >= 2 and re.fullmatch(r"\d{1,2}\.|[a-z]\.", flat[slice(*spans[0])].strip()):
        return [(spans[0][0], spans[1][1]), *spans[2:]]
    return spans


def _cut_long(text: str, offset: int):
    if len(text) <= HARD_MAX_CHARS:
        yield text, (offset, offset + len(text))
        return
    start = 0
    while start < len(text):
        end = min(len(text), start + MAX_CHARS)
        if end < len(text):
            end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
        yield text[start:end].strip(), (offset + start, offset + end)
        start = end + 1


def _size(unit: Unit) -> int:
    """What a unit adds to the chunk's text. A labelled row is embedded as its label, often
    longer; packing by the labels' length cut tables into more chunks and parted rows from the
    text around them (demo_dev5 fact recall 0.94 -> 0.87). The embedder reads a text past its
    512 tokens in windows, so the longer embedded text is read whole."""
    return len(unit.text) + 1


def _pack(units: list[Unit]) -> list[list[Unit]]:
    groups: list[list[Unit]] = []
    current: list[Unit] = []
    size = 0
    for i, unit in enumerate(units):
        if unit.goes_on and current:  # a sentence's pieces stay together, packed as one
            current.append(unit)
            size += _size(unit)
            continue
        new_section = bool(current) and unit.kind == "heading"
        whole = _size(unit) + sum(_size(u) for u in _rest_of(units, i))
        too_big = size + whole - 1 > MAX_CHARS
        if unit.follows == "table" and current and current[-1].kind == "row":
            too_big = size + _size(unit) > MAX_CHARS * 1.2  # a source line stays with its table
        if current and ((new_section and size >= MIN_CHARS) or too_big):
            carried = []
            while current and _keeps_with_next(current[-1]):  # never end on a heading
                carried.insert(0, current.pop())
            if current:
                groups.append(current)
            current, size = carried, sum(_size(u) for u in carried)
        if not current and unit.kind == "row" and groups and groups[-1][-1].kind == "row":
            header = _table_header(groups[-1])
            if header:
                current, size = [header], _size(header)
        current.append(unit)
        size += _size(unit)
    if current:
        groups.append(current)
    return groups


def _rest_of(units: list[Unit], i: int) -> list[Unit]:
    """The pieces after units[i] of the sentence it opens (it runs over a page break)."""
    end = i + 1
    while end < len(units) and units[end].goes_on:
        end += 1
    return units[i + 1 : end]


def _keeps_with_next(unit: Unit) -> bool:
    return unit.kind in _KEEP_WITH_NEXT and unit.follows != "table"  # a source line ends a table


def _table_header(group: list[Unit]) -> Unit | None:
    """The header of the table a group ends in, to repeat above the rows that follow."""
    for unit in reversed(group):
        if unit.kind == "header":
            return unit
        if unit.kind != "row":
            return None
    return None


def _merge_small(groups: list[list[Unit]]) -> list[list[Unit]]:
    out: list[list[Unit]] = []
    for group in groups:
        size = sum(len(u.text) for u in group)
        if out and size < MIN_CHARS // 3:
            prev = out[-1]
            if sum(len(u.text) for u in prev) + size <= MAX_CHARS * 1.2:
                out[-1] = prev + group
                continue
        out.append(group)
    return out


def _section_of(group: list[Unit]) -> str:
    for unit in group:
        if unit.kind != "heading" or unit is group[-1]:
            return unit.section
    return group[0].section
