"""Structure-aware chunking: sections, whole sentences, table rows kept together, page spans kept."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ingest.structure import Block, blocks_of, sentence_spans
from ingest.types import Chunk, DocMeta, Page

MAX_CHARS = 1400  # about 300 e5 tokens of Swedish text
MIN_CHARS = 450
HARD_MAX_CHARS = 1900  # a single "sentence" longer than this is cut at word boundaries


@dataclass(frozen=True)
class Unit:
    """The smallest piece a chunk is made of: a sentence, a list item, a table row or a heading."""

    text: str
    page_start: int
    page_end: int
    section: str
    kind: str  # "sentence", "item", "row", "heading"
    joiner: str = " "  # what separates it from the unit before it in the chunk text


def chunk_document(meta: DocMeta, pages: list[Page]) -> list[Chunk]:
    """Cut one document's cleaned pages into chunks that stay inside sections where possible."""
    units = list(_units(blocks_of(pages)))
    groups = _merge_small(_pack(units))
    chunks, seen = [], set()
    for index, group in enumerate(groups):
        text = _text_of(group)
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
            )
        )
    return chunks


def _units(blocks: list[Block]):
    path: list[tuple[int, str]] = []
    for block in blocks:
        if block.kind == "heading":
            title = re.sub(r"\s+", " ", block.text).strip()
            path = [(lvl, t) for lvl, t in path if lvl < block.level] + [(block.level, title)]
            page = block.lines[0][1]
            yield Unit(title, page, page, _label(path), "heading", "\n")
            continue
        section = _label(path)
        if block.kind == "table":
            for line, page in block.lines:
                yield Unit(re.sub(r"\s{2,}", "  ", line), page, page, section, "row", "\n")
        elif block.kind == "item":
            yield from _sentences(block, section, first_joiner="\n", kind="item")
        else:
            yield from _sentences(block, section, first_joiner="\n", kind="sentence")


def _label(path: list[tuple[int, str]]) -> str:
    return " > ".join(t for _, t in path)


def _sentences(block: Block, section: str, first_joiner: str, kind: str):
    """Split a paragraph into sentences, each with the pages its characters come from."""
    flat, owners = "", []
    for line, page in block.lines:
        part = re.sub(r"\s+", " ", line).strip()
        if flat:
            flat += " "
            owners.append(page)
        flat += part
        owners.extend([page] * len(part))
    for n, (a, b) in enumerate(sentence_spans(flat)):
        for text, (sa, sb) in _cut_long(flat[a:b].strip(), a):
            pages = owners[sa:sb] or [block.lines[0][1]]
            joiner = first_joiner if n == 0 else " "
            yield Unit(
                text, min(pages), max(pages), section, kind if n == 0 else "sentence", joiner
            )


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


def _pack(units: list[Unit]) -> list[list[Unit]]:
    groups: list[list[Unit]] = []
    current: list[Unit] = []
    size = 0
    for unit in units:
        new_section = bool(current) and unit.kind == "heading"
        too_big = size + len(unit.text) > MAX_CHARS
        if current and ((new_section and size >= MIN_CHARS) or too_big):
            carried = []
            while current and current[-1].kind == "heading":  # never end on a heading
                carried.insert(0, current.pop())
            if current:
                groups.append(current)
            current, size = carried, sum(len(u.text) + 1 for u in carried)
        if not current and unit.kind == "row" and groups and groups[-1][-1].kind == "row":
            header = _table_header(groups[-1])
            if header:
                current, size = [header], len(header.text)
        current.append(unit)
        size += len(unit.text) + 1
    if current:
        groups.append(current)
    return groups


def _table_header(group: list[Unit]) -> Unit | None:
    """The first row of the table a group ends in, to repeat above the rows that follow."""
    rows = []
    for unit in reversed(group):
        if unit.kind != "row":
            break
        rows.append(unit)
    return rows[-1] if len(rows) >= 2 else None


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


def _text_of(group: list[Unit]) -> str:
    text = ""
    for unit in group:
        text += (unit.joiner if text else "") + unit.text
    return text.strip()


def _section_of(group: list[Unit]) -> str:
    for unit in group:
        if unit.kind != "heading" or unit is group[-1]:
            return unit.section
    return group[0].section
