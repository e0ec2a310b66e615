"""The admin tab: unlocked with the admin token; upload, re-ingest with progress, remove, export feedback."""

from __future__ import annotations

import hmac
import tempfile
import threading
import time
from html import escape
from pathlib import Path

import gradio as gr

from assistant.errors import AssistantError
from ingest.catalog import DOC_TYPES
from ui.admin_views import WAIT, alert, progress_html, require, skips
from ui.render import DOC_TYPE_LABELS, documents_html
from ui.services import admin
from ui.services.documents import REMOVED, statuses
from ui.services.feedback import FeedbackStore
from ui.services.ingest_job import IngestJob

PRIVATE = {"api_visibility": "private"}


class AdminTab:
    """Every handler takes the session's `unlocked` state first and refuses while it is False."""

    def __init__(self, assistant, job: IngestJob, feedback: FeedbackStore, shown=(), views=None):
        self.assistant = assistant
        self.settings = assistant.settings
        self.job = job
        self.feedback = feedback
        self.shown = list(shown)  # the chat's filters and the document list of "Om tjänsten"
        self.views = views  # manifest -> their updates, for when a re-ingestion has finished
        self._changing = threading.Lock()  # held while a document is added or removed

    def build(self) -> None:
        """Lay out the tab and wire it; only the unlock form shows until the token is given."""
        self.unlocked = gr.State(False)
        with gr.Column() as self.lock_box:
            self.token = gr.Textbox(
                label="Administratörsnyckel", type="password", elem_id="admin-token"
            )
            self.unlock = gr.Button("Lås upp", variant="primary", elem_id="admin-unlock")
            self.lock_msg = gr.HTML("", elem_id="admin-lock-msg")
        with gr.Column(visible=False) as self.panel:
            self._upload_form()
            self._ingest_and_documents()
            gr.HTML("<h2>Omdömen</h2>")
            self.export = gr.Button("Exportera omdömen som CSV", elem_id="admin-export")
            self.export_file = gr.File(
                label="Omdömen (CSV, semikolonseparerad)",
                interactive=False,
                elem_id="admin-export-file",
            )
            self.lock = gr.Button("Lås administrationen", elem_id="admin-lock")
        self._wire()

    def _upload_form(self) -> None:
        gr.HTML("<h2>Lägg till ett dokument</h2>")
        self.upload = gr.File(
            label="PDF-fil", file_types=[".pdf"], type="filepath", elem_id="admin-file"
        )
        self.title = gr.Textbox(label="Titel", elem_id="admin-title")
        with gr.Row():
            self.doc_type = gr.Radio(
                label="Dokumenttyp",
                choices=[(DOC_TYPE_LABELS[t], t) for t in DOC_TYPES],
                value="uppföljning",
                elem_id="admin-type",
            )
            self.year = gr.Textbox(
                label="Utgivningsår", placeholder="till exempel 2025", elem_id="admin-year"
            )
        self.url = gr.Textbox(
            label="Källadress (URL)", placeholder="https://www.boras.se/…", elem_id="admin-url"
        )
        self.series = gr.Textbox(
            label="Serie (valfritt, för rapporter som kommer i utgåvor)", elem_id="admin-series"
        )
        self.add = gr.Button("Lägg till dokument", variant="primary", elem_id="admin-add")
        self.add_msg = gr.HTML("", elem_id="admin-add-msg")

    def _ingest_and_documents(self) -> None:
        gr.HTML(
            "<h2>Inläsning</h2><p>Chatten svarar från det tidigare indexet tills det nya är "
            "klart och byter sedan utan omstart.</p>"
        )
        self.start = gr.Button("Starta inläsning", variant="primary", elem_id="admin-ingest")
        self.progress = gr.HTML(progress_html(self.job.state()), elem_id="admin-progress")
        self.timer = gr.Timer(1.0, active=False)
        gr.HTML("<h2>Dokument</h2>")
        self.docs = gr.HTML("", elem_id="admin-docs")
        with gr.Row():
            self.remove_file = gr.Radio(
                label="Dokument att ta bort", choices=[], elem_id="admin-remove-file"
            )
            self.remove = gr.Button("Ta bort dokumentet", variant="stop", elem_id="admin-remove")
        self.remove_msg = gr.HTML("", elem_id="admin-remove-msg")

    def _wire(self) -> None:
        ok = self.unlocked
        self.buttons = [self.add, self.start, self.remove, self.export]
        unlock_out = [ok, self.lock_msg, self.lock_box, self.panel, self.docs, self.remove_file]
        unlock_out += [self.token, self.progress, self.timer, *self.buttons]
        guarded = {"concurrency_limit": 1, "concurrency_id": "unlock", **PRIVATE}
        self.unlock.click(self.do_unlock, self.token, unlock_out, **guarded)
        self.token.submit(self.do_unlock, self.token, unlock_out, **guarded)
        fields = [self.title, self.year, self.url, self.series]
        self._while_busy(
            self.add,
            self.do_add,
            [ok, self.upload, self.title, self.doc_type, self.year, self.url, self.series],
            [self.add_msg, self.docs, self.remove_file, self.upload, *fields],
        )
        self.start.click(self.hold, None, self.buttons, queue=False, **PRIVATE).then(
            self.do_start, ok, [self.progress, self.timer, *self.buttons], **PRIVATE
        )
        finished = [self.progress, self.docs, self.remove_file, self.timer, *self.buttons]
        self.timer.tick(self.tick, ok, finished + self.shown, show_progress="hidden", **PRIVATE)
        self._while_busy(
            self.remove,
            self.do_remove,
            [ok, self.remove_file],
            [self.remove_msg, self.docs, self.remove_file],
        )
        self._while_busy(self.export, self.do_export, ok, self.export_file)
        self.lock.click(self.do_lock, None, [ok, self.lock_box, self.panel], **PRIVATE)

    def _while_busy(self, button, fn, inputs, outputs) -> None:
        """The buttons are disabled at once (no queue), while fn runs, and freed after it,
        also when it failed; the ingestion's own button stays off while a run goes on."""
        button.click(self.hold, None, self.buttons, queue=False, **PRIVATE).then(
            fn, inputs, outputs, **PRIVATE
        ).then(self.release, None, self.buttons, **PRIVATE)

    def hold(self) -> tuple:
        return tuple(gr.Button(interactive=False) for _ in self.buttons)

    def release(self) -> tuple:
        free = not self.job.state().running  # a run frees them when it ends (tick)
        return tuple(gr.Button(interactive=free) for _ in self.buttons)

    def doc_views(self) -> tuple[str, gr.Radio]:
        rows = statuses(self.settings, self._manifest(), self.job.state().failures)
        files = [r.file for r in rows if r.status != REMOVED]
        return documents_html(rows, admin=True), gr.Radio(choices=files, value=None)

    def do_unlock(self, given: str):
        expected = (self.settings.admin_token or "").encode()
        if not expected or not hmac.compare_digest((given or "").encode(), expected):
            time.sleep(1.0)  # with concurrency 1 this also limits guessing to one try a second
            return False, "<p>Fel nyckel.</p>", *skips(4), "", *skips(2 + len(self.buttons))
        html, files = self.doc_views()
        running = self.job.state().running  # a run started earlier, or from another session
        shown = gr.Column(visible=False), gr.Column(visible=True), html, files, ""
        state = progress_html(self.job.state()), gr.Timer(active=running)
        return True, "", *shown, *state, *self.release()

    def do_lock(self):
        return False, gr.Column(visible=True), gr.Column(visible=False)

    def do_add(self, ok: bool, path, title, doc_type, year, url, series):
        require(ok)
        if not path:
            return (
                "<p>Välj en PDF-fil att ladda upp.</p>",
                gr.skip(),
                gr.skip(),
                gr.skip(),
                *skips(4),
            )
        try:
            fields = admin.clean_fields(title, doc_type, year, url, series)
        except AssistantError as exc:  # the file may be fine: keep it while the fields are fixed
            return alert(exc.sv), *skips(7)
        try:
            with self._changing:
                name, notes = admin.add_document(self.settings, Path(path), Path(path).name, fields)
        except AssistantError as exc:  # the file itself is refused: clear it for another one
            return alert(exc.sv), *skips(2), None, *skips(4)
        note = f" Observera: {escape('; '.join(notes))}." if notes else ""
        msg = f"<p>{escape(name)} är tillagd.{note} Starta inläsningen för att göra den sökbar.</p>"
        return msg, *self.doc_views(), None, "", "", "", ""

    def do_start(self, ok: bool):
        require(ok)
        if self._changing.locked():  # another session is adding or removing a document
            return f'<p id="ingest-state">{WAIT}</p>', gr.Timer(active=False), *self.release()
        self.job.start()  # when a run is already going, the timer simply follows that one
        held = (gr.Button(interactive=False) for _ in self.buttons)
        return progress_html(self.job.state()), gr.Timer(active=True), *held

    def tick(self, ok: bool):
        """While a run goes on: its progress. When it has ended: the document lists, the chat's
        filters and "Om tjänsten" from the new build, the buttons free, the timer off."""
        state = self.job.state()
        if not ok or state.running:
            return progress_html(state), *skips(3 + len(self.buttons) + len(self.shown))
        page = self.views(self._manifest()) if self.views else ()
        return (
            progress_html(state),
            *self.doc_views(),
            gr.Timer(active=False),
            *self.release(),
            *page,
        )

    def do_remove(self, ok: bool, file: str | None):
        require(ok)
        if not file:
            return "<p>Välj ett dokument att ta bort.</p>", gr.skip(), gr.skip()
        try:
            with self._changing:
                admin.remove_document(self.settings, file)
        except AssistantError as exc:
            return alert(exc.sv), gr.skip(), gr.skip()
        msg = (
            f"<p>{escape(file)} är borttagen ur samlingen. Starta inläsningen för att ta bort "
            "den ur sökindexet.</p>"
        )
        return msg, *self.doc_views()

    def do_export(self, ok: bool) -> str:
        require(ok)
        folder = Path(tempfile.mkdtemp(prefix="feedback-"))
        path = folder / f"omdomen-{time.strftime('%Y%m%d-%H%M%S')}.csv"
        path.write_text(self.feedback.export_csv(), encoding="utf-8-sig")  # BOM: Excel reads UTF-8
        return str(path)

    def _manifest(self) -> dict | None:
        try:
            return self.assistant.store.snapshot().manifest
        except AssistantError:
            return None


def build_admin_tab(
    assistant, job: IngestJob, feedback: FeedbackStore, shown=(), views=None
) -> AdminTab:
    """`shown`: components outside the tab that `views(manifest)` updates after a re-ingestion."""
    tab = AdminTab(assistant, job, feedback, shown, views)
    tab.build()
    return tab
