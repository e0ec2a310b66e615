"""Read a PDF page by page with pypdf; refuse bad files with a reason a person understands."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from ingest.errors import PdfRejected
from ingest.types import LoadedPdf, Page

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 20  # a page with less text than this is treated as having no text layer


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


def load_pdf(path: Path, max_bytes: int = 50_000_000) -> LoadedPdf:
    """Extract the text of every page; raise PdfRejected when nothing usable comes out."""
    check_file(path, max_bytes)
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(path, strict=False)
            _decrypt(reader)
            n_pages = len(reader.pages)
    except PdfRejected:
        raise
    except FileNotDecryptedError as exc:
        raise PdfRejected("encrypted with a password; ask the publisher for an open copy") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise PdfRejected(f"damaged or truncated PDF ({_short(exc)})") from exc
    except Exception as exc:  # pypdf raises many kinds on hostile input
        raise PdfRejected(f"unreadable PDF ({type(exc).__name__}: {_short(exc)})") from exc
    if n_pages == 0:
        raise PdfRejected("the PDF has no pages")

    pages, empty, broken = [], [], []
    for i in range(n_pages):
        text = _page_text(reader, i)
        if text is None:
            broken.append(i + 1)
            text = ""
        if len(text.strip()) < MIN_TEXT_CHARS:
            empty.append(i + 1)
        pages.append(Page(file=path.name, number=i + 1, text=text))
    if len(empty) == n_pages:
        raise PdfRejected(
            f"no text layer on any of its {n_pages} pages (a scan?); run OCR first, "
            "e.g. ocrmypdf, then add it again"
        )
    notes = []
    if broken:
        notes.append(f"{path.name}: text could not be extracted from pages {_ranges(broken)}")
    no_text = sorted(set(empty) - set(broken))
    if no_text:
        notes.append(f"{path.name}: no text layer on pages {_ranges(no_text)} (images only?)")
    return LoadedPdf(path.name, tuple(pages), _pdf_title(reader), tuple(notes))


def _decrypt(reader) -> None:
    if not reader.is_encrypted:
        return
    try:
        ok = reader.decrypt("")
    except Exception as exc:  # missing AES support, odd handlers
        raise PdfRejected(f"encrypted and cannot be opened ({_short(exc)})") from exc
    if not ok:
        raise PdfRejected("encrypted with a password; ask the publisher for an open copy")


def _page_text(reader, index: int) -> str | None:
    """Layout mode keeps table columns apart; plain mode is the fallback."""
    page = reader.pages[index]
    for mode in ("layout", "plain"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return page.extract_text(extraction_mode=mode)
        except Exception as exc:  # one bad page must not sink the document
            log.debug("page %d (%s mode): %s", index + 1, mode, exc)
    return None


def _pdf_title(reader) -> str:
    try:
        title = (reader.metadata or {}).get("/Title") or ""
    except Exception:
        return ""
    title = str(title).strip()
    return "" if title.lower() in ("", "untitled", "title") or title.endswith(".docx") else title


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
