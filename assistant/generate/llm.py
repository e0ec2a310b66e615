"""Optional generative answers: a LangChain chat model writes the answer from the best passages.

Nothing the extractive engine guarantees is given up: the model sees up to six numbered sources
(the extractive lead's citations and the best passages besides), each kept sentence must cite one
of them, and the citations shown are verified Citation objects built from the index. The model
may judge that the sources do not answer: that is a refusal (or the extractive partly answer),
never overridden by the extractive answer. Any failure returns the extractive answer.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from assistant.answer.cite import verified
from assistant.errors import AssistantError
from assistant.generate.prompt import NO_ANSWER, NOTICE, StreamChecker, build_messages
from assistant.types import Answer, Citation

if TYPE_CHECKING:  # only named in annotations: LangChain is imported when a model is configured
    from langchain_core.language_models import BaseChatModel

    from assistant.retrieval.index import Snapshot
    from ingest.settings import Settings

log = logging.getLogger(__name__)

PROVIDERS = {"ollama": "http://127.0.0.1:11434", "openai": None}
EXTRACTIVE = "extractive"


class LlmConfigError(AssistantError, ValueError):
    """ASSISTANT_LLM cannot be used as written."""

    sv = "Den generativa modellen är felaktigt inställd. En administratör behöver rätta ASSISTANT_LLM."


class LlmTimeout(Exception):
    """The model did not finish within the configured time."""


@dataclass(frozen=True)
class LlmSpec:
    provider: str
    model: str
    base_url: str | None

    @property
    def label(self) -> str:
        return f"llm:{self.provider}:{self.model}"


def parse_llm_spec(spec: str) -> LlmSpec:
    """'ollama:<model>[@<base-url>]' or 'openai:<model>@<base-url>' -> LlmSpec."""
    form = "expected 'ollama:<model>@<base-url>' or 'openai:<model>@<base-url>'"
    provider, colon, rest = (spec or "").strip().partition(":")
    provider = provider.lower()
    if not colon or provider not in PROVIDERS:
        raise LlmConfigError(f"ASSISTANT_LLM={spec!r}: unknown engine {provider!r}; {form}")
    model, at, base_url = rest.partition("@")
    model, base_url = model.strip(), base_url.strip().rstrip("/")
    if not model:
        raise LlmConfigError(f"ASSISTANT_LLM={spec!r}: the model name is missing; {form}")
    if at and not base_url.startswith(("http://", "https://")):
        raise LlmConfigError(
            f"ASSISTANT_LLM={spec!r}: the base URL must start with http:// or https://; {form}"
        )
    if not base_url and PROVIDERS[provider] is None:
        raise LlmConfigError(
            f"ASSISTANT_LLM={spec!r}: an OpenAI-compatible engine needs its base URL, "
            f"e.g. 'openai:{model}@http://127.0.0.1:8000/v1'"
        )
    return LlmSpec(provider, model, base_url or PROVIDERS[provider])


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model ASSISTANT_LLM names, or None for the extractive engine."""
    if not settings.llm:
        return None
    spec = parse_llm_spec(settings.llm)
    if spec.provider == "ollama":
        chat_ollama = _load("langchain_ollama", "ChatOllama")
        return chat_ollama(
            model=spec.model,
            base_url=spec.base_url,
            temperature=0,
            num_predict=settings.llm_max_tokens,
            client_kwargs={"timeout": settings.llm_timeout_s},
        )
    chat_openai = _load("langchain_openai", "ChatOpenAI")
    return chat_openai(
        model=spec.model,
        base_url=spec.base_url,
        api_key=settings.llm_api_key or "unused",  # local servers usually ignore the key
        temperature=0,
        max_tokens=settings.llm_max_tokens,
        timeout=settings.llm_timeout_s,
        max_retries=1,
    )


def engine_from_settings(settings: Settings) -> GenerativeEngine | None:
    """A GenerativeEngine for ASSISTANT_LLM, or None when it is unset."""
    model = make_chat_model(settings)
    if model is None:
        return None
    return GenerativeEngine(model, settings.llm_timeout_s, parse_llm_spec(settings.llm).label)


def _load(module: str, name: str) -> Any:
    import importlib

    try:
        return getattr(importlib.import_module(module), name)
    except ImportError as exc:
        raise LlmConfigError(
            f"ASSISTANT_LLM needs the package {module.replace('_', '-')}: "
            "run `pip install -e '.[llm]'`"
        ) from exc


