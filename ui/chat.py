"""The chat tab: question box, filters, conversation, feedback, examples and the sources panel."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from ui.answering import Conversation, Reply
from ui.filters import build_filters

CITIZEN_EXAMPLES = (
    "Vilka är målen för Socialt hållbart Borås?",
    "Min son missar mycket skola. Hur mycket frånvaro ska det vara innan kommunen ser det som ett problem?",
    "Det byggs en park vid Norrby – vad kommer man kunna göra där?",
    "Hur trygga känner sig kvinnor på Norrby när de går ut ensamma på kvällen?",
)
STAFF_EXAMPLES = (
    "Vilken förvaltningschef ansvarar för målområdet Bostäder och närmiljö?",
    "Vilken är huvudslutsatsen i Målområdesuppföljning 2023?",
    "Vilka uppgifter har Kommunstyrelsen i arbetet med Socialt hållbart Borås enligt reglementet?",
    "Hur lång tid efter sammanträdet har en nämnd på sig att justera protokollet?",
)
PLACEHOLDER = (
    "**Ställ en fråga om Socialt hållbart Borås.**\n\n"
    "Svaren citerar Borås Stads dokument och visar dokument och sida; "
    "en källa öppnar PDF:en på rätt sida."
)
SOURCES_EMPTY = '<p class="sources-empty">Källorna till svaret visas här.</p>'
# After a reply: its first line in view (not its end) and the focus back in the question box;
# ui/assets/app.js does it, in the browser.
AFTER_REPLY = "() => window.shb && window.shb.replyShown(true)"
PRIVATE = {"api_visibility": "private"}


@dataclass
class ChatTab:
    """The components other tabs need: to ask a question from elsewhere (the goals tab)."""

    question: gr.Textbox
    doc_type: gr.Radio
    year: gr.Radio
    ask_inputs: list
    ask_outputs: list
    ask: object  # the streaming handler


def build_chat_tab(conversation: Conversation) -> ChatTab:
    """Lay out the chat tab and wire its events; call inside a gr.Tab.

    Phone first: the question box, then the conversation with the latest reply; the filters
    folded into one line; the examples fold away after the first question; the side panel of
    sources only on wide screens (narrow ones show each reply's own "Källor (n)").
    """
    turns = gr.State([])
    rated = gr.State({})
    feedback_row = gr.State(None)
    with gr.Row(equal_height=False, elem_id="chat-row"):
        with gr.Column(scale=3, min_width=320, elem_id="chat-main"):
            question = gr.Textbox(
                label="Din fråga",
                placeholder="Skriv en fråga, till exempel: Vilka är målen för Socialt hållbart Borås?",
                lines=1,
                max_lines=6,
                elem_id="question",
            )
            with gr.Row(elem_id="ask-row"):
                send = gr.Button("Skicka fråga", variant="primary", size="md", elem_id="send")
                new = gr.Button("Ny konversation", size="md", elem_id="new-conversation")
            filters = build_filters()
            status = gr.HTML("", elem_id="chat-status")
            chatbot = gr.Chatbot(
                label="Konversation",
                show_label=False,
                elem_id="chat",
                height="auto",  # grows with the replies up to the CSS max-height, then scrolls
                autoscroll=False,  # app.js shows the start of a new reply, not its end
                latex_delimiters=[],
                allow_tags=False,
                buttons=[],
                feedback_options=("Like", "Dislike"),
                placeholder=PLACEHOLDER,
            )
            comment_box, comment, comment_send = _comment_form()
            feedback_msg = gr.HTML("", elem_id="feedback-msg")
            with gr.Accordion("Exempel på frågor", open=True, elem_id="examples") as examples:
                example_buttons = _examples()
        with gr.Column(scale=2, min_width=280, elem_id="side"):
            sources = gr.HTML(SOURCES_EMPTY, elem_id="sources")
    announcer = gr.HTML("", elem_id="answer-announcer", elem_classes=["sr-only"])

    def ask(q, chat, t, dt, yr):
        for r in conversation.respond(q, chat, t, dt, yr):
            yield _outputs(r)

    doc_type, year = filters.doc_type, filters.year
    inputs = [question, chatbot, turns, doc_type, year]
    outputs = [
        chatbot,
        turns,
        question,
        sources,
        status,
        announcer,
        comment_box,
        feedback_msg,
        examples,
    ]
    opts = {"show_progress": "hidden", **PRIVATE}
    question.submit(ask, inputs, outputs, **opts).then(None, js=AFTER_REPLY, **PRIVATE)
    send.click(ask, inputs, outputs, **opts).then(None, js=AFTER_REPLY, **PRIVATE)
    for button in example_buttons:
        button.click(ask, [button, chatbot, turns, doc_type, year], outputs, **opts).then(
            None, js=AFTER_REPLY, **PRIVATE
        )

    def restart():
        return (
            [],
            [],
            {},
            "",
            SOURCES_EMPTY,
            "",
            "",
            gr.Column(visible=False),
            "",
            gr.Accordion(open=True),
        )

    fresh = [chatbot, turns, rated, *outputs[2:]]  # what a reply updates, and the ratings
    new.click(restart, None, fresh, **PRIVATE)
    chatbot.clear(restart, None, fresh, **PRIVATE)  # the chat's own trash button

    def like(t, r, data: gr.LikeData):
        row = conversation.rate(t, r, data.index, data.liked)
        if row is None:
            return r, None, gr.Column(visible=False), ""
        return r, row, gr.Column(visible=True), "<p>Tack för ditt omdöme!</p>"

    chatbot.like(like, [turns, rated], [rated, feedback_row, comment_box, feedback_msg], **PRIVATE)

    def send_comment(row, text):
        if not conversation.comment(row, text):
            note = "<p>Skriv en kommentar först, eller låt bli – omdömet är redan sparat.</p>"
            return gr.skip(), note, gr.skip()
        return "", "<p>Tack! Kommentaren är sparad.</p>", gr.Column(visible=False)

    comment_send.click(
        send_comment, [feedback_row, comment], [comment, feedback_msg, comment_box], **PRIVATE
    )
    return ChatTab(question, doc_type, year, inputs, outputs, ask)


def _comment_form() -> tuple[gr.Column, gr.Textbox, gr.Button]:
    with gr.Column(visible=False) as box:
        comment = gr.Textbox(
            label="Kommentar till ditt omdöme (valfritt)",
            info="Skriv inga personuppgifter: personnummer, e-postadresser och "
            "telefonnummer tas bort innan något sparas.",
            lines=2,
            elem_id="feedback-comment",
        )
        send = gr.Button("Skicka kommentar", size="sm")
    return box, comment, send


def _examples() -> list[gr.Button]:
    buttons = []
    for heading, questions in (
        ("Exempel för invånare", CITIZEN_EXAMPLES),
        ("Exempel för medarbetare", STAFF_EXAMPLES),
    ):
        gr.HTML(f'<p class="examples-h">{heading}</p>')
        with gr.Row():
            buttons += [gr.Button(q, size="sm", elem_classes=["example"]) for q in questions]
    return buttons


def _outputs(r: Reply) -> tuple:
    if r.partial:  # each update costs the server: send only what changed
        return (r.chat, *(gr.skip() for _ in range(8)))
    return (
        r.chat,
        r.turns,
        r.question,
        gr.skip() if r.sources is None else (r.sources or SOURCES_EMPTY),
        r.status,
        gr.skip() if r.announce is None else r.announce,
        gr.Column(visible=False),
        "",
        gr.Accordion(open=False) if r.asked else gr.skip(),  # the examples fold away
    )
