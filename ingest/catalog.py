"""corpus/catalog.toml -> document metadata; a PDF missing from it still gets sensible metadata."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

from ingest.errors import CatalogError
from ingest.types import DocMeta, Page

DOC_TYPES = ("målbild", "uppföljning", "välfärdsbokslut", "reglemente", "beslut", "övrigt")
_FIELDS = {"file", "title", "doc_type", "year", "validity", "publisher", "source_url", "series"}


def load_catalog(path: Path) -> dict[str, dict]:
    """Return {file name: entry}; an absent catalog is an empty one."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{path} is not UTF-8 text: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(
            f"{path} is not valid TOML: {exc}. Fix that line and run again."
        ) from exc
    entries = data.get("document", [])
    if not isinstance(entries, list):
        raise CatalogError(f"{path}: 'document' must be an array of tables ([[document]])")
    catalog: dict[str, dict] = {}
    for n, entry in enumerate(entries, start=1):
        catalog[_valid_file(path, n, entry)] = entry
    return catalog


def _valid_file(path: Path, n: int, entry: object) -> str:
    where = f"{path}, document #{n}"
    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
        raise CatalogError(f'{where}: every [[document]] needs file = "name.pdf"')
    unknown = set(entry) - _FIELDS
    if unknown:
        raise CatalogError(f"{where} ({entry['file']}): unknown keys {sorted(unknown)}")
    doc_type = entry.get("doc_type", "övrigt")
    if doc_type not in DOC_TYPES:
        raise CatalogError(f"{where} ({entry['file']}): doc_type {doc_type!r} not in {DOC_TYPES}")
    year = entry.get("year")
    if year is not None and not isinstance(year, int):
        raise CatalogError(f"{where} ({entry['file']}): year must be a number, e.g. year = 2021")
    return entry["file"]


def doc_id_for(file: str) -> str:
    """A stable, readable id from the file name: 'Välfärdsbokslut 2021.pdf' -> 'valfardsbokslut-2021'."""
    stem = Path(file).stem
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "dokument"


def doc_meta(file: str, entry: dict | None, pdf_title: str, pages: list[Page]) -> DocMeta:
    """Catalog entry wins; else the PDF's own title, else its first heading-like line."""
    if entry:
        return DocMeta(
            doc_id=doc_id_for(file),
            file=file,
            title=entry.get("title") or pdf_title or _first_heading(pages) or Path(file).stem,
            doc_type=entry.get("doc_type", "övrigt"),
            year=entry.get("year"),
            validity=str(entry.get("validity", "")),
            publisher=entry.get("publisher", ""),
            source_url=entry.get("source_url", ""),
            series=entry.get("series", ""),
            in_catalog=True,
        )
    return DocMeta(
        doc_id=doc_id_for(file),
        file=file,
        title=pdf_title or _first_heading(pages) or Path(file).stem,
        year=_year_from_name(file),
    )


def _first_heading(pages: list[Page]) -> str:
    for page in pages[:2]:
        for line in page.text.split("\n"):
            line = re.sub(r"\s+", " ", line).strip()
            if 8 <= len(line) <= 120 and sum(c.isalpha() for c in line) > len(line) / 2:
                return line
    return ""


def _year_from_name(file: str) -> int | None:
    years = re.findall(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", file)
    return int(years[0]) if years else None