class GenerativeEngine:
    """Owns a chat model; writes a cited answer from the extractive answer's sources."""

    def __init__(
        self, chat_model: BaseChatModel, timeout_s: float, label: str | None = None
    ) -> None:
        self.chat_model = chat_model
        self.timeout_s = timeout_s
        name = getattr(chat_model, "model_name", None) or getattr(chat_model, "model", None)
        self.label = label or f"llm:{name or type(chat_model).__name__}"

    def answer(
        self,
        question: str,
        lang: str,
        sources: Sequence[Citation],
        extractive: Answer,
        snap: Snapshot | None = None,
        declined: Answer | None = None,
    ) -> Answer:
        """The checked generative answer, `declined` when the model says the sources do not
        answer, or the extractive one with a notice."""
        final = extractive
        for item in self.stream(question, lang, sources, extractive, snap, declined):
            if not isinstance(item, str):
                final = item
        return final

    def stream(
        self,
        question: str,
        lang: str,
        sources: Sequence[Citation],
        extractive: Answer,
        snap: Snapshot | None = None,
        declined: Answer | None = None,
    ) -> Iterator[str | Answer]:
        """Checked sentences as they are generated, then the final Answer (which replaces them).

        The model sees the numbered sources (the extractive lead's and the best passages'); when
        it says they do not answer, `declined` is the reply (a refusal, or the extractive partly
        answer), never the extractive answer it judged; any other failure gives the extractive
        answer with a notice."""
        usable = [c for c in sources if snap is None or verified(c, snap)]
        if not usable:
            yield replace(extractive, engine=EXTRACTIVE)
            return
        t0 = time.perf_counter()
        checker = StreamChecker(len(usable))
        reason = ""
        try:
            for delta in self._deltas(build_messages(question, lang, usable)):
                yield from checker.feed(delta)
            yield from checker.close()
        except LlmTimeout:
            reason = "timeout"
        except Exception:  # any client or server failure: the extractive answer stands
            log.exception("the generative model failed; answering extractively")
            reason = "error"
        ms = round((time.perf_counter() - t0) * 1000, 1)
        kept = checker.checker
        if not reason and not kept.kept:
            reason = "declined" if NO_ANSWER.get(lang, "") in checker.raw else "no_citation"
        if reason == "declined" and declined is not None:
            timings = {**declined.timings, "llm_ms": ms}
            yield replace(declined, timings=timings, engine=self.label, notice="declined")
            return
        if reason:
            yield _fallback(extractive, lang, reason, ms)
            return
        citations = tuple(
            replace(usable[n - 1], n=shown)
            for n, shown in sorted(kept.order.items(), key=lambda item: item[1])
        )
        timings = {**extractive.timings, "llm_ms": ms, "llm_dropped": kept.dropped}
        yield replace(
            extractive,
            text=kept.text,
            citations=citations,
            refused=False,
            timings=timings,
            engine=self.label,
            status="answered",
            statement="",
            not_found=(),
            frame="",
            lead=kept.text,
            context="",
            see_also=(),
        )

    def _deltas(self, messages: list[tuple[str, str]]) -> Iterator[str]:
        """The model's text deltas; LlmTimeout once the whole reply takes longer than timeout_s."""
        box: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()

        def produce() -> None:
            try:
                for chunk in self.chat_model.stream(messages):
                    if stop.is_set():
                        return
                    box.put(("delta", chunk.text))
                box.put(("end", None))
            except BaseException as exc:  # handed to the consumer, which decides
                box.put(("error", exc))

        # a worker thread, so that a model that hangs cannot hold the answer past the deadline
        threading.Thread(target=produce, name="llm-stream", daemon=True).start()
        deadline = time.monotonic() + self.timeout_s
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise LlmTimeout(f"no complete reply within {self.timeout_s} s")
                try:
                    kind, value = box.get(timeout=remaining)
                except queue.Empty:
                    raise LlmTimeout(f"no complete reply within {self.timeout_s} s") from None
                if kind == "end":
                    return
                if kind == "error":
                    raise value
                yield value
        finally:
            stop.set()


def _fallback(extractive: Answer, lang: str, reason: str, ms: float) -> Answer:
    notice = NOTICE.get(lang, NOTICE["sv"])
    timings = {**extractive.timings, "llm_ms": ms}
    return replace(
        extractive,
        text=f"*{notice}*\n\n{extractive.text}",
        timings=timings,
        engine=EXTRACTIVE,
        notice=f"{notice} ({reason})",
    )
