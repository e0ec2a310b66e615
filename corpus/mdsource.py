"""Reader of the corpus source format (corpus/src/FORMAT.md): TOML front matter and Markdown-like blocks.

Errors name the file and line (SourceError).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REQUIRED = ("file", "title", "publisher", "date", "running_header")
RE = {
    "heading": re.compile(r"^(#{1,6})\s+(.*)$"),
    "bullet": re.compile(r"^[-*]\s+(.*)$"),
    "number": re.compile(r"^(\d+)\.\s+(.*)$"),
    "quote": re.compile(r"^>\s?(.*)$"),
    "caption": re.compile(r"^Tabell\s+\d+[.:]\s"),
    "table": re.compile(r"^\|"),
    "fndef": re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$"),
    "directive": re.compile(r"^<!--\s*(.*?)\s*-->$"),
    "fence": re.compile(r"^:::\s*(\S*)\s*$"),
    "marker": re.compile(r"\[\^([^\]\s]+)\]"),
}


class SourceError(Exception):
    """A problem in a source file, reported as file:line: message."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")


@dataclass
class Block:
    kind: str  # heading, para, bullets, numbers, quote, table, demo, pagebreak, columns
    line: int
    lines: list[str] = field(default_factory=list)
    level: int = 0  # heading level, columns count, first list number
    caption: str = ""


@dataclass
class Source:
    path: Path
    meta: dict
    blocks: list[Block]
    notes: dict[str, str]


# ---------------------------------------------------------------- parsing
def read_source(path: Path) -> Source:
    """Split front matter and body; parse both with file/line error messages."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != "+++":
        raise SourceError(path, 1, "front matter must start with a '+++' line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        raise SourceError(path, 1, "front matter is not closed by a '+++' line") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"line (\d+)", str(err))
        raise SourceError(path, 1 + int(m.group(1)) if m else end, f"front matter: {err}") from None
    for key in REQUIRED:
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise SourceError(path, 1, f"front matter lacks the text field '{key}'")
    blocks, notes = parse_body(path, lines, end + 1)
    return Source(path, meta, blocks, notes)


def parse_body(path: Path, lines: list[str], start: int) -> tuple[list[Block], dict[str, str]]:
    blocks: list[Block] = []
    notes: dict[str, str] = {}
    i = start
    while i < len(lines):
        text, no = lines[i].rstrip(), i + 1
        if not text.strip():
            i += 1
            continue
        if m := RE["fence"].match(text):
            if m.group(1) != "demo":
                raise SourceError(path, no, f"unknown block '::: {m.group(1)}' (only '::: demo')")
            j = i + 1
            while j < len(lines) and lines[j].strip() != ":::":
                j += 1
            if j == len(lines):
                raise SourceError(path, no, "'::: demo' is not closed by ':::'")
            blocks.append(Block("demo", no, lines[i + 1 : j]))
            i = j + 1
            continue
        if m := RE["directive"].match(text):
            blocks.append(directive(path, no, m.group(1)))
        elif m := RE["heading"].match(text):
            if len(m.group(1)) > 3:
                raise SourceError(path, no, "only #, ## and ### headings are supported")
            blocks.append(Block("heading", no, [m.group(2).strip()], level=len(m.group(1))))
        elif m := RE["fndef"].match(text):
            j = i + 1
            body = [m.group(2)]
            while j < len(lines) and lines[j].startswith((" ", "\t")) and lines[j].strip():
                body.append(lines[j].strip())
                j += 1
            notes[m.group(1)] = " ".join(body)
            i = j
            continue
        elif RE["caption"].match(text) and i + 1 < len(lines) and RE["table"].match(lines[i + 1]):
            j = take(lines, i + 1, lambda s: bool(RE["table"].match(s)))
            blocks.append(Block("table", no, lines[i + 1 : j], caption=text.strip()))
            i = j
            continue
        elif RE["table"].match(text):
            j = take(lines, i, lambda s: bool(RE["table"].match(s)))
            blocks.append(Block("table", no, lines[i:j]))
            i = j
            continue
        elif RE["quote"].match(text):
            j = take(lines, i, lambda s: bool(RE["quote"].match(s)))
            blocks.append(Block("quote", no, [RE["quote"].match(s).group(1) for s in lines[i:j]]))
            i = j
            continue
        elif RE["bullet"].match(text) or RE["number"].match(text):
            kind = "bullets" if RE["bullet"].match(text) else "numbers"
            j, items = list_items(lines, i, RE["bullet" if kind == "bullets" else "number"])
            first = int(RE["number"].match(text).group(1)) if kind == "numbers" else 1
            blocks.append(Block(kind, no, items, level=first))
            i = j
            continue
        else:
            j = take(lines, i, lambda s: not starts_block(s))
            blocks.append(Block("para", no, [" ".join(s.strip() for s in lines[i:j])]))
            i = j
            continue
        i += 1
    check_notes(path, blocks, notes)
    return blocks, notes


def directive(path: Path, no: int, text: str) -> Block:
    if text == "pagebreak":
        return Block("pagebreak", no)
    if m := re.fullmatch(r"columns\s+([12])", text):
        return Block("columns", no, level=int(m.group(1)))
    raise SourceError(path, no, f"unknown directive '<!-- {text} -->'")


def starts_block(line: str) -> bool:
    s = line.rstrip()
    return not s.strip() or any(
        RE[k].match(s)
        for k in ("heading", "bullet", "number", "quote", "table", "fndef", "directive", "fence")
    )


def take(lines: list[str], i: int, ok) -> int:
    """Index after the run of lines starting at i that satisfy ok (and are not blank)."""
    j = i
    while j < len(lines) and lines[j].strip() and ok(lines[j].rstrip()):
        j += 1
    return max(j, i + 1)


def list_items(lines: list[str], i: int, pattern: re.Pattern) -> tuple[int, list[str]]:
    """Consecutive list items; indented or plain continuation lines join the item above."""
    items: list[str] = []
    j = i
    while j < len(lines) and lines[j].strip():
        s = lines[j].rstrip()
        if m := pattern.match(s):
            items.append(m.group(m.lastindex).strip())
        elif starts_block(s):
            break
        else:
            items[-1] += " " + s.strip()
        j += 1
    return j, items


def check_notes(path: Path, blocks: list[Block], notes: dict[str, str]) -> None:
    for block in blocks:
        for text in block.lines + [block.caption]:
            for label in RE["marker"].findall(text):
                if label not in notes:
                    raise SourceError(path, block.line, f"footnote [^{label}] has no definition")
