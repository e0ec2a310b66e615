"""Answers, sources and document lists as Markdown/HTML; every piece of text is escaped here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from assistant.question.language import phrase
from ui.services.documents import DocumentRow

DOC_TYPE_LABELS = {
    "målbild": "Målbild",
    "uppföljning": "Uppföljning",
    "välfärdsbokslut": "Välfärdsbokslut",
    "reglemente": "Reglemente",
    "beslut": "Beslut",
    "övrigt": "Övrigt",
}
NEW_TAB = '<span class="sr-only"> (öppnas i ny flik)</span>'
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$])")  # < > & are HTML-escaped instead
_MARKER = re.compile(r"\[(\d+)\]")
_SPLIT = re.compile(r"(?<=[.!?:;])\s+|\n")
CONTEXT_CHARS = 700
STREAM_STEPS = 4  # updates per streamed extractive answer


def type_label(doc_type: str) -> str:
    return DOC_TYPE_LABELS.get(doc_type, doc_type.capitalize() if doc_type else "")


def link(url: str) -> str:
    """A citation URL relative to the page, so it also works under a reverse proxy's root path."""
    return url.lstrip("/")


def user_markdown(text: str) -> str:
    """What the person typed, shown as literal text: Markdown and HTML both made inert."""
    return escape(_MD_SPECIAL.sub(r"\\\1", text), quote=False)


def answer_markdown(text: str, citations: Sequence) -> str:
    """The assistant's Markdown with document text made HTML-inert and [n] turned into links."""
    by_n = {c.n: c for c in citations}
    safe = text.replace("&", "&amp;").replace("<", "&lt;")

    def to_link(m: re.Match) -> str:
        c = by_n.get(int(m.group(1)))
        if c is None:
            return m.group(0)
        title = f"{c.title}, s. {c.page} (öppnas i ny flik)"
        title = escape(title)
        return f'[\\[{c.n}\\]]({link(c.url)} "{title}")'

    return _MARKER.sub(to_link, safe)


def progressive(text: str, steps: int = STREAM_STEPS) -> list[str]:
    """Growing prefixes of the answer, at sentence ends, never inside a **bold** span; at most
    `steps` of them, evenly spread, the last the whole text. Every prefix is one update sent to
    the browser, so their number, not the answer's length, sets the cost of streaming."""
    cuts, end = [], 0
    for m in _SPLIT.finditer(text):
        if m.start() > end and text[: m.start()].count("**") % 2 == 0:
            end = m.start()
            cuts.append(end)
    if len(cuts) >= steps:
        cuts = [cuts[round((i + 1) * len(cuts) / steps) - 1] for i in range(steps - 1)]
    return [text[:cut] for cut in cuts] + [text]  # cuts rise strictly: no prefix twice


def plain(text: str) -> str:
    """Markdown reduced to what a screen reader should say."""
    text = re.sub(r"\[\\?\[(\d+)\\?\]\]\([^)]*\)", r"[\1]", text)
    return re.sub(r"[*>_`]+", "", text).strip()


def sources_html(citations: Sequence, editions: dict[str, str] | None = None) -> str:
    """The sources panel: one entry per citation, the quote highlighted in its paragraph."""
    if not citations:
        return ""
    editions = editions or {}
    items = "".join(source_item(c, editions.get(c.file, "")) for c in citations)
    return f'<h2 class="panel-h">Källor</h2><ol class="sources">{items}</ol>'


def suggestions_html(suggestions: Iterable[dict], url_for) -> str:
    """For a refusal: the documents nearest the question, each opening at its page."""
    items = [
        f'<li><a href="{escape(link(url_for(s["file"], s["page"])))}" target="_blank" '
        f'rel="noopener noreferrer">{escape(s["title"])}, s. {int(s["page"])}{NEW_TAB}</a></li>'
        for s in suggestions
    ]
    if not items:
        return ""
    return (
        '<h2 class="panel-h">Närmast frågan</h2><p>Svaret fanns inte i dokumenten. '
        f'De här sidorna ligger närmast frågan:</p><ul class="sources">{"".join(items)}</ul>'
    )


