"""The chat's handlers as plain functions over an assistant: ask, stream, rate. No Gradio layout here."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from assistant.answer.cite import url_for
from assistant.errors import AssistantError, BadQuestion
from assistant.types import Filters
from ui import render, reply
from ui.services.documents import indexed
from ui.services.feedback import FeedbackStore, Turn, turn_from_answer
from ui.services.redact import redact

log = logging.getLogger(__name__)

SEARCHING = "Söker i dokumenten …"
UNEXPECTED = "Något gick fel när frågan skulle besvaras. Försök igen om en stund."


@dataclass
class Reply:
    """One step of a streamed reply: what the chat, sources panel and live regions show."""

    chat: list[dict]
    turns: list[Turn]
    question: str = ""  # what stays in the question box
    sources: str | None = None  # None: leave the panel as it is
    status: str = ""
    announce: str | None = None
    partial: bool = False  # a growing answer: only the chat changes, the rest is left as it is
    asked: bool = False  # a question was taken: the examples may fold away


def filters_for(doc_type: str | None, year: str | int | None) -> Filters:
    years = (int(year),) if year not in (None, "") else ()
    return Filters(doc_types=(doc_type,) if doc_type else (), years=years)


def filters_dict(f: Filters) -> dict:
    return {k: list(v) for k, v in asdict(f).items() if v}


class Conversation:
    """Turns questions into streamed replies; the state (chat and turns) lives in the browser session."""

    def __init__(self, assistant, feedback: FeedbackStore | None, stream_delay: float = 0.05):
        self.assistant = assistant
        self.feedback = feedback
        self.stream_delay = stream_delay

    def respond(
        self, question: str, chat: list[dict], turns: list[Turn], doc_type: str, year: str
    ) -> Iterator[Reply]:
        chat, turns, question = list(chat or []), list(turns or []), question or ""
        try:
            text = self.assistant.check_question(question)
        except BadQuestion as exc:
            yield Reply(chat, turns, question=question, status=exc.sv, announce=None)
            return
        chat += [
            {"role": "user", "content": render.user_markdown(text)},
            {"role": "assistant", "content": f"*{SEARCHING}*"},
        ]
        yield Reply(chat, turns, status=SEARCHING, sources="", announce="", asked=True)
        filters = filters_for(doc_type, year)
        history = [{"role": "user", "content": t.question} for t in turns]
        try:
            answer = None
            for item in self._ask(text, history, filters):
                if isinstance(item, str):  # a checked sentence from a generative model
                    written = (chat[-1]["content"] if answer is not None else "") + item
                    answer = answer or True
                    chat[-1] = {"role": "assistant", "content": written}
                    yield Reply(chat, turns, status=SEARCHING, partial=True)
                else:
                    answer = item
        except AssistantError as exc:
            yield self._failed(chat, turns, text, filters, exc.sv)
            return
        except Exception:
            log.exception("answering failed for question %r", redact(text))
            yield self._failed(chat, turns, text, filters, UNEXPECTED)
            return
        yield from self._stream(chat, turns, text, filters, answer)

    def _ask(self, text, history, filters):
        """Text pieces (from a generative model, if one is configured), then the final Answer."""
        if getattr(self.assistant, "llm", None) is None:
            yield self.assistant.ask(text, history=history, filters=filters)
        else:
            yield from self.assistant.ask_stream(text, history=history, filters=filters)

    def _stream(self, chat, turns, text, filters, answer) -> Iterator[Reply]:
        engine = getattr(answer, "engine", "extractive")
        editions = self._editions()
        if engine == "extractive":
            # every update costs the server a full chat sent to the browser: the growing prefixes
            # but the last, which the final reply (with the sources) carries
            *growing, final = reply.steps(answer, editions)
            for step in growing:
                chat[-1] = {"role": "assistant", "content": step}
                yield Reply(chat, turns, status=SEARCHING, partial=True)
                time.sleep(self.stream_delay)
        else:  # the generative answer was streamed already: show its checked final form
            note = render.engine_note(engine)
            final = render.read_as(answer) + reply.whole(answer, editions, note)
        chat[-1] = {"role": "assistant", "content": final}
        turns = turns + [turn_from_answer(text, answer, filters_dict(filters))]
        if answer.citations:
            sources = render.sources_html(answer.citations, editions)
        else:
            sources = render.suggestions_html(answer.suggestions, url_for)
        log.info(
            "answered (%s, %d citations, %.0f ms): %r",
            "refused" if answer.refused else "ok",
            len(answer.citations),
            answer.timings.get("total_ms", 0),
            redact(text),
        )
        yield Reply(chat, turns, sources=sources, announce=reply.spoken(answer))

    def _failed(self, chat, turns, text, filters, message: str) -> Reply:
        chat[-1] = {"role": "assistant", "content": render.user_markdown(message)}
        turns = turns + [Turn(text, message, (), filters_dict(filters))]
        return Reply(chat, turns, sources="", status="", announce=message)

    def _editions(self) -> dict[str, str]:
        try:
            manifest = self.assistant.store.snapshot().manifest
        except AssistantError:
            return {}
        return {r.file: r.edition for r in indexed(manifest)}

    def rate(
        self, turns: list[Turn], rated: dict[int, int], index: int | tuple, liked: object
    ) -> int | None:
        """Store a thumbs up/down for the answer at chat message `index` (a second click on the
        same answer changes its rating); the row id, or None when there is nothing to rate."""
        if self.feedback is None or not isinstance(liked, bool):
            return None
        i = int(index[0] if isinstance(index, (list, tuple)) else index)
        turn_index = i // 2  # messages alternate: question, answer
        if not 0 <= turn_index < len(turns or []):
            return None
        if i in rated:
            self.feedback.set_rating(rated[i], liked)
            return rated[i]
        rated[i] = self.feedback.add(turns[turn_index], liked)
        return rated[i]

    def comment(self, row_id: int | None, text: str) -> bool:
        if self.feedback is None or row_id is None or not (text or "").strip():
            return False
        self.feedback.comment(row_id, text)
        return True
