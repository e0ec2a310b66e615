"""The "Om tjänsten" tab: what the service is, and the documents its answers come from."""

from __future__ import annotations

import gradio as gr

ABOUT = """
<h2>Om tjänsten</h2>
<p>Här kan du ställa frågor om Borås Stads långsiktiga arbete <strong>Socialt hållbart Borås</strong>.
<strong>Svaren hämtas bara ur dokumenten i listan nedan</strong> – tjänsten gissar inte och använder
ingen annan kunskap. Varje svar citerar dokumentens egna ord och visar vilket dokument och vilken
sida citatet kommer från. Finns svaret inte i dokumenten säger tjänsten det.</p>
<p>Svaren är inte myndighetsbeslut. Kontakta Borås Stad om du behöver besked i ett eget ärende.</p>
<p>Skriv inga personuppgifter i frågorna. Om du lämnar omdöme om ett svar sparas frågan och svaret,
men personnummer, e-postadresser och telefonnummer tas bort först.</p>
"""
NO_INDEX = (
    "<p><strong>Inga dokument är inlästa ännu.</strong> En administratör behöver läsa in "
    "dokumenten: kör <code>make ingest</code> (eller <code>python -m ingest</code>), "
    "eller använd fliken Administration.</p>"
)


def build_about_tab() -> gr.HTML:
    """Lay out the tab; returns the document list, which the app fills in on page load."""
    gr.HTML(ABOUT, padding=True)
    return gr.HTML(NO_INDEX, elem_id="documents", padding=True)
