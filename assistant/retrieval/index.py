"""Read access to the published index build, reloaded when ingestion publishes a new one."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from assistant.errors import IndexMismatch, NoIndex, StoreUnavailable
from assistant.question.spelling import Spellings, spellings
from assistant.retrieval.navigation import is_navigation
from ingest import store
from ingest.errors import IndexProblem
from ingest.lexical import LexicalIndex, tokens
from ingest.settings import Settings
from ingest.types import Chunk

log = logging.getLogger(__name__)


def squash(text: str) -> str:
    """Whitespace-collapsed, lower-cased: the form in which quotes are compared with pages."""
    return re.sub(r"\s+", " ", text).strip().lower()


def publisher_of(entry: dict) -> str:
    """The publisher a document's manifest entry has from the catalog ('' when none is given)."""
    return (entry.get("catalog") or {}).get("publisher", "")


def title_words_of(files: dict) -> dict[str, frozenset[str]]:
    """File -> the words that name the document: title, type, series and, from the catalog, its
    publisher ("Borås Stad, ..."), so that a question about Borås leans to Borås's documents in a
    mixed library; in a library of Borås's documents only, "Borås" names them all and weighs
    nothing."""
    return {
        f: frozenset(
            tokens(
                f"{e.get('title', '')} {e.get('doc_type', '')} {e.get('series', '')} "
                f"{publisher_of(e)}"
            )
        )
        for f, e in files.items()
    }


def editions_of(files: dict) -> dict[str, frozenset[int]]:
    """Series -> the years of its editions in the library."""
    editions: dict[str, set[int]] = {}
    for entry in files.values():
        if entry.get("series") and entry.get("year"):
            editions.setdefault(entry["series"], set()).add(entry["year"])
    return {series: frozenset(years) for series, years in editions.items()}


@dataclass(frozen=True)
class Snapshot:
    """One build, fully loaded: every answer is computed against a single snapshot."""

    build_id: str
    folder: Path
    manifest: dict
    chunks: tuple[Chunk, ...]
    vectors: np.ndarray
    lexical: LexicalIndex
    pages: dict[tuple[str, int], str]  # (file, page) -> squashed page text
    row_of: dict[str, int]
    collection: object
    navigation: frozenset[int] = frozenset()  # rows of contents pages and reference lists

    def neighbour(self, chunk: Chunk, step: int) -> Chunk | None:
        row = self.row_of[chunk.id] + step
        if 0 <= row < len(self.chunks) and self.chunks[row].doc_id == chunk.doc_id:
            return self.chunks[row]
        return None

    @cached_property
    def publishers(self) -> dict[str, str]:
        """File -> publisher, read once per build rather than for every question."""
        return {f: publisher_of(e) for f, e in self.manifest["files"].items()}

    @cached_property
    def title_words(self) -> dict[str, frozenset[str]]:
        return title_words_of(self.manifest["files"])

    @cached_property
    def spellings(self) -> Spellings:
        """Unmarked word -> the library's spelling with å, ä, ö: read once per build."""
        return spellings(self.pages.values())

    @cached_property
    def editions(self) -> dict[str, frozenset[int]]:
        return editions_of(self.manifest["files"])

    def documents(self) -> list[dict]:
        """One row per indexed document, for suggestions and the app's document list."""
        return [
            {
                "file": f,
                **{
                    k: e.get(k)
                    for k in (
                        "title",
                        "doc_type",
                        "year",
                        "series",
                        "pages",
                        "ingested_at",
                        "doc_id",
                    )
                },
            }
            for f, e in sorted(self.manifest["files"].items())
        ]


class IndexReader:
    """Holds the current snapshot; checks CURRENT before each use and swaps without a restart."""

    def __init__(self, settings: Settings, embedder_name: str | None = None):
        self.settings = settings
        self.embedder_name = embedder_name
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        pointer = self.settings.index / "CURRENT"
        try:
            build_id = pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise NoIndex(f"no index at {self.settings.index}: run `python -m ingest`") from None
        current = self._snapshot
        if current is not None and current.build_id == build_id:
            return current
        with self._lock:
            if self._snapshot is None or self._snapshot.build_id != build_id:
                self._snapshot = self._load()
            return self._snapshot

    def _load(self) -> Snapshot:
        try:
            folder = store.current_build_dir(self.settings.index)
            if folder is None:
                raise NoIndex(f"no index at {self.settings.index}: run `python -m ingest`")
            manifest = store.read_manifest(folder)
        except IndexProblem as exc:
            raise NoIndex(str(exc)) from exc
        if self.embedder_name and manifest["embedder"] != self.embedder_name:
            raise IndexMismatch(
                f"the index was built with {manifest['embedder']}, but the assistant uses "
                f"{self.embedder_name}: run `python -m ingest --rebuild`"
            )
        try:
            chunks = tuple(store.read_chunks(folder))
            pages = {(p.file, p.number): squash(p.text) for p in store.read_pages(folder)}
            vectors = store.read_vectors(folder)
            lexical = LexicalIndex(folder / "lexical")
        except Exception as exc:  # a file of the build damaged or removed by hand
            raise NoIndex(
                f"the index build {folder} cannot be read ({type(exc).__name__}: {exc}); "
                "run `python -m ingest --rebuild`"
            ) from exc
        collection = ChromaCollection(self.settings, folder, manifest["collection"])
        collection.connect()
        log.info("loaded index build %s: %d chunks", manifest["build_id"], len(chunks))
        return Snapshot(
            build_id=folder.name,
            folder=folder,
            manifest=manifest,
            chunks=chunks,
            vectors=vectors,
            lexical=lexical,
            pages=pages,
            row_of={c.id: i for i, c in enumerate(chunks)},
            collection=collection,
            navigation=frozenset(i for i, c in enumerate(chunks) if is_navigation(c.text)),
        )


class ChromaCollection:
    """The build's Chroma collection, reconnected after a failure (a Chroma server that restarted
    or was unreachable), so the assistant recovers without a restart."""

    def __init__(self, settings: Settings, folder: Path, name: str):
        self.settings, self.folder, self.name = settings, folder, name
        self._collection = None
        self._lock = threading.Lock()

    def connect(self):
        with self._lock:
            if self._collection is None:
                try:
                    client = store.chroma_client(self.settings, self.folder)
                    self._collection = client.get_collection(self.name)
                except Exception as exc:  # server down, collection gone
                    raise StoreUnavailable(
                        f"cannot open Chroma collection {self.name}: {exc}"
                    ) from exc
            return self._collection

    def forget(self) -> None:
        """Drop the connection; the next query connects again."""
        with self._lock:
            self._collection = None

    def query(self, **kwargs) -> dict:
        """One query; on failure the connection is dropped and the query tried once more."""
        try:
            return self.connect().query(**kwargs)
        except Exception:
            self.forget()
            return self.connect().query(**kwargs)
