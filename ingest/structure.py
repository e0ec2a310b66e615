"""Recognise the structure of cleaned page text: headings, paragraphs, list items, table rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.types import Page, PageTable

HEADING_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+([A-ZÅÄÖÉ].{1,100})$")
# "12 § Justering av protokoll"; not "39 § gäller om ...", a sentence about a paragraph
HEADING_PARAGRAPH = re.compile(
    r"^(?:§\s*\d+[a-z]?|\d{1,3}\s?[a-z]?\s*§)(?:\s+[^a-zåäö\s].{0,90})?$"
)
# "Bilaga 2", "KAPITEL 9"; not "bilaga 7 till denna författning," which goes on a sentence
HEADING_NAMED = re.compile(
    r"^(?:Kapitel|Bilaga|Avsnitt|Del|Appendix|KAPITEL|BILAGA|AVSNITT|DEL|APPENDIX)\s+\d+\b.{0,90}$"
)
LIST_ITEM = re.compile(r"^(?:[•▪◦●➢\-–−*]|\d{1,2}[.)]|[a-z][.)])\s+\S")
_NUMERIC = re.compile(r"[-−–+]?[\d\s.,%]+(?:\s?(?:kr|mnkr|tkr|st|%|procent))?")
SENTENCE_END = re.compile(r"[.!?:;]\s*$")
# a footnote's first line: "1 Kommittédirektiven utgår från ...", "* Uppgift saknas"
NOTE = re.compile(r"^(?:\d{1,2}|[*†])\s+[A-ZÅÄÖa-zåäö(]")
_INNER_SENTENCE_END = re.compile(r"[a-zåäö]{2}[.!?]\s+\S")
# a line ending in one of these words goes on in the next line: prose, not a title; the second
# set also ends titles ("Vad välfärdsbokslutet pekar på"), so it counts only in long lines
_ENDS_UNFINISHED = re.compile(r"\b(och|samt|eller|att|som|de|den|det|en|ett|the|and|of)$", re.I)
_RUNS_ON = re.compile(r"\b(av|för|i|om|med|till|på|vid|från|enligt|to|in|for)$", re.I)
CLOSING_LINE_CHARS = 60  # a closing line of its own ("Artikel uppdaterad 2023-03-30") is short
RUN_ON_CHARS = 60  # a numbered line this long that goes on (lower case next) is an item or prose
CELL_LINE_CHARS = 40  # a line of words this short may name a cell or a group of rows
# the rest of a row's name on a line of its own: lower case, or a code in brackets
WRAPPED = re.compile(r"^[a-zåäö(]|\(\d[\d,\s]*\)$")
YEAR = re.compile(r"(?:19|20)\d\d")  # a header's year ("Utfall  2025"), no figure


@dataclass(frozen=True)
class RowRef:
    """A line that is row `index` of a ruled table found on its page."""

    table: PageTable
    index: int


@dataclass(frozen=True)
class Block:
    """A run of lines of one kind: heading, text, item or table."""

    kind: str
    lines: tuple[tuple[str, int], ...]  # (text, page number)
    level: int = 0
    rows: tuple[RowRef | None, ...] = ()  # a table's lines: the ruled-table row each one is
    gaps: tuple[bool, ...] = ()  # a table's lines: whether a blank line stands above each one

    @property
    def text(self) -> str:
        return "\n".join(t for t, _ in self.lines)

    @property
    def pages(self) -> tuple[int, int]:
        nums = [p for _, p in self.lines]
        return min(nums), max(nums)


def heading_level(line: str) -> int:
    """0 when the line is no heading; else 1 (chapter) .. 4, and 5 for § or short titles."""
    if "  " in line or len(line) > 110:
        return 0
    if HEADING_PARAGRAPH.match(line):
        return 5
    m = HEADING_NUMBERED.match(line)
    if m and not SENTENCE_END.search(line) and not re.search(r"\d{3,}", m.group(2)[:12]):
        first = int(m.group(1).split(".")[0])
        if first <= 40 and sum(c.isalpha() for c in m.group(2)) >= 3:
            return m.group(1).count(".") + 1
    if HEADING_NAMED.match(line) and not SENTENCE_END.search(line):
        return 1
    return 0


def is_table_row(line: str) -> bool:
    """Column gaps (kept as two spaces by cleaning) make a row; one gap in prose does not."""
    cells = cells_of(line)
    if len(cells) >= 3:
        return len(line) < 400
    return len(cells) == 2 and (len(line) < 60 or bool(_NUMERIC.fullmatch(cells[-1])))


def _runs_on(line: str, nxt: str) -> bool:
    """Whether a numbered line that looks like a heading is the start of a sentence or list item:
    "11. Användning av utrustning för brandsläckning och första hjälpen samt övriga åtgärder för
    första" + "hjälpen." is an item; "5 Målområde 1: En god start i livet och goda" +
    "uppväxtvillkor" is a title wrapped in two lines."""
    end = line.rstrip(" ,")
    if _INNER_SENTENCE_END.search(line) or _ENDS_UNFINISHED.search(end):
        return True
    if len(line) < RUN_ON_CHARS:  # "8.1 Vad områdesutveckling är", "11.2 Vad ... pekar på"
        return False
    goes_on = bool(nxt) and (nxt[0].islower() or nxt[0].isdigit())
    return goes_on or bool(_RUNS_ON.search(end))


def _is_short_title(line: str, prev: str, nxt: str, prev_alone: bool = False) -> bool:
    """A short capitalised line between finished text and a longer line: "Grannehörande".

    The line before counts as finished when it ends a sentence, or when it closed a paragraph of
    its own ("Artikel uppdaterad 2023-03-30" closing an article) and the text after the title
    starts a sentence."""
    words = line.split()
    return (
        0 < len(words) <= 8
        and len(line) <= 70
        and line[0].isupper()
        and not SENTENCE_END.search(line)
        and not line.endswith(",")
        and not _ENDS_UNFINISHED.search(line)
        and (
            not prev
            or bool(SENTENCE_END.search(prev))
            or (prev_alone and nxt[:1].isupper() and "," not in line)
        )
        and bool(nxt)
        and len(nxt) > len(line)
        and not is_table_row(nxt)
        and sum(c.isdigit() for c in line) <= 4
    )


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def row_refs(page: Page) -> dict[str, RowRef]:
    """The lines of a page's ruled tables, keyed by their text without whitespace."""
    refs = {}
    for table in page.tables:
        for index, row in enumerate(table.rows):
            refs.setdefault(_squeeze("".join(row)), RowRef(table, index))
    return refs


