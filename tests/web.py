"""The app as `python app.py` serves it, and helpers for driving it in Debian's chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT

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
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# A reply to the n-th question is complete: n replies, the last not searching any more, and the
# finished answer announced (the announcer is emptied when a question is taken).
REPLIED = """n => { const bots = document.querySelectorAll('#chat [data-testid=bot]');
  const said = document.querySelector('#answer-announcer .html-container')?.innerText.trim();
  return bots.length === n && !bots[n - 1].innerText.includes('Söker i dokumenten')
    && !document.querySelector('#chat-status').innerText.trim() && !!said; }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(base: Path, index: Path):
    """`python app.py` on a copy of the corpus and of an index built from it; yields its URL."""
    corpus = base / "corpus"
    corpus.mkdir()
    for p in list(CORPUS.glob("*.pdf")) + list(CORPUS.glob("*.toml")):
        shutil.copy(p, corpus / p.name)
    shutil.copytree(index, base / "index")  # the admin test re-ingests into the copy
    port = free_port()
    env = {
        **os.environ,
        "ASSISTANT_CORPUS": str(corpus),
        "ASSISTANT_INDEX": str(base / "index"),
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


def open_page(browser, served, viewport: dict):
    """A new page on the app at `viewport`, ready to be asked; (page, the page's script errors)."""
    context = browser.new_context(locale="sv-SE", viewport=viewport)
    context.set_default_timeout(20_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(served["url"])
    pg.wait_for_selector("#answer-announcer [aria-live=polite]")
    pg.wait_for_function("() => window.shb && window.shb.replyShown")
    return pg, errors


def shot(pg, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def question_box(pg):
    return pg.get_by_label("Din fråga")


def ask(pg, text: str) -> None:
    """Ask by the question box and wait for the complete reply (not the previous one's)."""
    asked = pg.locator("#chat [data-testid=user]").count()
    question_box(pg).fill(text)
    question_box(pg).press("Enter")
    wait_for_reply(pg, asked + 1)


def wait_for_reply(pg, n: int) -> None:
    pg.wait_for_function(REPLIED, arg=n, timeout=ANSWER_TIMEOUT)
    pg.wait_for_timeout(300)  # the page's own step after a reply: its start shown, focus kept


def last_answer(pg):
    return pg.locator("#chat [data-testid=bot]").last
