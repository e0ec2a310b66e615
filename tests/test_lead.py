"""The lead: units with their structure, the ranker, and what answers on the demonstration corpus."""

from __future__ import annotations

import json
import re

import pytest

from assistant.answer.units import _parsed, list_of, table_of

TEXT = """3.2 Kommunstyrelsens uppgifter
För arbetet med Socialt hållbart Borås gäller särskilt att Kommunstyrelsen
• fattar beslut om målbild och målområden,
• tar del av den årliga redovisningen.
Tabell 4.
Upplevd trygghet 2017 (Illustrativa värden)
Kommundel  Kvinnor (%)  Män (%)
Sjöbo  52  77
Sandhult  80  95
Källa: Trygghetsmätningen 2017.
3 Enligt norm 2 räknas ett hushåll som trångbott om det har fler än två personer per sovrum."""


def test_units_know_headings_lists_tables_and_footnotes():
    units = _parsed(TEXT, "3 Uppgifter > 3.2 Kommunstyrelsens uppgifter")
    kinds = [u.kind for u in units]
    assert kinds == [
        "heading",
        "sentence",
        "item",
        "item",
        "caption",
        "caption",
        "header",
        "row",
        "row",
        "caption",
        "note",
    ]
    items = list_of(units, units[2])
    assert [u.index for u in items] == [1, 2, 3]  # the introducing line, then every item
    headers, caption = table_of(units, units[8])
    assert [h.text for h in headers] == ["Kommundel  Kvinnor (%)  Män (%)"]
    assert caption.text.startswith("Upplevd trygghet 2017")
    assert units[8].cells == ("Sandhult", "80", "95")
    assert list_of(units, units[10]) == [units[10]]  # a footnote is in no list


def test_the_ranker_learns_to_put_the_answering_unit_first():
    from assistant.answer.ranker import fit

    groups = []
    for k in range(30):  # the answer holds the asked number; the others only share words
        rows = [
            {"cov": 0.8, "number": 0.0},
            {"cov": 0.3, "number": 1.0},
            {"cov": 0.5, "number": 0.0},
        ]
        groups.append((rows, [0, 1, 0] if k % 5 else [1, 0, 0]))
    model = fit(groups, l2=0.1)
    scores = [model.score(r) for r in groups[0][0]]
    assert scores.index(max(scores)) == 1
    again = type(model)(
        **{k: tuple(v) if isinstance(v, list) else v for k, v in model.as_json().items()}
    )
    assert again.score(groups[0][0][1]) == pytest.approx(scores[1])


def test_the_shipped_model_knows_every_feature_the_features_give(assistant):
    from assistant.answer.features import features_all
    from assistant.answer.lead import candidates
    from assistant.answer.ranker import MODEL_FILE

    reading = assistant.read("Hur många var öppet arbetslösa den 31 mars 2023?")
    rows = features_all(candidates(reading.hits, reading.snap), reading.asked, reading.hits[0])
    names = set(json.loads(MODEL_FILE.read_text(encoding="utf-8"))["names"])
    assert names == set(rows[0]), "retrain: python scripts/train_lead.py"


def test_a_list_item_that_answers_brings_its_whole_list(assistant):
    """When the ranker puts an item of a list first for a question for several things, the lead
    is the whole list with the line that introduces it, cited once. (Which unit comes first is
    the model's: for this question the reglemente's footnote on the same words scores near the
    list, and `make eval` measures how often the right unit leads.)"""
    from assistant.answer.cite import verified
    from assistant.answer.compose import scored
    from assistant.answer.lead import candidates, choose, cite
    from assistant.answer.reply import lead_markdown

    reading = assistant.read(
        "Vilka uppgifter har Kommunstyrelsen i arbetet med Socialt hållbart Borås enligt reglementet?"
    )
    ranked = scored(candidates(reading.hits, reading.snap), reading.asked, reading.hits[0])
    item = next(c for _, c in ranked if c.unit.text.startswith("• fattar beslut om målbild"))
    promoted = [(ranked[0][0] + 1.0, item)] + [(s, c) for s, c in ranked if c is not item]
    lead = choose(promoted, reading.asked)
    assert lead is not None and lead.kind == "list"
    parts, citations = cite(lead, reading.snap)
    text = lead_markdown(parts, lead.kind, "sv")
    assert "gäller särskilt att Kommunstyrelsen" in text  # the line that introduces the list
    for words in (
        "fattar beslut om målbild",
        "tar del av den årliga redovisningen",
        "verkar för samordning",
    ):
        assert words in text
    assert [line[:2] for line in text.splitlines() if line].count("- ") == 3
    assert text.count("[1]") == 1 and len(citations) == 1
    assert verified(citations[0], reading.snap)


