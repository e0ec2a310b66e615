"""Faults during ingestion: a killed run, a damaged build, a read-only index folder.

The served index (index/CURRENT) must always be the last complete build, readable by the
assistant, and the next run must complete.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from assistant.errors import NoIndex
from assistant.retrieval.index import IndexReader
from ingest.settings import Settings
from tests.conftest import ROOT, make_pdf

pytestmark = [pytest.mark.slow, pytest.mark.integration]

KILLS = 12
TOPICS = ["bostäder", "skola", "arbete", "hälsa", "trygghet", "kultur", "idrott", "omsorg"]


def _document(path: Path, n: int) -> Path:
    body = (
        f"Borås Stad arbetar med {TOPICS[n % len(TOPICS)]} i stadsdelen nummer {n}. "
        "Målet är att alla invånare ska ha goda livsvillkor och att skillnaderna ska minska. "
    )
    pages = [
        f"{p} Avsnitt {p} om {TOPICS[(n + p) % len(TOPICS)]}\n" + body * 12 for p in (1, 2, 3, 4)
    ]
    return make_pdf(path, pages, title=f"Rapport {n}")


def _ingest(corpus: Path, index: Path, *extra: str, env: dict | None = None, prefix=(), **kw):
    cmd = [sys.executable, "-m", "ingest", "--corpus", str(corpus), "--index", str(index)]
    return subprocess.Popen(
        [*prefix, *cmd, "--json", *extra],
        cwd=ROOT,
        env=env or _env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "CHROMA_"))}
    return env | {"PYTHONPATH": str(ROOT)}


def _run(corpus: Path, index: Path, *extra: str, env: dict | None = None, **kw):
    proc = _ingest(corpus, index, *extra, env=env, **kw)
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out, err


def _served(index: Path) -> tuple[str, set[str]]:
    """The build CURRENT names and its files, after checking the assistant can search it."""
    reader = IndexReader(Settings(index=index))
    snap = reader.snapshot()
    res = snap.collection.query(query_embeddings=[snap.vectors[0].tolist()], n_results=1)
    assert res["ids"][0][0] == snap.chunks[0].id
    assert snap.lexical.search("Borås Stad", 3)
    return snap.build_id, set(snap.manifest["files"])


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(5):
        _document(folder / f"rapport-{n}.pdf", n)
    return folder


def test_sigkill_at_random_points_never_breaks_the_served_index(corpus, tmp_path):
    index = tmp_path / "index"
    code, out, err = _run(corpus, index)
    assert code == 0, err
    served, files = _served(index)
    rnd = random.Random(20240611)
    killed_while_running = 0
    window = 8.0  # how long a run that adds one file takes; measured on each recovery run
    for n in range(KILLS):
        _document(corpus / f"ny-{n}.pdf", 100 + n)  # something for the killed run to do
        proc = _ingest(corpus, index)
        time.sleep(rnd.uniform(0.1, window))
        if proc.poll() is None:
            killed_while_running += 1
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        now, now_files = _served(index)
        if now != served:  # the killed run had published: then its build is complete
            assert now_files == {p.name for p in corpus.glob("*.pdf")}
        else:
            assert now_files == files
        started = time.perf_counter()
        code, out, err = _run(corpus, index)
        if json.loads(out)["added"]:
            window = time.perf_counter() - started
        assert code == 0, err
        served, files = _served(index)
        assert files == {p.name for p in corpus.glob("*.pdf")}
        assert json.loads(out)["added"] in (0, 1)
    builds = [p for p in (index / "builds").iterdir() if not p.name.endswith(".partial")]
    assert len(builds) <= 3, builds  # unfinished builds are pruned by the next run
    assert killed_while_running >= KILLS // 2
    print(f"one-file run {window:.1f} s; {killed_while_running}/{KILLS} kills hit a running run")


def _damage_manifest(build: Path) -> None:
    (build / "manifest.json").write_text('{"files": {', encoding="utf-8")


def _remove_lexical(build: Path) -> None:
    shutil.rmtree(build / "lexical")


@pytest.mark.parametrize(
    ("damage", "reader_says", "cli_says"),
    [
        (_damage_manifest, "rebuild", "manifest"),
        (_remove_lexical, r"lacks lexical.*--rebuild", "lexical"),
    ],
)
def test_a_damaged_build_gives_a_clear_message_and_rebuild_recovers(
    corpus, tmp_path, damage, reader_says, cli_says
):
    index = tmp_path / "index"
    assert _run(corpus, index)[0] == 0
    damage(index / "builds" / (index / "CURRENT").read_text().strip())
    with pytest.raises(NoIndex, match=reader_says):
        IndexReader(Settings(index=index)).snapshot()
    code, _, err = _run(corpus, index)
    assert code == 2 and cli_says in err and "--rebuild" in err, err
    code, _, err = _run(corpus, index, "--rebuild")
    assert code == 0, err
    assert len(_served(index)[1]) == 5


def _without_root_override() -> list[str]:
    """Root ignores file modes; without CAP_DAC_OVERRIDE it obeys them like anyone else."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv (util-linux) to drop CAP_DAC_OVERRIDE")
    return ["setpriv", "--bounding-set", "-dac_override,-fowner", "--"]


def test_read_only_index_folder_gives_a_clear_error_and_keeps_the_index(corpus):
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(corpus, work / "corpus")
        index = work / "index"
        assert _run(work / "corpus", index)[0] == 0
        before, files = _served(index)
        _document(work / "corpus" / "ny.pdf", 99)
        for path in [work, *work.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222 | 0o555 if path.is_dir() else 0o444)
        env = _env() | {"PYTHONDONTWRITEBYTECODE": "1"}
        try:
            code, out, err = _run(work / "corpus", index, env=env, prefix=_without_root_override())
        finally:
            for path in [work, *work.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)
        assert code != 0, out
        assert _served(index) == (before, files)  # the served build is untouched
        assert "Traceback" not in err, err
        assert code == 2, (code, err)
        assert "not writable" in err or "Permission denied" in err, err
