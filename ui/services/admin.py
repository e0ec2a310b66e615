"""Administration of the corpus: check an uploaded PDF, add it with its catalog entry, remove one."""

from __future__ import annotations

import os
import re
import shutil
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from assistant.errors import AssistantError
from ingest.catalog import DOC_TYPES, load_catalog
from ingest.errors import IngestError, PdfRejected
from ingest.isolate import IsolatedReader
from ingest.load import check_file
from ingest.pipeline import file_sha256
from ingest.settings import Settings
from ui.services.corpus_files import resolve_pdf

REMOVED_DIR = ".removed"  # hidden: neither ingested nor served
_URL = re.compile(r"^https?://[^\s\"'<>]+$")


class AdminError(AssistantError):
    """An upload or a change the admin must correct; `sv` says what and how."""


@dataclass(frozen=True)
class CatalogFields:
    title: str
    doc_type: str
    year: int | None = None
    source_url: str = ""
    series: str = ""

    def entry(self, file: str) -> dict:
        entry: dict = {"file": file, "title": self.title, "doc_type": self.doc_type}
        if self.year is not None:
            entry["year"] = self.year
        if self.series:
            entry["series"] = self.series
        if self.source_url:
            entry["source_url"] = self.source_url
        return entry


def clean_fields(
    title: str, doc_type: str, year: float | int | str | None, url: str, series: str = ""
) -> CatalogFields:
    """Validated catalog fields, or AdminError with what to fix."""
    title, url, series = _text(title), _text(url), _text(series)
    if not title:
        raise AdminError("no title", sv="Ange dokumentets titel.")
    if len(title) > 300:
        raise AdminError("title too long", sv="Titeln får vara högst 300 tecken.")
    if doc_type not in DOC_TYPES:
        raise AdminError("bad type", sv=f"Välj en dokumenttyp: {', '.join(DOC_TYPES)}.")
    if url and not _URL.match(url):
        raise AdminError("bad url", sv="Källadressen ska börja med https:// (eller http://).")
    return CatalogFields(title, doc_type, _year(year), url, series)


def check_upload(path: Path, max_mb: float, max_seconds: float = 60.0) -> list[str]:
    """Refuse what ingestion would refuse, in Swedish; returns notes about pages without text.

    The file is read as ingestion reads it: in a worker process stopped after max_seconds (inside
    a page too) and at a memory cap, so a hostile upload cannot hang or exhaust the app.
    """
    max_bytes = int(max_mb * 1_000_000)
    try:
        check_file(path, max_bytes)
        with IsolatedReader(max_bytes, max_seconds) as reader:
            loaded = reader.read(path)
    except PdfRejected as exc:
        raise AdminError(str(exc), sv=swedish_reason(str(exc), max_mb)) from exc
    except OSError as exc:
        raise AdminError(str(exc), sv="Filen kunde inte läsas. Ladda upp den igen.") from exc
    return [swedish_note(n) for n in loaded.warnings]


def add_document(
    settings: Settings, upload: Path, original_name: str, fields: CatalogFields
) -> tuple[str, list[str]]:
    """Check the upload, write its catalog entry, put it in the corpus folder.

    Returns the file name it got and notes (in Swedish) about pages that will not be searchable.
    """
    name = safe_filename(original_name)
    target = settings.corpus / name
    if target.exists():
        raise AdminError(
            "exists",
            sv=f"Det finns redan en fil som heter {name}. Ta bort den först eller byt namn.",
        )
    twin = _same_content(settings.corpus, upload)
    if twin:
        raise AdminError("duplicate", sv=f"Samma fil finns redan i samlingen, som {twin}.")
    notes = check_upload(upload, settings.max_file_mb, settings.max_file_seconds)
    set_catalog_entry(settings.catalog_path, fields.entry(name))
    partial = settings.corpus / f".{name}.upload"
    shutil.copyfile(upload, partial)
    os.replace(partial, target)
    return name, notes


def remove_document(settings: Settings, file: str) -> None:
    """Move a PDF out of the corpus (into .removed/) and drop its catalog entry."""
    path = resolve_pdf(settings.corpus, file)
    if path is None:
        raise AdminError("no such file", sv=f"Filen {file} finns inte i dokumentsamlingen.")
    drop_catalog_entry(settings.catalog_path, file)
    stash = settings.corpus / REMOVED_DIR
    stash.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    os.replace(path, stash / f"{stamp}-{path.name}")


def set_catalog_entry(catalog: Path, entry: dict) -> None:
    """Append (or replace) the [[document]] table of entry["file"]; the rest stays as it was."""
    text = _without(catalog, entry["file"])
    lines = ["", "[[document]]"] + [f"{k} = {_toml_value(v)}" for k, v in entry.items()]
    _replace_catalog(catalog, text.rstrip("\n") + "\n" + "\n".join(lines) + "\n")


