"""The web server: Gradio mounted on FastAPI, plus /corpus/<file> for the cited PDFs and the JSON
API at /api."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

from ui.services.corpus_files import resolve_pdf
from ui.theme import launch_kwargs

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


def corpus_app(corpus: Path) -> FastAPI:
    """A FastAPI app whose only own route serves PDFs that lie directly in `corpus`."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.api_route("/corpus/{name:path}", methods=["GET", "HEAD"])
    def pdf(name: str) -> FileResponse:
        path = resolve_pdf(corpus, name)
        if path is None:
            raise HTTPException(status_code=404, detail="Dokumentet finns inte.")
        return FileResponse(
            path,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f"inline; filename*=UTF-8''{quote(path.name)}",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return app


def make_app(
    demo,
    corpus: Path,
    max_upload_mb: float,
    root_path: str | None = None,
    api: FastAPI | None = None,
) -> FastAPI:
    """The whole app: the corpus route and the API first, then Gradio at the root."""
    import gradio as gr

    app = corpus_app(corpus)
    if api is not None:
        app.mount("/api", api)
    return gr.mount_gradio_app(
        app,
        demo,
        path="",
        root_path=root_path,
        footer_links=[],
        run_history=False,  # questions are not kept in the browser's storage
        max_file_size=f"{int(max_upload_mb) + 10}mb",  # our own check refuses in Swedish below this
        show_error=False,
        ssr_mode=False,
        **launch_kwargs(),
    )


def serve(demo, corpus: Path, max_upload_mb: float, api: FastAPI | None = None) -> None:
    """Serve on GRADIO_SERVER_NAME:GRADIO_SERVER_PORT, under GRADIO_ROOT_PATH behind a proxy."""
    import uvicorn

    host = os.environ.get("GRADIO_SERVER_NAME") or DEFAULT_HOST
    port = int(os.environ.get("GRADIO_SERVER_PORT") or DEFAULT_PORT)
    root = os.environ.get("GRADIO_ROOT_PATH") or None
    app = make_app(demo, corpus, max_upload_mb, root, api)
    print(f"Socialt hållbart Borås: http://{host}:{port}{root or ''}/", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
