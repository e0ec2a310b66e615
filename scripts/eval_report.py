"""Run every evaluation set and write the figures into docs/evaluation.md (`make eval`).

    python scripts/eval_report.py [--write docs/evaluation.md] [--no-variants] [--sets NAME ...]

Each set runs as `python -m assistant.eval --json` in a process of its own (as typed with the plain
LangChain baseline beside it, then typed without å, ä, ö and with one slip), and the tables
between the markers `<!-- make eval: begin -->` and `<!-- make eval: end -->` of the file are
replaced. Without --write the tables are printed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "realpdfs"
# name -> (question file, corpus folder or None for the bundled corpus)
SETS = {
    "demo": ("corpus/eval/qa.jsonl", None),
    "demo_dev": ("corpus/eval/demo_dev.jsonl", None),
    "demo_dev5": ("corpus/eval/demo_dev5.jsonl", None),
    "demo_dev6": ("corpus/eval/demo_dev6.jsonl", None),
    "real examples": ("../shared/eval/realpdfs_examples.jsonl", REAL),
    "dev": ("corpus/eval/realpdfs_dev.jsonl", REAL),
    "dev2": ("corpus/eval/realpdfs_dev2.jsonl", REAL),
    "dev3": ("corpus/eval/realpdfs_dev3.jsonl", REAL),
    "dev4": ("corpus/eval/realpdfs_dev4.jsonl", REAL),
    "dev5": ("corpus/eval/realpdfs_dev5.jsonl", REAL),
    "dev6": ("corpus/eval/realpdfs_dev6.jsonl", REAL),
}
# (key, label, target) in the order the table shows them; keys a run lacks are left out
ROWS = (
    ("hit@1", "hit@1", ""),
    ("hit@5", "hit@5", ""),
    ("mrr@10", "MRR@10", ""),
    ("fact_recall", "fact recall (whole reply)", "≥ 0.85"),
    ("lead_fact_recall", "fact recall of the lead", "≥ 0.75"),
    ("citation_hit", "citation hit", ""),
    ("citation_valid", "citation validity", "1.00"),
    ("not_found_valid", "'not mentioned' statements verified", "1.00"),
    ("refused_unanswerable", "refused, unanswerable", ""),
    ("refused_or_flagged_unanswerable", "refused or flagged, unanswerable", "≥ 0.90"),
    ("answered_answerable", "answered, answerable", ""),
    ("clean_answer_rate", "answered without a flag, answerable", "≥ 0.85"),
    ("reply_chars_p50", "reply characters, p50", "≤ 1,200"),
    ("lead_chars_p90", "lead characters, p90", ""),
    ("p50_ms", "latency p50 (ms)", ""),
    ("p95_ms", "latency p95 (ms)", "≤ 150"),
    ("n", "questions", ""),
)
VARIANT_KEYS = ("hit@1", "fact_recall", "lead_fact_recall", "answered_answerable")
BEGIN, END = "<!-- make eval: begin -->", "<!-- make eval: end -->"


def run(qa: str, corpus: Path | None, *extra: str) -> dict:
    cmd = [sys.executable, "-m", "assistant.eval", "--qa", qa, "--json", *extra]
    if corpus is not None:
        cmd += ["--corpus", str(corpus)]
    print("$", " ".join(cmd[1:]), file=sys.stderr, flush=True)
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.0f}" if value >= 10 else f"{value:.2f}"
    return str(value)


def typed_table(results: dict[str, dict]) -> str:
    names = list(results)
    head = "| metric | " + " | ".join(f"{n} | plain" for n in names) + " | target |"
    rule = "|---|" + "---|---|" * len(names) + "---|"
    lines = [head, rule]
    for key, label, target in ROWS:
        if not any(key in r for r in results.values()):
            continue
        cells = []
        for r in results.values():
            plain = r.get("baseline", {}).get(key, "")
            cells += [cell(r.get(key, "")), cell(plain) if plain != "" else ""]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")
    return "\n".join(lines)


def variant_table(results: dict[str, dict[str, dict]]) -> str:
    keys = [k for k in VARIANT_KEYS if any(k in v for r in results.values() for v in r.values())]
    head = "| set | " + " | ".join(f"{v}: {k}" for v in ("unmarked", "slips") for k in keys) + " |"
    lines = [head, "|---|" + "---|" * (2 * len(keys))]
    for name, by_variant in results.items():
        cells = [cell(by_variant[v].get(k, "")) for v in ("unmarked", "slips") for k in keys]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/eval_report.py")
    parser.add_argument("--write", type=Path, help="replace the tables in this Markdown file")
    parser.add_argument("--no-variants", action="store_true")
    parser.add_argument("--sets", nargs="*", default=list(SETS), choices=list(SETS))
    args = parser.parse_args(argv)
    sets = {n: SETS[n] for n in args.sets if SETS[n][1] is None or SETS[n][1].is_dir()}
    typed = {n: run(qa, corpus, "--baseline") for n, (qa, corpus) in sets.items()}
    from ingest.pipeline import TEXT_VERSION

    parts = [
        f"Measured {date.today().isoformat()} by `make eval`, `TEXT_VERSION` {TEXT_VERSION}, "
        "fresh indexes; the plain pipeline's fact recall is that of its top chunk shown whole.",
        "",
        typed_table(typed),
    ]
    if not args.no_variants:
        variants = {
            n: {v: run(qa, corpus, "--variant", v) for v in ("unmarked", "slips")}
            for n, (qa, corpus) in sets.items()
        }
        parts += ["", "The same questions typed in a hurry:", "", variant_table(variants)]
    block = "\n".join(parts)
    if args.write is None:
        print(block)
        return 0
    text = args.write.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    args.write.write_text(text[:start] + "\n" + block + "\n" + text[end:], encoding="utf-8")
    print(f"wrote the figures into {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
