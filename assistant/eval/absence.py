"""The independent check of "Dokumenten nämner inte ...": each term a reply states as absent really
is, in the PDFs' own text extracted afresh (scope "documents") or in the passages the reply cites
(scope "cited"), after stemming and with å, ä, ö folded.

A word counts as present when any word of the text has its stem, holds it inside a compound
("stöd" in "försörjningsstöd") or is it less a short ending ("Korsavad" for "Korsavads"): the
check errs towards presence, so a statement it passes is true.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.lexical import tokens

_FOLD = str.maketrans("åäöéü", "aaoeu")


def _forms(text: str) -> set[str]:
    """The text's stems, and the same with å, ä, ö folded."""
    stems = set(tokens(text))
    return stems | {s.translate(_FOLD) for s in stems}


def present(term: str, forms: set[str]) -> bool:
    """Whether every word of the term stands in the text (as a stem, or inside a compound)."""
    words = [w.translate(_FOLD) for w in tokens(term)]
    if not words:
        return True
    return all(w in forms or any(_related(w, f) for f in forms) for w in words)


def _related(word: str, form: str) -> bool:
    """The word inside a longer word (a compound: "stöd" in "försörjningsstöd"), or a longer
    form of a word that stands ("korsavad" of "korsav", Snowball's stems of Korsavads/Korsavad)."""
    if len(form) > len(word) >= 4:
        return word in form
    return len(form) >= 5 and word.startswith(form) and len(word) - len(form) <= 2


class AbsenceCheck:
    """Reads every page of the corpus once, on the first statement about the whole library."""

    def __init__(self, corpus: Path):
        self.corpus = corpus
        self._library: set[str] | None = None

    def absent(self, term: str, scope: str, answer) -> bool:
        if scope == "documents":
            return not present(term, self.library())
        cited = " ".join(
            [answer.lead, answer.context] + [f"{c.quote} {c.context}" for c in answer.citations]
        )
        return not present(term, _forms(re.sub(r"\*\*|\[\d+\]", " ", cited)))

    def library(self) -> set[str]:
        if self._library is None:
            import pypdf

            forms: set[str] = set()
            for path in sorted(self.corpus.glob("*.pdf")):
                try:
                    reader = pypdf.PdfReader(path)
                    if reader.is_encrypted:
                        reader.decrypt("")
                    for page in reader.pages:
                        raw = page.extract_text() or ""
                        # a word hyphenated across a line counts whole as well as in its halves
                        forms |= _forms(raw + "\n" + re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", raw))
                except Exception:  # a PDF the product refuses cannot hold the term either
                    continue
            self._library = forms
        return self._library
