"""Train when a reply says what the documents do not cover; writes assistant/answer/scope/flag_model.json.

    python scripts/train_flags.py [--cv] [--clean 0.90] [--l2 1.0]

Every question of the development sets is answered as the product answers it; each reply that
is not refused gives its signals (assistant/answer/scope/outcome.py), labelled 1 when the documents do
not answer the question. The threshold is the lowest score at which the answerable questions of
the training sets keep at least --clean of their replies unflagged. --cv first measures each set
with a model and threshold made from the others (leave one set out).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.train_lead import SETS, assistants  # noqa: E402


def collect() -> list[dict]:

    out = []
    for name, items, assistant in assistants(SETS):
        for item in items:
            answer = assistant.ask(item["question"])
            signals = answer.evidence.signals if answer.evidence else {}
            out.append(
                {
                    "set": name,
                    "id": item["id"],
                    "unanswerable": not item["answerable"],
                    "refused": answer.refused,
                    "signals": signals,
                }
            )
    return out


def threshold(model, records: list[dict], clean: float) -> float:
    """The lowest score that keeps `clean` of the answerable replies unflagged."""
    scores = sorted(
        model.score(r["signals"]) for r in records if not r["unanswerable"] and r["signals"]
    )
    if not scores:
        return float("inf")
    k = min(len(scores) - 1, int(clean * len(scores)))
    return scores[k] + 1e-9


def fit(records: list[dict], clean: float, l2: float):
    from assistant.answer.ranker import fit_logistic
    from assistant.answer.scope.outcome import FlagModel

    usable = [r for r in records if r["signals"]]
    m = fit_logistic([r["signals"] for r in usable], [int(r["unanswerable"]) for r in usable], l2)
    return FlagModel(m.names, m.mean, m.scale, m.weights, m.bias, threshold(m, usable, clean))


def measure(model, records: list[dict]) -> tuple[int, int, int, int]:
    """(unanswerable refused or flagged, unanswerable, answerable answered unflagged, answerable)."""
    un = [r for r in records if r["unanswerable"]]
    ans = [r for r in records if not r["unanswerable"]]

    def flagged(r: dict) -> bool:
        return bool(r["signals"]) and model.score(r["signals"]) >= model.threshold

    caught = sum(r["refused"] or flagged(r) for r in un)
    clean = sum(not r["refused"] and not flagged(r) for r in ans)
    return caught, len(un), clean, len(ans)


def main(argv: list[str] | None = None) -> int:
    from assistant.answer.scope.outcome import MODEL_FILE

    parser = argparse.ArgumentParser(prog="scripts/train_flags.py")
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--clean", type=float, default=0.90)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    records = collect()
    if args.cv:
        total = [0, 0, 0, 0]
        for name in dict.fromkeys(r["set"] for r in records):
            model = fit([r for r in records if r["set"] != name], args.clean, args.l2)
            got = measure(model, [r for r in records if r["set"] == name])
            total = [a + b for a, b in zip(total, got, strict=True)]
            print(f"{name:14} refused or flagged {got[0]}/{got[1]}  clean {got[2]}/{got[3]}")
        print(
            f"{'all':14} refused or flagged {total[0]}/{total[1]} = {total[0] / total[1]:.2f}"
            f"  clean {total[2]}/{total[3]} = {total[2] / total[3]:.2f}"
        )
    model = fit(records, args.clean, args.l2)
    args.out.write_text(json.dumps(model.as_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(records)} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
