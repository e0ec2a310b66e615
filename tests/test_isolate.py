"""PDFs read in a worker process: the same result as load_pdf, but bounded in time and memory."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ingest import pipeline
from ingest.errors import PdfRejected
from ingest.isolate import GRACE_S, IsolatedReader
from ingest.load import load_pdf
from ingest.settings import Settings
from tests.conftest import CORPUS, REALPDFS, ROOT, FakeEmbedder, make_pdf
from tests.test_fuzz import _bomb, one_page

BUDGET_S = 2.0
MAX_BYTES = 50_000_000


def _flood(path: Path, ops: int = 300_000) -> Path:
    """One page of text operators that takes pypdf 9-18 s, far beyond BUDGET_S."""
    path.write_bytes(
        one_page(b"BT /F1 12 Tf 72 720 Td " + b"(ab ) Tj 1 0 Td " * ops + b"ET", flate=True)
    )
    return path


def _good(path: Path) -> Path:
    return make_pdf(path, ["1 Inledning\nBorås Stad arbetar med social hållbarhet. " * 8])


def _running(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_pdf_comes_back_exactly_as_load_pdf_reads_it(tmp_path):
    made = make_pdf(
        tmp_path / "made.pdf",
        ["Borås Stad och social hållbarhet. " * 20, "", "Norrby och Hässleholmen. " * 20],
        title="Rapport om trygghet i Borås",
    )

    def smallest(folder: Path, n: int) -> list[Path]:
        return sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_size)[:n]

    files = [made, *smallest(CORPUS, 2), *smallest(REALPDFS, 1)]  # REALPDFS may be absent
    with IsolatedReader(MAX_BYTES, 60.0) as reader:
        for path in files:
            assert reader.read(path) == load_pdf(path, MAX_BYTES, 60.0), path.name
    direct = load_pdf(made)
    assert direct.pdf_title == "Rapport om trygghet i Borås"
    assert direct.warnings and "no text layer on pages 2" in direct.warnings[0]


@pytest.mark.parametrize(
    "data",
    [b"", b"PK\x03\x04 a zip file renamed", b"%PDF-1.7\n1 0 obj << /Type /Catalog"],
    ids=["empty", "not-a-pdf", "damaged"],
)
def test_a_refusal_in_the_worker_keeps_its_message(tmp_path, data):
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(PdfRejected) as direct:
        load_pdf(path, MAX_BYTES)
    with IsolatedReader(MAX_BYTES, BUDGET_S) as reader:
        with pytest.raises(PdfRejected) as isolated:
            reader.read(path)
        pid = reader.worker_pid
        reader.read(_good(tmp_path / "good.pdf"))
        assert reader.worker_pid == pid  # a refusal is an answer: the worker goes on
    assert str(isolated.value) == str(direct.value)


def test_a_slow_page_is_stopped_at_the_budget_and_the_next_file_reads_fine(tmp_path):
    flood, good = _flood(tmp_path / "flood.pdf"), _good(tmp_path / "good.pdf")
    with IsolatedReader(MAX_BYTES, BUDGET_S) as reader:
        assert reader.read(good).pages  # the worker is up before the clock starts
        first = reader.worker_pid
        started = time.perf_counter()
        with pytest.raises(PdfRejected, match=r"reading took more than 2 s and was stopped"):
            reader.read(flood)
        seconds = time.perf_counter() - started
        assert not _running(first)
        assert reader.read(good) == load_pdf(good)
        assert reader.worker_pid not in (None, first)
    assert BUDGET_S <= seconds < BUDGET_S + GRACE_S + 1, f"{seconds:.1f} s"


def test_a_memory_bomb_is_refused_at_the_cap_and_the_next_file_reads_fine(tmp_path):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(_bomb(80_000_000, b"(a) Tj "))  # 80 MB of content in a 100 KB stream
    good = _good(tmp_path / "good.pdf")
    with IsolatedReader(MAX_BYTES, 30.0, memory_cap=100_000_000) as reader:
        with pytest.raises(PdfRejected, match=r"needs more than 0\.1 GB of memory to read"):
            reader.read(bomb)
        assert reader.worker_pid is None  # stopped; the next file gets a fresh worker
        assert reader.read(good) == load_pdf(good)


def test_a_worker_that_dies_is_reported_and_replaced(tmp_path):
    flood, good = _flood(tmp_path / "flood.pdf"), _good(tmp_path / "good.pdf")
    with IsolatedReader(MAX_BYTES, 30.0) as reader:
        reader.read(good)
        threading.Timer(0.5, os.kill, (reader.worker_pid, signal.SIGSEGV)).start()
        with pytest.raises(PdfRejected, match=r"crashed on this file \(ended by SIGSEGV\)"):
            reader.read(flood)
        assert reader.worker_pid is None
        reader.read(good)
        killed = reader.worker_pid
        os.kill(killed, signal.SIGKILL)  # dies between files: not the next file's fault
        while _running(killed):
            time.sleep(0.05)
        assert reader.read(good).pages
        assert reader.worker_pid != killed


def test_no_worker_remains_after_the_reader_closes_even_on_an_error(tmp_path):
    good = _good(tmp_path / "good.pdf")
    with pytest.raises(RuntimeError), IsolatedReader(MAX_BYTES, BUDGET_S) as reader:
        reader.read(good)
        pid = reader.worker_pid
        raise RuntimeError("something downstream failed")
    assert pid is not None and not _running(pid)
    assert multiprocessing.active_children() == []
    reader.close()  # a second close is harmless


KILLED_PARENT = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from ingest.isolate import IsolatedReader
reader = IsolatedReader(50_000_000, 60.0)
reader.read(Path(sys.argv[1]))
print(reader.worker_pid, flush=True)
reader.read(Path(sys.argv[2]))
"""


def test_the_worker_leaves_when_its_parent_is_killed_mid_file(tmp_path):
    flood, good = _flood(tmp_path / "flood.pdf"), _good(tmp_path / "good.pdf")
    script = KILLED_PARENT.format(root=str(ROOT))
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(good), str(flood)], stdout=subprocess.PIPE, text=True
    )
    try:
        worker = int(parent.stdout.readline())
        time.sleep(0.5)  # the worker is now inside the flooded page
        assert _running(worker)
    finally:
        parent.kill()
        parent.wait()  # not communicate(): the worker shares the parent's stdout
        parent.stdout.close()
    deadline = time.monotonic() + 5
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(worker), "the worker outlived its killed parent"


@pytest.mark.integration
def test_pipeline_refuses_a_slow_file_within_budget_and_leaves_no_worker(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _flood(corpus / "flood.pdf")
    _good(corpus / "good.pdf")
    settings = Settings(corpus=corpus, index=tmp_path / "index", max_file_seconds=BUDGET_S)
    started = time.perf_counter()
    report = pipeline.run(settings, FakeEmbedder())
    assert time.perf_counter() - started < 30
    assert report.added == ("good.pdf",)
    assert [f.file for f in report.failed] == ["flood.pdf"]
    assert "reading took more than 2 s" in report.failed[0].reason
    assert multiprocessing.active_children() == []
