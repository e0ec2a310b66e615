"""The assistant: a question in, a grounded answer out, every citation verified before it leaves."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace

from assistant import language
from assistant.cite import Citation, verified
from assistant.definitions import defined_term, defining_first, definition_frame, named_term
from assistant.errors import BadQuestion
from assistant.extract import build_passage
from assistant.followup import MAX_TURNS, resolve, user_turns
from assistant.goals import load_goals
from assistant.index import IndexReader, Snapshot
from assistant.llm import GenerativeEngine
from assistant.marking import query_weights
from assistant.overview import overview_passages
from assistant.passage import Passage, units_of
from assistant.patterns import note_numbers
from assistant.querycache import QueryVectors
from assistant.quotes import quoted, restatements_last, with_siblings
from assistant.refuse import (
    Evidence,
    judge,
    missing_edition,
    unsupported,
    wants_number,
)
from assistant.retrieve import PROGRESS, Filters, Hit, progress_frame, retrieve
from assistant.smalltalk import social
from assistant.spelling import read_question
from assistant.synonyms import expand
from ingest.lexical import tokens
from ingest.settings import Settings
from ingest.types import Embedder

FOLLOW_UP_EMPHASIS = 2.0  # how much more a follow-up's own words weigh than the borrowed ones
SECOND_PASSAGE_RATIO = 0.4
RESCUE_COVERAGE = 0.75  # how much of the question a later hit must hold to answer for the first


@dataclass(frozen=True)
class Answer:
    text: str
    citations: tuple[Citation, ...]
    refused: bool
    language: str
    timings: dict[str, float]
    suggestions: tuple[dict, ...] = ()
    hits: tuple[Hit, ...] = field(default=(), repr=False)
    evidence: Evidence | None = field(default=None, repr=False)
    query: str = ""
    engine: str = "extractive"  # or "llm:<provider>:<model>" when a generative model answered
    notice: str = ""  # e.g. why the generative model's answer was not used
    read_as: str = ""  # the question as read, when its spelling was mended ("hemloshet")

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "citations": [asdict(c) for c in self.citations],
            "refused": self.refused,
            "language": self.language,
            "timings": self.timings,
            "suggestions": list(self.suggestions),
            "engine": self.engine,
            "notice": self.notice,
            "read_as": self.read_as,
        }


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
        if self.llm is None or answer.refused:
            yield answer
            return
        yield from self.llm.stream(text, lang, answer.citations, answer, snap)

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
        t2 = time.perf_counter()
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
        term = term or name
        evidence = judge(query, hits, weights, lang, snap.publishers)
        if evidence.refuse and not evidence.missing:
            hits, evidence = self._covering_first(query, hits, weights, lang, snap, evidence)
        absent = missing_edition(text, snap.editions)
        if absent:
            evidence = replace(evidence, refuse=True, missing=evidence.missing + (absent,))
        listed = overview_passages(query, text, self._goals, snap, filters or Filters())
        if listed:  # "Vilka är målen?", "Hur går det för målområde 2?": per målområde
            answer = self._compose(lang, snap, listed, hits, evidence, query)
        elif evidence.refuse:
            answer = self._refusal(lang, hits, evidence, query)
        else:
            answer = self._answer(lang, snap, hits, weights, evidence, query, quotes, term)
        t3 = time.perf_counter()
        timings = {
            "retrieve_ms": round((t2 - t1) * 1000, 1),
            "answer_ms": round((t3 - t2) * 1000, 1),
            "total_ms": round((t3 - t0) * 1000, 1),
        }
        if not all(verified(c, snap) for c in answer.citations):  # cannot happen by construction
            raise RuntimeError("an unverified citation was about to leave the assistant")
        read_as = text if text != typed else ""
        return replace(answer, timings=timings, read_as=read_as), snap, text, lang

    def _covering_first(self, query, hits, weights, lang, snap, evidence):
        """A first hit that holds none of the question's words ("finns det läxhjälp": a table
        of unemployment, nearest in the embedding) is refused for too little in common; when the
        second or third hit holds nearly all of them, that one answers instead."""
        for i in range(1, min(3, len(hits))):
            alt = (hits[i],) + hits[:i] + hits[i + 1 :]
            again = judge(query, alt, weights, lang, snap.publishers)
            if not again.refuse and again.coverage >= RESCUE_COVERAGE:
                return alt, again
        return hits, evidence

    def _answer(
        self, lang, snap: Snapshot, hits, weights, evidence, query, quotes=(), term=()
    ) -> Answer:
        passages: list[Passage] = []
        want_number = wants_number(query)  # once, not per passage
        for hit in hits[:3]:
            if passages and not self._worth_adding(hit, hits[0], passages):
                continue
            first_n = 1 + sum(len(p.citations) for p in passages)
            passage = build_passage(
                hit.chunk,
                snap,
                weights,
                first_n,
                want_number=want_number,
                quotes=quotes,
                term=term,
            )
            if passage is not None:
                passages.append(passage)
            if len(passages) == 2:
                break
        if not passages:
            return self._refusal(lang, hits, evidence, query)
        shown = " ".join(p.shown() for p in passages)
        marked = " ".join(p.units[i] for p in passages for i in p.marked)
        notes = note_numbers(u for p in passages for u in p.units)
        years = " ".join(p.years_shown() for p in passages)
        reason = unsupported(query, shown, marked, notes, years)
        if reason:
            return self._refusal(
                lang, hits, replace(evidence, refuse=True, missing=(reason,)), query
            )
        if (
            len(passages) == 2
            and passages[1].best_score < SECOND_PASSAGE_RATIO * passages[0].best_score
        ):
            passages = passages[:1]
        return self._compose(lang, snap, [(None, p) for p in passages], hits, evidence, query)

    def _compose(self, lang, snap: Snapshot, passages, hits, evidence, query) -> Answer:
        """The answer's text: each passage under its frame ("Enligt ... (s. 7):", or the
        målområde it lists the goals of), then the note on other editions."""
        blocks = []
        for i, (area, p) in enumerate(passages):
            where = {"title": p.chunk.title, "page": p.page}
            if area is not None:
                frame = language.phrase(lang, "area", n=area.number, name=area.name, **where)
            else:
                frame = language.phrase(lang, "according" if i == 0 else "also", **where)
            blocks.append(frame + "\n\n" + p.render())
        note = self._edition_note(lang, snap, passages[0][1])
        text = "\n\n".join(blocks + ([note] if note else []))
        citations = tuple(c for _, p in passages for c in p.citations)
        return Answer(text, citations, False, lang, {}, (), hits, evidence, query)

    def _worth_adding(self, hit: Hit, top: Hit, passages: list[Passage]) -> bool:
        """A second passage only when it scores near the first and shows something it does not."""
        if hit.score < SECOND_PASSAGE_RATIO * top.score:
            return False
        shown = {u for p in passages for u in p.units}
        units = units_of(hit.chunk.text)
        return sum(u in shown for u in units) < 0.5 * len(units)

    def _edition_note(self, lang: str, snap: Snapshot, passage: Passage) -> str:
        chunk = passage.chunk
        if not chunk.series:
            return ""
        others = [
            f"{e['title']}"
            for e in snap.manifest["files"].values()
            if e.get("series") == chunk.series and e.get("year") != chunk.year
        ]
        if not others:
            return ""
        return (
            "*"
            + language.phrase(lang, "edition", year=chunk.year, others=", ".join(sorted(others)))
            + "*"
        )

    def _refusal(self, lang, hits, evidence, query) -> Answer:
        seen, suggestions = set(), []
        for hit in hits:
            if hit.chunk.file in seen:
                continue
            seen.add(hit.chunk.file)
            suggestions.append(
                {"title": hit.chunk.title, "file": hit.chunk.file, "page": hit.chunk.page_start}
            )
            if len(suggestions) == 3:
                break
        text = language.phrase(lang, "refusal")
        if suggestions:
            listed = "; ".join(
                f"{s['title']} (s. {s['page']})"
                if lang == "sv"
                else f"{s['title']} (p. {s['page']})"
                for s in suggestions
            )
            text += f"\n\n{language.phrase(lang, 'nearest')}: {listed}."
        return Answer(text, (), True, lang, {}, tuple(suggestions), hits, evidence, query)
