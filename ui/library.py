"""What the page shows of the index, the filters' choices and the document list, and how they
follow a new build: at once in the admin's session, within a minute in every other one."""

from __future__ import annotations

import gradio as gr

from assistant.errors import AssistantError
from ui import render
from ui.about_tab import NO_INDEX
from ui.filters import filter_choices
from ui.services.documents import indexed

REFRESH_SECONDS = 60.0  # how soon another session sees a newly read-in document


def snapshot_key(assistant) -> tuple[str | None, dict | None]:
    """The published build's id and manifest (None, None without an index)."""
    try:
        snap = assistant.store.snapshot()
    except AssistantError:
        return None, None
    return getattr(snap, "build_id", None) or str(id(snap.manifest)), snap.manifest


def views(manifest: dict | None) -> tuple:
    """Updates for the type filter, the year filter and the document list of "Om tjänsten"."""
    rows = indexed(manifest)
    types = sorted({r.doc_type for r in rows if r.doc_type})
    years = sorted({r.year for r in rows if r.year}, reverse=True)
    listing = render.documents_html(rows) if rows else NO_INDEX
    return (*filter_choices(types, years), listing)


def wire(demo: gr.Blocks, assistant, outputs: list) -> None:
    """Fill `outputs` (type filter, year filter, document list) on page load, and again when a
    build other than the one the page shows has been published."""
    shown = gr.State(None)

    def on_load():
        key, manifest = snapshot_key(assistant)
        return key, *views(manifest)

    def refresh(seen):
        key, manifest = snapshot_key(assistant)
        if key == seen:
            return (gr.skip(),) * (1 + len(outputs))
        return key, *views(manifest)

    demo.load(on_load, None, [shown, *outputs], api_visibility="private")
    timer = gr.Timer(REFRESH_SECONDS)
    timer.tick(refresh, shown, [shown, *outputs], show_progress="hidden", api_visibility="private")
