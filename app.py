"""Gradio chat UI over the Socialt hållbart Borås documents (UI only; the assistant does the work).

`build_demo(assistant)` builds the interface without serving it; `python app.py` serves it on
GRADIO_SERVER_NAME:GRADIO_SERVER_PORT (127.0.0.1:7860) with the PDFs at /corpus/<file>.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from assistant.answer.goals import load_goals
from ingest.catalog import load_catalog
from ingest.errors import IngestError
from ui.services.feedback import FeedbackStore
from ui.services.ingest_job import IngestJob

if TYPE_CHECKING:
    import gradio as gr

TITLE = "Socialt hållbart Borås – frågor och svar"
HEADER = (
    f"<h1>{TITLE}</h1><p>Fråga om Borås Stads arbete för social hållbarhet. "
    "Svaren hämtas bara ur kommunens dokument och visar källa och sida.</p>"
)
# Measured on the demonstration corpus (2 cores): an answer costs ~30 ms of CPU and throughput
# stays ~30 answers/s from 1 to 8 threads; most of a reply's time is the paced streaming, which
# sleeps. So 16 replies may stream at once (Gradio's thread pool has 40) before users queue.
CONCURRENCY = 16
# Gradio summarises its per-event records with pandas after every finished event, for a
# monitoring page this app does not enable; with the default 10,000 records that was a third of
# the server's CPU under load. Summarise every 1,000 events over the last 1,000 instead.
ANALYTICS = {"GRADIO_ANALYTICS_CACHE_FREQUENCY": "1000", "GRADIO_ANALYTICS_MAX_EVENTS": "1000"}


def build_demo(
    assistant,
    *,
    feedback: FeedbackStore | None = None,
    job: IngestJob | None = None,
    stream_delay: float = 0.05,
) -> gr.Blocks:
    """The whole interface for one assistant; nothing is served or loaded until it is launched.

    Gradio and the UI modules are imported here, not at the top: the PDF reader's worker process
    imports this module as its main script, and Gradio would add 3 s to every worker start.
    """
    import gradio as gr

    from ui import library
    from ui.about_tab import build_about_tab
    from ui.admin_tab import build_admin_tab
    from ui.answering import Conversation
    from ui.chat import build_chat_tab
    from ui.goals_tab import build_goals_tab

    settings = assistant.settings
    feedback = feedback or FeedbackStore(settings.index / "feedback.sqlite3")
    conversation = Conversation(assistant, feedback, stream_delay)
    for name, value in ANALYTICS.items():  # read when the queue is made; an operator's value wins
        os.environ.setdefault(name, value)
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.HTML(HEADER, elem_id="app-header", padding=True)
        # "wrap", not Gradio's default "menu": on a phone every tab stays in view, none behind "⋯"
        with gr.Tabs(selected="chat-tab", overflow_behavior="wrap", elem_id="tabs") as tabs:
            with gr.Tab("Chatt", id="chat-tab", elem_id="chat-panel"):
                chat = build_chat_tab(conversation)
            with gr.Tab("Målen", id="goals-tab", elem_id="goals"):
                goals = load_goals(settings.corpus / "goals.toml")
                build_goals_tab(goals, _title_of(settings, goals), chat, tabs)
            with gr.Tab("Om tjänsten", id="about-tab", elem_id="about"):
                documents = build_about_tab()
            shown = [chat.doc_type, chat.year, documents]
            if settings.admin_token:
                with gr.Tab("Administration", id="admin-tab", elem_id="admin"):
                    job = job or IngestJob(settings, assistant.embedder)
                    build_admin_tab(assistant, job, feedback, shown, library.views)
        library.wire(demo, assistant, shown)
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=200)
    return demo


def _title_of(settings, goals) -> str:
    try:
        entry = load_catalog(settings.catalog_path).get(goals.source if goals else "", {})
    except IngestError:
        entry = {}
    return entry.get("title") or "Målbild för Socialt hållbart Borås"


def main() -> None:
    from assistant.core import Assistant
    from assistant.generate.llm import engine_from_settings
    from ingest.embed import make_embedder
    from ingest.settings import Settings
    from ui.api import api_app
    from ui.server import serve

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = Settings.from_env()
    llm = engine_from_settings(settings)  # a malformed ASSISTANT_LLM fails here, at start-up
    assistant = Assistant(settings, make_embedder(settings.embedder), llm=llm)
    serve(build_demo(assistant), settings.corpus, settings.max_file_mb, api_app(assistant))


if __name__ == "__main__":
    main()