def test_a_number_from_a_table_comes_with_its_header_row(assistant):
    answer = assistant.ask("Hur många var öppet arbetslösa den 31 mars 2023?")
    lead = answer.lead
    assert "| Mätpunkt | Öppet arbetslösa |" in lead  # the header, its two lines made one
    assert re.search(r"\| 31 mars 2023 \| 1 681 \| 2,5 % \| 6 020 \| \[\d\] \|", lead)


def test_the_sentence_that_answers_leads(assistant):
    answer = assistant.ask("Vem får närvara vid nämndens sammanträden?")
    assert answer.lead.startswith("Ersättare som inte tjänstgör har rätt att närvara"), answer.lead
    assert answer.frame == "Enligt Reglemente för Kommunstyrelsen och övriga nämnder (s. 6):"


def test_every_gold_reply_opens_with_a_short_cited_lead(assistant):
    from assistant.answer.cite import verified
    from assistant.eval.metrics import load_qa
    from tests.conftest import CORPUS

    snap = assistant.store.snapshot()
    for item in load_qa(CORPUS / "eval" / "qa.jsonl"):
        answer = assistant.ask(item["question"])
        if answer.refused:
            continue
        # a partly answer first says what the documents do not cover, then the lead
        shown = answer.text.split("\n\n", 1)[-1] if answer.outcome == "partial" else answer.text
        assert answer.outcome != "partial" or answer.text.startswith(answer.statement)
        assert (
            answer.lead
            and shown.startswith(answer.lead.split("\n")[0])
            or (answer.frame and shown.startswith(answer.frame))
        ), item["id"]
        markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.lead)}
        assert markers and markers <= {c.n for c in answer.citations}, item["id"]
        assert all(verified(c, snap) for c in answer.citations), item["id"]
        if "\n- " not in answer.lead and "|" not in answer.lead:  # sentences: short
            assert len(answer.lead) <= 700, (item["id"], len(answer.lead))


def test_a_follow_up_never_repeats_the_lead_just_shown(assistant):
    """When the best passage is the one just shown, the follow-up's lead is another unit of it
    (or of the next passage): the reply is never the previous one again."""
    pairs = [
        ("Vad är programmet mot hemlöshet?", "Och när beslutades det?"),
        ("Vem ansvarar för målområde 2?", "Och målområde 3?"),
        ("Hur stor var arbetslösheten i Borås 2023?", "Och bland utrikes födda?"),
        ("Vad säger reglementet om kommunstyrelsens uppgifter?", "Vad mer?"),
        ("Vad gör Borås mot hemlöshet?", "Och mer konkret?"),
    ]
    for question, follow_up in pairs:
        first = assistant.ask(question)
        history = [
            {"role": "user", "content": question},
            {"role": "assistant", "content": first.text},
        ]
        then = assistant.ask(follow_up, history=history)
        assert not then.refused and then.lead, follow_up
        assert then.text != first.text and then.lead != first.lead, follow_up
        # no sentence of the new lead was the old lead's (a table's caption and header row
        # stand over every lead of its rows)
        old, new = (
            {s.strip() for s in re.split(r"\[\d+\]", lead) if len(s.strip()) > 20 and "|" not in s}
            for lead in (first.lead, then.lead)
        )
        assert not old & new, (follow_up, old & new)
    # without the previous reply in the history the same place may answer again
    only_asked = [{"role": "user", "content": "Vad är programmet mot hemlöshet?"}]
    assert not assistant.ask("Och när beslutades det?", history=only_asked).refused


