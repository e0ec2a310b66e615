"""Read a PDF page by page with pypdf; refuse bad files with a reason a person understands."""

from __future__ import annotations

import logging
import re
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.errors import PdfRejected
from ingest.pdf.page import page_text
from ingest.types import LoadedPdf, Page, PageTable

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 20  # a page with less text than this is treated as having no text layer
MAX_SECONDS = 60.0  # per file, checked between pages; ingest/isolate.py stops a page that hangs
LAYOUT_SHARE = 0.5  # after this share of MAX_SECONDS, the remaining pages use the faster plain mode
_FILE_NAME = re.compile(r"\.(?:docx?|indd|pdf|xlsx?|pptx?|rtf|odt|qxd|txt)$", re.I)  # not a title


def check_file(path: Path, max_bytes: int) -> None:
    """Cheap checks before pypdf sees the file: size, emptiness, PDF signature."""
    size = path.stat().st_size
    if size == 0:
        raise PdfRejected("empty file (0 bytes)")
    if size > max_bytes:
        raise PdfRejected(
            f"file is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.0f} MB "
            "(raise ASSISTANT_MAX_FILE_MB to accept it)"
        )
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise PdfRejected("not a PDF (no %PDF- signature); was another file renamed to .pdf?")


def load_pdf(
    path: Path, max_bytes: int = 50_000_000, max_seconds: float = MAX_SECONDS
) -> LoadedPdf:
    """Extract the text of every page; raise PdfRejected when nothing usable comes out."""
    check_file(path, max_bytes)
    with _quiet_pypdf():
        reader = _open(path)
        n_pages = len(reader.pages)
        if n_pages == 0:
            raise PdfRejected("the PDF has no pages")
        read, plain_from = _extract(reader, path.name, max_seconds)
        title = _pdf_title(reader)
    texts = [r[0] if r else None for r in read]
    pages = [
        Page(path.name, i + 1, r[0] if r else "", r[1] if r else ()) for i, r in enumerate(read)
    ]
    broken = [i + 1 for i, t in enumerate(texts) if t is None]
    empty = [p.number for p in pages if len(p.text.strip()) < MIN_TEXT_CHARS]
    if len(empty) == n_pages:
        raise PdfRejected(
            f"no text layer on any of its {n_pages} pages (a scan?); run OCR first, "
            "e.g. ocrmypdf, then add it again"
        )
    notes = _notes(path.name, n_pages, broken, empty, plain_from)
    return LoadedPdf(path.name, tuple(pages), title, tuple(notes))


def page_text_of(path: Path, number: int) -> str:
    """The text of one page (1-based) as ingestion reads it, read afresh from the PDF."""
    with _quiet_pypdf():
        read = _page_text(_open(path), number - 1)
    return read[0] if read else ""


def _open(path: Path):
    """A pypdf reader, decrypted with the empty password when needed."""
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = pypdf.PdfReader(path, strict=False)
        _decrypt(reader)
        len(reader.pages)  # forces the page tree to be read, where damage shows
        return reader
    except PdfRejected:
        raise
    except FileNotDecryptedError as exc:
        raise PdfRejected("encrypted with a password; ask the publisher for an open copy") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise PdfRejected(f"damaged or truncated PDF ({_short(exc)})") from exc
    except Exception as exc:  # pypdf raises many kinds on hostile input
        raise PdfRejected(f"unreadable PDF ({type(exc).__name__}: {_short(exc)})") from exc


Read = tuple[str, tuple[PageTable, ...]] | None


def _extract(reader, name: str, max_seconds: float) -> tuple[list[Read], int | None]:
    """Text and tables of every page (None where extraction failed) and the first page read in
    plain mode because layout mode used up half of the time budget (None when that never
    happened)."""
    started = time.perf_counter()
    texts: list[Read] = []
    plain_from = None
    for i in range(len(reader.pages)):
        elapsed = time.perf_counter() - started
        if elapsed > max_seconds:
            raise PdfRejected(
                f"reading took more than {max_seconds:.0f} s and stopped at page {i + 1} of "
                f"{len(reader.pages)}; split the file, or raise ASSISTANT_MAX_FILE_SECONDS"
            )
        if plain_from is None and elapsed > max_seconds * LAYOUT_SHARE:
            plain_from = i + 1
            log.info("%s: layout extraction is slow; plain mode from page %d", name, i + 1)
        texts.append(_page_text(reader, i, layout=plain_from is None))
    return texts, plain_from


