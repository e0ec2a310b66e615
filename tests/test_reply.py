"""A reply rendered from the answer's parts (statement, frame, lead, context, see-also), or from its
text when it has no lead; hand-built answers, every piece of document text kept inert."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.types import Answer, Citation
from tests.conftest import malbild_citation
from ui import reply

HOSTILE = "<img src=x onerror=alert(1)>"


def cite(n: int, page: int, quote: str = "ingen vara hemlös") -> Citation:
    return malbild_citation(n, quote, page, f"I Borås ska {quote}. {HOSTILE}")


def answer(**parts) -> Answer:
    base = Answer(
        "Hela svaret som text [1].", (cite(1, 9), cite(2, 12)), False, "sv", {"total_ms": 3.0}
    )
    return replace(base, **parts)


PARTIAL = answer(
    status="partial",
    statement="Dokumenten nämner inte ”mandat”.",
    not_found=("mandat",),
    frame="Enligt Målbild <2021> (s. 9):",
    lead="I Borås ska **ingen vara hemlös** [1] och | alla | ha | bostad | [2]",
    context=f"Kapitel 6 om boende. {HOSTILE} Mer text om bostäder.",
    see_also=(
        {
            "title": "Uppföljning <b>2023</b>",
            "file": "mu.pdf",
            "page": 4,
            "url": "/corpus/mu.pdf#page=4",
            "words": f"hemlöshet {HOSTILE}",
        },
        {
            "title": "Välfärdsbokslut",
            "file": "vb.pdf",
            "page": 7,
            "url": "/corpus/vb.pdf#page=7",
            "words": "bostad",
        },
        {
            "title": "Tredje",
            "file": "x.pdf",
            "page": 1,
            "url": "/corpus/x.pdf#page=1",
            "words": "x",
        },
    ),
)


def test_a_partly_answer_shows_its_statement_first_then_frame_lead_context_and_see_also():
    md = reply.whole(PARTIAL)
    statement = md.index('<p class="reply-note reply-partial"><strong>Delvis svar.</strong>')
    frame = md.index("Enligt Målbild &lt;2021> (s. 9):")
    lead = md.index("I Borås ska **ingen vara hemlös** [\\[1\\]](corpus/malbild.pdf#page=9 ")
    context = md.index('<details class="reply-context"><summary>Visa sammanhang</summary>')
    see_also = md.index('<div class="reply-see-also"><p>Se även:</p>')
    sources = md.index('<details class="reply-sources"><summary>Källor (2)</summary>')
    assert statement < frame < lead < context < see_also < sources
    assert "Dokumenten nämner inte ”mandat”." in md
    assert "[\\[2\\]](corpus/malbild.pdf#page=12 " in md  # every [n] of the lead is a link
    # the context's Markdown sits between blank lines, so it is rendered inside <details>
    assert "</summary>\n\nKapitel 6 om boende. &lt;img" in md and "\n\n</details>" in md
    assert "Hela svaret som text" not in md  # the parts replace the text
    assert 'href="corpus/mu.pdf#page=4"' in md and "Uppföljning &lt;b&gt;2023&lt;/b&gt;, s. 4" in md
    assert "– hemlöshet &lt;img" in md and "Tredje" not in md  # at most two pointers
    assert "<img" not in md and "<b>" not in md


@pytest.mark.parametrize(
    ("outcome", "statement", "shown"),
    [
        ("answered", "", None),
        ("answered", "Något som inte ska synas.", None),
        ("partial", "Dokumenten nämner inte ”mandat”.", "Delvis svar."),
        ("refused", "Dokumenten svarar inte på det.", "Inget svar i dokumenten."),
    ],
)
def test_the_three_outcomes_look_different(outcome, statement, shown):
    md = reply.whole(replace(PARTIAL, status=outcome, statement=statement))
    if shown is None:
        assert "reply-note" not in md and "Något som inte" not in md
        assert md.startswith("Enligt Målbild")
    else:
        assert md.startswith(f'<p class="reply-note reply-{outcome}"><strong>{shown}</strong> ')


def test_an_english_reply_gets_english_labels():
    md = reply.whole(replace(PARTIAL, language="en"))
    assert "<strong>Partial answer.</strong>" in md and "<summary>Show the context</summary>" in md
    assert "<summary>Sources (2)</summary>" in md and "See also:" in md


def test_without_a_lead_the_text_is_shown_as_today_with_its_sources_below():
    md = reply.whole(answer())
    assert md.startswith("Hela svaret som text [\\[1\\]](corpus/malbild.pdf#page=9 ")
    assert "reply-note" not in md and "reply-context" not in md
    assert md.endswith("</details>") and "<summary>Källor (2)</summary>" in md


def test_a_refusal_without_citations_lists_the_nearest_pages():
    refusal = Answer(
        "Jag hittar inget svar.",
        (),
        True,
        "sv",
        {},
        ({"title": f"Målbild {HOSTILE}", "file": "malbild.pdf", "page": 4},),
    )
    md = reply.whole(refusal)
    assert "<summary>Närmast frågan (1)</summary>" in md
    assert 'href="corpus/malbild.pdf#page=4"' in md and "<img" not in md
    assert reply.sources_block(replace(refusal, suggestions=())) == ""


def test_the_reply_grows_from_its_lead_and_ends_whole():
    long_lead = " ".join(f"Mening {i} om bostäder." for i in range(30)) + " Slut [1]."
    steps = reply.steps(replace(PARTIAL, lead=long_lead))
    assert 2 <= len(steps) <= 4
    for growing in steps[:-1]:
        assert growing.startswith('<p class="reply-note reply-partial">')
        assert "reply-context" not in growing and "reply-sources" not in growing
    assert steps[-1] == reply.whole(replace(PARTIAL, lead=long_lead))
    lengths = [len(s) for s in steps]
    assert lengths == sorted(lengths)


def test_read_as_and_a_model_note_keep_their_places():
    parts = replace(PARTIAL, read_as="Vad gäller för hemlöshet?")
    assert reply.steps(parts)[-1].startswith("*Läste frågan som: ”Vad gäller för hemlöshet?”*\n\n")
    md = reply.whole(parts, note="*Svaret är formulerat av språkmodellen x.*")
    assert md.index("språkmodellen") < md.index("reply-sources")


def test_what_is_read_aloud_is_the_answer_not_its_context():
    spoken = reply.spoken(PARTIAL)
    assert spoken.startswith("Dokumenten nämner inte ”mandat”. Enligt Målbild")
    assert "ingen vara hemlös" in spoken and "Kapitel 6" not in spoken and "**" not in spoken
    assert reply.spoken(answer()) == "Hela svaret som text [1]."


def test_a_quote_under_the_reply_is_inert_too():
    hostile = replace(answer(), citations=(cite(1, 9, f"ingen vara hemlös {HOSTILE}"),))
    block = reply.sources_block(hostile)
    assert "ingen vara hemlös &lt;img src=x onerror=alert(1)&gt;</blockquote>" in block
    assert "<img" not in block


def test_editions_name_the_programme_period_in_the_sources():
    md = reply.sources_block(answer(), {"malbild.pdf": "2021–2024"})
    assert "Målbild · 2021–2024 · sidan 9" in md


def test_quoted_table_rows_are_a_small_table_under_their_header_row_inert_too():
    from ui import render

    rows = (("Kommundel", "Kvinnor (%)", "Män (%)"), ("Fristad", "38", HOSTILE))
    quoted = replace(cite(1, 16, "Fristad  38  x"), table=rows)
    for html in (
        reply.sources_block(replace(answer(), citations=(quoted,))),
        render.sources_html((quoted,)),
    ):
        assert '<table class="source-table"><thead><tr><th scope="col">Kommundel</th>' in html
        assert "<td>Fristad</td><td>38</td><td>&lt;img src=x onerror=alert(1)&gt;</td>" in html
        assert "<img" not in html and "<blockquote" not in html


def test_quoted_rows_under_no_header_row_are_a_table_without_a_head():
    from ui import render

    quoted = replace(cite(1, 16, "Fristad  38"), table=(("", ""), ("Fristad", "38")))
    html = render.sources_html((quoted,))
    assert '<table class="source-table"><tbody><tr><td>Fristad</td><td>38</td>' in html
    assert "<thead>" not in html and "<th " not in html
