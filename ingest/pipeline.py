"""One ingestion run: find what changed, read and chunk it, embed it, write and publish a new build."""

from __future__ import annotations

import fcntl
import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ingest import lexical, store
from ingest.catalog import doc_meta, load_catalog
from ingest.chunk import chunk_document
from ingest.clean import clean_pages, running_lines
from ingest.errors import IndexProblem, IngestError, PdfRejected
from ingest.isolate import IsolatedReader
from ingest.load import headers_only_notes
from ingest.settings import Settings
from ingest.stream import BatchEmbedder, read_ahead
from ingest.types import Chunk, Embedder, Failure, IngestReport, LoadedPdf, Page, ProgressEvent

log = logging.getLogger(__name__)
# Raised whenever loading, cleaning or chunking changes the text of a chunk: files are re-read only
# when their bytes change, so an index built by older code is rebuilt once instead.
# What each version changed: docs/architecture.md, "Text versions".
TEXT_VERSION = 17
Progress = Callable[[ProgressEvent], None]


@dataclass
class Plan:
    """What this run must do, decided from file hashes and the current manifest."""

    todo: list[Path] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)


def run(
    settings: Settings,
    embedder: Embedder,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Bring the index in line with the corpus folder; the served build is replaced only when complete."""
    started = time.perf_counter()
    notify = progress or (lambda _e: None)
    index = settings.index
    if not settings.corpus.is_dir():
        raise IngestError(f"corpus folder {settings.corpus} does not exist")
    catalog = load_catalog(settings.catalog_path)
    index.mkdir(parents=True, exist_ok=True)
    with _writer_lock(index):
        prev_build, manifest = _previous(index, rebuild)
        if manifest is not None and manifest["embedder"] != embedder.name:
            log.warning(
                "index was built with %s, now %s: rebuilding everything",
                manifest["embedder"],
                embedder.name,
            )
            prev_build, manifest = None, None
        elif manifest is not None and manifest.get("text_version", 1) != TEXT_VERSION:
            log.warning("the text extraction changed since the index was built: rebuilding")
            prev_build, manifest = None, None
        plan = _plan(settings, catalog, manifest)
        if not plan.todo and not plan.removed and manifest is not None:
            return _report(plan, [], [], manifest, started, rebuilt=False)
        return _build(settings, catalog, embedder, plan, prev_build, manifest, notify, started)


def _previous(index: Path, rebuild: bool) -> tuple[Path | None, dict | None]:
    if rebuild:
        return None, None
    build = store.current_build_dir(index)
    return (build, store.read_manifest(build)) if build else (None, None)


def _plan(settings: Settings, catalog: dict, manifest: dict | None) -> Plan:
    plan = Plan()
    files = sorted(
        p for p in settings.corpus.iterdir() if p.suffix.lower() == ".pdf" and p.is_file()
    )
    old = (manifest or {}).get("files", {})
    owners: dict[str, str] = {}
    for path in files:
        digest = file_sha256(path)
        if digest in owners:
            plan.failed.append(
                Failure(path.name, f"same content as {owners[digest]}; not indexed twice")
            )
            continue
        owners[digest] = path.name
        plan.hashes[path.name] = digest
        entry = old.get(path.name)
        if entry and entry["sha256"] == digest and entry.get("catalog") == catalog.get(path.name):
            plan.unchanged.append(path.name)
        else:
            plan.todo.append(path)
    plan.removed = sorted(set(old) - set(plan.hashes))
    return plan


def _build(
    settings, catalog, embedder, plan, prev_build, manifest, notify, started
) -> IngestReport:
    old_files = (manifest or {}).get("files", {})
    keep_files = set(plan.unchanged)
    fresh = _read_and_embed(settings, catalog, embedder, plan, old_files, keep_files, notify)
    chunks, vectors, pages = _carry_over(prev_build, keep_files)
    pages += fresh.pages
    chunks = chunks + fresh.chunks
    vectors = np.vstack([v for v in (vectors, fresh.vectors) if len(v)]) if chunks else vectors
    files = {f: old_files[f] for f in keep_files if f in old_files} | fresh.entries
    build_id, partial = store.new_build_dir(settings.index)
    new_manifest = {
        "version": 1,
        "build_id": build_id,
        "embedder": embedder.name,
        "text_version": TEXT_VERSION,
        "dim": int(vectors.shape[1]) if len(vectors) else 0,
        "collection": store.collection_name(build_id),
        "created_at": _now(),
        "files": files,
    }
    _write_build(settings, partial, build_id, chunks, vectors, pages, new_manifest)
    store.publish(settings.index, build_id, partial)
    store.prune(settings.index, settings)
    added, updated = sorted(fresh.added), sorted(fresh.updated)
    report = _report(plan, added, updated, new_manifest, started, manifest is None)
    return replace(
        report,
        failed=tuple(plan.failed),
        warnings=tuple(fresh.warnings),
        tokens_embedded=fresh.tokens,
    )


@dataclass
class Fresh:
    """What this run read and embedded, file by file in corpus order."""

    chunks: list[Chunk] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    tokens: int = 0
    warnings: list[str] = field(default_factory=list)
    entries: dict[str, dict] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def _read_and_embed(settings, catalog, embedder, plan, old_files, keep_files, notify) -> Fresh:
    """Read the changed files one ahead in a thread while their chunks are embedded.

    The thread hands each PDF to a worker process that is stopped when a file runs over its time
    or memory budget (ingest/isolate.py); the worker is closed with the run, also on errors.
    """
    fresh = Fresh()
    batcher = BatchEmbedder(embedder, settings.batch_size, notify)
    # smallest files first: embedding starts after a fraction of a second, not after reading
    # a large report, and the reader stays ahead of the embedder from then on
    todo = sorted(plan.todo, key=lambda p: (p.stat().st_size, p.name))
    reader = IsolatedReader(int(settings.max_file_mb * 1_000_000), settings.max_file_seconds)
    reads = read_ahead(lambda path: _read_document(reader.read, path, catalog), todo)
    with reader, closing(reads):  # the reading thread stops before its worker process does
        for n, (path, result) in enumerate(reads, start=1):
            notify(ProgressEvent("file", n, len(todo), path.name))
            if isinstance(result, PdfRejected):
                plan.failed.append(Failure(path.name, str(result)))
                if path.name in old_files:  # nothing already ingested is lost
                    keep_files.add(path.name)
                continue
            doc_chunks, doc_pages, notes, running = result
            batcher.add(doc_chunks)
            fresh.chunks += doc_chunks
            fresh.pages += doc_pages
            fresh.warnings += notes
            (fresh.updated if path.name in old_files else fresh.added).append(path.name)
            fresh.entries[path.name] = _entry(
                plan.hashes[path.name], catalog.get(path.name), doc_chunks, doc_pages, notes
            )
            fresh.entries[path.name]["running"] = running
    fresh.vectors, fresh.tokens = batcher.finish()
    return fresh


def _read_document(load: Callable[[Path], LoadedPdf], path: Path, catalog: dict):
    loaded = load(path)
    pages = clean_pages(loaded.pages)
    meta = doc_meta(path.name, catalog.get(path.name), loaded.pdf_title, pages)
    chunks = chunk_document(meta, pages)
    if not chunks:
        raise PdfRejected("no text could be extracted")
    notes = list(loaded.warnings) + headers_only_notes(loaded, pages)
    return chunks, pages, notes, running_lines(loaded.pages)


def _entry(digest: str, catalog_entry, chunks: list[Chunk], pages: list[Page], notes) -> dict:
    first = chunks[0]
    return {
        "sha256": digest,
        "doc_id": first.doc_id,
        "title": first.title,
        "doc_type": first.doc_type,
        "year": first.year,
        "series": first.series,
        "pages": len(pages),
        "chunk_ids": [c.id for c in chunks],
        "catalog": catalog_entry,
        "ingested_at": _now(),
        "warnings": list(notes),
    }


def _carry_over(build: Path | None, files: set[str]):
    if build is None or not files:
        return [], np.zeros((0, 0), dtype=np.float32), []
    chunks, vectors = store.read_chunks(build), store.read_vectors(build)
    rows = [i for i, c in enumerate(chunks) if c.file in files]
    pages = [p for p in store.read_pages(build) if p.file in files]
    return [chunks[i] for i in rows], vectors[rows], pages


def _write_build(settings, partial, build_id, chunks, vectors, pages, manifest) -> None:
    if not chunks:
        raise IngestError("nothing could be indexed: every file failed (see the reasons above)")
    if len({c.id for c in chunks}) != len(chunks):
        raise IndexProblem("two chunks share an id; run `python -m ingest --rebuild`")
    store.write_chunks(partial, chunks, vectors)
    store.write_pages(partial, pages)
    # a table row is found by its column headers: its label stands in for it in the index
    texts = [f"{c.title} {c.section}\n{c.labelled_text()}" for c in chunks]
    lexical.build(texts, partial / "lexical")
    store.write_vectors_to_chroma(settings, partial, manifest["collection"], chunks, vectors)
    store.write_manifest(partial, manifest)


def _report(plan: Plan, added, updated, manifest, started, rebuilt) -> IngestReport:
    files = manifest.get("files", {}) if manifest else {}
    return IngestReport(
        added=tuple(added),
        updated=tuple(updated),
        unchanged=tuple(plan.unchanged),
        removed=tuple(plan.removed),
        failed=tuple(plan.failed),
        pages=sum(e.get("pages", 0) for e in files.values()),
        chunks=sum(len(e.get("chunk_ids", [])) for e in files.values()),
        seconds=time.perf_counter() - started,
        rebuilt=rebuilt,
        build_id=manifest.get("build_id", "") if manifest else "",
    )


@contextmanager
def _writer_lock(index: Path) -> Iterator[None]:
    try:
        fh = (index / ".lock").open("w")
    except OSError as exc:  # a read-only or full index folder: say so, touch nothing
        raise IngestError(f"index folder {index} is not writable ({exc.strerror})") from exc
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IngestError(f"another ingestion is already running on {index}") from exc
        yield


def file_sha256(path: Path) -> str:
    """The content hash that decides whether a file changed."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
