"""The UI's logic through build_demo(fake_assistant): handlers called as Gradio would, no server."""

from __future__ import annotations

import copy
import csv
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest

import app
from assistant.core import Assistant
from assistant.errors import NoIndex, StoreUnavailable
from assistant.types import Answer, Citation, Filters
from ingest.settings import Settings
from tests.conftest import make_pdf, malbild_citation
from ui.services.feedback import FeedbackStore
from ui.services.redact import PHONE

ANSWER = (
    "Enligt Målbild <b>2021</b> (s. 12):\n\n> I Borås ska: **ingen vara hemlös.** [1] "
    "Det gäller alla & envar. **Närmiljöerna ska vara trygga.** [2] Fotnot [7]."
)
CONTEXT = "6.2 Målformuleringar. I Borås ska: ingen vara   hemlös. Det gäller <img src=x onerror=alert(1)>."
MANIFEST = {
    "files": {
        "malbild.pdf": {
            "title": "Målbild <2021>",
            "doc_type": "målbild",
            "year": 2021,
            "pages": 22,
            "ingested_at": "2025-01-02T03:04:05+00:00",
            "catalog": {"validity": "2021–2024"},
        },
        "vb.pdf": {
            "title": "Välfärdsbokslut 2021",
            "doc_type": "välfärdsbokslut",
            "year": 2021,
            "series": "Välfärdsbokslut",
            "pages": 40,
            "ingested_at": "2025-01-02T03:04:05+00:00",
        },
        "mu.pdf": {
            "title": "Uppföljning 2023",
            "doc_type": "uppföljning",
            "year": 2023,
            "pages": 30,
        },
    }
}


def cite(n: int, quote: str, page: int = 12) -> Citation:
    return malbild_citation(n, quote, page, CONTEXT)


class FakeStore:
    def __init__(self, manifest):
        self.manifest = manifest

    def snapshot(self):
        if self.manifest is None:
            raise NoIndex("no index")
        return SimpleNamespace(manifest=self.manifest)


class FakeAssistant(Assistant):
    """The real question checks; answers and errors chosen by the test."""

    def __init__(self, settings: Settings, manifest=MANIFEST):
        super().__init__(settings, SimpleNamespace(name="fake"), FakeStore(manifest))
        self.calls: list[tuple] = []
        self.error: Exception | None = None
        self.answer = Answer(
            ANSWER,
            (cite(1, "ingen vara hemlös."), cite(2, "Närmiljöerna", 13)),
            False,
            "sv",
            {"total_ms": 5.0},
        )

    def ask(self, question, history=(), filters=None):
        self.calls.append((question, list(history), filters))
        if self.error is not None:
            raise self.error
        return self.answer


@pytest.fixture
def settings(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "goals.toml").write_text(
        (Path(__file__).resolve().parent.parent / "corpus" / "goals.toml").read_text("utf-8"),
        "utf-8",
    )
    return Settings(
        corpus=corpus, index=tmp_path / "index", admin_token="rätt-nyckel", max_question_chars=200
    )


@pytest.fixture
def fake(settings):
    return FakeAssistant(settings)


def handler(demo: gr.Blocks, name: str):
    fns = [f.fn for f in demo.fns.values() if f.name == name]
    assert fns, name
    return fns[0]


def tab_labels(demo: gr.Blocks) -> list[str]:
    return [b.label for b in demo.blocks.values() if isinstance(b, gr.Tab)]


def run_ask(demo, question, chat=(), turns=(), doc_type="", year=""):
    # the chat as each step sent it: the handler goes on changing the list it yielded
    steps = [
        (copy.deepcopy(step[0]), *step[1:])
        for step in handler(demo, "ask")(question, list(chat), list(turns), doc_type, year)
    ]
    return steps, steps[-1]


def is_skip(value) -> bool:
    return isinstance(value, dict) and value.get("__type__") == "update" and len(value) == 1