def source_item(c, edition: str, panel: bool = True) -> str:
    """One source: number, title and page linking to the PDF, type and edition, and the quote:
    in the side panel within its paragraph and with an id; under a reply the quote alone (half
    the bytes of each finished reply, which the server sends whole)."""
    meta = [type_label(c.doc_type), edition or (str(c.year) if c.year else ""), f"sidan {c.page}"]
    meta_text = " · ".join(escape(m) for m in meta if m)
    ident = f' id="source-{int(c.n)}"' if panel else ""
    quoted = highlight(c.context or c.quote, c.quote) if panel else escape(c.quote)
    shown = (
        cells_table(c.table)
        if getattr(c, "table", ())
        else f'<blockquote class="source-context">{quoted}</blockquote>'
    )
    return (
        f'<li{ident} class="source">'
        f'<p class="source-head"><a href="{escape(link(c.url))}" target="_blank" '
        f'rel="noopener noreferrer"><span class="source-n">[{int(c.n)}]</span> '
        f"{escape(c.title)}, s. {int(c.page)}{NEW_TAB}</a></p>"
        f'<p class="source-meta">{meta_text}</p>'
        f"{shown}</li>"
    )


def cells_table(rows: Sequence[Sequence[str]]) -> str:
    """Quoted table rows as a small table, the header row first (none when it names nothing),
    every cell escaped."""
    head, *body = rows
    th = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in head) if any(head) else ""
    trs = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in r) + "</tr>" for r in body
    )
    thead = f"<thead><tr>{th}</tr></thead>" if th else ""
    return f'<table class="source-table">{thead}<tbody>{trs}</tbody></table>'


def highlight(context: str, quote: str) -> str:
    """The paragraph, escaped, with the quote in <mark>; clipped around the quote when long."""
    m = _find(context, quote)
    if m is None:
        return f"<mark>{escape(quote)}</mark>"
    start, end = m
    lo = max(0, start - CONTEXT_CHARS // 2)
    hi = min(len(context), end + CONTEXT_CHARS // 2)
    before = ("… " if lo > 0 else "") + context[lo:start]
    after = context[end:hi] + (" …" if hi < len(context) else "")
    return f"{escape(before)}<mark>{escape(context[start:end])}</mark>{escape(after)}"


def _find(context: str, quote: str) -> tuple[int, int] | None:
    words = quote.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, context, flags=re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def documents_html(rows: Sequence[DocumentRow], admin: bool = False) -> str:
    """A table of documents: title, type, edition, pages, when read in (and status for the admin)."""
    if not rows:
        return "<p>Inga dokument är inlästa ännu.</p>"
    head = ["Dokument", "Typ", "Utgåva/år", "Sidor", "Inläst"] + (
        ["Status", "Fil"] if admin else []
    )
    th = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = "".join(_doc_row(r, admin) for r in rows)
    caption = "Dokument och status" if admin else "Dokument som svaren hämtas ur"
    return (
        f'<table class="docs"><caption>{caption}</caption><thead><tr>{th}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _doc_row(r: DocumentRow, admin: bool) -> str:
    cells = [
        f'<th scope="row">{escape(r.title)}</th>',
        f'<td data-label="Typ">{escape(type_label(r.doc_type))}</td>',
        f'<td data-label="Utgåva/år">{escape(r.edition or "–")}</td>',
        f'<td data-label="Sidor">{r.pages if r.pages is not None else "–"}</td>',
        f'<td data-label="Inläst">{escape(r.ingested_at or "–")}</td>',
    ]
    if admin:
        status = escape(r.status) + (f"<br><small>{escape(r.note)}</small>" if r.note else "")
        cells += [
            f'<td data-label="Status">{status}</td>',
            f'<td data-label="Fil"><code>{escape(r.file)}</code></td>',
        ]
    return f"<tr>{''.join(cells)}</tr>"


def engine_note(engine: str) -> str:
    """Says which generative model wrote the answer (the extractive engine needs no note)."""
    model = user_markdown(engine.split(":", 1)[-1])
    return f"*Svaret är formulerat av språkmodellen {model} utifrån de citerade källorna.*"


def read_as(answer) -> str:
    """A line above the answer saying how a question with mended spelling was read ('' if not)."""
    question = getattr(answer, "read_as", "")
    if not question:
        return ""
    return f"*{user_markdown(phrase(answer.language, 'read_as', question=question))}*\n\n"
