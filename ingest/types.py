"""The data that flows through ingestion: pages, documents, chunks, reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class Page:
    """One page of a PDF as a viewer numbers it (1-based), text already extracted."""

    file: str
    number: int
    text: str


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

    def embed_text(self) -> str:
        """The text embedded: the title and the nearest heading as context, then the passage."""
        # only the nearest heading, and not when the passage opens with it: the full path
        # repeated on every chunk cost 15% more tokens to embed than the text itself
        heading = self.section.rsplit(" > ", 1)[-1] if self.section else ""
        if heading and self.text.startswith(heading):
            heading = ""
        head = f"{self.title} – {heading}" if heading else self.title
        return f"{head}\n{self.text}"

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
        return cls(**{k: rec.get(k) for k in cls.__dataclass_fields__})


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
