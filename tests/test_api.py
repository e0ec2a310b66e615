"""The JSON API at /api: the real assistant over the demonstration index, served on loopback."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections import Counter

import httpx
import pytest
import schemathesis
from fastapi.testclient import TestClient

from assistant.core import Assistant
from assistant.eval.metrics import PdfPages, load_qa
from tests.conftest import CORPUS, ROOT
from ui.api import MAX_BODY, api_app
from ui.server import corpus_app

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EXAMPLES = 50  # per operation and mode (valid, invalid): about 100 requests in all


@pytest.fixture(scope="module")
def served(corpus_index):
    """The API and the PDF route as the app serves them, in a uvicorn on 127.0.0.1."""
    import uvicorn

    settings, embedder = corpus_index
    assistant = Assistant(settings, embedder)
    app = corpus_app(settings.corpus)
    app.mount("/api", api_app(assistant))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the API did not start"
        time.sleep(0.05)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        yield {"client": client, "url": f"http://127.0.0.1:{port}", "assistant": assistant}
    server.should_exit = True
    thread.join(10)


def ask(served, body, **headers) -> httpx.Response:
    return served["client"].post("/api/v1/answers", json=body, headers=headers)


def test_answers_are_the_cli_answer_with_citations_that_stand_on_their_pages(served, corpus_index):
    settings, _ = corpus_index
    question = "Vilka är målområdena?"
    cli = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", question, "--index", str(settings.index)]
        + ["--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    got = ask(served, {"question": question})
    assert got.status_code == 200 and got.headers["content-type"] == "application/json"
    expected, body = json.loads(cli.stdout), got.json()
    assert set(body) == set(expected)
    assert {k: v for k, v in body.items() if k != "timings"} == {
        k: v for k, v in expected.items() if k != "timings"
    }
    pages, cited = PdfPages(CORPUS), 0
    for item in load_qa(CORPUS / "eval" / "qa.jsonl")[:15]:
        answer = ask(served, {"question": item["question"]}).json()
        for c in answer["citations"]:
            cited += 1
            assert pages.holds(c["quote"], c["file"], c["page"])
            assert f"[{c['n']}]" in answer["text"]
            assert served["client"].get(c["url"].split("#")[0]).status_code == 200
    assert cited >= 15


def test_filters_and_history_reach_the_assistant(served):
    body = {"question": "Vad säger uppföljningen om hemlöshet?", "filters": {"years": [2023]}}
    answer = ask(served, body).json()
    assert answer["citations"] and all(c["year"] == 2023 for c in answer["citations"])
    first = {"role": "user", "content": "Vad är ett attefallshus?"}
    follow = ask(served, {"question": "Hur stort får det vara?", "history": [first]})
    assert follow.status_code == 200


def test_documents_lists_the_index_with_links_to_the_pdfs(served):
    listing = served["client"].get("/api/v1/documents")
    assert listing.status_code == 200
    docs = listing.json()["documents"]
    assert len(docs) == len(list(CORPUS.glob("*.pdf")))
    malbild = next(d for d in docs if d["file"].startswith("malbild"))
    assert malbild["doc_type"] == "målbild" and malbild["year"] == 2021 and malbild["pages"] > 5
    assert malbild["source_url"].startswith("https://")
    pdf = served["client"].get(malbild["url"])
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"question": ""}, "question", "Skriv en fråga"),
        ({"question": " \n\t "}, "question", "Skriv en fråga"),
        ({"question": "x" * 1001}, "question", "för lång (1001 tecken)"),
        ({"question": 42}, "question", "ska vara text"),
        ({"question": ["Vilka är målen?"]}, "question", "ska vara text"),
        ({"question": None}, "question", "ska vara text"),
        ({}, "question", "saknas"),
        (
            {"question": "Vilka är målen?", "filters": {"doc_type": ["beslut"]}},
            "filters",
            "Okänt filter: doc_type",
        ),
        (
            {"question": "Vilka är målen?", "filters": {"doc_types": ["budget"]}},
            "filters",
            "budget",
        ),
        ({"question": "Vilka är målen?", "filters": {"years": [1999]}}, "filters", "1999"),
        ({"question": "Vilka är målen?", "filters": {"years": ["2021"]}}, "filters", "årtal"),
        ({"question": "Vilka är målen?", "filters": {"files": ["x.pdf"]}}, "filters", "x.pdf"),
        ({"question": "Vilka är målen?", "filters": "beslut"}, "filters", "ska vara ett objekt"),
        ({"question": "Vilka är målen?", "history": [{"role": "system"}]}, "history", "history"),
        ({"question": "Vilka är målen?", "admin_token": "x"}, "admin_token", "Okänt fält"),
        (["Vilka är målen?"], "body", "JSON-objekt"),
    ],
)
def test_bad_input_is_refused_with_a_swedish_sentence(served, body, field, words):
    got = ask(served, body)
    assert got.status_code == 422
    problem = got.json()
    assert words in problem["detail"] and problem["language"] == "sv", problem
    assert problem["errors"][0]["field"].startswith(field)
    assert "Traceback" not in got.text and "pydantic" not in got.text


def test_bad_input_is_refused_in_the_language_of_the_request(served):
    english = ask(served, {"question": ""}, **{"Accept-Language": "en-GB,en;q=0.8"}).json()
    assert english["language"] == "en" and english["detail"].startswith("Please type a question")
    asked = ask(served, {"question": "What are the goals?", "filters": {"years": [1999]}}).json()
    assert asked["language"] == "en" and asked["detail"].startswith("No document read in")
    swedish = ask(
        served, {"question": "What?", "filters": {"years": [1999]}}, **{"Accept-Language": "sv"}
    )
    assert swedish.json()["detail"].startswith("Inget inläst dokument")


def test_malformed_json_and_a_body_over_64_kb(served):
    client = served["client"]
    broken = client.post(
        "/api/v1/answers", content=b'{"question": ', headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422 and "giltig JSON" in broken.json()["detail"]
    big = json.dumps({"question": "x", "history": [{"role": "user", "content": "y" * MAX_BODY}]})
    too_big = client.post(
        "/api/v1/answers", content=big, headers={"Content-Type": "application/json"}
    )
    assert too_big.status_code == 413 and "för stor" in too_big.json()["detail"]

    def chunks():  # no Content-Length: the limit holds while the body streams in
        yield b'{"question": "'
        for _ in range(70):
            yield b"y" * 1024
        yield b'"}'

    streamed = client.post(
        "/api/v1/answers", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413 and "64 kB" in streamed.json()["detail"]


def test_the_api_has_answers_and_documents_and_nothing_of_the_admin(served):
    client = served["client"]
    spec = client.get("/api/openapi.json").json()
    assert set(spec["paths"]) == {"/v1/answers", "/v1/documents"}
    assert set(spec["paths"]["/v1/answers"]) == {"post"} and set(
        spec["paths"]["/v1/documents"]
    ) == {"get"}
    for method, path in [
        ("DELETE", "/api/v1/documents"),
        ("POST", "/api/v1/documents"),
        ("GET", "/api/v1/admin"),
        ("POST", "/api/v1/ingest"),
    ]:
        assert client.request(method, path).status_code in (404, 405), (method, path)
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/api/openapi.json" in docs.text
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text  # no third party
    for asset in ("/api/docs-static/swagger-ui-bundle.js", "/api/docs-static/swagger-ui.css"):
        assert client.get(asset).status_code == 200


def test_cors_is_off_unless_the_setting_names_the_sites(corpus_index):
    settings, embedder = corpus_index
    preflight = {
        "Origin": "https://www.boras.se",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    closed = TestClient(api_app(Assistant(settings, embedder)))
    assert (
        "access-control-allow-origin"
        not in closed.options("/v1/answers", headers=preflight).headers
    )
    got = closed.get("/v1/documents", headers={"Origin": "https://www.boras.se"})
    assert got.status_code == 200 and "access-control-allow-origin" not in got.headers

    sites = "https://www.boras.se, https://intranat.boras.se"
    open_ = TestClient(api_app(Assistant(settings.with_(cors_origins=sites), embedder)))
    allowed = open_.options("/v1/answers", headers=preflight)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://www.boras.se"
    other = open_.options("/v1/answers", headers={**preflight, "Origin": "https://example.org"})
    assert "access-control-allow-origin" not in other.headers
    listed = open_.get("/v1/documents", headers={"Origin": "https://intranat.boras.se"})
    assert listed.headers["access-control-allow-origin"] == "https://intranat.boras.se"


def test_the_api_keeps_to_its_openapi_document(served):
    """Valid and invalid requests generated from the API's own OpenAPI document, a bounded number
    per operation: no server error, every status, content type and body as the document
    declares, invalid input refused. (Schemathesis's lazy pytest loader does not run under
    pytest 9, so its Hypothesis strategies are driven here.)"""
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_url(served["url"] + "/api/openapi.json")
    calls: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        modes = [GenerationMode.POSITIVE]
        if operation.method.upper() == "POST":  # GET takes no input that could be invalid
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case):
                response = case.call_and_validate(base_url=served["url"] + "/api")
                calls.append(f"{case.method} {case.path} {response.status_code}")

            check()
    assert len(calls) >= 2 * EXAMPLES, calls
    print(f"schemathesis: {len(calls)} requests", dict(Counter(c.rsplit(" ", 1)[1] for c in calls)))
