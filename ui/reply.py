"""One reply in the chat, as the Markdown Gradio shows: built from the answer's parts when it has
a lead, else from its text; and under it the reply's own sources, which narrow screens show
instead of the side panel. Every piece of document text is made inert here or in ui/render."""

from __future__ import annotations

from html import escape

from assistant.answer.cite import url_for
from ui import render

LABELS = {
    "sv": {
        "partial": "Delvis svar.",
        "refused": "Inget svar i dokumenten.",
        "context": "Visa sammanhang",
        "see_also": "Se även",
        "sources": "Källor",
        "nearest": "Närmast frågan",
    },
    "en": {
        "partial": "Partial answer.",
        "refused": "No answer in the documents.",
        "context": "Show the context",
        "see_also": "See also",
        "sources": "Sources",
        "nearest": "Nearest the question",
    },
}


def label(answer, key: str) -> str:
    return LABELS.get(getattr(answer, "language", "sv"), LABELS["sv"])[key]


def steps(answer, editions: dict[str, str] | None = None, note: str = "") -> list[str]:
    """The reply as it grows: a few prefixes of what answers, then the whole reply. Each step is
    one update sent to the browser, so their number is fixed (render.STREAM_STEPS)."""
    head = render.read_as(answer)
    if _has_parts(answer):
        growing = [_parts(answer, lead) for lead in render.progressive(answer.lead)[:-1]]
    else:
        growing = [
            render.answer_markdown(p, answer.citations)
            for p in render.progressive(answer.text)[:-1]
        ]
    return [head + g for g in growing] + [head + whole(answer, editions, note)]


def whole(answer, editions: dict[str, str] | None = None, note: str = "") -> str:
    """The finished reply: the answer, a note (which model wrote it), then its sources block."""
    if _has_parts(answer):
        body = _parts(answer, answer.lead, complete=True)
    else:
        body = render.answer_markdown(answer.text, answer.citations)
    blocks = [body, note, sources_block(answer, editions)]
    return "\n\n".join(b for b in blocks if b)


def spoken(answer) -> str:
    """What the live region reads out once the reply is complete: the answer, not its context."""
    if not _has_parts(answer):
        return render.plain(answer.text)
    parts = [answer.statement, answer.frame, answer.lead]
    return render.plain(" ".join(p for p in parts if p))


def sources_block(answer, editions: dict[str, str] | None = None) -> str:
    """'Källor (n)', collapsed, under the reply; for a refusal the pages nearest the question.
    One line of HTML: a blank line would end the HTML block and hand the rest to Markdown."""
    editions = editions or {}
    if answer.citations:
        items = "".join(
            render.source_item(c, editions.get(c.file, ""), panel=False) for c in answer.citations
        )
        title, n, tag = label(answer, "sources"), len(answer.citations), "ol"
    elif answer.suggestions:
        items = "".join(_pointer(s) for s in answer.suggestions)
        title, n, tag = label(answer, "nearest"), len(answer.suggestions), "ul"
    else:
        return ""
    html = (
        f'<details class="reply-sources"><summary>{title} ({n})</summary>'
        f'<{tag} class="sources">{items}</{tag}></details>'
    )
    return " ".join(html.split("\n"))


def _has_parts(answer) -> bool:
    return bool(getattr(answer, "lead", ""))


def _parts(answer, lead: str, complete: bool = False) -> str:
    """Statement (partly answered or refused), frame, lead; when complete, the context folded
    away and the see-also lines too."""
    blocks = [_statement(answer)]
    if answer.frame:
        blocks.append(render.answer_markdown(answer.frame, answer.citations))
    blocks.append(render.answer_markdown(lead, answer.citations))
    if complete and answer.context:
        blocks += [
            f'<details class="reply-context"><summary>{label(answer, "context")}</summary>',
            render.answer_markdown(answer.context, answer.citations),
            "</details>",
        ]
    if complete and answer.see_also:
        items = "".join(_pointer(s, s.get("words", "")) for s in answer.see_also[:2])
        blocks.append(
            f'<div class="reply-see-also"><p>{label(answer, "see_also")}:</p>'
            f'<ul class="sources">{items}</ul></div>'
        )
    return "\n\n".join(b for b in blocks if b)


def _statement(answer) -> str:
    """Above everything, and distinct per outcome: an answered reply has none."""
    outcome = getattr(answer, "outcome", "answered")
    if outcome == "answered" or not answer.statement:
        return ""
    text = " ".join(answer.statement.split())
    return (
        f'<p class="reply-note reply-{outcome}"><strong>{label(answer, outcome)}</strong> '
        f"{escape(text)}</p>"
    )


def _pointer(s: dict, words: str = "") -> str:
    """One linked line: title and page, opening the PDF at the page."""
    href = escape(render.link(s.get("url") or url_for(s["file"], s["page"])))
    what = f" – {escape(' '.join(str(words).split()))}" if words else ""
    return (
        f'<li><a href="{href}" target="_blank" rel="noopener noreferrer">'
        f"{escape(s['title'])}, s. {int(s['page'])}{render.NEW_TAB}</a>{what}</li>"
    )
