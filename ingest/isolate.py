"""Read PDFs in a worker process that can be killed, so one hostile file is bounded in time and memory.

load_pdf checks its time budget between pages only, and nothing in one process bounds the memory
pypdf takes; a separate process can be stopped at any point and given an address-space limit.
The worker is started once and reused for every file; it is replaced only after it was stopped.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import threading
from multiprocessing.connection import Connection
from pathlib import Path

from ingest.errors import IngestError, PdfRejected
from ingest.load import load_pdf
from ingest.types import LoadedPdf

log = logging.getLogger(__name__)

# Address space the worker may take beyond what it holds when idle (Python, pypdf, numpy: about
# 200 MB). The largest real PDFs read here peak well under 1 GB; pypdf itself stops a single
# stream at 75 MB decompressed, so more than this means a file built to exhaust memory.
MEMORY_CAP = 2_000_000_000
GRACE_S = 1.0  # past max_seconds before the worker is stopped: load_pdf's own check goes first
START_TIMEOUT_S = 60.0  # a fresh worker imports pypdf; a loaded machine may need a while


class IsolatedReader:
    """load_pdf in a worker process; use from one thread at a time, and close it (`with`)."""

    def __init__(self, max_bytes: int, max_seconds: float, memory_cap: int = MEMORY_CAP) -> None:
        self.max_bytes, self.max_seconds, self.memory_cap = max_bytes, max_seconds, memory_cap
        self._proc: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def __enter__(self) -> IsolatedReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def worker_pid(self) -> int | None:
        """The worker's process id while one runs (for monitoring and tests)."""
        return self._proc.pid if self._proc is not None else None

    def read(self, path: Path) -> LoadedPdf:
        """The pages of one PDF, or PdfRejected with the reason, within max_seconds + GRACE_S."""
        conn = self._started(path)
        try:
            ready = conn.poll(self.max_seconds + GRACE_S)
            reply = conn.recv() if ready else None
        except (EOFError, OSError):
            raise PdfRejected(f"the PDF reader crashed on this file ({self._stop()})") from None
        if reply is None:
            self._stop()
            raise PdfRejected(
                f"reading took more than {self.max_seconds:.0f} s and was stopped (a page with an "
                "enormous amount of content?); raise ASSISTANT_MAX_FILE_SECONDS to allow more"
            )
        kind, value = reply
        if kind == "ok":
            return value
        if kind == "memory":  # a fresh worker for the next file, not a fragmented one
            self._stop()
            value = (
                f"needs more than {self.memory_cap / 1e9:.2g} GB of memory to read ({value}); "
                "damaged, or built to exhaust memory: try re-saving it as PDF"
            )
        raise PdfRejected(value)

    def _started(self, path: Path) -> Connection:
        """Hand the file to a worker that confirms it has it. A worker that died while idle (its
        threads may still be ending, so it can look alive) is replaced, and the file sent again:
        a death before the file arrived is not the file's fault."""
        how = ""
        for _attempt in range(2):
            conn = self._worker()
            try:
                conn.send((str(path), self.max_bytes, self.max_seconds))
                if conn.poll(START_TIMEOUT_S) and conn.recv() == "started":
                    return conn
            except (EOFError, OSError):
                pass
            how = self._stop()
        raise IngestError(f"the PDF reading process stopped before reading ({how})")

    def close(self) -> None:
        """Stop the worker; safe to call twice and after a failure."""
        if self._conn is not None:
            self._conn.close()  # the idle worker sees the pipe close and exits by itself
        if self._proc is not None:
            self._proc.join(2)
        self._stop()

    def _worker(self) -> Connection:
        if self._proc is not None and self._proc.is_alive() and self._conn is not None:
            return self._conn
        self._stop()
        ctx = multiprocessing.get_context("spawn")  # not fork: the parent runs threads
        parent, child = ctx.Pipe()
        proc = ctx.Process(
            target=_serve, args=(child, self.memory_cap), name="pdf-reader", daemon=True
        )
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent
        try:
            if parent.poll(START_TIMEOUT_S) and parent.recv() == "ready":
                return parent
        except (EOFError, OSError):
            pass
        raise IngestError(f"the PDF reading process did not start ({self._stop()})")

    def _stop(self) -> str:
        """Kill the worker (if any) and say how it ended."""
        proc, conn, self._proc, self._conn = self._proc, self._conn, None, None
        if conn is not None:
            conn.close()
        if proc is None:
            return "no process"
        if proc.is_alive():
            proc.kill()
        proc.join()
        code = proc.exitcode
        proc.close()
        if code is not None and code < 0:
            return f"ended by {signal.Signals(-code).name}"
        return f"exit status {code}"


def _serve(conn: Connection, memory_cap: int) -> None:
    """The worker: read the files the parent sends, one at a time, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops us
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    import pypdf  # noqa: F401  (imported before the first file's clock starts)

    limit = _address_space() + memory_cap
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    conn.send("ready")
    while True:
        try:
            path, max_bytes, max_seconds = conn.recv()
        except EOFError:
            return
        conn.send("started")
        try:  # send() pickles the whole reply before it writes a byte
            conn.send(_read_one(Path(path), max_bytes, max_seconds))
        except MemoryError:
            conn.send(("memory", "while returning the text"))


def _read_one(path: Path, max_bytes: int, max_seconds: float) -> tuple[str, object]:
    try:
        return "ok", load_pdf(path, max_bytes=max_bytes, max_seconds=max_seconds)
    except MemoryError:
        return "memory", "while reading"
    except PdfRejected as exc:  # load_pdf wraps what pypdf raises, MemoryError included
        return ("memory" if isinstance(exc.__cause__, MemoryError) else "rejected"), str(exc)
    except Exception as exc:  # load_pdf turns pypdf's errors into PdfRejected: this is a bug
        log.exception("reading %s", path.name)
        return "rejected", f"unreadable PDF ({type(exc).__name__}: {str(exc)[:160]})"


def _exit_with_parent() -> None:
    """A killed parent cannot stop us: leave as soon as it is gone, even in the middle of a file."""
    parent = multiprocessing.parent_process()
    if parent is None:  # not started by IsolatedReader
        return
    parent.join()
    os._exit(0)


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # no /proc (not Linux), where RLIMIT_AS is not enforced anyway
        return 0
