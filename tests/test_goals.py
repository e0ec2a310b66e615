"""corpus/goals.toml says what the Målbild says, on the page it names."""

from __future__ import annotations

import re

import pypdf

from assistant.answer.goals import load_goals
from tests.conftest import CORPUS


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def test_every_goal_stands_on_its_page_of_the_malbild():
    goals = load_goals(CORPUS / "goals.toml")
    assert goals is not None and len(goals.areas) == 3
    reader = pypdf.PdfReader(CORPUS / goals.source)
    names = [a.name for a in goals.areas]
    assert names == [
        "En god start i livet och goda uppväxtvillkor",
        "Bostäder och närmiljö",
        "Förutsättningar för arbete",
    ]
    for area in goals.areas:
        page = squash(reader.pages[area.page - 1].extract_text())
        assert squash(area.intro) in page, (area.number, area.intro)
        assert len(area.goals) >= 3
        for goal in area.goals:
            assert squash(goal.text) in page, (area.number, area.page, goal.text)


def test_goal_sentences_and_questions():
    goals = load_goals(CORPUS / "goals.toml")
    homeless = next(g for a in goals.areas for g in a.goals if g.text == "ingen vara hemlös")
    assert homeless.sentence == "I Borås ska ingen vara hemlös."
    assert homeless.question == "Hur går det för målet ”I Borås ska ingen vara hemlös”?"
    work = goals.areas[2].goals[1]
    assert work.sentence == "I Borås ska alla, även utsatta grupper, finnas i arbete."
    assert goals.url(goals.areas[1]) == f"/corpus/{goals.source}#page=12"


def test_missing_goals_file(tmp_path):
    assert load_goals(tmp_path / "goals.toml") is None
