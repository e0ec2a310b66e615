"""The three målområden and their målformuleringar, read from corpus/goals.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from assistant.answer.cite import url_for

# The follow-up reports a "Hur går det?" question is asked of.
FOLLOW_UP_TYPES = ("uppföljning",)


@dataclass(frozen=True)
class Goal:
    area: int
    text: str  # as it stands in the list of the Målbild
    sentence: str  # the whole goal as one sentence, introduction included

    @property
    def question(self) -> str:
        """What "Hur går det?" asks the assistant about this goal."""
        return f"Hur går det för målet ”{self.sentence.rstrip('.')}”?"


@dataclass(frozen=True)
class Area:
    number: int
    name: str
    intro: str
    page: int
    goals: tuple[Goal, ...]
    assessed: tuple[str, ...] = ()  # headings of the follow-up's sections that assess it


@dataclass(frozen=True)
class Goals:
    source: str  # the PDF file of the Målbild
    areas: tuple[Area, ...]
    follow_up: str = ""  # the PDF file of the follow-up report whose sections assess the areas

    def url(self, area: Area) -> str:
        return url_for(self.source, area.page)


def load_goals(path: Path) -> Goals | None:
    """The goals file, or None when the corpus has none."""
    if not path.is_file():
        return None
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    areas = tuple(_area(a) for a in data.get("omrade", []))
    follow_up = data.get("uppfoljning", {}).get("source", "")
    return Goals(source=data["source"], areas=areas, follow_up=follow_up)


def _area(raw: dict) -> Area:
    number, intro = int(raw["nummer"]), raw.get("inledning", "")
    goals = tuple(Goal(number, text, _sentence(intro, text)) for text in raw.get("mal", []))
    assessed = tuple(str(h) for h in raw.get("bedomning", []))
    return Area(number, raw["namn"], intro, int(raw["page"]), goals, assessed)


def _sentence(intro: str, text: str) -> str:
    """'I Borås ska:' + 'ingen vara hemlös' -> 'I Borås ska ingen vara hemlös.'"""
    if text[:1].isupper() or not intro:
        return text
    return f"{intro.rstrip(': ')} {text}".rstrip(".") + "."