def test_answer_streams_then_shows_links_sources_and_one_announcement(fake):
    demo = app.build_demo(fake, stream_delay=0)
    steps, (chat, turns, box, sources, status, announce, _, _, examples) = run_ask(
        demo, "Vad gäller hemlöshet?"
    )
    assert len(steps) >= 4  # searching, several growing prefixes, final
    texts = [s[0][-1]["content"] for s in steps[1:]]
    assert all(len(a) <= len(b) for a, b in zip(texts, texts[1:], strict=False))
    assert chat[0] == {"role": "user", "content": "Vad gäller hemlöshet?"}
    md = chat[-1]["content"]
    assert (
        '[\\[1\\]](corpus/malbild.pdf#page=12 "Målbild &lt;2021&gt;, s. 12 (öppnas i ny flik)")'
        in md
    )
    assert "(corpus/malbild.pdf#page=13 " in md and "Fotnot [7]" in md  # unknown markers stay text
    assert (
        "&lt;b&gt;2021&lt;/b&gt;" not in md
        and "&lt;b>2021&lt;/b>" in md
        and "alla &amp; envar" in md
    )
    assert box == "" and status == ""
    assert 'href="corpus/malbild.pdf#page=12"' in sources and 'target="_blank"' in sources
    assert "<mark>ingen vara   hemlös.</mark>" in sources
    assert "&lt;img src=x onerror=alert(1)&gt;" in sources and "<img" not in sources
    assert "Målbild · 2021–2024 · sidan 12" in sources
    announcements = [s[5] for s in steps if not is_skip(s[5])]
    assert announcements[0] == "" and announcements[-1].startswith("Enligt Målbild")
    assert len([a for a in announcements if a]) == 1
    assert "**" not in announcements[-1]
    assert turns[0].question == "Vad gäller hemlöshet?" and turns[0].citations[0]["page"] == 12
    assert steps[0][8].open is False and is_skip(examples)  # the examples fold away at once
    # under the reply its own sources, for narrow screens: one line of inert HTML
    block = md[md.index('<details class="reply-sources">') :]
    assert "<summary>Källor (2)</summary>" in block and "\n" not in block
    assert 'href="corpus/malbild.pdf#page=13"' in block and 'id="source-' not in block
    assert ">ingen vara hemlös.</blockquote>" in block and "<img" not in md  # the quote alone
    assert all("reply-sources" not in s[0][-1]["content"] for s in steps[1:-1])  # not while growing


def test_a_question_read_with_mended_spelling_says_so_above_the_answer(fake):
    from dataclasses import replace

    demo = app.build_demo(fake, stream_delay=0)
    fake.answer = replace(fake.answer, read_as="Vad gäller för hemlöshet <b>?")
    steps, (chat, *_rest) = run_ask(demo, "Vad galler for hemloshet <b>?")
    first = "*Läste frågan som: ”Vad gäller för hemlöshet &lt;b&gt;?”*\n\n"
    assert all(s[0][-1]["content"].startswith(first) for s in steps[2:])
    assert chat[-1]["content"].startswith(first + "Enligt Målbild")
    fake.answer = replace(fake.answer, read_as="")
    _, (chat, *_rest) = run_ask(demo, "Vad gäller för hemlöshet?")
    assert chat[-1]["content"].startswith("Enligt Målbild")


def test_user_text_is_shown_inert(fake):
    demo = app.build_demo(fake, stream_delay=0)
    _, (chat, *_rest) = run_ask(demo, "<script>alert(1)</script> **fet** [x](javascript:alert(1))")
    shown = chat[0]["content"]
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "\\*\\*fet\\*\\*" in shown and "\\[x\\]\\(javascript:alert\\(1\\)\\)" in shown


