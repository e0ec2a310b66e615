"""The goals tab: the three målområden, their målformuleringar with the Målbild page, and "Hur går det?"."""

from __future__ import annotations

from html import escape

import gradio as gr

from assistant.answer.goals import FOLLOW_UP_TYPES, Goal, Goals
from ui.chat import ChatTab
from ui.render import NEW_TAB, link

INTRO = (
    "<p>Socialt hållbart Borås har tre målområden. Kommunstyrelsen antog målformuleringarna "
    "den 22 november 2021. Knappen <strong>Hur går det?</strong> frågar vad uppföljningen säger "
    "om målet; svaret visas i chatten.</p>"
)


def build_goals_tab(goals: Goals | None, source_title: str, chat: ChatTab, tabs: gr.Tabs) -> None:
    """Lay out the goals; each button puts its question in the chat and asks it."""
    if goals is None or not goals.areas:
        gr.HTML("<p>Målen finns inte i dokumentsamlingen (corpus/goals.toml saknas).</p>")
        return
    gr.HTML(INTRO)
    for area in goals.areas:
        with gr.Column(elem_classes=["goal-area"]):
            gr.HTML(_area_html(goals, area, source_title), padding=True)
            for i, goal in enumerate(area.goals, start=1):
                with gr.Row(equal_height=True):
                    gr.HTML(
                        f'<p class="goal-text" id="goal-text-{area.number}-{i}">'
                        f"{i}. {escape(goal.sentence)}</p>",
                        padding=True,
                    )
                    button = gr.Button(
                        "Hur går det?",
                        size="sm",
                        scale=0,
                        min_width=140,
                        elem_id=f"goal-btn-{area.number}-{i}",
                    )
                button.click(
                    _prepare(goal),
                    None,
                    [chat.question, chat.doc_type, chat.year, tabs],
                    api_visibility="private",
                ).then(
                    chat.ask,
                    chat.ask_inputs,
                    chat.ask_outputs,
                    show_progress="hidden",
                    api_visibility="private",
                )


def _prepare(goal: Goal):
    def prepare():
        return goal.question, FOLLOW_UP_TYPES[0], "", gr.Tabs(selected="chat-tab")

    return prepare


def _area_html(goals: Goals, area, source_title: str) -> str:
    href = escape(link(goals.url(area)))
    return (
        f"<h2>Målområde {area.number}: {escape(area.name)}</h2>"
        f'<p>Källa: <a href="{href}" target="_blank" rel="noopener noreferrer">'
        f"{escape(source_title)}, s. {area.page}{NEW_TAB}</a></p>"
    )
