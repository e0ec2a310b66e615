"""The independent check of "Dokumenten nämner inte ...": each word a reply states as absent
really is, in the PDFs' own text extracted afresh (scope "documents") or in the passages the reply
cites (scope "cited"), judged as the reply judged it (assistant/answer/scope/coverage.py: any
inflection, a compound that holds it, å, ä, ö folded, an official word for it), which errs
towards presence, so a statement it passes is true.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.answer.scope.coverage import forms, present


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
        return not present(term, forms(re.sub(r"\*\*|\[\d+\]", " ", cited)))

    def library(self) -> set[str]:
        if self._library is None:
            import pypdf

            found: set[str] = set()
            for path in sorted(self.corpus.glob("*.pdf")):
                try:
                    reader = pypdf.PdfReader(path)
                    if reader.is_encrypted:
                        reader.decrypt("")
                    for page in reader.pages:
                        raw = page.extract_text() or ""
                        # a word hyphenated across a line counts whole as well as in its halves
                        joined = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", raw)
                        found |= forms(raw + "\n" + joined)
                except Exception:  # a PDF the product refuses cannot hold the word either
                    continue
            self._library = found
        return self._library
