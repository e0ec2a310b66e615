"""Pure text repair of extracted pages: characters, running headers and footers, hyphenation."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ingest.structure import cells_of
from ingest.types import Page, PageTable

_CHAR_FIXES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",
    "\ufeff": "",
    "\t": "  ",
    "\r": "",
    # Symbol/Wingdings glyphs that pypdf leaves in the Private Use Area (Word bullets, Greek)
    "\uf020": " ",
    "\uf02d": "−",
    "\uf061": "α",
    "\uf062": "β",
    "\uf06d": "μ",
    "\uf074": "τ",
    "\uf0a7": "▪",
    "\uf0b0": "°",
    "\uf0b1": "±",
    "\uf0b7": "•",
    "\uf0d8": "➢",
}
_CHAR_RE = re.compile("|".join(map(re.escape, _CHAR_FIXES)))
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # fonts with custom encodings emit these
_PAGE_NUMBER = re.compile(
    r"^(?:sida|sid|page|s\.)?\s*\(?\d{1,4}\)?\s*(?:(?:av|of|/|\()\s*\d{1,4}\)?)?$", re.I
)
# what a running header in the margin looks like once digits are '#': "Prop. 2012/13:187",
# "KIFS 2022:3", "SCB-FS 2025:19", "Sid 14 (36)"; table headers and side headings do not match
_DESIGNATION = re.compile(r"^(?:[a-zåäö]{1,6}-)?[a-zåäö]{2,5}\.? ?#(?:[/:]#)*(?: \(#\))?$")
_SUSPENDED = {"och", "eller", "samt", "resp", "respektive", "till", "som", "och/eller"}
EDGE_LINES = 4
# anchored at a word start, so a long run of letters is scanned once, not from every position
_HYPHEN = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,})-\n([a-zåäöéü][^\W\d_]*) ?")


# layout mode spreads a date's parts like table columns: "2018-  06-  20" is "2018-06-20"
_SPLIT_DATE = re.compile(r"(?<=\d\d)- +(?=\d)")


def clean_pages(pages: list[Page] | tuple[Page, ...]) -> list[Page]:
    """Return pages with repaired characters, no running headers/footers, words re-joined."""
    lines_per_page = [_drop_raised_markers(_normalise_lines(p.text)) for p in pages]
    repeated = _keys_on_many_pages(lines_per_page, _edge_line_keys)
    margins = _margin_cells(lines_per_page)
    out = []
    for page, lines in zip(pages, lines_per_page, strict=True):
        # justified prose is joined only now: its wide gaps also set a margin header apart
        kept = [
            ln.replace("  ", " ") if _justified(ln) else ln
            for ln in _drop_edges(lines, repeated, margins)
        ]
        text = _join_hyphenated("\n".join(kept))
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        out.append(replace(page, text=text, tables=tuple(map(_clean_table, page.tables))))
    return out


def running_lines(pages: list[Page] | tuple[Page, ...]) -> list[str]:
    """The running headers and footers `clean_pages` drops, once each: words of the document
    that stand in no chunk ("Bygglovsenhetens Stödprocess" over every page of a guide)."""
    lines_per_page = [_drop_raised_markers(_normalise_lines(p.text)) for p in pages]
    repeated = _keys_on_many_pages(lines_per_page, _edge_line_keys)
    found: dict[str, str] = {}
    for lines in lines_per_page:
        for i in _edge_indices(lines):
            key = _key(lines[i])
            if key in repeated and key not in found and not _PAGE_NUMBER.match(lines[i]):
                found[key] = re.sub(r"\s+", " ", lines[i]).strip()
    return list(found.values())


def _clean_table(table: PageTable) -> PageTable:
    """A ruled table's cells repaired as the lines of the page are, so that they stay its text."""
    rows = tuple(tuple(_normalise_lines(c)[0] if c else c for c in row) for row in table.rows)
    return replace(table, rows=rows)


def normalise_chars(text: str) -> str:
    return _CONTROL.sub(" ", _CHAR_RE.sub(lambda m: _CHAR_FIXES[m.group(0)], text))


# a footnote marker set on the line is read glued to its word ("föreskriver1 följande",
# "statistikområden1."): the word is then no word of the index; it stands apart, as a marker
_GLUED_MARKER = re.compile(r"(?<=[a-zåäöé]{3})(\d{1,2})(?=[\s.,;:)]|$)")


def _normalise_lines(text: str) -> list[str]:
    lines = []
    for raw in normalise_chars(text).split("\n"):
        # three or more spaces separate table columns (kept as two); fewer are word spacing
        line = re.sub(r" {3,}", "  ", re.sub(r"(?<! ) {2}(?! )", " ", raw.strip()))
        # only spaces are added: a quote must still stand in the page as the PDF gives it
        lines.append(_GLUED_MARKER.sub(r" \1", _SPLIT_DATE.sub("-", line)))
    return lines


