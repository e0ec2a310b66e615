"""Thumbs up/down on answers, stored in SQLite next to the index, personal data redacted first."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from ui.services.redact import redact

COLUMNS = ("id", "created_at", "rating", "comment", "question", "answer", "citations", "filters")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    filters TEXT NOT NULL
)
"""
MAX_COMMENT_CHARS = 2000


@dataclass(frozen=True)
class Turn:
    """One question and what was answered, as the feedback store keeps it."""

    question: str
    answer: str
    citations: tuple[dict, ...] = ()
    filters: dict | None = None


class FeedbackStore:
    """One SQLite file; a connection per call, so Gradio's worker threads never share one."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        conn.execute(_SCHEMA)
        return conn

    def add(self, turn: Turn, liked: bool, comment: str = "") -> int:
        """Store a rating; every text is redacted before it reaches the disk. Returns the row id."""
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            "up" if liked else "down",
            redact(comment.strip()[:MAX_COMMENT_CHARS]),
            redact(turn.question),
            redact(turn.answer),
            json.dumps([_redact_citation(c) for c in turn.citations], ensure_ascii=False),
            json.dumps(turn.filters or {}, ensure_ascii=False),
        )
        with closing(self._connect()) as conn, conn:
            cur = conn.execute(
                "INSERT INTO feedback (created_at, rating, comment, question, answer, citations,"
                " filters) VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cur.lastrowid)

    def set_rating(self, row_id: int, liked: bool) -> None:
        with closing(self._connect()) as conn, conn:
            conn.execute(
                "UPDATE feedback SET rating = ? WHERE id = ?", ("up" if liked else "down", row_id)
            )

    def comment(self, row_id: int, comment: str) -> None:
        """Attach (or replace) the optional comment of a stored rating."""
        with closing(self._connect()) as conn, conn:
            conn.execute(
                "UPDATE feedback SET comment = ? WHERE id = ?",
                (redact(comment.strip()[:MAX_COMMENT_CHARS]), row_id),
            )

    def rows(self) -> list[dict]:
        with closing(self._connect()) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute("SELECT * FROM feedback ORDER BY id")]

    def export_csv(self) -> str:
        """All feedback as CSV for a Swedish spreadsheet: semicolons, and cells a spreadsheet
        would run as a formula prefixed with a quote. Write it with encoding "utf-8-sig"."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(COLUMNS)
        for r in self.rows():
            writer.writerow(_safe_cell(r[c]) for c in COLUMNS)
        return out.getvalue()


def turn_from_answer(question: str, answer, filters: dict | None) -> Turn:
    """A Turn from an assistant Answer (or any object with text and citations)."""
    return Turn(
        question=question,
        answer=answer.text,
        citations=tuple(_citation_dict(c) for c in answer.citations),
        filters=filters,
    )


def _citation_dict(citation) -> dict:
    data = asdict(citation)
    data.pop("context", None)  # the quote and its place are enough to find it again
    return data


def _redact_citation(c: dict) -> dict:
    return {k: redact(v) if isinstance(v, str) else v for k, v in c.items()}


def _safe_cell(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
