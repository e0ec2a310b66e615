"""The evaluation's measurements: retrieval, answer and refusal quality over a question set."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

from assistant.eval.absence import AbsenceCheck

KEYS = (
    "hit@1",
    "hit@5",
    "mrr@10",
    "fact_recall",
    "lead_fact_recall",
    "citation_hit",
    "citation_valid",
    "not_found_valid",
    "refused_unanswerable",
    "refused_or_flagged_unanswerable",
    "answered_answerable",
    "clean_answer_rate",
    "reply_chars_p50",
    "lead_chars_p90",
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

    Compared without whitespace, since PDF text extraction places spaces and line breaks freely;
    also without the document's running headers and footers, found afresh by ingestion's rule
    (a line at the edge of many pages, "(NFS 2014:23)"), which ingestion takes off every page:
    two sentences that stand either side of one are quoted as one.
    """

    def __init__(self, corpus: Path):
        self.corpus, self.cache, self.running = corpus, {}, {}

    def _running(self, file: str) -> list[str]:
        if file not in self.running:
            from ingest.clean import running_lines
            from ingest.load import load_pdf

            lines = running_lines(load_pdf(self.corpus / file).pages)
            self.running[file] = [re.sub(r"\s+", "", x).lower() for x in lines if x.strip()]
        return self.running[file]

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

    def holds(self, quote: str, file: str, page: int) -> bool:
        """Whether the quote stands on the page, whitespace aside, or else on the page without
        the document's running lines (found only then: it takes reading the whole PDF)."""
        wanted = re.sub(r"\s+", "", quote).lower()
        text = self.text(file, page)
        if wanted in text:
            return True
        for line in self._running(file):
            text = text.replace(line, "")
        return wanted in text


def evaluate(assistant, items: list[dict], corpus: Path, k: int = 5) -> tuple[dict, list[str]]:
    pdfs = PdfPages(corpus)
    absences = AbsenceCheck(corpus)
    tally = _Tally()
    failures = []
    for item in items:
        answer = assistant.ask(item["question"])
        tally.add(item, answer, pdfs, absences, k)
        why = _why(item, answer, tally.last_rank)
        if why:
            failures.append(f"{item['id']}: {why}: {item['question']}")
    return tally.metrics(len(items)), failures


class _Tally:
    """The counts the metrics are made of, question by question."""

    def __init__(self) -> None:
        self.rr: list[float] = []
        self.h1 = self.hk = self.cited = self.valid = self.n_cit = 0
        self.facts = self.found = self.lead_found = 0
        self.n_ans = self.n_un = self.refused_un = self.flagged_un = 0
        self.answered = self.clean = self.absent_ok = self.absent_n = 0
        self.times: list[float] = []
        self.reply_chars: list[int] = []
        self.lead_chars: list[int] = []
        self.last_rank: int | None = None

    def add(self, item: dict, answer, pdfs: PdfPages, absences: AbsenceCheck, k: int) -> None:
        self.times.append(answer.timings["total_ms"])
        for c in answer.citations:
            self.n_cit += 1
            self.valid += pdfs.holds(c.quote, c.file, c.page)
        for term, scope in answer.not_found:
            self.absent_n += 1
            self.absent_ok += absences.absent(term, scope, answer)
        if answer.outcome != "refused":
            self.reply_chars.append(len(answer.text))
            if answer.lead:
                self.lead_chars.append(len(answer.lead))
        if not item["answerable"]:
            self.n_un += 1
            self.refused_un += answer.refused
            self.flagged_un += answer.outcome in ("partial", "refused")
            return
        ranks = [
            r
            for r, h in enumerate(answer.hits[:10])
            if is_hit(h.chunk.file, h.chunk.page_start, h.chunk.page_end, item)
        ]
        rank = self.last_rank = ranks[0] if ranks else None
        self.n_ans += 1
        self.rr.append(1 / (rank + 1) if rank is not None else 0.0)
        self.h1 += rank == 0
        self.hk += rank is not None and rank < k
        self.answered += not answer.refused
        self.clean += answer.outcome == "answered"
        self.facts += len(item["facts"])
        self.found += sum(norm(f) in norm(answer.text) for f in item["facts"])
        self.lead_found += sum(norm(f) in norm(answer.lead) for f in item["facts"])
        self.cited += any(
            item["source"] == c.file and c.page in item["pages"] for c in answer.citations
        )

    def metrics(self, n: int) -> dict:
        n_ans, n_un = max(self.n_ans, 1), self.n_un
        facts = max(self.facts, 1)
        values = {
            "hit@1": self.h1 / n_ans,
            "hit@5": self.hk / n_ans,
            "mrr@10": sum(self.rr) / n_ans,
            "fact_recall": self.found / facts,
            "lead_fact_recall": self.lead_found / facts,
            "citation_hit": self.cited / n_ans,
            "citation_valid": self.valid / self.n_cit if self.n_cit else 1.0,
            "not_found_valid": self.absent_ok / self.absent_n if self.absent_n else 1.0,
            "refused_unanswerable": self.refused_un / n_un if n_un else 1.0,
            "refused_or_flagged_unanswerable": self.flagged_un / n_un if n_un else 1.0,
            "answered_answerable": self.answered / n_ans,
            "clean_answer_rate": self.clean / n_ans,
            "reply_chars_p50": statistics.median(self.reply_chars) if self.reply_chars else 0,
            "lead_chars_p90": _percentile(self.lead_chars, 0.9) if self.lead_chars else 0,
            "p50_ms": statistics.median(self.times),
            "p95_ms": _p95(self.times),
            "n": n,
        }
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in values.items()}


def _why(item, answer, rank) -> str:
    """What is wrong with one answer, for the list of problems ('' when nothing is)."""
    if not item["answerable"]:
        return "" if answer.outcome != "answered" else "answered an unanswerable question"
    if answer.refused:
        ev = answer.evidence
        return f"refused (dense {ev.dense:.3f}, coverage {ev.coverage:.2f}, missing {list(ev.missing)})"
    if rank is None:
        top = answer.hits[0].chunk
        return f"no hit in top 10 (top: {top.file} p{top.page_start}-{top.page_end})"
    missing = [f for f in item["facts"] if norm(f) not in norm(answer.text)]
    if missing:
        return f"rank {rank + 1}, facts missing from answer {missing}"
    lost = [f for f in item["facts"] if norm(f) not in norm(answer.lead)]
    if lost:
        return f"rank {rank + 1}, facts in the reply but not in its lead {lost}"
    if answer.outcome == "partial":
        return f"rank {rank + 1}, flagged: {answer.statement}"
    return "" if rank == 0 else f"hit at rank {rank + 1}"


def _p95(values: list[float]) -> float:
    return _percentile(values, 0.95)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


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