def drop_catalog_entry(catalog: Path, file: str) -> None:
    """Remove the [[document]] table of `file`, if any."""
    if catalog.exists():
        _replace_catalog(catalog, _without(catalog, file))


def _without(catalog: Path, file: str) -> str:
    if not catalog.exists():
        return ""
    blocks = re.split(r"(?m)^(?=\[\[document\]\]\s*$)", catalog.read_text(encoding="utf-8"))
    return "".join(b for b in blocks if _block_file(b) != file)


def safe_filename(name: str) -> str:
    """A plain file name for the corpus: letters, digits, - _ . and spaces, ending in .pdf."""
    base = unicodedata.normalize("NFC", Path(name or "").name).strip()
    stem = re.sub(r"[^\w .-]+", "-", Path(base).stem, flags=re.UNICODE).strip(" .-")[:120]
    if not stem:
        raise AdminError(
            "bad name", sv="Filnamnet går inte att använda. Döp om filen och försök igen."
        )
    return f"{stem}.pdf"


def swedish_reason(reason: str, max_mb: float) -> str:
    """The Swedish sentence for an ingestion refusal (its English text is for operators)."""
    r = reason.lower()
    if "empty file" in r:
        return "Filen är tom."
    if "over the limit" in r:
        return f"Filen är för stor. Största tillåtna storlek är {max_mb:g} MB."
    if "not a pdf" in r:
        return "Filen är inte en PDF. Spara dokumentet som PDF och försök igen."
    if "password" in r or "encrypted" in r:
        return "Filen är krypterad med lösenord. Be utgivaren om en kopia utan lösenord."
    if "no text layer" in r:
        return (
            "Filen saknar textlager (den verkar vara inskannad). Kör textigenkänning (OCR), "
            "till exempel med ocrmypdf, och ladda upp den igen."
        )
    if "same content as" in r:
        return "Filen har samma innehåll som en annan fil i samlingen och läses inte in två gånger."
    if "no pages" in r:
        return "PDF-filen har inga sidor."
    if "reading took more than" in r:
        return "Filen tog för lång tid att läsa. Dela upp den i mindre filer."
    if "memory" in r:
        return "Filen kräver för mycket minne för att läsas. Spara om den som PDF och försök igen."
    return "Filen är skadad eller går inte att läsa som PDF."


def swedish_note(note: str) -> str:
    """'x.pdf: no text layer on pages 3-4 (images only?)' -> a Swedish note."""
    m = re.search(r"pages ([\d, -]+)", note)
    pages = m.group(1).strip() if m else ""
    if "no text layer" in note or "only running headers" in note:
        return f"sidorna {pages} saknar text och blir inte sökbara"
    if "could not be extracted" in note:
        return f"texten på sidorna {pages} kunde inte läsas"
    if "plain mode" in note:
        return f"sidorna {pages} lästes i enkelt läge (tabellkolumner kan flyta ihop)"
    return note


def _replace_catalog(catalog: Path, text: str) -> None:
    """Write the catalog atomically, and only when ingestion will be able to read it."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # cannot happen with _toml_value; guards the file
        raise AdminError(str(exc), sv="Katalogen kunde inte uppdateras.") from exc
    catalog.parent.mkdir(parents=True, exist_ok=True)
    tmp = catalog.with_name(f".{catalog.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    try:
        load_catalog(tmp)
    except IngestError as exc:
        tmp.unlink(missing_ok=True)
        raise AdminError(str(exc), sv="Katalogen kunde inte uppdateras.") from exc
    os.replace(tmp, catalog)


def _block_file(block: str) -> str | None:
    try:
        docs = tomllib.loads(block).get("document") or [{}]
    except tomllib.TOMLDecodeError:
        return None
    return docs[0].get("file")


def _toml_value(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    text = str(value)
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _text(value: object) -> str:
    """Stripped text without control characters (they have no place in a catalog field)."""
    text = "" if value is None else str(value)
    return "".join(c for c in text if unicodedata.category(c) != "Cc").strip()


def _year(value: float | int | str | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(float(value))
    except (TypeError, ValueError):
        raise AdminError("bad year", sv="Året ska vara ett årtal, till exempel 2024.") from None
    if not 1950 <= year <= 2100:
        raise AdminError("bad year", sv="Året ska vara ett årtal mellan 1950 och 2100.")
    return year


def _same_content(corpus: Path, upload: Path) -> str | None:
    digest = file_sha256(upload)
    for p in corpus.glob("*"):
        if p.suffix.lower() == ".pdf" and p.is_file() and file_sha256(p) == digest:
            return p.name
    return None
