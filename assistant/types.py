"""The data every step of the answer pipeline shares: filters, hits, evidence, citations, answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ingest.types import Chunk


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to document types, years or files; empty means everything."""

    doc_types: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    files: tuple[str, ...] = ()

    def where(self) -> dict | None:
        parts = []
        if self.doc_types:
            parts.append({"doc_type": {"$in": list(self.doc_types)}})
        if self.years:
            parts.append({"year": {"$in": list(self.years)}})
        if self.files:
            parts.append({"file": {"$in": list(self.files)}})
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else {"$and": parts}

    def allows(self, chunk: Chunk) -> bool:
        return (
            (not self.doc_types or chunk.doc_type in self.doc_types)
            and (not self.years or chunk.year in self.years)
            and (not self.files or chunk.file in self.files)
        )


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float
    dense: float = 0.0  # cosine similarity, 0 when not among the dense candidates
    lexical: float = 0.0  # bm25 score, 0 when not among the lexical candidates
    dense_rank: int | None = None
    lexical_rank: int | None = None


@dataclass(frozen=True)
class Evidence:
    """The signals behind a refusal, kept for the evaluation report."""

    dense: float
    coverage: float
    missing: tuple[str, ...]
    refuse: bool
    signals: dict = field(default_factory=dict)  # what decided an answered or partly reply


@dataclass(frozen=True)
class Citation:
    """One numbered source: the quote stands, whitespace aside, on `page` of `file`."""

    n: int
    doc_id: str
    title: str
    file: str
    page: int
    quote: str
    url: str
    doc_type: str = ""
    year: int | None = None
    context: str = ""  # the passage the quote was taken from, for showing it in its paragraph
    # a quote of table rows: the header row's cells first (empty when none), then each row's
    table: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Answer:
    text: str
    citations: tuple[Citation, ...]
    refused: bool
    language: str
    timings: dict[str, float]
    suggestions: tuple[dict, ...] = ()
    hits: tuple[Hit, ...] = field(default=(), repr=False)
    evidence: Evidence | None = field(default=None, repr=False)
    query: str = ""
    engine: str = "extractive"  # or "llm:<provider>:<model>" when a generative model answered
    notice: str = ""  # e.g. why the generative model's answer was not used
    read_as: str = ""  # the question as read, when its spelling was mended ("hemloshet")
    # The reply in parts, as the chat shows them; `text` is all of them in one Markdown string.
    status: str = ""  # "answered" | "partial" | "refused"; "" means answered, or refused if refused
    statement: str = ""  # a partly answer's opening: what the documents do not contain
    # the question's terms that statement names as absent, each with where: "documents" (in
    # none of them) or "cited" (not in the passages cited); checked like citations
    not_found: tuple[tuple[str, str], ...] = ()
    frame: str = ""  # "Enligt Målbild ... (s. 9):", the lead's source
    lead: str = ""  # the units that answer, verbatim, each run followed by its [n]
    context: str = ""  # the passage around the lead (Markdown), shown collapsed
    see_also: tuple[dict, ...] = ()  # other places: {"title", "file", "page", "url", "words"}

    @property
    def outcome(self) -> str:
        """answered, partial or refused."""
        return self.status or ("refused" if self.refused else "answered")

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "citations": [asdict(c) for c in self.citations],
            "refused": self.refused,
            "language": self.language,
            "timings": self.timings,
            "suggestions": list(self.suggestions),
            "engine": self.engine,
            "notice": self.notice,
            "read_as": self.read_as,
            "status": self.outcome,
            "not_found": [{"term": term, "scope": scope} for term, scope in self.not_found],
            "statement": self.statement,
            "frame": self.frame,
            "lead": self.lead,
            "context": self.context,
            "see_also": list(self.see_also),
        }