def test_empty_and_too_long_questions_get_swedish_sentences_and_no_chat_turn(fake):
    demo = app.build_demo(fake, stream_delay=0)
    (step,) = run_ask(demo, "   ")[0]
    assert step[0] == [] and step[4].startswith("Skriv en fråga")
    long = "x" * 400
    (step,) = run_ask(demo, long)[0]
    assert step[0] == [] and "för lång (400 tecken)" in step[4] and "200" in step[4]
    assert step[2] == long  # the text stays, to be shortened
    assert fake.calls == []


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (NoIndex("no index at index"), "Det finns inget sökbart index ännu"),
        (StoreUnavailable("down"), "Dokumentdatabasen svarar inte just nu"),
        (RuntimeError("Traceback (most recent call last): secret"), "Något gick fel"),
    ],
)
def test_errors_read_as_swedish_sentences_never_a_traceback(fake, error, expected):
    fake.error = error
    demo = app.build_demo(fake, stream_delay=0)
    _, (chat, turns, _, sources, status, announce, *_rest) = run_ask(demo, "Vilka är målen?")
    assert chat[-1]["content"].startswith(expected)
    assert "Traceback" not in repr(chat) and "secret" not in repr(chat)
    assert announce.startswith(expected) and len(turns) == 1


def test_filters_and_history_reach_the_assistant(fake):
    demo = app.build_demo(fake, stream_delay=0)
    _, (chat, turns, *_rest) = run_ask(demo, "Vilka är målen?", doc_type="uppföljning", year="2023")
    run_ask(demo, "Och när beslutades det?", chat, turns)
    (q1, h1, f1), (q2, h2, f2) = fake.calls
    assert f1 == Filters(doc_types=("uppföljning",), years=(2023,)) and h1 == []
    assert f2 == Filters() and h2 == [{"role": "user", "content": "Vilka är målen?"}]


def test_refusal_lists_the_nearest_documents(fake):
    fake.answer = Answer(
        "Jag hittar inget svar på det i dokumenten.",
        (),
        True,
        "sv",
        {},
        ({"title": "Målbild <x>", "file": "malbild.pdf", "page": 4},),
    )
    demo = app.build_demo(fake, stream_delay=0)
    _, (chat, _, _, sources, *_r) = run_ask(demo, "Vad kostar bussen?")
    assert "Närmast frågan" in sources and 'href="corpus/malbild.pdf#page=4"' in sources
    assert "Målbild &lt;x&gt;, s. 4" in sources
    assert "<summary>Närmast frågan (1)</summary>" in chat[-1]["content"]


def test_thumbs_and_comment_are_stored_redacted(fake, settings):
    store = FeedbackStore(settings.index / "fb.sqlite3")
    demo = app.build_demo(fake, feedback=store, stream_delay=0)
    _, (chat, turns, *_r) = run_ask(demo, "Ring 070-123 45 67 om hemlöshet?")
    rated: dict = {}
    like = handler(demo, "like")
    rated, row, box, msg = like(
        turns, rated, gr.LikeData(None, {"index": 1, "value": "x", "liked": False})
    )
    assert box.visible is True and "Tack" in msg
    rated, row2, *_ = like(
        turns, rated, gr.LikeData(None, {"index": 1, "value": "x", "liked": True})
    )
    assert row2 == row
    cleared, msg, box = handler(demo, "send_comment")(row, "Bra! Maila mig: a@b.se")
    assert cleared == "" and "sparad" in msg and box.visible is False
    assert "Skriv en kommentar först" in handler(demo, "send_comment")(row, "  ")[1]
    (stored,) = store.rows()
    assert (
        stored["rating"] == "up"
        and PHONE in stored["question"]
        and "a@b.se" not in stored["comment"]
    )
    assert (
        like(turns, rated, gr.LikeData(None, {"index": 7, "value": "x", "liked": True}))[1] is None
    )


def test_new_conversation_clears_everything(fake):
    demo = app.build_demo(fake, stream_delay=0)
    chat, turns, rated, box, sources, *_, examples = handler(demo, "restart")()
    assert (chat, turns, rated, box) == ([], [], {}, "") and "Källorna" in sources
    assert examples.open is True