def test_a_see_also_line_quotes_words_not_a_title_line_or_a_code(assistant):
    from assistant.eval.metrics import load_qa
    from assistant.tuning import SEE_ALSO_MIN_WORDS
    from tests.conftest import CORPUS

    lines = 0
    for item in load_qa(CORPUS / "eval" / "demo_dev5.jsonl"):
        for entry in assistant.ask(item["question"]).see_also:
            lines += 1
            assert len(entry["words"].split()) >= SEE_ALSO_MIN_WORDS, (item["id"], entry)
    assert lines > 10


def test_a_table_lead_leaves_out_empty_columns_and_an_empty_head_row():
    """Rows read from spacing give a column to every wide gap; under no column names the rows
    are lines of their cells, not a table with an empty head row."""
    from assistant.answer.lead import CitedPart
    from assistant.answer.reply import lead_markdown
    from assistant.answer.units import Unit
    from ingest.types import Chunk

    chunk = Chunk("c", "d", "r.pdf", "Rapport", "", 1, 1, "", 0)
    named = (
        Unit("År  2023  2024", "header", 0, cells=("År", "", "2023", "", "2024")),
        Unit("Besök  11 147  13 414", "row", 1, 0, ("Besök", "", "11 147", "", "13 414")),
    )
    md = lead_markdown([CitedPart(chunk, named, named, {1: 1})], "table", "sv")
    assert md.splitlines()[:3] == [
        "| År | 2023 | 2024 |  |",
        "|---|---|---|---|",
        "| Besök | 11 147 | 13 414 | [1] |",
    ]
    bare = (
        Unit(
            "Ungdomens hus  11 147  13 414",
            "row",
            0,
            -1,
            ("", "Ungdomens hus", "", "11 147", "13 414"),
        ),
    )
    md = lead_markdown([CitedPart(chunk, bare, bare, {0: 2})], "table", "sv")
    assert md == "Ungdomens hus · 11 147 · 13 414 [2]"


def test_a_quote_of_rows_carries_its_head_row_or_an_empty_one_without_empty_columns():
    from assistant.answer.lead import _cells
    from assistant.answer.units import Unit

    header = Unit("År  2023", "header", 0, cells=("År", "", "2023"))
    rows = (header, Unit("Besök  11 147", "row", 1, 0, ("Besök", "", "11 147")))
    assert _cells([rows[1]], rows) == (("År", "2023"), ("Besök", "11 147"))
    bare = (Unit("Besök  11 147", "row", 0, -1, ("Besök", "", "11 147")),)
    assert _cells(list(bare), bare) == (("", ""), ("Besök", "11 147"))


def test_the_context_takes_no_sentence_that_would_make_it_far_longer_than_its_size():
    from assistant.answer.lead import CitedPart
    from assistant.answer.reply import context_text
    from assistant.answer.units import Unit
    from assistant.tuning import CONTEXT_CHARS, CONTEXT_SLACK
    from ingest.types import Chunk

    chunk = Chunk("c", "d", "r.pdf", "Rapport", "", 1, 1, "", 0)
    short, long = "Kort mening här. " * 20, "Lång mening " * 100
    units = (
        Unit("Svaret står här.", "sentence", 0),
        Unit(short.strip(), "sentence", 1),
        Unit(long.strip(), "sentence", 2),
    )
    assert len(short) < CONTEXT_CHARS < len(short) + len(long) > CONTEXT_CHARS * CONTEXT_SLACK
    text = context_text(CitedPart(chunk, units, units[:1], {0: 1}))
    assert text == "Svaret står här. " + short.strip()
    alone = context_text(CitedPart(chunk, units[::2], units[:1], {0: 1}))
    assert alone.endswith(long.strip())  # the first unit beside the lead is taken whatever its size


