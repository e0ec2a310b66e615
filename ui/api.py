"""The JSON API for the municipality's own sites, mounted at /api beside the chat.

POST /api/v1/answers answers as `python -m assistant ask --json` does, with the chat's verified
citations; GET /api/v1/documents lists what the answers come from. The OpenAPI document is
/api/openapi.json and its docs page /api/docs (served from here, no CDN). The admin functions are
not part of it. Browsers on other sites may call it only when ASSISTANT_CORS_ORIGINS names them.
"""

# No `from __future__ import annotations`: FastAPI reads the handlers' annotations, and the
# request model is made per app (its length limit is a setting).

import copy
import logging
from urllib.parse import quote

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.errors import AssistantError, BadQuestion, IndexMismatch, NoIndex, StoreUnavailable
from assistant.types import Filters
from ui import api_schema as schema
from ui.services.documents import DocumentRow, indexed
from ui.services.redact import redact

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
EXTRACTIVE_AT_ONCE = 2  # answers computed at the same time; the rest wait (see api_app)
GENERATIVE_AT_ONCE = 16  # as many as the chat streams at once (app.CONCURRENCY)
UNAVAILABLE = (NoIndex, IndexMismatch, StoreUnavailable)
PROBLEMS = {
    413: {"model": schema.Problem, "description": "The body is over 64 kB."},
    422: {"model": schema.Problem, "description": "The question or a filter is not accepted."},
    500: {"model": schema.Problem, "description": "An unexpected error; the server logs it."},
    503: {"model": schema.Problem, "description": "No index to answer from yet."},
}


class Refused(Exception):
    """A request the API answers with `status` and one sentence for people."""

    def __init__(self, status: int, detail: str, lang: str, errors: list | None = None):
        super().__init__(detail)
        self.status, self.detail, self.lang, self.errors = status, detail, lang, errors or []


def api_app(assistant) -> FastAPI:
    """The API as a FastAPI app of its own; `ui.server` mounts it at /api."""
    from fastapi_offline import FastAPIOffline

    settings = assistant.settings
    question_body = schema.question_model(settings.max_question_chars)
    app = FastAPIOffline(
        title="Socialt hållbart Borås – frågor och svar",
        version="1",
        description=__doc__.split("\n\n")[1],
        docs_url="/docs",
        redoc_url=None,
        static_url="/docs-static",
    )
    _handle_errors(app, settings.max_question_chars)
    app.add_middleware(BodyLimit, limit=MAX_BODY)
    origins = [o.strip() for o in settings.cors_origins.replace(" ", ",").split(",") if o.strip()]
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept-Language"],
            max_age=600,
        )

    # An extractive answer is CPU work under the GIL: answering two at a time, the others
    # waiting their turn, kept 83 answers/s at 50 users (p95 0.78 s) where a thread per request
    # gave 60/s (p95 2.2 s). A generative model waits on the network, so more may wait at once.
    limiter = anyio.CapacityLimiter(
        EXTRACTIVE_AT_ONCE if getattr(assistant, "llm", None) is None else GENERATIVE_AT_ONCE
    )

    @app.post("/v1/answers", response_model=schema.Answer, responses=PROBLEMS)
    async def answers(body: question_body, request: Request) -> JSONResponse:  # type: ignore[valid-type]
        """Answer a question from the documents, with verified citations."""
        lang = schema.request_language(request.headers.get("accept-language", ""), body.question)
        history = [t.model_dump() for t in body.history]

        def answer_now():  # in a worker thread: reading a new build may take seconds
            filters = _filters(assistant, body.filters, lang)
            return assistant.ask(body.question, history=history, filters=filters)

        try:
            answer = await anyio.to_thread.run_sync(answer_now, limiter=limiter)
        except BadQuestion as exc:
            raise Refused(422, exc.sv, lang) from exc
        except UNAVAILABLE as exc:
            raise Refused(503, exc.sv, lang) from exc
        except Refused:
            raise
        except Exception as exc:  # never a traceback to the caller
            log.exception("the API could not answer %r", redact(body.question))
            raise Refused(500, schema.message(lang, "unexpected"), lang) from exc
        return JSONResponse(answer.as_json())

    @app.get("/v1/documents", response_model=schema.Documents)
    def documents() -> dict:
        """The documents the answers come from."""
        return {"documents": [_document(r) for r in indexed(_manifest(assistant))]}

    app.openapi = _document_of_the_index(app, assistant)
    return app


