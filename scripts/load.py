"""Load test: simulated users ask the gold questions of the running app through Gradio's HTTP API.

    python scripts/load.py [--url http://127.0.0.1:7860] [--users 50] [--seconds 60]
                           [--think 0] [--new-tab] [--api] [--index index] [--json]

Each user joins Gradio's queue for the chat's own event (the one the browser uses: the chat's
endpoints are not exposed to gradio_client) and reads the server-sent events until the answer is
complete, then asks the next question: at once (the default, a stress test), or after reading
for a random 0-2x --think seconds, as people in a chat do. A user keeps one Gradio session, as a
browser tab does; --new-tab opens a new one for every question (Gradio then copies its state for
each). Loopback only; bounded by --seconds and --max-requests.
With --index, every answer's cited (file, page) pairs are checked against the builds that were
published during the run: all of an answer's citations must come from one build.
With --api, users POST to the JSON API (/api/v1/answers) instead; each answer's own timings
(total_ms, the assistant's time) are summarised beside the round trips (assistant_p50_s...).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx

ROOT = Path(__file__).resolve().parent.parent
_CITED = re.compile(r"corpus/([^\"'#?\s)]+)#page=(\d+)")


@dataclass
class Result:
    started: float
    seconds: float
    error: str = ""
    citations: frozenset[tuple[str, int]] = frozenset()
    refused: bool = False
    assistant_s: float | None = None  # the answer's own total_ms (--api only)


@dataclass
class Builds:
    """(file, page) pairs of every build seen during the run, by build id."""

    index: Path
    pages: dict[str, set[tuple[str, int]]] = field(default_factory=dict)

    def poll(self) -> None:
        try:
            build = (self.index / "CURRENT").read_text().strip()
        except OSError:
            return
        if build and build not in self.pages:
            folder = self.index / "builds" / build
            with (folder / "pages.jsonl").open(encoding="utf-8") as fh:
                rows = [json.loads(line) for line in fh if line.strip()]
            self.pages[build] = {(r["file"], r["number"]) for r in rows}

    def mixed(self, cited: frozenset[tuple[str, int]]) -> bool:
        return bool(cited) and not any(cited <= pages for pages in self.pages.values())


def _questions(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["question"] for line in fh if line.strip()]


def _chat_event(config: dict) -> tuple[int, int]:
    """fn_index and trigger id of the chat's question box submit."""
    for n, dep in enumerate(config["dependencies"]):
        if dep.get("api_name") == "ask" and dep["targets"][0][1] == "submit":
            return n, dep["targets"][0][0]
    raise SystemExit("the app has no chat submit event named 'ask'")


def _is_loopback(url: str) -> bool:
    return urlparse(url).hostname in ("127.0.0.1", "localhost", "::1")


def _answer_parts(data: list) -> tuple[str, frozenset[tuple[str, int]]]:
    """The reply's text and the (file, page) pairs it cites, from the event's final outputs."""
    blob = json.dumps(data, ensure_ascii=False)
    cited = frozenset((unquote(f), int(p)) for f, p in _CITED.findall(blob))
    chat = data[0] if data and isinstance(data[0], list) else []
    text = ""
    if chat and isinstance(chat[-1], dict):
        text = " ".join(
            c.get("text", "") for c in chat[-1].get("content", []) if isinstance(c, dict)
        )
    return text, cited