def _notes(name: str, n_pages: int, broken: list[int], empty: list[int], plain_from) -> list[str]:
    notes = []
    if broken:
        notes.append(f"{name}: text could not be extracted from pages {_ranges(broken)}")
    no_text = sorted(set(empty) - set(broken))
    if no_text:
        notes.append(f"{name}: no text layer on pages {_ranges(no_text)} (images only?)")
    if plain_from is not None:
        notes.append(
            f"{name}: pages {plain_from}-{n_pages} read in plain mode to save time "
            "(table columns may run together)"
        )
    return notes


def headers_only_notes(loaded: LoadedPdf, cleaned: list[Page]) -> list[str]:
    """Pages whose only text was a running header or footer are as good as text-less."""
    had_text = {p.number for p in loaded.pages if len(p.text.strip()) >= MIN_TEXT_CHARS}
    emptied = [
        p.number for p in cleaned if p.number in had_text and len(p.text.strip()) < MIN_TEXT_CHARS
    ]
    if not emptied:
        return []
    return [f"{loaded.file}: only running headers on pages {_ranges(emptied)} (images only?)"]


def _decrypt(reader) -> None:
    if not reader.is_encrypted:
        return
    try:
        ok = reader.decrypt("")
    except Exception as exc:  # missing AES support, odd handlers
        raise PdfRejected(f"encrypted and cannot be opened ({_short(exc)})") from exc
    if not ok:
        raise PdfRejected("encrypted with a password; ask the publisher for an open copy")


def _page_text(reader, index: int, layout: bool = True) -> Read:
    """Layout mode keeps table columns apart, and its positions give the reading order across
    columns and the cells of ruled tables (ingest/pdf/); plain mode is the fallback when layout
    mode fails or comes back (nearly) empty, which pypdf does for some pages that do have text."""
    page = reader.pages[index]
    best: Read = None
    for mode in ("layout", "plain") if layout else ("plain",):
        try:
            read = (page_text(page) or ("", ())) if mode == "layout" else (page.extract_text(), ())
        except MemoryError as exc:  # not a damaged page: a file built to exhaust memory
            raise PdfRejected(f"ran out of memory reading page {index + 1}") from exc
        except Exception as exc:  # one bad page must not sink the document
            log.debug("page %d (%s mode): %s", index + 1, mode, exc)
            continue
        if best is None or _visible(read[0]) > _visible(best[0]):
            best = read
        if _visible(best[0]) >= MIN_TEXT_CHARS:
            break
    return best


def _visible(text: str) -> int:
    return len(text) - sum(text.count(c) for c in " \n\t\r")


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf warns per page about things we handle (rotated text, font details) and per
    object about repairs; that noise would bury the one line per file that matters."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _pdf_title(reader) -> str:
    try:
        title = (reader.metadata or {}).get("/Title") or ""
    except Exception:
        return ""
    title = re.sub(r"^Microsoft (?:Word|PowerPoint|Excel) - ", "", str(title).strip())
    junk = sum(c.isalpha() for c in title) < 4 or re.search(r"\d{8}", title)  # '0365', ids
    if junk or title.lower() in ("untitled", "title") or _FILE_NAME.search(title):
        return ""
    return title


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:160]


def _ranges(numbers: list[int]) -> str:
    """[1,2,3,7] -> '1-3, 7'."""
    out, start, prev = [], None, None
    for n in numbers + [None]:
        if start is None:
            start = prev = n
        elif n is not None and n == prev + 1:
            prev = n
        else:
            out.append(f"{start}-{prev}" if prev != start else f"{start}")
            start = prev = n
    return ", ".join(out)
