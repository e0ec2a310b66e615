"""python -m assistant.eval --qa FILE: ask every gold question and report retrieval, answer and refusal quality."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from assistant.eval.metrics import KEYS, evaluate, evaluate_baseline, load_qa


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.eval")
    parser.add_argument("--qa", type=Path, required=True)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument(
        "--variant",
        choices=("unmarked", "slips"),
        help="ask the questions typed without å, ä, ö, or with one slip in one long word",
    )
    args = parser.parse_args(argv)

    from assistant.core import Assistant
    from ingest import pipeline
    from ingest.embed import make_embedder
    from ingest.settings import Settings

    settings = Settings.from_env(corpus=args.corpus, index=args.index)
    if args.index is None and args.corpus is not None:
        settings = settings.with_(
            index=Path(tempfile.gettempdir()) / f"eval-index-{settings.corpus.resolve().name}"
        )
    embedder = make_embedder(settings.embedder)
    report = pipeline.run(settings, embedder)
    if report.failed:
        print(f"note: {len(report.failed)} files could not be indexed", file=sys.stderr)
    items = load_qa(args.qa)
    if args.variant:
        from assistant.eval.variants import variant

        items = variant(items, args.variant)
    assistant = Assistant(settings, embedder)
    assistant.ask("uppvärmning")  # load the index and the model before timing
    metrics, failures = evaluate(assistant, items, settings.corpus, args.k)
    if args.baseline:
        metrics["baseline"] = evaluate_baseline(items, settings.corpus, embedder, args.k)
    if args.json:
        print(json.dumps(metrics, ensure_ascii=False))
        return 0
    for key in KEYS:
        line = f"{key:22} {metrics[key]}"
        if "baseline" in metrics and key in metrics["baseline"]:
            line += f"    (plain pipeline: {metrics['baseline'][key]})"
        print(line)
    print(f"\n{len(failures)} questions with a problem:")
    for f in failures:
        print("  " + f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
