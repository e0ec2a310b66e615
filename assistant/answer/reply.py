"""The reply's parts as Markdown: the lead (sentences, a list, or table rows under their header
row), the passage around it, and one line for each other place worth a look."""

from __future__ import annotations

import re

from assistant.answer.cite import url_for
from assistant.answer.lead import CitedPart
from assistant.answer.units import Unit, filled_columns
from assistant.question import language
from assistant.tuning import CONTEXT_BEFORE, CONTEXT_CHARS, CONTEXT_SLACK

_BULLET = re.compile(r"^[•▪◦●➢\-–−*]\s+")
SEE_ALSO_WORDS = 200  # characters of a see-also line's words


def marked(unit: Unit, after: dict[int, int]) -> str:
    n = after.get(unit.index)
    return f"{unit.text} [{n}]" if n else unit.text


def lead_markdown(parts: list[CitedPart], kind: str, lang: str) -> str:
    """The lead as shown: sentences run together, a list a line an item, rows as a table."""
    blocks = []
    for i, part in enumerate(parts):
        if kind == "table":
            text = _table(part)
        elif kind == "list":
            text = _list(part)
        else:  # sentences run together; rows, if any, as a table under them
            table = [u for u in part.shown if u.kind in ("row", "header", "caption")]
            text = " ".join(marked(u, part.after) for u in part.shown if u not in table)
            if table:
                text = (text + "\n\n" if text else "") + _table(replace_shown(part, table))
        if i and part.chunk.file != parts[0].chunk.file:  # another document says it too
            page = part.chunk.page_start
            text = (
                language.phrase(lang, "according", title=part.chunk.title, page=page) + " " + text
            )
        blocks.append(text)
    return "\n\n".join(blocks)


def replace_shown(part: CitedPart, shown: list[Unit]) -> CitedPart:
    return CitedPart(part.chunk, part.units, tuple(shown), part.after)


def _list(part: CitedPart) -> str:
    lines = []
    for u in part.shown:
        if u.kind == "item":
            lines.append("- " + _BULLET.sub("", marked(u, part.after)))
        elif lines and u.of >= 0 and part.units[u.of].kind == "item":
            lines[-1] += " " + marked(u, part.after)  # a further sentence of the item
        else:
            lines.append(marked(u, part.after) + "\n")
    return "\n".join(lines)


def _table(part: CitedPart) -> str:
    """A small Markdown table: the header lines joined into one head row (a header that wraps,
    "Öppet" over "arbetslösa", is one column name), the rows below, and a last column with the
    citation of each run of rows. Columns empty throughout are left out; rows under no column
    names are lines of their cells."""
    head = [u for u in part.shown if u.kind not in ("row", "header")]
    headers = [u for u in part.shown if u.kind == "header"]
    rows = [u for u in part.shown if u.kind == "row"]
    text = "\n\n".join(marked(u, part.after) for u in head)
    if not rows:
        return text
    width = max(len(u.cells) for u in rows + headers)
    names = [""] * width
    for u in headers:  # right-aligned: a row's label cells come first
        for k, cell in enumerate(u.cells[-width:]):
            col = width - len(u.cells[-width:]) + k
            names[col] = f"{names[col]} {cell}".strip()
    names, *cells = filled_columns([names] + [u.cells for u in rows])
    marks = [f"[{part.after[u.index]}]" if u.index in part.after else "" for u in rows]
    if not any(names):
        lines = [
            " · ".join(c for c in r if c.strip()) + f" {m}".rstrip()
            for r, m in zip(cells, marks, strict=True)
        ]
        return (text + "\n\n" if text else "") + "\n\n".join(lines)
    marker = " ".join(f"[{part.after[u.index]}]" for u in headers if u.index in part.after)
    lines = [
        "| " + " | ".join(_cell(c) for c in names) + f" | {marker} |",
        "|" + "---|" * (len(names) + 1),
    ]
    for r, m in zip(cells, marks, strict=True):
        lines.append("| " + " | ".join(_cell(c) for c in r) + f" | {m} |")
    return (text + "\n\n" if text else "") + "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _window(part: CitedPart) -> tuple[int, int]:
    """The units around the lead's: about CONTEXT_CHARS of text besides the lead, at most
    CONTEXT_BEFORE of it before (what follows an answer, a list or a table, matters more)."""
    lo, hi = part.shown[0].index, part.shown[-1].index + 1
    lead = {u.index for u in part.shown}
    size = sum(len(u.text) for u in part.units[lo:hi] if u.index not in lead)
    before = 0
    while size < CONTEXT_CHARS and (lo > 0 or hi < len(part.units)):
        grew = False
        if hi < len(part.units) and (size == 0 or _fits(size, part.units[hi])):
            size += len(part.units[hi].text)
            hi, grew = hi + 1, True
        if (
            size < CONTEXT_CHARS
            and lo > 0
            and before < CONTEXT_BEFORE
            and _fits(size, part.units[lo - 1])
        ):
            lo -= 1
            size += len(part.units[lo].text)
            before += len(part.units[lo].text)
            grew = True
        if not grew:
            break
    return lo, hi


def _fits(size: int, unit: Unit) -> bool:
    """Whether a unit keeps the context within CONTEXT_SLACK of its size (a long sentence of
    justified prose read whole would double it)."""
    return size + len(unit.text) <= CONTEXT_CHARS * CONTEXT_SLACK


def context_markdown(part: CitedPart) -> str:
    """The passage around the lead, as a quote; where the lead stands, "[…]" (it is shown above);
    nothing when the lead is all there is."""
    lo, hi = _window(part)
    lead = {u.index for u in part.shown}
    pieces: list[str] = []
    for u in part.units[lo:hi]:
        if u.index in lead:
            if not pieces or pieces[-1].strip() != "[…]":
                pieces.append(" […]")
            continue
        own_line = u.kind in ("heading", "row", "header", "item", "caption", "note")
        pieces.append(("\n> " if own_line and pieces else " ") + u.text)
    if all(p.strip() == "[…]" for p in pieces):  # the lead fills its passage: nothing to unfold
        return ""
    return "> " + "".join(pieces).strip()


def context_text(part: CitedPart) -> str:
    """The passage around the lead with the lead in it, as plain text: what a citation's quote is
    highlighted in (the sources panel)."""
    lo, hi = _window(part)
    return " ".join(u.text for u in part.units[lo:hi])


def see_also_line(entry: dict, lang: str) -> str:
    page = "s." if lang == "sv" else "p."
    return f"- [{entry['title']}, {page} {entry['page']}]({entry['url']}): ”{entry['words']}”"


def see_also_entry(chunk, unit_text: str, page: int) -> dict:
    words = (
        unit_text
        if len(unit_text) <= SEE_ALSO_WORDS
        else unit_text[:SEE_ALSO_WORDS].rsplit(" ", 1)[0] + " …"
    )
    return {
        "title": chunk.title,
        "file": chunk.file,
        "page": page,
        "url": url_for(chunk.file, page),
        "words": words,
    }
