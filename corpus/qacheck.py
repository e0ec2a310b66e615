"""Check question-answer files against the corpus PDFs (format: /work/shared/eval/README.md).

    python corpus/qacheck.py corpus/eval/qa.jsonl [more.jsonl ...]

Prints every schema problem and every fact that does not stand verbatim (case-insensitive,
whitespace collapsed) on the listed pages of the source PDF; exits 1 when there is any.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader

CORPUS = Path(__file__).resolve().parent
FIELDS = {
    "id": str,
    "question": str,
    "source": (str, type(None)),
    "pages": list,
    "facts": list,
    "answerable": bool,
    "lang": str,
    "kind": str,
}
# the format's kinds, and the finer ones of the later development sets (what the answer must be)
KINDS = {"fact", "number", "rule", "definition", "span", "paraphrase", "unanswerable"} | {
    "list",
    "table",
    "when",
    "date",
    "who",
    "assessment",
}
FOOTER = re.compile(r"^\s*Sida \d+ av \d+\s*$")


def load_qa(path: str | Path) -> list[dict]:
    """One JSON object per non-empty line; errors name the file and line."""
    items = []
    for no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}:{no}: not valid JSON: {err}") from None
        if not isinstance(item, dict):
            raise ValueError(f"{path}:{no}: a line must hold a JSON object")
        items.append(item)
    return items


def normalise(text: str) -> str:
    """Case-folded text with every run of whitespace (soft line breaks too) as one space."""
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=64)
def _page_texts(pdf_path: str, mtime: float) -> tuple[str, ...]:
    return tuple(page.extract_text() or "" for page in PdfReader(pdf_path).pages)


def page_texts(pdf_path: str | Path) -> list[str]:
    """pypdf text of every page; index 0 is page 1."""
    p = Path(pdf_path)
    return list(_page_texts(str(p), p.stat().st_mtime))


def _without_chrome(pages: list[str]) -> list[str]:
    """Pages without the footer and the running header, so text may run across a page break."""
    firsts = Counter(t.strip().splitlines()[0] for t in pages if t.strip())
    header = firsts.most_common(1)[0][0] if firsts and firsts.most_common(1)[0][1] > 1 else None
    out = []
    for text in pages:
        lines = [ln for ln in text.splitlines() if not FOOTER.match(ln)]
        if lines and header and lines[0] == header:
            lines = lines[1:]
        out.append("\n".join(lines))
    return out


def missing_facts(item: dict, pages_text: list[str]) -> list[str]:
    """Facts of item not found in the union of its listed pages (pages_text: all pages of its PDF)."""
    if not item.get("source"):
        return []
    wanted = sorted(
        {p for p in item.get("pages", []) if isinstance(p, int) and 1 <= p <= len(pages_text)}
    )
    plain = normalise(" ".join(pages_text[p - 1] for p in wanted))
    bare_pages = _without_chrome(pages_text)
    bare = normalise(" ".join(bare_pages[p - 1] for p in wanted))
    return [
        f for f in item.get("facts", []) if normalise(f) not in plain and normalise(f) not in bare
    ]


def item_problems(item: dict, page_count: int | None) -> list[str]:
    """Schema problems of one item; page_count is the source PDF's page count when known."""
    errs = [
        f"field '{k}' is missing or not of type {t}"
        for k, t in FIELDS.items()
        if not isinstance(item.get(k), t)
    ]
    if errs:
        return errs
    if item["lang"] not in ("sv", "en"):
        errs.append(f"lang '{item['lang']}' is not sv or en")
    if item["kind"] not in KINDS:
        errs.append(f"kind '{item['kind']}' is not one of {sorted(KINDS)}")
    if item["answerable"] != (item["source"] is not None):
        errs.append("answerable must be true exactly when source is not null")
    if item["answerable"] == (item["kind"] == "unanswerable"):
        errs.append("kind 'unanswerable' goes with answerable false, and only with it")
    if not all(isinstance(p, int) and not isinstance(p, bool) for p in item["pages"]):
        errs.append("pages must be integers")
    elif item["answerable"] and not item["pages"]:
        errs.append("an answerable question needs pages")
    elif page_count is not None and any(not 1 <= p <= page_count for p in item["pages"]):
        errs.append(f"pages {item['pages']} outside 1..{page_count}")
    if not all(isinstance(f, str) and f.strip() for f in item["facts"]):
        errs.append("facts must be non-empty strings")
    elif item["answerable"] and not item["facts"]:
        errs.append("an answerable question needs facts")
    if not item["question"].strip() or not item["id"].strip():
        errs.append("id and question must not be empty")
    return errs


def check_items(items: list[dict], corpus: Path = CORPUS) -> list[str]:
    """All problems of a list of items, each line starting with the question id."""
    out = [
        f"{i}: id occurs {n} times" for i, n in Counter(x.get("id") for x in items).items() if n > 1
    ]
    for item in items:
        qid = item.get("id", "?")
        pdf = corpus / item["source"] if isinstance(item.get("source"), str) else None
        if pdf is not None and not pdf.exists():
            out.append(f"{qid}: source PDF {pdf} does not exist (build it with corpus/build.py)")
            pdf = None
        pages = page_texts(pdf) if pdf else None
        problems = item_problems(item, len(pages) if pages else None)
        out += [f"{qid}: {p}" for p in problems]
        if pages and not problems:
            out += [
                f"{qid}: fact not on pages {item['pages']} of {item['source']}: {f!r}"
                for f in missing_facts(item, pages)
            ]
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip())
        return 2
    bad = 0
    for name in argv:
        try:
            items = load_qa(name)
        except (OSError, ValueError) as err:
            print(f"{name}: {err}")
            bad += 1
            continue
        problems = check_items(items)
        for line in problems:
            print(f"{name}: {line}")
        print(f"{name}: {len(items)} questions, {len(problems)} problems")
        bad += len(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
