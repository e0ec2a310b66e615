"""Which request paths may be served from the corpus folder: its own PDFs, nothing else."""

from __future__ import annotations

from pathlib import Path

_FORBIDDEN = ("/", "\\", "\x00", ":")


def resolve_pdf(corpus: Path, name: str) -> Path | None:
    """The PDF called `name` directly inside `corpus`, or None for anything else.

    `name` is the already percent-decoded path segment. Refused: other folders (`..`, any
    separator, absolute paths), hidden files, non-PDFs, and symlinks that lead out of the folder.
    """
    if not name or name.startswith(".") or any(c in name for c in _FORBIDDEN):
        return None
    if not name.lower().endswith(".pdf"):
        return None
    root = corpus.resolve()
    candidate = root / name
    try:
        real = candidate.resolve(strict=True)
    except (FileNotFoundError, RuntimeError, OSError):
        return None
    if real.parent != root or not real.is_file() or real.suffix.lower() != ".pdf":
        return None
    return real
