"""What the admin tab shows: the ingestion's progress, alerts, and the outputs left as they are."""

from __future__ import annotations

from html import escape

import gradio as gr

from ui.services.ingest_job import JobState

LOCKED = "Administrationen är låst. Ange administratörsnyckeln först."
WAIT = "Vänta tills dokumentet är tillagt eller borttaget och starta sedan inläsningen."


def skips(n: int) -> tuple:
    """Leave n outputs as they are (the fields keep what the admin typed)."""
    return tuple(gr.skip() for _ in range(n))


def require(ok: bool) -> None:
    if not ok:
        raise gr.Error(LOCKED)


def alert(text: str) -> str:
    return f'<p role="alert">{escape(text)}</p>'


def progress_html(state: JobState) -> str:
    """A labelled <progress> and one sentence on where the run is, or how the last one ended."""
    if state.running:
        what = {"file": "Läser dokument", "embed": "Beräknar sökvektorer"}.get(state.stage)
        pct = round(100 * state.fraction)
        detail = f" – {escape(state.detail)}" if state.detail else ""
        return (
            f'<p id="ingest-state">{what or "Förbereder"} ({state.done} av {state.total})'
            f"{detail}</p>"
            f'<progress max="100" value="{pct}" aria-labelledby="ingest-state">{pct} %</progress>'
        )
    if state.error:
        return f'<p id="ingest-state" role="alert">{escape(state.error)}</p>'
    if state.report is None:
        return '<p id="ingest-state">Ingen inläsning har körts sedan tjänsten startade.</p>'
    r = state.report
    failed = "".join(f"<li>{escape(f)}: {escape(why)}</li>" for f, why in state.failures.items())
    return (
        f'<p id="ingest-state">Inläsningen är klar: {len(r.added)} tillagda, '
        f"{len(r.updated)} uppdaterade, {len(r.removed)} borttagna, "
        f"{len(r.unchanged)} oförändrade; {r.pages} sidor i indexet.</p>"
        + (f"<p>Kunde inte läsas in:</p><ul>{failed}</ul>" if failed else "")
    )
