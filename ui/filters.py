"""The chat's filters: document type and year, folded into one "Avgränsa sökningen" control
whose closed label says in one line what the search is limited to."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from ui.render import type_label

TITLE = "Avgränsa sökningen"
ALL_TYPES = ("Alla dokument", "")
ALL_YEARS = ("Alla år", "")


@dataclass
class FilterBox:
    box: gr.Accordion
    doc_type: gr.Radio
    year: gr.Radio


def summary(doc_type: str | None, year: str | int | None) -> str:
    """'Avgränsa sökningen: alla dokument och år' or 'Avgränsa sökningen: Uppföljning, 2023'."""
    if not doc_type and year in (None, ""):
        return f"{TITLE}: alla dokument och år"
    kind = type_label(doc_type) if doc_type else "alla dokument"
    when = str(year) if year not in (None, "") else "alla år"
    return f"{TITLE}: {kind}, {when}"


def build_filters() -> FilterBox:
    """Lay out the folded filters and keep their label up to date; call inside a column.

    Radio groups, not dropdowns: Gradio's dropdown opens on keyboard focus and stays open over
    the chat when Tab moves on. The page's script gives each group one name, so each is one
    Tab stop and the arrow keys choose within it, as native radio groups do.
    """
    with gr.Accordion(summary("", ""), open=False, elem_id="filters") as box, gr.Row():
        doc_type = gr.Radio(
            label="Dokumenttyp", choices=[ALL_TYPES], value="", elem_id="filter-type"
        )
        year = gr.Radio(label="År", choices=[ALL_YEARS], value="", elem_id="filter-year")
    for radio in (doc_type, year):
        radio.change(
            lambda t, y: gr.Accordion(label=summary(t, y)),
            [doc_type, year],
            box,
            show_progress="hidden",
            queue=False,
            api_visibility="private",
        )
    return FilterBox(box, doc_type, year)


def filter_choices(doc_types: list[str], years: list[int]) -> tuple:
    """Filter updates for the document types and years that the index holds."""
    types = [ALL_TYPES] + [(type_label(t), t) for t in doc_types]
    years_ = [ALL_YEARS] + [(str(y), str(y)) for y in years]
    return gr.Radio(choices=types), gr.Radio(choices=years_)
