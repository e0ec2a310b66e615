"""Feedback goes to SQLite with personal data redacted, and comes out as spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

from assistant.types import Citation
from ui.services.feedback import FeedbackStore, Turn, turn_from_answer
from ui.services.redact import EMAIL, PHONE


class FakeAnswer:
    text = "Enligt Målbild (s. 9):\n\n> **Ingen ska vara hemlös.** [1]"
    citations = (
        Citation(
            1,
            "malbild",
            "Målbild",
            "malbild.pdf",
            9,
            "Ingen ska vara hemlös.",
            "/corpus/malbild.pdf#page=9",
            "målbild",
            2021,
            "lång kontext",
        ),
    )


def test_rating_and_comment_are_stored_redacted(tmp_path):
    store = FeedbackStore(tmp_path / "index" / "feedback.sqlite3")
    turn = turn_from_answer(
        "Jag heter Per, per@example.se, 070-123 45 67: vad gäller?",
        FakeAnswer(),
        {"doc_types": ["målbild"]},
    )
    row = store.add(turn, liked=False)
    store.comment(row, "Fel svar, ring mig på +46 70 123 45 67")
    raw = (
        sqlite3.connect(tmp_path / "index" / "feedback.sqlite3")
        .execute("SELECT * FROM feedback")
        .fetchall()
    )
    dump = repr(raw)
    assert "per@example.se" not in dump and "123 45 67" not in dump
    (r,) = store.rows()
    assert r["rating"] == "down"
    assert r["question"] == f"Jag heter Per, {EMAIL}, {PHONE}: vad gäller?"
    assert r["comment"] == f"Fel svar, ring mig på {PHONE}"
    cites = json.loads(r["citations"])
    assert cites[0]["file"] == "malbild.pdf" and cites[0]["page"] == 9 and "context" not in cites[0]
    assert json.loads(r["filters"]) == {"doc_types": ["målbild"]}
    assert r["created_at"]
    store.set_rating(row, True)
    assert store.rows()[0]["rating"] == "up"


def test_csv_export_has_every_row_and_defuses_formulas(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    store.add(Turn('=HYPERLINK("http://x")', "svar"), liked=True)
    store.add(Turn("Andra frågan; med semikolon", "svar 2"), liked=False, comment="bra")
    rows = list(csv.DictReader(io.StringIO(store.export_csv()), delimiter=";"))
    assert [r["rating"] for r in rows] == ["up", "down"]
    assert rows[0]["question"].startswith("'=")
    assert rows[1]["question"] == "Andra frågan; med semikolon" and rows[1]["comment"] == "bra"
