"""Chunks that point into a document rather than say anything: contents, references, reading guides.

They share the most words with a question that names the document ("enligt Välfärdsbokslut 2021,
...") and so rise to the top while answering nothing. Retrieval ranks them down, not out: a
question about where something stands can still reach them.
"""

from __future__ import annotations

import re

from assistant.tuning import CONTENTS_SHARE, LEADER_REFS, ORDERED_SHARE, READING_GUIDE_REFS

# a contents line: a title, then dot leaders or a wide gap, then one page number
_CONTENTS_LINE = re.compile(r"^(?P<title>\S.*?)(?:\s*[.…]{3,}\s*|\s{2,})(?P<page>\d{1,3})\s*$")
_REFERENCES = re.compile(
    r"^(referenser|referenslista|källor|källförteckning|litteratur(?:förteckning)?|references|sources)\b",
    re.I,
)


# a reading guide: "Kapitel 1 innehåller ..., kapitel 2 ..., kapitel 3 ..."
_CHAPTER_REF = re.compile(r"\b(?:kapitel|chapter)\s+\d+\b", re.I)
# contents squeezed into a few long lines: "Uppdrag ........ 3 Årets händelser ........ 4 ..."
_LEADER_REF = re.compile(r"[.…]{5,}\s*\d{1,3}\b")


def is_navigation(text: str) -> bool:
    """A table of contents (most lines end in a page number), a list of references or a reading
    guide that tells what each chapter holds."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return False
    if _REFERENCES.match(lines[0]) or len(_CHAPTER_REF.findall(text)) >= READING_GUIDE_REFS:
        return True
    if len(_LEADER_REF.findall(text)) >= LEADER_REFS:
        return True
    contents = [
        m
        for m in map(_CONTENTS_LINE.match, lines)
        if m and "  " not in m["title"] and re.search(r"[^\W\d]", m["title"])  # a titled entry
    ]
    return len(lines) >= 4 and len(contents) >= CONTENTS_SHARE * len(lines) and _ordered(contents)


def _ordered(contents: list[re.Match]) -> bool:
    """Page numbers of a contents page run in order; a table's values (40, 35, 125) do not."""
    pages = [int(m["page"]) for m in contents]
    steps = list(zip(pages, pages[1:], strict=False))
    return not steps or sum(a <= b for a, b in steps) >= ORDERED_SHARE * len(steps)
