"""A passage as the answer shows it: verbatim units of a chunk (sentences, table rows, list items
and headings), some marked, each mark cited; and how a chunk's text is cut into such units."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.patterns import NOTE, YEAR_SPAN
from assistant.types import Citation
from ingest.structure import heading_level
from ingest.text.sentences import split_sentences
from ingest.types import Chunk


@dataclass(frozen=True)
class Passage:
    """Verbatim units of one chunk (and maybe its neighbour), some marked, each mark cited."""

    chunk: Chunk
    units: tuple[str, ...]
    marked: frozenset[int]
    best_score: float
    citations: tuple[Citation, ...]
    cite_after: dict  # unit index -> citation number shown after it

    @property
    def page(self) -> int:
        return self.citations[0].page if self.citations else self.chunk.page_start

    def shown(self, title: str | None = None) -> str:
        """Title, section and text: what the reader sees of the passage."""
        title = self.chunk.title if title is None else title
        return f"{title} {self.chunk.section} {' '.join(self.units)}"

    def years_shown(self) -> str:
        """Where an asked year must stand: the passage shown; when only table rows are marked,
        those rows and their table's first row (a table answers for the years its columns name,
        not for a year in the text beside it)."""
        if not self.marked or not all(_is_row(self.units[i]) for i in self.marked):
            # a title's span of years is what the document plans for, not what it reports:
            # "Målbild 2021–2024" does not answer for March 2024
            return self.shown(title=YEAR_SPAN.sub(" ", self.chunk.title))
        keep = set(self.marked)
        for i in self.marked:
            j = i
            while j > 0 and _is_row(self.units[j - 1]):
                j -= 1
            keep.add(j)
        return " ".join(self.units[i] for i in sorted(keep))

    def render(self) -> str:
        parts = []
        headings = self._headings()
        for i, unit in enumerate(self.units):
            text = f"**{unit}**" if i in self.marked else unit
            if i in self.cite_after:
                text += f" [{self.cite_after[i]}]"
            after_row = i > 0 and _is_row(self.units[i - 1])
            heading = unit in headings
            own_line = i > 0 and (
                _is_row(unit) or after_row or NOTE.match(unit) or _LIST_ITEM.match(unit) or heading
            )
            parts.append(("\n> " if own_line else " ") + text)
            if heading and i + 1 < len(self.units):
                parts.append("\n>")  # the text under a heading starts on a line of its own
        return "> " + "".join(parts).strip().replace("  ", " \u2003")

    def _headings(self) -> set[str]:
        """The units that are headings: numbered ones, and the chunk's own section titles."""
        parts = {p.strip() for p in self.chunk.section.split(" > ")}
        return {u for u in self.units if u in parts or heading_level(u) > 0}


# an item of a numbered or bulleted list: read down, one item a line
_LIST_ITEM = re.compile(r"(?:\d{1,2}[.)]|[IVX]{1,4}\.|[•▪●])\s")


def _is_row(unit: str) -> bool:
    """A table row: cleaning keeps its column gaps as two spaces."""
    return "  " in unit


def units_of(text: str) -> list[str]:
    """Sentences of running text; table rows and list lines stay whole."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if _is_row(line):
            out.append(line)
        else:
            out.extend(_enumerators_forward(split_sentences(line)))
    return out


# the number of a list item, split off as the end of a sentence ("... två uppdrag: 1." + "Att
# verka ...") or as one of its own ("2."): it belongs to the item that follows
_ENUMERATOR = re.compile(r"(?:^|(?<=:)\s+)(?:\d{1,2}|[IVX]{1,4})\.$")


def _enumerators_forward(sentences: list[str]) -> list[str]:
    out: list[str] = []
    carry = ""
    for i, sentence in enumerate(sentences):
        if carry:
            sentence, carry = f"{carry} {sentence}", ""
        m = _ENUMERATOR.search(sentence) if i + 1 < len(sentences) else None
        if m:
            carry = m.group(0).strip()
            sentence = sentence[: m.start()].rstrip()
        if sentence:
            out.append(sentence)
    return out
