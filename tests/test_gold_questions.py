"""The gold questions corpus/eval/qa.jsonl: format of /work/shared/eval/README.md, facts in the PDFs, counts.

These fail (not skip) until corpus/eval/qa.jsonl exists.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "corpus"))
import build  # noqa: E402
from qacheck import check_items, item_problems, load_qa, missing_facts, page_texts  # noqa: E402

CORPUS = ROOT / "corpus"
QA = CORPUS / "eval" / "qa.jsonl"


@lru_cache(maxsize=1)
def items() -> tuple[dict, ...]:
    assert QA.exists(), f"{QA} does not exist yet"
    return tuple(load_qa(QA))


def pdf_pages(source: str) -> list[str] | None:
    path = CORPUS / source
    return page_texts(path) if path.exists() else None


def test_fields_types_and_values():
    problems = []
    for item in items():
        pages = pdf_pages(item["source"]) if isinstance(item.get("source"), str) else None
        problems += [
            f"{item.get('id')}: {p}" for p in item_problems(item, len(pages) if pages else None)
        ]
    assert not problems, "\n".join(problems[:30])


def test_ids_unique():
    twice = [i for i, n in Counter(x.get("id") for x in items()).items() if n > 1]
    assert not twice, twice


def test_sources_exist():
    missing = sorted(
        {x["source"] for x in items() if x.get("source") and not (CORPUS / x["source"]).exists()}
    )
    assert not missing, missing


def test_facts_stand_on_the_listed_pages():
    failures = []
    for item in items():
        pages = pdf_pages(item["source"]) if item.get("source") else None
        if pages:
            failures += [
                f"{item['id']}: {f!r} not on pages {item['pages']} of {item['source']}"
                for f in missing_facts(item, pages)
            ]
    assert not failures, "\n".join(failures[:30])


@pytest.mark.parametrize("name", ["demo_dev", "demo_dev5", "demo_dev6"])
def test_the_further_demo_sets_are_well_formed_and_their_facts_stand_on_their_pages(name):
    """corpus/eval/demo_dev*.jsonl: more questions over the demonstration corpus, written
    without sight of the code, used for development since."""
    extra = tuple(load_qa(CORPUS / "eval" / f"{name}.jsonl"))
    problems = []
    for item in extra:
        pages = pdf_pages(item["source"]) if item.get("source") else None
        problems += [
            f"{item.get('id')}: {p}" for p in item_problems(item, len(pages) if pages else None)
        ]
        if pages:
            problems += [
                f"{item['id']}: {f!r} not on its pages" for f in missing_facts(item, pages)
            ]
    assert not problems, "\n".join(problems[:30])
    assert not {x["id"] for x in extra} & {x["id"] for x in items()}


def test_counts():
    qa = items()
    assert len(qa) >= 80
    assert sum(x.get("lang") == "en" for x in qa) >= 10
    assert sum(x.get("answerable") is False for x in qa) >= 12
    assert sum(x.get("kind") == "span" or len(x.get("pages", [])) >= 2 for x in qa) >= 10


# ---- the checking module itself (independent of qa.jsonl)
SAMPLE = ROOT / "tests" / "data" / "sample_src.md"


def test_qacheck_tolerates_case_and_line_breaks_and_names_failures(tmp_path):
    pdf = build.build_pdf(SAMPLE, tmp_path)
    pages = page_texts(pdf)
    first = next(n for n, t in enumerate(pages, 1) if "Arbetet följs upp varje år" in t)
    item = {
        "id": "t-1",
        "question": "?",
        "source": pdf.name,
        "pages": [first],
        "answerable": True,
        "lang": "sv",
        "kind": "fact",
        "facts": ["ARBETET FÖLJS UPP VARJE ÅR OCH REDOVISAS", "finns inte i texten"],
    }
    assert missing_facts(item, pages) == ["finns inte i texten"]
    assert item_problems(item, len(pages)) == []
    assert item_problems(dict(item, pages=[99]), len(pages))
    assert item_problems(dict(item, lang="de", answerable=False), len(pages))
    rows = [
        next(n for n, t in enumerate(pages, 1) if r in t)
        for r in ("Område 01 Norrby", "Område 60 Sandared")
    ]
    assert rows[0] != rows[1]
    assert missing_facts(dict(item, pages=rows[:1], facts=["Område 60 Sandared"]), pages)
    span = dict(item, pages=rows, kind="span", facts=["Område 01 Norrby", "Område 60 Sandared"])
    assert missing_facts(span, pages) == []
    assert check_items([item, item], corpus=tmp_path)[0].startswith("t-1: id occurs 2 times")


def test_qacheck_cli_reports_with_ids(tmp_path):
    part = tmp_path / "x.jsonl"
    good = {
        "id": "u-1",
        "question": "Vad kostar bussen 2031?",
        "source": None,
        "pages": [],
        "facts": [],
        "answerable": False,
        "lang": "sv",
        "kind": "unanswerable",
    }
    bad = dict(
        good, id="u-2", source="saknas.pdf", answerable=True, kind="fact", pages=[1], facts=["x"]
    )
    part.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(CORPUS / "qacheck.py"), str(part), str(part)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "u-2: source PDF" in run.stdout and "u-1" not in run.stdout.replace("u-1,", "")
