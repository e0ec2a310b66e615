"""The evaluation's measurements: retrieval, answer and refusal quality over a question set."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

KEYS = (
    "hit@1",
    "hit@5",
    "mrr@10",
    "fact_recall",
    "citation_hit",
    "citation_valid",
    "refused_unanswerable",
    "answered_answerable",
    "p50_ms",
    "p95_ms",
    "n",
)


def norm(text: str) -> str:
    """Case, whitespace, emphasis and number formatting folded: '1 681' = '1681', '2,5' = '2.5'."""
    text = text.lower().replace("**", "").replace("\u2212", "-")
    text = re.sub(r"(?<=\d)[\s\u00a0](?=\d{3}\b)", "", text)
    text = re.sub(r"(?<=\d),(?=\d)", ".", text)
    return re.sub(r"\s+", " ", text).strip()


def is_hit(file: str, start: int, end: int, item: dict) -> bool:
    return file == item["source"] and any(start <= p <= end for p in item["pages"])


def load_qa(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


class PdfPages:
    """The text of cited pages read afresh from the PDF, once: the independent check of citation
    validity. pypdf's plain text, and the page as ingestion's extractor reads it (columns one
    after the other, a ruled table's rows one line each), not the index's stored copy.

    Compared without whitespace, since PDF text extraction places spaces and line breaks freely.
    """

    def __init__(self, corpus: Path):
        self.corpus, self.cache = corpus, {}

    def text(self, file: str, page: int) -> str:
        key = (file, page)
        if key not in self.cache:
            import pypdf

            from ingest.clean import normalise_chars
            from ingest.load import page_text_of

            p = pypdf.PdfReader(self.corpus / file).pages[page - 1]
            raw = p.extract_text() + "\n" + page_text_of(self.corpus / file, page)
            raw = normalise_chars(raw)
            joined = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", raw)  # hyphenation undone, and not
            self.cache[key] = re.sub(r"\s+", "", raw + "\n" + joined).lower()
        return self.cache[key]


def evaluate(assistant, items: list[dict], corpus: Path, k: int = 5) -> tuple[dict, list[str]]:
    pdfs = PdfPages(corpus)
    answerable = [i for i in items if i["answerable"]]
    rr, h1, hk, facts_found, facts_total, cited, valid, n_cit = [], 0, 0, 0, 0, 0, 0, 0
    refused_un, answered_ans, times, failures = 0, 0, [], []
    for item in items:
        answer = assistant.ask(item["question"])
        times.append(answer.timings["total_ms"])
        for c in answer.citations:
            n_cit += 1
            valid += re.sub(r"\s+", "", c.quote).lower() in pdfs.text(c.file, c.page)
        if not item["answerable"]:
            refused_un += answer.refused
            if not answer.refused:
                failures.append(
                    f"{item['id']}: answered an unanswerable question: {item['question']}"
                )
            continue
        ranks = [
            r
            for r, h in enumerate(answer.hits[:10])
            if is_hit(h.chunk.file, h.chunk.page_start, h.chunk.page_end, item)
        ]
        rank = ranks[0] if ranks else None
        rr.append(1 / (rank + 1) if rank is not None else 0.0)
        h1 += rank == 0
        hk += rank is not None and rank < k
        answered_ans += not answer.refused
        found = [f for f in item["facts"] if norm(f) in norm(answer.text)]
        facts_found += len(found)
        facts_total += len(item["facts"])
        cited += any(item["source"] == c.file and c.page in item["pages"] for c in answer.citations)
        why = _why(item, answer, rank, found)
        if why:
            failures.append(f"{item['id']}: {why}: {item['question']}")
    n_ans, n_un = len(answerable), len(items) - len(answerable)
    metrics = {
        "hit@1": h1 / n_ans,
        "hit@5": hk / n_ans,
        "mrr@10": sum(rr) / n_ans,
        "fact_recall": facts_found / max(facts_total, 1),
        "citation_hit": cited / n_ans,
        "citation_valid": valid / n_cit if n_cit else 1.0,
        "refused_unanswerable": refused_un / n_un if n_un else 1.0,
        "answered_answerable": answered_ans / n_ans,
        "p50_ms": statistics.median(times),
        "p95_ms": _p95(times),
        "n": len(items),
    }
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in metrics.items()}, failures


def _why(item, answer, rank, found) -> str:
    if answer.refused:
        ev = answer.evidence
        return f"refused (dense {ev.dense:.3f}, coverage {ev.coverage:.2f}, missing {list(ev.missing)})"
    if rank is None:
        top = answer.hits[0].chunk
        return f"no hit in top 10 (top: {top.file} p{top.page_start}-{top.page_end})"
    missing = [f for f in item["facts"] if f not in found]
    if missing:
        return f"rank {rank + 1}, facts missing from answer {missing}"
    return "" if rank == 0 else f"hit at rank {rank + 1}"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def evaluate_baseline(items: list[dict], corpus: Path, embedder, k: int = 5) -> dict:
    import time

    from assistant.eval.baseline import build_plain_index, plain_hits

    store, _, _ = build_plain_index(corpus, embedder)
    answerable = [i for i in items if i["answerable"]]
    rr, h1, hk, found, total, times = [], 0, 0, 0, 0, []
    for item in answerable:
        t = time.perf_counter()
        hits = plain_hits(store, item["question"], 10)
        times.append((time.perf_counter() - t) * 1000)
        ranks = [r for r, (f, p, _) in enumerate(hits) if is_hit(f, p, p, item)]
        rank = ranks[0] if ranks else None
        rr.append(1 / (rank + 1) if rank is not None else 0.0)
        h1 += rank == 0
        hk += rank is not None and rank < k
        top = norm(hits[0][2]) if hits else ""
        found += sum(norm(f) in top for f in item["facts"])
        total += len(item["facts"])
    n = len(answerable)
    return {
        "hit@1": round(h1 / n, 3),
        "hit@5": round(hk / n, 3),
        "mrr@10": round(sum(rr) / n, 3),
        "fact_recall": round(found / max(total, 1), 3),
        "citation_hit": round(h1 / n, 3),
        "refused_unanswerable": 0.0,
        "answered_answerable": 1.0,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(_p95(times), 1),
        "n": len(items),
    }
