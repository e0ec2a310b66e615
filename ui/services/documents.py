"""The documents behind the answers: what is indexed, and what the corpus folder holds but the index not yet."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ingest.catalog import load_catalog
from ingest.errors import IngestError
from ingest.pipeline import file_sha256
from ingest.settings import Settings

INDEXED = "Inläst"
WAITING = "Väntar på inläsning"
CHANGED = "Ändrad, väntar på ny inläsning"
REMOVED = "Borttagen, försvinner vid nästa inläsning"
FAILED = "Kunde inte läsas in"


@dataclass(frozen=True)
class DocumentRow:
    file: str
    title: str
    doc_type: str = ""
    year: int | None = None
    edition: str = ""
    pages: int | None = None
    ingested_at: str = ""
    status: str = INDEXED
    note: str = ""
    source_url: str = ""  # where the municipality publishes it


def indexed(manifest: dict | None) -> list[DocumentRow]:
    """One row per document of an index manifest (None: no index yet), sorted by title."""
    rows = [_row(file, entry) for file, entry in ((manifest or {}).get("files") or {}).items()]
    return sorted(rows, key=lambda r: r.title.lower())


def statuses(
    settings: Settings, manifest: dict | None, failures: dict[str, str] | None = None
) -> list[DocumentRow]:
    """Indexed documents and corpus files side by side, each with its status for the admin."""
    failures = failures or {}
    files = (manifest or {}).get("files") or {}
    try:
        catalog = load_catalog(settings.catalog_path)
    except IngestError as exc:
        catalog = {}
        failures = {**failures, "catalog.toml": str(exc)}
    on_disk = {p.name: p for p in _pdfs(settings.corpus)}
    rows = []
    for name, path in on_disk.items():
        entry = files.get(name)
        if name in failures:
            rows.append(_pending(name, catalog.get(name), FAILED, failures[name]))
        elif entry is None:
            rows.append(_pending(name, catalog.get(name), WAITING))
        elif entry.get("sha256") != file_sha256(path) or entry.get("catalog") != catalog.get(name):
            rows.append(_row(name, entry, CHANGED))
        else:
            rows.append(_row(name, entry))
    rows += [_row(name, files[name], REMOVED) for name in sorted(set(files) - set(on_disk))]
    return sorted(rows, key=lambda r: (r.status == INDEXED, r.title.lower()))


def edition(year: int | None, validity: str, series: str) -> str:
    """'2021–2024' for a programme period, 'utgåva 2021' for a report series, else the year."""
    if validity:
        return validity
    if series and year:
        return f"utgåva {year}"
    return str(year) if year else ""


def _row(file: str, entry: dict, status: str = INDEXED) -> DocumentRow:
    cat = entry.get("catalog") or {}
    notes = "; ".join(entry.get("warnings") or [])
    return DocumentRow(
        file=file,
        title=entry.get("title") or file,
        doc_type=entry.get("doc_type") or "",
        year=entry.get("year"),
        edition=edition(entry.get("year"), str(cat.get("validity", "")), entry.get("series", "")),
        pages=entry.get("pages"),
        ingested_at=local_time(entry.get("ingested_at") or ""),
        status=status,
        note=notes,
        source_url=str(cat.get("source_url", "")),
    )


def local_time(iso: str) -> str:
    """'2025-01-02T03:04:05+00:00' -> '2025-01-02 04:04', in Swedish time."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        with suppress(ZoneInfoNotFoundError):  # a machine without tzdata keeps UTC
            moment = moment.astimezone(ZoneInfo("Europe/Stockholm"))
    return moment.strftime("%Y-%m-%d %H:%M")


def _pending(file: str, cat: dict | None, status: str, note: str = "") -> DocumentRow:
    cat = cat or {}
    year = cat.get("year")
    return DocumentRow(
        file=file,
        title=cat.get("title") or file,
        doc_type=cat.get("doc_type", ""),
        year=year,
        edition=edition(year, str(cat.get("validity", "")), cat.get("series", "")),
        status=status,
        note=note,
    )


def _pdfs(corpus: Path) -> list[Path]:
    if not corpus.is_dir():
        return []
    return sorted(p for p in corpus.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
