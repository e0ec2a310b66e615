"""The data that flows through ingestion: pages, documents, chunks, reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class PageTable:
    """A ruled table found on a page: its rows of cells (cell text as the page text has it, each
    row one line of the page, cells two spaces apart), the first `header_rows` of them the header."""

    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 1


@dataclass(frozen=True)
class Page:
    """One page of a PDF as a viewer numbers it (1-based), text already extracted in reading
    order; the ruled tables found on it (not written to the index: the chunks carry them)."""

    file: str
    number: int
    text: str
    tables: tuple[PageTable, ...] = ()


@dataclass(frozen=True)
class DocMeta:
    """What the catalog (or the PDF itself) says about one document."""

    doc_id: str
    file: str
    title: str
    doc_type: str = "övrigt"
    year: int | None = None
    validity: str = ""
    publisher: str = ""
    source_url: str = ""
    series: str = ""
    in_catalog: bool = False


@dataclass(frozen=True)
class TextUnit:
    """One unit of a chunk's text, recorded at ingestion: chunk.text[start:end] verbatim."""

    start: int
    end: int
    kind: str  # "heading" | "sentence" | "item" | "row" | "header" | "caption" | "note"
    page: int  # the page the unit stands on (where it starts)
    # index in Chunk.units of what it belongs to, -1 if none in this chunk: a list item -> its
    # introducing line, a further sentence of a list item -> that item, a table row -> its header
    # row, a header row -> the table's caption, a source line ("Källa: ...") -> the caption
    of: int = -1
    cells: tuple[str, ...] = ()  # a row or header row: its cells, verbatim
    label: str = ""  # a row: the row named with its column headers, as indexed

    @classmethod
    def from_record(cls, rec: dict) -> TextUnit:
        return cls(**{**rec, "cells": tuple(rec.get("cells", ()))})


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage with its provenance, from the first read."""

    id: str
    doc_id: str
    file: str
    title: str
    text: str
    page_start: int
    page_end: int
    section: str
    chunk_index: int
    doc_type: str = "övrigt"
    year: int | None = None
    series: str = ""
    units: tuple[TextUnit, ...] = ()

    def embed_text(self) -> str:
        """The text embedded: the title and the nearest heading as context, then the passage
        with each table row named by its column headers."""
        # only the nearest heading, and not when the passage opens with it: the full path
        # repeated on every chunk cost 15% more tokens to embed than the text itself
        heading = self.section.rsplit(" > ", 1)[-1] if self.section else ""
        if heading and self.text.startswith(heading):
            heading = ""
        head = f"{self.title} – {heading}" if heading else self.title
        return f"{head}\n{self.labelled_text()}"

    def labelled_text(self) -> str:
        """The chunk's text with every labelled row replaced by its label (what is indexed)."""
        text, at = "", 0
        for unit in self.units:
            if unit.label:
                text += self.text[at : unit.start] + unit.label
                at = unit.end
        return text + self.text[at:]

    def metadata(self) -> dict[str, str | int]:
        meta: dict[str, str | int] = {
            "doc_id": self.doc_id,
            "file": self.file,
            "title": self.title,
            "page_start": self.page_start,
            "page_end": self.page_end,
            "section": self.section,
            "chunk_index": self.chunk_index,
            "doc_type": self.doc_type,
            "series": self.series,
        }
        if self.year is not None:
            meta["year"] = self.year
        return meta

    @classmethod
    def from_record(cls, rec: dict) -> Chunk:
        fields = {k: rec.get(k) for k in cls.__dataclass_fields__ if k != "units"}
        units = tuple(TextUnit.from_record(u) for u in rec.get("units") or ())
        return cls(**fields, units=units)


@dataclass(frozen=True)
class LoadedPdf:
    """The pages of one PDF, plus what went wrong that did not stop it."""

    file: str
    pages: tuple[Page, ...]
    pdf_title: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Failure:
    file: str
    reason: str


@dataclass(frozen=True)
class IngestReport:
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    failed: tuple[Failure, ...] = ()
    warnings: tuple[str, ...] = ()
    pages: int = 0
    chunks: int = 0
    seconds: float = 0.0
    tokens_embedded: int = 0
    rebuilt: bool = False
    build_id: str = ""

    def as_json(self) -> dict:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "removed": len(self.removed),
            "failed": [{"file": f.file, "reason": f.reason} for f in self.failed],
            "pages": self.pages,
            "chunks": self.chunks,
            "seconds": round(self.seconds, 3),
        }


class Embedder(Protocol):
    """Turns passages and questions into unit vectors; `name` identifies the model."""

    name: str

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


@dataclass(frozen=True)
class ProgressEvent:
    stage: str  # "file" or "embed"
    done: int
    total: int
    detail: str = ""
