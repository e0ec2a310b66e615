"""Pure text repair of extracted pages: characters, running headers and footers, hyphenation."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ingest.types import Page

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
}
_CHAR_RE = re.compile("|".join(map(re.escape, _CHAR_FIXES)))
_PAGE_NUMBER = re.compile(
    r"^(?:sida|sid|page|s\.)?\s*\(?\d{1,4}\)?\s*(?:(?:av|of|/|\()\s*\d{1,4}\)?)?$", re.I
)
_SUSPENDED = {"och", "eller", "samt", "resp", "respektive", "till", "som", "och/eller"}
EDGE_LINES = 4
_HYPHEN = re.compile(r"([^\W\d_]{2,})-\n([a-zåäöéü][^\W\d_]*) ?")


def clean_pages(pages: list[Page] | tuple[Page, ...]) -> list[Page]:
    """Return pages with repaired characters, no running headers/footers, words re-joined."""
    lines_per_page = [_normalise_lines(p.text) for p in pages]
    repeated = _repeated_edge_lines(lines_per_page)
    out = []
    for page, lines in zip(pages, lines_per_page, strict=True):
        kept = _drop_edges(lines, repeated)
        text = _join_hyphenated("\n".join(kept))
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        out.append(replace(page, text=text))
    return out


def normalise_chars(text: str) -> str:
    return _CHAR_RE.sub(lambda m: _CHAR_FIXES[m.group(0)], text)


def _normalise_lines(text: str) -> list[str]:
    lines = []
    for raw in normalise_chars(text).split("\n"):
        # three or more spaces separate table columns (kept as two); fewer are word spacing
        line = re.sub(r" {3,}", "  ", re.sub(r"(?<! ) {2}(?! )", " ", raw.strip()))
        lines.append(line)
    return lines


def _key(line: str) -> str:
    """Lines equal up to digits and case are the same running header."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.lower())).strip()


def _edge_indices(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line]
    return filled[:EDGE_LINES] + filled[-EDGE_LINES:]


def _repeated_edge_lines(pages: list[list[str]]) -> set[str]:
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_key(lines[i]) for i in _edge_indices(lines)})
    threshold = max(3, int(0.4 * len(pages)))
    return {k for k, n in seen.items() if n >= threshold and len(k) > 1}


def _drop_edges(lines: list[str], repeated: set[str]) -> list[str]:
    edges = set(_edge_indices(lines))
    kept = []
    for i, line in enumerate(lines):
        if i in edges and (_key(line) in repeated or _PAGE_NUMBER.match(line)):
            continue
        kept.append(line)
    return kept


def _join_hyphenated(text: str) -> str:
    """'ut-\\nveckling är' -> 'utveckling\\när', but keep 'förskole-\\noch skola' as written."""

    def fix(m: re.Match) -> str:
        if m.group(2).lower() in _SUSPENDED:
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}\n"

    return _HYPHEN.sub(fix, text)