async def ask(
    client: httpx.AsyncClient, api: str, event: tuple[int, int], question: str, session: str
) -> Result:
    started = time.perf_counter()
    body = {
        "data": [question, [], None, None, None],
        "event_data": None,
        "fn_index": event[0],
        "trigger_id": event[1],
        "session_hash": session,
    }
    try:
        joined = await client.post(f"{api}/queue/join", json=body)
        joined.raise_for_status()
        async with client.stream("GET", f"{api}/queue/data", params={"session_hash": session}) as s:
            async for line in s.aiter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("msg") != "process_completed":
                    continue
                seconds = time.perf_counter() - started
                if not msg.get("success", False):
                    return Result(started, seconds, f"failed: {str(msg.get('output'))[:120]}")
                text, cited = _answer_parts(msg["output"]["data"])
                refused = "Jag hittar inget svar" in text
                error = "" if cited or refused else f"no citations: {text[:80]}"
                return Result(started, seconds, error, cited, refused)
        return Result(started, time.perf_counter() - started, "stream ended without an answer")
    except (httpx.HTTPError, ValueError) as exc:
        return Result(started, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")


async def ask_api(client: httpx.AsyncClient, api: str, question: str) -> Result:
    """One POST /api/v1/answers; the answer's citations and its own time come in the JSON."""
    started = time.perf_counter()
    try:
        got = await client.post(f"{api}/v1/answers", json={"question": question})
        seconds = time.perf_counter() - started
        if got.status_code != 200:
            return Result(started, seconds, f"HTTP {got.status_code}: {got.text[:100]}")
        body = got.json()
    except (httpx.HTTPError, ValueError) as exc:
        return Result(started, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
    cited = frozenset((c["file"], c["page"]) for c in body["citations"])
    error = "" if cited or body["refused"] else f"no citations: {body['text'][:80]}"
    own = body["timings"].get("total_ms", 0) / 1000
    return Result(started, seconds, error, cited, body["refused"], own)


async def user(n, client, api, event, questions, until, budget, results, builds, args) -> None:
    rnd, think = random.Random(n), args.think
    session = uuid.uuid4().hex[:12]  # one browser tab per user, kept across questions
    if think:  # users arrive spread over one reading time, not all in the same second
        await asyncio.sleep(rnd.uniform(0, 2 * think))
    while time.perf_counter() < until and budget[0] > 0:
        budget[0] -= 1
        if args.new_tab:  # worst case: every question from a fresh page, a new Gradio session
            session = uuid.uuid4().hex[:12]
        question = rnd.choice(questions)
        if event is None:
            results.append(await ask_api(client, api, question))
        else:
            results.append(await ask(client, api, event, question, session))
        if builds is not None:
            builds.poll()
        if think:  # reading the answer before the next question, on average `think` seconds
            await asyncio.sleep(rnd.uniform(0, 2 * think))


async def main_async(args) -> dict:
    urls = args.url
    if not all(map(_is_loopback, urls)):
        raise SystemExit("load tests run against loopback only")
    questions = _questions(args.qa)
    # idle connections are dropped before uvicorn's 5 s keep-alive closes them, or a request
    # sent on one just as the server closes it fails (ReadError; 13 of 3,820 at 50 API users)
    limits = httpx.Limits(max_connections=args.users * 2 + 4, keepalive_expiry=2.0)
    timeout = httpx.Timeout(args.timeout)
    builds = Builds(args.index) if args.index else None
    if builds is not None:
        builds.poll()
    async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:
        apps = []  # (api, chat event) per replica; user n sticks to replica n mod len(urls)
        for url in urls:
            if args.api:
                apps.append((url + "/api", None))
                continue
            config = (await client.get(f"{url}/config")).json()
            apps.append((url + config.get("api_prefix", "/gradio_api"), _chat_event(config)))
        results: list[Result] = []
        started = time.perf_counter()
        until = started + args.seconds
        budget = [args.max_requests]
        await asyncio.gather(
            *(
                user(
                    n,
                    client,
                    *apps[n % len(apps)],
                    questions,
                    until,
                    budget,
                    results,
                    builds,
                    args,
                )
                for n in range(args.users)
            )
        )
        wall = time.perf_counter() - started
    if builds is not None:
        builds.poll()
    return _summary(results, wall, args.users, builds)


def _pct(values: list[float], p: float) -> float:
    return (
        round(values[min(len(values) - 1, int(p / 100 * len(values)))], 3)
        if values
        else float("nan")
    )


def _summary(results: list[Result], wall: float, users: int, builds: Builds | None) -> dict:
    ok = sorted(r.seconds for r in results if not r.error)
    errors = [r.error for r in results if r.error]

    def pct(p: float) -> float:
        return _pct(ok, p)

    out = {
        "users": users,
        "seconds": round(wall, 1),
        "requests": len(results),
        "answers": len(ok),
        "refused": sum(r.refused for r in results if not r.error),
        "errors": len(errors),
        "throughput_per_s": round(len(ok) / wall, 2) if wall else 0.0,
        "p50_s": pct(50),
        "p95_s": pct(95),
        "p99_s": pct(99),
        "mean_s": round(statistics.fmean(ok), 3) if ok else float("nan"),
        "error_kinds": sorted(set(e[:60] for e in errors))[:5],
    }
    own = sorted(r.assistant_s for r in results if not r.error and r.assistant_s is not None)
    if own:
        out |= {f"assistant_p{p}_s": _pct(own, p) for p in (50, 95, 99)}
        out["overhead_p95_ms"] = round(1000 * (out["p95_s"] - out["assistant_p95_s"]), 1)
    if builds is not None:
        out["builds_seen"] = len(builds.pages)
        out["mixed_build_answers"] = sum(builds.mixed(r.citations) for r in results if not r.error)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url",
        action="append",
        help="the app (default http://127.0.0.1:7860); repeat for replicas, users stick to one",
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--timeout", type=float, default=120.0, help="per request")
    parser.add_argument("--qa", type=Path, default=ROOT / "corpus" / "eval" / "qa.jsonl")
    parser.add_argument("--index", type=Path, help="check that no answer mixes two builds")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a user reads an answer before asking again (0: back to back)",
    )
    parser.add_argument(
        "--new-tab", action="store_true", help="every question from a new page (a new session)"
    )
    parser.add_argument(
        "--api", action="store_true", help="ask the JSON API (/api/v1/answers), not the chat"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    args.url = [u.rstrip("/") for u in (args.url or ["http://127.0.0.1:7860"])]
    out = asyncio.run(main_async(args))
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        for key, value in out.items():
            print(f"{key:>20}: {value}")
    return 1 if out["errors"] or out.get("mixed_build_answers") else 0


if __name__ == "__main__":
    sys.exit(main())
