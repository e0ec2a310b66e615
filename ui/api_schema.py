"""The JSON API's request and response shapes, and its error sentences in Swedish and English."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, create_model

from assistant.question import language
from ingest.catalog import DOC_TYPES

MAX_HISTORY = 20  # turns; a follow-up reaches back over only the last few anyway

MESSAGES = {
    "sv": {
        "not_object": 'Skicka ett JSON-objekt, till exempel {{"question": "Vilka är målen?"}}.',
        "not_json": "Begäran är inte giltig JSON (Content-Type: application/json).",
        "question_missing": "Fältet question saknas: skriv frågan där.",
        "question_type": "Frågan (question) ska vara text.",
        "unknown_field": "Okänt fält: {name}. Tillåtna fält är question, history och filters.",
        "filters_type": "filters ska vara ett objekt med doc_types, years och files.",
        "unknown_filter": "Okänt filter: {name}. Tillåtna filter är doc_types, years och files.",
        "unknown_value": "Inget inläst dokument har {name} = {value}. Det som finns: {known}.",
        "filter_value": "Filtret {name} ska vara en lista med {kind}.",
        "history": "history ska vara en lista med högst {n} objekt med role (user eller "
        "assistant) och content (text).",
        "too_large": "Begäran är för stor. Högst {kb} kB tas emot.",
        "other": "Begäran kunde inte läsas ({field}).",
        "unexpected": "Något gick fel när frågan skulle besvaras. Försök igen om en stund.",
        "text": "text",
        "year": "årtal",
    },
    "en": {
        "not_object": 'Send a JSON object, for example {{"question": "What are the goals?"}}.',
        "not_json": "The request is not valid JSON (Content-Type: application/json).",
        "question_missing": "The field question is missing: put the question there.",
        "question_type": "The question must be text.",
        "unknown_field": "Unknown field: {name}. The fields are question, history and filters.",
        "filters_type": "filters must be an object with doc_types, years and files.",
        "unknown_filter": "Unknown filter: {name}. The filters are doc_types, years and files.",
        "unknown_value": "No document read in has {name} = {value}. There are: {known}.",
        "filter_value": "The filter {name} must be a list of {kind}.",
        "history": "history must be a list of at most {n} objects with role (user or "
        "assistant) and content (text).",
        "too_large": "The request is too large. At most {kb} kB are accepted.",
        "other": "The request could not be read ({field}).",
        "unexpected": "Something went wrong while answering. Please try again in a while.",
        "text": "text",
        "year": "years",
    },
}


def message(lang: str, key: str, **kw: object) -> str:
    return MESSAGES.get(lang, MESSAGES["sv"])[key].format(**kw)


class Filters(BaseModel):
    """Restrict the answer to documents of these types, years or files; empty means all."""

    model_config = ConfigDict(extra="forbid")
    doc_types: list[Literal[DOC_TYPES]] = Field(default=[], max_length=len(DOC_TYPES))  # type: ignore[valid-type]
    years: list[StrictInt] = Field(default=[], max_length=50)
    files: list[StrictStr] = Field(default=[], max_length=200)


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: StrictStr = Field(max_length=20_000)


def question_model(max_chars: int) -> type[BaseModel]:
    """The request body; the question's length limit is the chat's (ASSISTANT_MAX_QUESTION_CHARS)."""
    return create_model(
        "Question",
        __config__=ConfigDict(
            extra="forbid",
            json_schema_extra={
                "examples": [{"question": "Vilka är målen för Socialt hållbart Borås?"}]
            },
        ),
        question=(
            StrictStr,
            Field(
                min_length=1,
                max_length=max_chars,
                pattern=r"\S",
                description="The question, in Swedish or English.",
            ),
        ),
        history=(
            list[Turn],
            Field(
                default=[],
                max_length=MAX_HISTORY,
                description="Earlier turns, oldest first; a follow-up reads the user's turns.",
            ),
        ),
        filters=(Filters, Field(default_factory=Filters)),
    )


class Citation(BaseModel):
    n: int
    doc_id: str
    title: str
    file: str
    page: int
    quote: str = Field(description="Verbatim from the page, whitespace aside.")
    url: str = Field(description="The PDF at the page, relative to this server.")
    doc_type: str
    year: int | None
    context: str
    table: list[list[str]] = Field(
        default=[],
        description="A quote of table rows: the header row's cells (empty when it has none), then each row's.",
    )


class NotFound(BaseModel):
    term: str = Field(description="A word of the question, as typed.")
    scope: Literal["documents", "cited"] = Field(
        description="Absent from every document, or from the passages the reply cites."
    )


class Answer(BaseModel):
    """The answer, as `python -m assistant ask --json` prints it."""

    model_config = ConfigDict(extra="allow")
    text: str = Field(description="The whole reply as Markdown; [n] refers to citation n.")
    citations: list[Citation]
    refused: bool
    language: str
    timings: dict[str, float]
    suggestions: list[dict]
    engine: str
    notice: str
    read_as: str
    status: Literal["answered", "partial", "refused"]
    not_found: list[NotFound] = Field(
        description="The question's words the reply states as absent, and where they are absent."
    )
    lead: str


class Document(BaseModel):
    title: str
    file: str
    doc_type: str
    year: int | None
    edition: str
    pages: int | None
    url: str = Field(description="The PDF, relative to this server.")
    source_url: str = Field(description="Where the municipality publishes it, if known.")


class Documents(BaseModel):
    documents: list[Document]


class Problem(BaseModel):
    """A refused request: one sentence, in the request's language, and each field's problem."""

    detail: str
    language: Literal["sv", "en"]
    errors: list[dict[str, str]] = []


def request_language(accept: str, question: object = None) -> str:
    """sv or en: the first of them that Accept-Language names, else the question's, else sv."""
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag[:2] in ("sv", "en"):
            return tag[:2]
    if isinstance(question, str) and question.strip():
        return "en" if language.detect(question) == "en" else "sv"
    return "sv"