def test_a_lead_that_fills_its_passage_leaves_no_context_to_unfold():
    from assistant.answer.lead import CitedPart
    from assistant.answer.reply import context_markdown
    from assistant.answer.units import Unit
    from ingest.types import Chunk

    chunk = Chunk("c", "d", "r.pdf", "Rapport", "", 1, 1, "", 0)
    units = (Unit("Första.", "sentence", 0), Unit("Andra.", "sentence", 1))
    assert context_markdown(CitedPart(chunk, units, units, {1: 1})) == ""
    assert context_markdown(CitedPart(chunk, units, units[:1], {0: 1})) == "> […] Andra."


def test_a_sentence_of_another_document_joins_the_lead_only_if_it_names_what_was_asked():
    """ "Vad kostar ett bygglov i Helsingborg?": the permit guide names Helsingborg; an agency's
    fee of another document that never names it does not join the lead, one that does may."""
    from types import SimpleNamespace

    from assistant.answer.features import Asked, Candidate
    from assistant.answer.lead import choose
    from assistant.answer.units import Unit
    from assistant.types import Hit
    from ingest.types import Chunk

    def candidate(file: str, text: str, rank: int) -> tuple[float, Candidate]:
        chunk = Chunk(f"id-{file}", file, file, file.title(), text, 1, 1, "", 0)
        unit = Unit(text, "sentence", 0)
        return 5.0 - rank, Candidate(unit, (unit,), chunk, Hit(chunk, 1.0), rank, False)

    ranked = [
        candidate("guide", "Altan inom 3,6 meter från huset kräver inget bygglov.", 0),
        candidate("agency", "Lägsta avgiften är 40 000 kronor.", 1),
    ]
    asked = Asked("amount", {"altan": 1.0, "kost": 1.0}, frozenset({"helsingborg"}), frozenset())

    def snapshot(agency_page: str):
        pages = {("guide", 1): "helsingborgs stad samsyn altan", ("agency", 1): agency_page}
        return SimpleNamespace(build_id=agency_page, pages=pages, manifest={})

    alone = choose(ranked, asked, snap=snapshot("sanktionsavgift arbetsmiljöverket"))
    assert [part[0].file for part in alone.parts] == ["guide"]
    both = choose(ranked, asked, snap=snapshot("taxa för bygglov i helsingborg"))
    assert [part[0].file for part in both.parts] == ["guide", "agency"]


def test_a_duration_gives_what_hur_lange_asks_for():
    """The question "Hur länge är en nybyggnadskarta giltig?" is answered by "2 år": neither a date
    nor a year, a duration gives what a question for a time asks for."""
    from assistant.answer.features import Asked, Candidate, features
    from assistant.answer.units import Unit
    from assistant.patterns import DURATION
    from assistant.types import Hit
    from ingest.types import Chunk

    assert DURATION.search("Tillstånd beviljas i allmänhet för 1–3 år.")
    assert DURATION.search("minst en gång varje mandatperiod")
    assert not DURATION.search("År 2019 antogs programmet.")

    def gives_when(text: str) -> float:
        chunk = Chunk("c", "d", "d.pdf", "D", text, 1, 1, "", 0)
        unit = Unit(text, "sentence", 0)
        candidate = Candidate(unit, (unit,), chunk, Hit(chunk, 1.0), 0, False)
        asked = Asked("when", {"nybyggnadskart": 1.0}, frozenset(), frozenset())
        return features(candidate, asked, Hit(chunk, 1.0))["gives_when"]

    assert gives_when("Nybyggnadskarta 2 år är den giltig.") == 1.0
    assert gives_when("Nybyggnadskartan kan inte tas fram vid detaljplanearbete.") == 0.0