# a footnote marker raised above a paragraph's last line: layout mode sets it on a line of its
# own between the two last lines, inside the sentence ("Möta den" / "1" / "akuta hemlösheten")
_MARKER = re.compile(r"\d{1,2}|[*†]")
_RUNS_ON = re.compile(r"[a-zåäöé,]$")
_GOES_ON = re.compile(r"^[a-zåäöé]")


def _drop_raised_markers(lines: list[str]) -> list[str]:
    """Drop a lone marker line between two lines of one sentence; tables and lists keep theirs."""
    return [
        line
        for i, line in enumerate(lines)
        if not (
            0 < i < len(lines) - 1
            and _MARKER.fullmatch(line)
            and _RUNS_ON.search(lines[i - 1])
            and _GOES_ON.match(lines[i + 1])
        )
    ]


JUSTIFIED_MIN_CELLS = 4
_WORD_CELL = re.compile(r"[^\W\d][\w.,;:()§–-]*")
_NUMBER_CELL = re.compile(r"[-−–+]?[\d\s.,%]+")


def _justified(line: str) -> bool:
    """A line of justified prose spread with wide gaps ("och  välbalanserad  kompletterande
    nationell  reglering  om"): mostly single words, most of them lower case, no number column.
    A table row has numbers or several words to a cell ("Korsavads simhall  Stängt  Stängt")."""
    cells = cells_of(line)
    if len(cells) < JUSTIFIED_MIN_CELLS or any(_NUMBER_CELL.fullmatch(c) for c in cells):
        return False
    words = [c for c in cells if _WORD_CELL.fullmatch(c)]
    lower = [c for c in cells if c[:1].islower()]
    distinct = len(set(cells)) >= 0.8 * len(cells)  # "Ej aktuellt  aktuellt  aktuellt" is a row
    return distinct and len(words) >= 0.7 * len(cells) and len(lower) >= 0.5 * len(cells)


def _key(line: str) -> str:
    """Lines equal up to digits and case are the same running header."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.lower())).strip()


def _edge_indices(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line]
    return filled[:EDGE_LINES] + filled[-EDGE_LINES:]


def _edge_line_keys(lines: list[str]) -> set[str]:
    return {_key(lines[i]) for i in _edge_indices(lines)}


def _outer_cell_keys(lines: list[str], rows) -> set[str]:
    keys = set()
    for i in rows:
        cells = lines[i].split("  ")
        if len(cells) >= 2:
            keys.update({_key(cells[0]), _key(cells[-1])})
    return keys


def _margin_cells(pages: list[list[str]]) -> set[str]:
    """Layout mode puts a running header that stands in the margin ('Prop. 2012/13:187') on the
    same line as the first line of body text: such a cell repeats at the edges of many pages,
    reads like a designation, and is not also a row label inside the pages."""
    edge = _keys_on_many_pages(pages, lambda ls: _outer_cell_keys(ls, _edge_indices(ls)))
    body = _keys_on_many_pages(
        pages,
        lambda ls: _outer_cell_keys(ls, set(range(len(ls))) - set(_edge_indices(ls))),
        share=0.1,
    )
    return {k for k in edge - body if _DESIGNATION.match(k)}


def _keys_on_many_pages(pages: list[list[str]], keys_of, share: float = 0.4) -> set[str]:
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update(keys_of(lines))
    threshold = max(3, int(share * len(pages)))
    return {k for k, n in seen.items() if n >= threshold and len(k) > 1}


def _drop_edges(lines: list[str], repeated: set[str], margins: set[str]) -> list[str]:
    edges = set(_edge_indices(lines))
    kept = []
    for i, line in enumerate(lines):
        if i in edges:
            if _key(line) in repeated or _PAGE_NUMBER.match(line):
                continue
            line = _drop_margin_cells(line, margins)
            if not line:
                continue
        kept.append(line)
    return kept


def _drop_margin_cells(line: str, margins: set[str]) -> str:
    cells = line.split("  ")
    if cells and _key(cells[-1]) in margins:
        cells = cells[:-1]
    if cells and _key(cells[0]) in margins:
        cells = cells[1:]
    return "  ".join(cells)


def _join_hyphenated(text: str) -> str:
    """'ut-\\nveckling är' -> 'utveckling\\när', but keep 'förskole-\\noch skola' as written."""

    def fix(m: re.Match) -> str:
        if m.group(2).lower() in _SUSPENDED or _between_table_cells(m):
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}\n"

    return _HYPHEN.sub(fix, text)


def _between_table_cells(m: re.Match) -> bool:
    """'Budget-' ending one table row and 'projektbudget  Utfall' starting the next are two
    cells, not one word broken across lines."""
    line_start = m.string.rfind("\n", 0, m.start()) + 1
    gap_before = "  " in m.string[line_start : m.start()]
    gap_after = m.group(0).endswith(" ") and m.string.startswith(" ", m.end())
    return gap_before and gap_after