def error_message(error: dict, lang: str, max_chars: int) -> tuple[str, str]:
    """(field, sentence) for one of pydantic's validation errors of the request body."""
    loc = [str(p) for p in error.get("loc", ()) if p != "body"]
    kind, given = error.get("type", ""), error.get("input")
    field = ".".join(loc) or "body"
    if kind == "json_invalid":
        return "body", message(lang, "not_json")
    if not loc:
        return field, message(lang, "not_object")
    if loc[0] == "question":
        if kind == "missing":
            return field, message(lang, "question_missing")
        if kind in ("string_too_short", "string_pattern_mismatch"):
            return field, language.phrase(lang, "empty")
        if kind == "string_too_long":
            n = len(given) if isinstance(given, str) else max_chars + 1
            return field, language.phrase(lang, "too_long", n=n, limit=max_chars)
        return field, message(lang, "question_type")
    if kind == "extra_forbidden" and len(loc) == 1:
        return field, message(lang, "unknown_field", name=loc[0])
    if loc[0] == "filters":
        return field, _filter_message(loc, kind, given, lang)
    if loc[0] == "history":
        return field, message(lang, "history", n=MAX_HISTORY)
    return field, message(lang, "other", field=field)


def _filter_message(loc: list[str], kind: str, given: object, lang: str) -> str:
    if len(loc) == 1:
        return message(lang, "filters_type")
    if kind == "extra_forbidden":
        return message(lang, "unknown_filter", name=loc[1])
    if loc[1] == "doc_types" and len(loc) > 2 and isinstance(given, str):
        value = given[:60]
        return message(
            lang, "unknown_value", name="doc_types", value=value, known=", ".join(DOC_TYPES)
        )
    kind_of = message(lang, "year" if loc[1] == "years" else "text")
    return message(lang, "filter_value", name=loc[1], kind=kind_of)