def test_page_load_fills_filters_and_the_document_list(fake, settings):
    demo = app.build_demo(fake)
    build, types, years, listing = handler(demo, "on_load")()
    assert types.choices[0] == ("Alla dokument", "")
    assert ("Uppföljning", "uppföljning") in types.choices and len(types.choices) == 4
    assert years.choices == [("Alla år", ""), ("2023", "2023"), ("2021", "2021")]
    assert "Målbild &lt;2021&gt;" in listing and "2021–2024" in listing and "utgåva 2021" in listing
    assert "2025-01-02 04:04" in listing  # Swedish time
    empty = app.build_demo(FakeAssistant(settings, manifest=None))
    assert "Inga dokument är inlästa ännu" in handler(empty, "on_load")()[3]


def test_goal_button_asks_the_follow_up_reports(fake):
    demo = app.build_demo(fake)
    question, doc_type, year, tabs = handler(demo, "prepare")()
    assert question.startswith("Hur går det för målet ”I Borås ska barn och unga")
    assert doc_type == "uppföljning" and year == "" and tabs.selected == "chat-tab"
    config = repr(demo.config)
    assert (
        "Hur går det?" in config and "malbild-socialt-hallbart-boras-2021-2024.pdf#page=9" in config
    )


def test_no_admin_tab_without_a_token(settings):
    demo = app.build_demo(FakeAssistant(settings.with_(admin_token=None)))
    assert tab_labels(demo) == ["Chatt", "Målen", "Om tjänsten"]
    assert not [f for f in demo.fns.values() if f.name == "do_unlock"]


