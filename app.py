"""Gradio chat UI over the Socialt hållbart Borås documents (UI only; the assistant does the work)."""

from __future__ import annotations


def build_demo(assistant=None):
    """Build the UI without serving it."""
    import gradio as gr

    with gr.Blocks(title="Socialt hållbart Borås – frågor och svar") as demo:
        gr.Markdown(
            "# Socialt hållbart Borås\n"
            "Chatten är under uppbyggnad. Dokumenten är indexerade och kan sökas med "
            '`python -m assistant ask "fråga"`.'
        )
    return demo


if __name__ == "__main__":
    build_demo().launch()
