"""The assistant: a question in, a grounded answer out, every citation verified before it leaves."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from assistant.answer.cite import verified
from assistant.answer.compose import compose, extractive_answer, passage_sources, refusal
from assistant.answer.definitions import defining_first
from assistant.answer.features import Asked, asked_for
from assistant.answer.goals import load_goals
from assistant.answer.marking import query_weights
from assistant.answer.overview import overview_passages
from assistant.answer.passage import units_of
from assistant.answer.scope.refuse import covering_first, judge, missing_edition
from assistant.errors import BadQuestion
from assistant.generate.llm import GenerativeEngine
from assistant.question import language
from assistant.question.asks import (
    PROGRESS,
    defined_term,
    definition_frame,
    named_term,
    progress_frame,
)
from assistant.question.followup import last_reply, resolve, user_turns
from assistant.question.quotes import quoted, restatements_last, with_siblings
from assistant.question.smalltalk import social
from assistant.question.spelling import read_question
from assistant.question.synonyms import expand
from assistant.retrieval.index import IndexReader, Snapshot, squash
from assistant.retrieval.querycache import QueryVectors
from assistant.retrieval.retrieve import retrieve
from assistant.tuning import FOLLOW_UP_EMPHASIS, MAX_SOURCES, MAX_TURNS
from assistant.types import Answer, Evidence, Filters, Hit
from ingest.lexical import tokens
from ingest.settings import Settings
from ingest.types import Embedder


class Assistant:
    """Retrieves from the current index snapshot and answers extractively."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        store: IndexReader | None = None,
        llm: GenerativeEngine | None = None,
    ):
        self.settings = settings
        self.embedder = embedder
        self._queries = QueryVectors(embedder)  # the same question is embedded once
        self.store = store or IndexReader(settings, embedder.name)
        self.llm = llm  # None: the extractive engine answers alone
        goals = self._goals = load_goals(settings.corpus / "goals.toml")
        self._goal_sentences = (
            tuple(g.sentence for a in goals.areas for g in a.goals) if goals else ()
        )
        self._goal_words = tuple(frozenset(tokens(g)) for g in self._goal_sentences)

    def check_question(self, question: str) -> str:
        text = (question or "").strip()
        lang = language.detect(text)
        if not text:
            raise BadQuestion("empty question", sv=language.phrase(lang, "empty"))
        if len(text) > self.settings.max_question_chars:
            msg = language.phrase(
                lang, "too_long", n=len(text), limit=self.settings.max_question_chars
            )
            raise BadQuestion("question too long", sv=msg)
        return text

    def ask(self, question: str, history: Sequence = (), filters: Filters | None = None) -> Answer:
        """The answer; with a generative model configured, its checked answer or the extractive one."""
        final = None
        for item in self.ask_stream(question, history, filters):
            if isinstance(item, Answer):
                final = item
        if final is None:  # every path ends with an Answer
            raise RuntimeError("no answer was produced")
        return final

    def ask_stream(
        self, question: str, history: Sequence = (), filters: Filters | None = None
    ) -> Iterator[str | Answer]:
        """Text pieces as a generative model writes them (none without one), then the final Answer."""
        answer, snap, text, lang = self._extractive(question, history, filters)
        if self.llm is None or not answer.hits:
            yield answer
            return
        sources = passage_sources(answer, snap, MAX_SOURCES)
        if answer.outcome == "partial" or answer.refused:
            declined = answer
        else:
            declined = self._referred(refusal(lang, answer.hits, answer.evidence, answer.query))
        yield from self.llm.stream(text, lang, sources, answer, snap, declined)

    def _extractive(self, question: str, history: Sequence, filters: Filters | None):
        t0 = time.perf_counter()
        text = self.check_question(question)
        said = social(text)
        if said:  # "hej", "tack!": a reply, not a search
            kind, lang = said
            ms = round((time.perf_counter() - t0) * 1000, 1)
            timings = {"retrieve_ms": 0.0, "answer_ms": 0.0, "total_ms": ms}
            reply = Answer(language.phrase(lang, kind), (), False, lang, timings, query=text)
            return reply, None, text, lang
        r = self.read(text, history, filters)
        listed = overview_passages(r.query, r.text, self._goals, r.snap, filters or Filters())
        if listed:  # "Vilka är målen?", "Hur går det för målområde 2?": per målområde
            answer = compose(r.lang, r.snap, listed, r.hits, r.evidence, r.query)
        elif r.evidence.refuse:
            answer = refusal(r.lang, r.hits, r.evidence, r.query)
        else:
            shown = squash(last_reply(history)) if r.query != r.text else ""
            answer = extractive_answer(
                r.lang, r.snap, r.hits, r.asked, r.evidence, r.query, r.text, _seen(shown)
            )
        t3 = time.perf_counter()
        timings = {
            "retrieve_ms": r.retrieve_ms,
            "answer_ms": round((t3 - t0) * 1000 - r.retrieve_ms, 1),
            "total_ms": round((t3 - t0) * 1000, 1),
        }
        answer = self._referred(answer)
        if not all(verified(c, r.snap) for c in answer.citations):  # cannot happen by construction
            raise RuntimeError("an unverified citation was about to leave the assistant")
        read_as = r.text if r.text != text else ""
        return replace(answer, timings=timings, read_as=read_as), r.snap, r.text, r.lang

    def _referred(self, answer: Answer) -> Answer:
        """A refusal says where to turn instead (ASSISTANT_REFER_TO, or a neutral line)."""
        if not answer.refused:
            return answer
        refer = self.settings.refer_to or language.phrase(answer.language, "refer_to")
        return replace(answer, text=f"{answer.text}\n\n{refer}")

    def read(self, text: str, history: Sequence = (), filters: Filters | None = None) -> Reading:
        """The question read and its passages found: everything the answer is made from."""
        snap = self.store.snapshot()
        # "Vilka ar malen?" typed without å, ä, ö reads as "Vilka är målen?", "asvarar" as
        # "ansvarar"
        typed = text
        text = read_question(typed, snap.spellings)
        # only the earlier questions a follow-up can reach back over are read
        earlier = [(read_question(q, snap.spellings), "") for q in user_turns(history)[-MAX_TURNS:]]
        lang = language.detect(text)
        query = resolve(text, earlier)
        t1 = time.perf_counter()
        found = retrieve(query, snap, self._queries, k=10, filters=filters, lang=lang)
        retrieve_ms = round((time.perf_counter() - t1) * 1000, 1)
        # what the user asks now: a follow-up borrows the previous question's words, not its
        # request ("Vad är ett attefallshus?" + "Hur stort får det vara?" asks no meaning)
        frame = definition_frame(text) | progress_frame(text)
        weights = {t: w for t, w in query_weights(expand(query), snap).items() if t not in frame}
        if query != text:  # a follow-up: its own words say what is new ("Och mot gatan?")
            own = set(tokens(expand(text)))
            weights = {t: w * (FOLLOW_UP_EMPHASIS if t in own else 1.0) for t, w in weights.items()}
        quotes = with_siblings(quoted(query), self._goal_sentences, weights)
        if PROGRESS.search(query):  # "Hur går det med målet att ...?" wants no goal read back
            quotes = tuple(dict.fromkeys(quotes + self._goal_words))  # once, if already siblings
        hits = tuple(
            restatements_last(found.hits, lambda h: units_of(h.chunk.text), quotes, weights)
        )
        term, name = defined_term(text), named_term(text)
        hits = defining_first(query, hits, term or name, snap, filters, name=not term)
        evidence = judge(query, hits, weights, lang, snap.publishers)
        if evidence.refuse and not evidence.missing:
            hits, evidence = covering_first(query, hits, weights, lang, snap.publishers, evidence)
        absent = missing_edition(text, snap.editions)
        if absent:
            evidence = replace(evidence, refuse=True, missing=evidence.missing + (absent,))
        asked = asked_for(text, query, weights, term or name, quotes, lang)
        return Reading(text, query, lang, snap, hits, asked, evidence, retrieve_ms)


@dataclass(frozen=True)
class Reading:
    """A question as read, with the passages found for it."""

    text: str  # the question as the documents spell it
    query: str  # ... resolved with the earlier questions of a follow-up
    lang: str
    snap: Snapshot
    hits: tuple[Hit, ...]
    asked: Asked
    evidence: Evidence
    retrieve_ms: float = 0.0


def _seen(shown: str):
    """A follow-up's lead is not a unit the previous reply showed: the same place answers with
    what the follow-up newly asks, or the next passage does."""
    if not shown:
        return lambda candidate: False

    def seen(candidate) -> bool:
        unit = candidate.unit
        if unit.cells:  # a row is shown as a Markdown table row: its cells between bars
            return squash(" | ".join(unit.cells)) in shown
        text = squash(unit.text)
        return len(text) > 20 and text in shown

    return seen