def test_admin_is_locked_until_the_token_is_given(fake, settings, tmp_path):
    store = FeedbackStore(settings.index / "fb.sqlite3")
    demo = app.build_demo(fake, feedback=store)
    for name, args in [
        ("do_add", (False, None, "", "", None, "", "")),
        ("do_start", (False,)),
        ("do_remove", (False, "x.pdf")),
        ("do_export", (False,)),
    ]:
        with pytest.raises(gr.Error):
            handler(demo, name)(*args)
    unlock = handler(demo, "do_unlock")
    refused = unlock("fel-nyckel")
    assert refused[0] is False and "Fel nyckel" in refused[1] and len(refused) == 13
    ok, msg, lock_box, panel, docs, files, token, _, timer, *buttons = unlock("rätt-nyckel")
    assert ok is True and panel.visible is True and lock_box.visible is False and token == ""
    assert timer.active is False and all(b.interactive for b in buttons)
    assert tab_labels(demo)[-1] == "Administration"

    pdf = make_pdf(
        tmp_path / "Ny rapport.pdf", ["1 Rapport\n" + "Text om Borås och cykelbanor. " * 10]
    )
    msg, docs, files, upload, *fields = handler(demo, "do_add")(
        True, str(pdf), "Ny rapport", "uppföljning", "2025", "", ""
    )
    assert fields == ["", "", "", ""] and upload is None
    assert "Ny rapport.pdf är tillagd" in msg and "Väntar på inläsning" in docs
    assert ("Ny rapport.pdf", "Ny rapport.pdf") in files.choices
    fake_pdf = tmp_path / "falsk.pdf"
    fake_pdf.write_text("hej")
    msg, _, _, upload, *_ = handler(demo, "do_add")(
        True, str(fake_pdf), "Falsk", "uppföljning", None, "", ""
    )
    assert "inte en PDF" in msg and 'role="alert"' in msg and upload is None
    msg, _, _, upload, *fields = handler(demo, "do_add")(
        True, str(pdf), "", "uppföljning", None, "", ""
    )
    assert "Ange dokumentets titel" in msg and is_skip(upload) and all(map(is_skip, fields))

    run_ask(demo, "Vilka är målen?")
    like = handler(demo, "like")
    _, turns = run_ask(demo, "Vilka är målen?")[1][:2]
    like(turns, {}, gr.LikeData(None, {"index": 1, "value": "x", "liked": True}))
    path = handler(demo, "do_export")(True)
    with open(path, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert rows[0]["question"] == "Vilka är målen?" and rows[0]["rating"] == "up"

    msg, docs, files = handler(demo, "do_remove")(True, "Ny rapport.pdf")
    assert "borttagen" in msg and not (settings.corpus / "Ny rapport.pdf").exists()


def test_importing_app_serves_nothing():
    assert not hasattr(app, "demo")
    assert callable(app.main)


def test_ingestion_progress_is_shown_as_a_labelled_progress_bar():
    from ingest.types import Failure, IngestReport
    from ui.admin_views import progress_html
    from ui.services.ingest_job import JobState

    running = progress_html(JobState(running=True, stage="embed", done=32, total=64))
    assert (
        '<progress max="100" value="67"' in running and 'aria-labelledby="ingest-state"' in running
    )
    assert "Beräknar sökvektorer (32 av 64)" in running
    done = progress_html(
        JobState(
            report=IngestReport(added=("a.pdf",), pages=12, failed=(Failure("b.pdf", "x"),)),
            failures={"b.pdf": "Filen är tom."},
        )
    )
    assert "Inläsningen är klar: 1 tillagda" in done and "b.pdf: Filen är tom." in done
    assert 'role="alert"' in progress_html(JobState(error="Inläsningen misslyckades"))


def test_example_buttons_ask_their_own_text(fake):
    demo = app.build_demo(fake, stream_delay=0)
    wired = [f for f in demo.fns.values() if f.name == "ask" and isinstance(f.inputs[0], gr.Button)]
    labels = sorted(f.inputs[0].value for f in wired)
    assert len(labels) == 8 and "Vilka är målen för Socialt hållbart Borås?" in labels
    _, (chat, *_r) = run_ask(demo, labels[0])
    assert chat[0]["content"].startswith(render_user(labels[0])[:10])


def render_user(text: str) -> str:
    from ui.render import user_markdown

    return user_markdown(text)


def test_a_generative_answer_streams_its_sentences_and_names_the_model(settings):
    from dataclasses import replace

    class StreamingAssistant(FakeAssistant):
        def __init__(self, settings):
            super().__init__(settings)
            self.llm = object()  # a configured generative engine

        def ask_stream(self, question, history=(), filters=None):
            yield "Ingen ska vara hemlös [1]. "
            yield replace(
                self.answer, text="Ingen ska vara hemlös [1].", engine="llm:ollama:llama3"
            )

    steps, _ = run_ask(
        app.build_demo(StreamingAssistant(settings), stream_delay=0), "Vad gäller hemlöshet?"
    )
    chats = [s[0] for s in steps]
    assert len(chats) >= 3  # searching, the streamed sentence, the final answer
    final = chats[-1][-1]["content"]
    assert "språkmodellen ollama:llama3" in final and "#page=" in final


def test_streaming_sends_a_few_growing_prefixes_never_inside_bold():
    from ui.render import STREAM_STEPS, progressive

    text = " ".join(f"Mening {i}." for i in range(40)) + " **Markerad. Mening.** [1] Slut."
    prefixes = list(progressive(text))
    assert 2 <= len(prefixes) <= STREAM_STEPS and prefixes[-1] == text
    assert all(
        b.startswith(a) and len(b) > len(a) for a, b in zip(prefixes, prefixes[1:], strict=False)
    )
    assert all(p.count("**") % 2 == 0 for p in prefixes)
    assert list(progressive("Kort svar.")) == ["Kort svar."]


def test_gradio_summarises_its_event_records_rarely_unless_the_operator_says_otherwise(
    fake, monkeypatch
):
    monkeypatch.delenv("GRADIO_ANALYTICS_CACHE_FREQUENCY", raising=False)
    monkeypatch.setenv("GRADIO_ANALYTICS_MAX_EVENTS", "50")  # an operator's choice
    queue = app.build_demo(fake, stream_delay=0)._queue
    # Gradio's own attribute names (sic): the test fails if Gradio stops reading these variables
    assert queue.ANAYLTICS_CACHE_FREQUENCY == 1000
    assert queue.ANALYTICS_MAX_EVENTS == 50


def test_the_filters_fold_into_one_line_that_says_what_is_chosen(fake):
    from ui.filters import summary

    assert summary("", "") == "Avgränsa sökningen: alla dokument och år"
    assert summary("välfärdsbokslut", "2021") == "Avgränsa sökningen: Välfärdsbokslut, 2021"
    assert summary("", "2023") == "Avgränsa sökningen: alla dokument, 2023"
    demo = app.build_demo(fake)
    labels = [f.fn for f in demo.fns.values() if f.name == "<lambda>" and f.queue is False]
    assert len(labels) == 2  # a change of either group
    assert all(
        f("uppföljning", "").label == "Avgränsa sökningen: Uppföljning, alla år" for f in labels
    )
    box = next(
        b for b in demo.blocks.values() if isinstance(b, gr.Accordion) and b.elem_id == "filters"
    )
    assert box.open is False


def test_admin_buttons_are_off_while_work_runs_and_the_page_follows_a_finished_ingestion(
    fake, settings
):
    import threading

    from ingest.types import IngestReport
    from ui.services.ingest_job import IngestJob

    go = threading.Event()

    def runner(settings, embedder, rebuild=False, progress=None):
        go.wait(10)
        return IngestReport(added=("ny.pdf",), pages=3)

    job = IngestJob(settings, fake.embedder, runner=runner)
    demo = app.build_demo(fake, job=job)
    assert all(b.interactive is False for b in handler(demo, "hold")())
    assert all(b.interactive is True for b in handler(demo, "release")())

    progress, timer, *buttons = handler(demo, "do_start")(True)
    assert timer.active is True and all(b.interactive is False for b in buttons)
    assert all(b.interactive is False for b in handler(demo, "release")())  # a run holds them
    running = handler(demo, "tick")(True)
    assert "Förbereder" in running[0] and all(map(is_skip, running[1:]))

    fake.store.manifest = {
        "files": {
            **MANIFEST["files"],
            "ny.pdf": {"title": "Ny <rapport>", "doc_type": "beslut", "year": 2025},
        }
    }
    go.set()
    job.wait(10)
    progress, docs, files, timer, *rest = handler(demo, "tick")(True)
    buttons, (types, years, listing) = rest[:4], rest[4:]
    assert "Inläsningen är klar: 1 tillagda" in progress and timer.active is False
    assert all(b.interactive is True for b in buttons)
    assert ("Beslut", "beslut") in types.choices and ("2025", "2025") in years.choices
    assert "Ny &lt;rapport&gt;" in listing  # "Om tjänsten" without a reload


def test_ingestion_waits_while_a_document_is_being_added(fake):
    demo = app.build_demo(fake)
    tab = next(f.fn.__self__ for f in demo.fns.values() if f.name == "do_start")
    with tab._changing:
        progress, timer, *buttons = handler(demo, "do_start")(True)
    assert "Vänta tills dokumentet är tillagt" in progress and timer.active is False
    assert not tab.job.state().running


def test_every_page_follows_a_new_build_within_a_minute(fake):
    demo = app.build_demo(fake)
    key, *_ = handler(demo, "on_load")()
    refresh = handler(demo, "refresh")
    assert all(map(is_skip, refresh(key)))
    fake.store.manifest = {"files": {"ny.pdf": {"title": "Ny", "doc_type": "beslut", "year": 2025}}}
    new_key, types, years, listing = refresh(key)
    assert new_key != key and ("2025", "2025") in years.choices and "Ny" in listing
