"""Train the lead's ranker on the evaluation sets and write assistant/answer/lead_model.json.

    python scripts/train_lead.py [--cv] [--l2 1.0] [--out PATH]

Every answerable question of the development sets is read as the assistant reads it; each unit
of its candidate passages is a row (assistant/answer/features.py), labelled 1 when it holds one
of the question's expected facts. --cv first scores each set with a model trained on the others
(leave one set out): how often the best unit holds a fact, and the share of facts the lead
chosen from it holds (before citation).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.eval_report import SETS  # noqa: E402  the sets `make eval` measures


def assistants(sets: dict):
    """Each development set's name and questions with an assistant over its corpus, the index
    brought up to date first; sets over a corpus that is absent are left out."""
    import tempfile

    from assistant.core import Assistant
    from assistant.eval.metrics import load_qa
    from ingest import pipeline
    from ingest.embed import make_embedder
    from ingest.settings import Settings

    embedder = None
    for name, (qa, corpus) in sets.items():
        if corpus is not None and not corpus.is_dir():
            continue
        settings = Settings.from_env(corpus=corpus)
        if corpus is not None:
            settings = settings.with_(index=Path(tempfile.gettempdir()) / "eval-index-realpdfs")
        embedder = embedder or make_embedder(settings.embedder)
        pipeline.run(settings, embedder)
        yield name, load_qa(ROOT / qa), Assistant(settings, embedder)


def collect(sets: dict) -> list[dict]:
    """One record per question: its candidates' features and labels, and what the lead needs."""

    from assistant.answer.features import features_all
    from assistant.answer.lead import candidates
    from assistant.eval.metrics import norm

    out = []
    for name, items, assistant in assistants(sets):
        for item in items:
            if not item["answerable"]:
                continue
            reading = assistant.read(item["question"])
            if not reading.hits:
                continue
            facts = [norm(f) for f in item["facts"]]
            cands = candidates(reading.hits, reading.snap)
            rows = features_all(cands, reading.asked, reading.hits[0])
            labels = [int(any(f in norm(c.unit.text) for f in facts)) for c in cands]
            out.append(
                {
                    "set": name,
                    "id": item["id"],
                    "rows": rows,
                    "labels": labels,
                    "facts": facts,
                    "cands": cands,
                    "asked": reading.asked,
                    "snap": reading.snap,
                }
            )
    return out


def lead_recall(record: dict, model) -> tuple[int, int, int]:
    """(best unit holds a fact, facts in the lead, facts) for one question under a model."""
    from assistant.answer.lead import choose
    from assistant.eval.metrics import norm

    ranked = sorted(
        ((model.score(r), c) for r, c in zip(record["rows"], record["cands"], strict=True)),
        key=lambda sc: -sc[0],
    )
    best_right = int(any(f in norm(ranked[0][1].unit.text) for f in record["facts"]))
    lead = choose(ranked, record["asked"], snap=record["snap"])
    text = norm(" ".join(u.text for _, _, shown in (lead.parts if lead else ()) for u in shown))
    return best_right, sum(f in text for f in record["facts"]), len(record["facts"])


def main(argv: list[str] | None = None) -> int:
    from assistant.answer.ranker import MODEL_FILE, fit

    parser = argparse.ArgumentParser(prog="scripts/train_lead.py")
    parser.add_argument("--cv", action="store_true", help="leave one set out first")
    parser.add_argument(
        "--l2",
        type=float,
        default=10.0,
        help="L2 penalty (leave-one-set-out, eleven sets: 3 -> 423, 10 -> 431, 30 -> 424 of 662"
        " facts; nine sets: 1, 3, 10, 20 -> 350, 355, 363, 357 of 548)",
    )
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    records = collect(SETS)
    if args.cv:
        total = [0, 0, 0, 0]
        for name in dict.fromkeys(r["set"] for r in records):
            train = [r for r in records if r["set"] != name]
            model = fit([(r["rows"], r["labels"]) for r in train], args.l2)
            scores = [lead_recall(r, model) for r in records if r["set"] == name]
            right, found, facts = (sum(s[i] for s in scores) for i in range(3))
            print(
                f"{name:14} best unit right {right}/{len(scores)}  lead facts {found}/{facts} = {found / facts:.3f}"
            )
            total = [total[0] + right, total[1] + len(scores), total[2] + found, total[3] + facts]
        print(
            f"{'all':14} best unit right {total[0]}/{total[1]}  lead facts {total[2]}/{total[3]} = {total[2] / total[3]:.3f}"
        )
    model = fit([(r["rows"], r["labels"]) for r in records], args.l2)
    args.out.write_text(json.dumps(model.as_json(), indent=1) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out}: {len(records)} questions, {sum(len(r['labels']) for r in records)} units"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
