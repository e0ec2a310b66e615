"""python -m assistant ask "fråga" [--index DIR] [--json]: answer one question from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.errors import AssistantError
from assistant.question import language
from ingest.errors import IngestError
from ingest.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant")
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer a question with citations")
    ask.add_argument("question")
    ask.add_argument("--index", type=Path, help="index folder (default index/)")
    ask.add_argument("--json", action="store_true", help="print the Answer as one JSON object")
    ask.add_argument("--doc-type", action="append", default=[], help="only this document type")
    ask.add_argument("--year", action="append", type=int, default=[], help="only this year")
    args = parser.parse_args(argv)

    from assistant.core import Assistant
    from assistant.generate.llm import engine_from_settings
    from assistant.types import Filters
    from ingest.embed import make_embedder

    settings = Settings.from_env(index=args.index)
    try:
        llm = engine_from_settings(settings)
        assistant = Assistant(settings, make_embedder(settings.embedder), llm=llm)
        answer = assistant.ask(
            args.question, filters=Filters(tuple(args.doc_type), tuple(args.year))
        )
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer.as_json(), ensure_ascii=False, indent=1))
        return 0
    if answer.read_as:
        print(language.phrase(answer.language, "read_as", question=answer.read_as), end="\n\n")
    print(answer.text)
    if answer.citations:
        print()
    for c in answer.citations:
        print(f'[{c.n}] {c.title}, s. {c.page} ({c.url})\n    "{c.quote}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
