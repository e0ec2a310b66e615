"""`python -m ingest` shows how far it is also when its output is no terminal (`make run` in a
log or a pipe): a first reading of the corpus takes minutes and must not look like a hang."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, make_pdf

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def _run(corpus, index, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "CHROMA_"))}
    cmd = [sys.executable, "-m", "ingest", "--corpus", str(corpus), "--index", str(index), *extra]
    return subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True
    )


def test_progress_lines_one_per_document_when_stderr_is_a_pipe(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = []
    for n in range(3):
        body = f"Borås Stad bygger {n + 2} nya parker i stadsdel {n}. " * 30
        make_pdf(corpus / f"rapport-{n}.pdf", [f"1 Parker\n{body}"], title=f"Rapport {n}")
        names.append(f"rapport-{n}.pdf")

    done = _run(corpus, tmp_path / "index")
    lines = done.stderr.splitlines()
    read = [m.groups() for m in map(re.compile(r"^read (\d+)/3: (\S+)$").match, lines) if m]
    assert [int(i) for i, _ in read] == [1, 2, 3]
    assert sorted(name for _, name in read) == names
    assert re.search(r"^embedded \d+ chunks$", done.stderr, re.M)
    assert "\r" not in done.stderr  # no terminal bar redrawn into a log
    assert done.stdout.startswith("added 3,")  # the summary stays on stdout

    again = _run(corpus, tmp_path / "index2", "--quiet")
    assert not re.search(r"^(read|embedded) ", again.stderr, re.M)