def blocks_of(pages: list[Page]) -> list[Block]:
    """Group the lines of all pages into blocks, in reading order, each line with its page."""
    lines = [(ln, p.number) for p in pages for ln in p.text.split("\n")]
    refs = {p.number: row_refs(p) for p in pages if p.tables}
    blocks: list[Block] = []
    current: list[tuple[str, int]] = []
    rows: list[RowRef | None] = []
    gaps: list[bool] = []  # a table's lines: whether a blank line stands above each one
    kind = ""

    def flush() -> None:
        nonlocal current, kind, rows, gaps
        if current:
            table = kind == "table"
            blocks.append(
                Block(kind, tuple(current), rows=tuple(rows) if table else (), gaps=tuple(gaps))
            )
        current, kind, rows, gaps = [], "", [], []

    for i, (line, page) in enumerate(lines):
        if not line:
            if kind != "table":
                flush()
            continue
        ref = refs.get(page, {}).get(_squeeze(line))
        if ref is not None:
            if kind != "table" or _new_table(rows, ref):
                flush()
                kind = "table"
            current.append((line, page))
            rows.append(ref)
            gaps.append(not lines[i - 1][0])
            continue
        prev = lines[i - 1][0] if i else ""
        # a paragraph of its own just before: one line, not a heading ("Artikel uppdaterad
        # 2023-03-30"), or two short lines ("Artikel inlagd 2018-01-31" + "Artikeln uppdaterad ...")
        start = i - len(current)
        prev_alone = (
            i >= 2
            and not lines[i - 2][0]
            and not (blocks and blocks[-1].kind == "heading" and not current)
        ) or (
            kind == "text"
            and len(current) == 2
            and start >= 1
            and not lines[start - 1][0]
            and all(len(t) <= CLOSING_LINE_CHARS for t, _ in current)
        )
        nxt = next((t for t, _ in lines[i + 1 : i + 3] if t), "")
        level = heading_level(line)
        if 1 <= level <= 4 and _runs_on(line, nxt):
            level = 0
        if not level and _is_short_title(line, prev, nxt, prev_alone) and kind != "table":
            level = 5
        if level:
            flush()
            blocks.append(Block("heading", ((line, page),), level))
        elif LIST_ITEM.match(line):
            flush()
            current, kind = [(line, page)], "item"
        elif is_table_row(line) or (
            kind == "table" and rows[-1] is None and _in_table(lines, i, current[-1][1])
        ):
            if kind != "table" or (rows and rows[-1] is not None):
                flush()
                kind = "table"
            current.append((line, page))
            rows.append(None)
            gaps.append(not lines[i - 1][0])
        else:
            if kind == "table":
                flush()
            if not kind:
                kind = "text"
            current.append((line, page))
    flush()
    return blocks


def _in_table(lines: list[tuple[str, int]], i: int, last_page: int) -> bool:
    """A short line of words inside a table read from spacing, on the page of its last row: the
    rest of a row's name ("(6152)", "bibliotek (6015, 6119)") directly under that row of
    figures, or the name of the rows below it ("Pågående projekt") directly over a row of
    figures."""
    line, page = lines[i]
    if page != last_page or len(line) > CELL_LINE_CHARS or SENTENCE_END.search(line):
        return False
    above = lines[i - 1][0] if i else ""
    if above and has_figures(above):
        return bool(WRAPPED.search(line))
    below, below_page = lines[i + 1] if i + 1 < len(lines) else ("", 0)
    return below_page == page and has_figures(below)


def has_figures(line: str) -> bool:
    """A table row with a figure (not a year) after its first cell."""
    cells = cells_of(line)
    return is_table_row(line) and any(
        _NUMERIC.fullmatch(c) and not YEAR.fullmatch(c) for c in cells[1:]
    )


def cells_of(line: str) -> tuple[str, ...]:
    """A line's cells: the runs of text that column gaps (two spaces or more) set apart."""
    return tuple(c.strip() for c in line.split("  ") if c.strip())


def _new_table(rows: list[RowRef | None], ref: RowRef) -> bool:
    """Whether a ruled table's line starts a table of its own rather than going on with the
    block: another table, or the same table's header repeated on the next page. A table that
    runs on over a page break without its header goes on with the block."""
    last = rows[-1] if rows else None
    if last is None or last.table is ref.table:
        return last is None and bool(rows)
    first = next(r for r in rows if r is not None)
    runs_on = ref.index == 0 and len(ref.table.rows[0]) == len(first.table.rows[0])
    header = first.table.rows[: first.table.header_rows]
    return not runs_on or ref.table.rows[: len(header)] == header