def _document_of_the_index(app: FastAPI, assistant):
    """FastAPI's OpenAPI document with each filter's values narrowed to those the index holds
    now, so that what it calls valid is answered; made again when a new build is published."""
    made = app.openapi
    cache: dict[object, dict] = {}

    def openapi() -> dict:
        manifest = _manifest(assistant)
        key = (manifest or {}).get("build_id")
        if key not in cache:
            app.openapi_schema = None
            document = copy.deepcopy(made())
            rows = indexed(manifest)
            if rows:
                values = {
                    "doc_types": sorted({r.doc_type for r in rows if r.doc_type}),
                    "years": sorted({r.year for r in rows if r.year}),
                    "files": sorted(r.file for r in rows),
                }
                props = document["components"]["schemas"]["Filters"]["properties"]
                for name, known in values.items():
                    props[name]["items"]["enum"] = known
            cache.clear()
            cache[key] = document
        return cache[key]

    return openapi


def _filters(assistant, given: schema.Filters, lang: str) -> Filters:
    """The assistant's Filters; a value no indexed document has is refused, saying what there is."""
    manifest = _manifest(assistant)
    rows = indexed(manifest)
    if manifest is not None:
        for name, values, known in (
            ("doc_types", given.doc_types, {r.doc_type for r in rows}),
            ("years", given.years, {r.year for r in rows}),
            ("files", given.files, {r.file for r in rows}),
        ):
            for value in values:
                if value not in known:
                    listed = ", ".join(sorted(str(k) for k in known if k))
                    if name == "files":  # too many to name: say where they are listed
                        listed = "GET /api/v1/documents"
                    text = schema.message(
                        lang, "unknown_value", name=name, value=str(value)[:80], known=listed
                    )
                    raise Refused(422, text, lang, [{"field": f"filters.{name}", "message": text}])
    return Filters(tuple(given.doc_types), tuple(given.years), tuple(given.files))


def _manifest(assistant) -> dict | None:
    try:
        return assistant.store.snapshot().manifest
    except AssistantError:
        return None


def _document(r: DocumentRow) -> dict:
    return {
        "title": r.title,
        "file": r.file,
        "doc_type": r.doc_type,
        "year": r.year,
        "edition": r.edition,
        "pages": r.pages,
        "url": f"/corpus/{quote(r.file)}",
        "source_url": r.source_url,
    }


def _handle_errors(app: FastAPI, max_chars: int) -> None:
    def refused(request: Request, exc: Refused) -> JSONResponse:
        body = {"detail": exc.detail, "language": exc.lang, "errors": exc.errors}
        return JSONResponse(body, status_code=exc.status)

    def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        given = exc.body.get("question") if isinstance(exc.body, dict) else None
        lang = schema.request_language(request.headers.get("accept-language", ""), given)
        found = [schema.error_message(e, lang, max_chars) for e in errors]
        listed = [{"field": f, "message": m} for f, m in found]
        return refused(request, Refused(422, found[0][1], lang, listed))

    def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        lang = schema.request_language(request.headers.get("accept-language", ""))
        if exc.status_code == 400:  # a body FastAPI could not decode (not UTF-8)
            return refused(request, Refused(422, schema.message(lang, "not_json"), lang))
        if exc.status_code == 413:  # a body that streamed past the limit (BodyLimit)
            return refused(
                request, Refused(413, schema.message(lang, "too_large", kb=MAX_BODY // 1024), lang)
            )
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )

    app.add_exception_handler(Refused, refused)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)


class BodyLimit:
    """413 for a body over `limit` bytes: at once when it says its length, else once it has."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.limit:
            lang = schema.request_language(_header(scope, b"accept-language"))
            text = schema.message(lang, "too_large", kb=self.limit // 1024)
            body = {"detail": text, "language": lang, "errors": []}
            await JSONResponse(body, status_code=413)(scope, receive, send)
            return
        seen = 0

        async def counted() -> dict:
            nonlocal seen
            msg = await receive()
            seen += len(msg.get("body", b""))
            if seen > self.limit:  # FastAPI passes an HTTPException on to the app's handler
                raise HTTPException(413)
            return msg

        await self.app(scope, counted, send)


def _header(scope: Scope, name: bytes) -> str:
    return dict(scope["headers"]).get(name, b"").decode("latin-1")
