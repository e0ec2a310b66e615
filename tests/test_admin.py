"""Administration: upload checks in Swedish, catalog editing, removal, background re-ingestion."""

from __future__ import annotations

import shutil
import time
import tomllib

import pytest

from assistant.retrieval.index import IndexReader
from ingest.catalog import load_catalog
from ingest.isolate import GRACE_S
from ingest.settings import Settings
from tests.conftest import FakeEmbedder, make_pdf
from tests.test_isolate import BUDGET_S, _flood
from ui.services import admin
from ui.services.admin import AdminError, CatalogFields
from ui.services.documents import FAILED, INDEXED, REMOVED, WAITING, statuses
from ui.services.ingest_job import IngestJob

BODY = "Borås Stad följer upp arbetet med social hållbarhet varje år i en rapport. " * 4


@pytest.fixture
def corpus(tmp_path, small_corpus):
    (small_corpus / "catalog.toml").write_text(
        '# Katalog\n\n[[document]]\nfile = "a.pdf"\ntitle = "Dokument A"\ndoc_type = "målbild"\n'
        "# en kommentar som ska stå kvar\n",
        encoding="utf-8",
    )
    return small_corpus


@pytest.fixture
def settings(tmp_path, corpus):
    return Settings(corpus=corpus, index=tmp_path / "index", max_file_mb=1)


def new_pdf(tmp_path, name="Ny rapport 2025.pdf", text="Cykelbanor: 42 kilometer byggdes 2025."):
    return make_pdf(tmp_path / name, [f"1 Rapport\n{BODY}\n{text}"], title="Ny rapport")


def refusal(path, max_mb=1.0) -> str:
    with pytest.raises(AdminError) as err:
        admin.check_upload(path, max_mb)
    return err.value.sv


def test_uploads_are_refused_with_swedish_reasons(tmp_path):
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")
    assert refusal(empty) == "Filen är tom."
    fake = tmp_path / "bild.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    assert "inte en PDF" in refusal(fake)
    big = new_pdf(tmp_path)
    assert "för stor" in refusal(big, max_mb=0.001) and "0.001 MB" in refusal(big, max_mb=0.001)
    assert "krypterad med lösenord" in refusal(_encrypted(tmp_path, big))
    assert "saknar textlager" in refusal(_scan(tmp_path))
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(big.read_bytes()[:300])
    assert "skadad" in refusal(broken)
    assert admin.check_upload(big, 1.0) == []


def test_an_upload_that_hangs_the_reader_inside_a_page_is_stopped_in_time(tmp_path):
    flood = _flood(tmp_path / "flood.pdf")  # one page pypdf needs 9-18 s for
    started = time.perf_counter()
    with pytest.raises(AdminError) as err:
        admin.check_upload(flood, max_mb=5.0, max_seconds=BUDGET_S)
    seconds = time.perf_counter() - started
    assert err.value.sv == "Filen tog för lång tid att läsa. Dela upp den i mindre filer."
    assert seconds < BUDGET_S + GRACE_S + 5, f"{seconds:.1f} s"  # worker start included


def test_add_document_writes_a_catalog_entry_ingestion_reads(tmp_path, settings):
    fields = admin.clean_fields(
        'Rapport "2025" \\ del\x07 1',
        "uppföljning",
        2025.0,
        "https://www.boras.se/rapport",
        "Rapportserie",
    )
    name, notes = admin.add_document(
        settings, new_pdf(tmp_path), "../../Ny rapport 2025.pdf", fields
    )
    assert name == "Ny rapport 2025.pdf" and notes == []
    assert (settings.corpus / name).is_file()
    catalog = load_catalog(settings.catalog_path)
    assert catalog[name] == {
        "file": name,
        "title": 'Rapport "2025" \\ del 1',
        "doc_type": "uppföljning",
        "year": 2025,
        "series": "Rapportserie",
        "source_url": "https://www.boras.se/rapport",
    }
    text = settings.catalog_path.read_text(encoding="utf-8")
    assert "# Katalog" in text and "# en kommentar som ska stå kvar" in text
    assert catalog["a.pdf"]["title"] == "Dokument A"


def test_add_refuses_duplicates_and_bad_fields(tmp_path, settings):
    with pytest.raises(AdminError) as err:
        admin.add_document(settings, new_pdf(tmp_path), "b.pdf", CatalogFields("B", "beslut"))
    assert "finns redan en fil som heter b.pdf" in err.value.sv
    copy = tmp_path / "kopia.pdf"
    shutil.copy(settings.corpus / "c.pdf", copy)
    with pytest.raises(AdminError) as err:
        admin.add_document(settings, copy, "kopia.pdf", CatalogFields("C", "beslut"))
    assert "Samma fil finns redan" in err.value.sv and "c.pdf" in err.value.sv
    for args, expected in [
        (("", "beslut", None, ""), "titel"),
        (("T", "roman", None, ""), "dokumenttyp"),
        (("T", "beslut", "tjugo", ""), "årtal"),
        (("T", "beslut", 1800, ""), "1950"),
        (("T", "beslut", None, "javascript:alert(1)"), "https://"),
    ]:
        with pytest.raises(AdminError) as err:
            admin.clean_fields(*args)
        assert expected in err.value.sv


def test_remove_moves_the_file_aside_and_drops_its_entry(settings):
    admin.remove_document(settings, "a.pdf")
    assert not (settings.corpus / "a.pdf").exists()
    assert len(list((settings.corpus / admin.REMOVED_DIR).glob("*-a.pdf"))) == 1
    assert "a.pdf" not in load_catalog(settings.catalog_path)
    assert "# Katalog" in settings.catalog_path.read_text(encoding="utf-8")
    with pytest.raises(AdminError):
        admin.remove_document(settings, "../pyproject.toml")


def test_background_ingestion_switches_the_index_and_statuses_follow(tmp_path, settings):
    embedder = FakeEmbedder()
    reader = IndexReader(settings, embedder.name)
    assert {r.status for r in statuses(settings, None)} == {WAITING}
    job = IngestJob(settings, embedder)
    assert job.start()
    state = job.wait(60)
    assert not state.running and state.error == "" and len(state.report.added) == 3
    assert state.fraction == 1.0
    first = reader.snapshot()
    assert {r.status for r in statuses(settings, first.manifest)} == {INDEXED}

    bad = tmp_path / "trasig.pdf"
    bad.write_bytes(b"%PDF-1.4\n trasig")
    shutil.copy(bad, settings.corpus / "trasig.pdf")
    name, _ = admin.add_document(
        settings, new_pdf(tmp_path), "ny.pdf", CatalogFields("Ny", "uppföljning", 2025)
    )
    admin.remove_document(settings, "b.pdf")
    rows = {r.file: r.status for r in statuses(settings, first.manifest)}
    assert rows["ny.pdf"] == WAITING and rows["b.pdf"] == REMOVED
    assert job.start()
    state = job.wait(60)
    assert state.report.added == ("ny.pdf",) and state.report.removed == ("b.pdf",)
    assert "skadad" in state.failures["trasig.pdf"]
    second = reader.snapshot()
    assert second.build_id != first.build_id and "ny.pdf" in second.manifest["files"]
    rows = {r.file: r.status for r in statuses(settings, second.manifest, state.failures)}
    assert rows == {"a.pdf": INDEXED, "c.pdf": INDEXED, "ny.pdf": INDEXED, "trasig.pdf": FAILED}


def test_a_failing_run_reports_in_swedish(settings):
    def boom(*_a, **_k):
        from ingest.errors import IngestError

        raise IngestError("another ingestion is already running on index")

    job = IngestJob(settings, FakeEmbedder(), runner=boom)
    job.start()
    state = job.wait(10)
    assert "En annan inläsning pågår redan" in state.error and not state.running


def _encrypted(tmp_path, source):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=source)
    writer.encrypt(user_password="hemligt", owner_password="ägare", algorithm="AES-128")
    out = tmp_path / "krypterad.pdf"
    with out.open("wb") as fh:
        writer.write(fh)
    return out


def _scan(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = tmp_path / "skannad.pdf"
    c = canvas.Canvas(str(out), pagesize=A4)
    for _ in range(2):
        c.rect(50, 50, 400, 600, fill=1)
        c.showPage()
    c.save()
    return out


def test_catalog_round_trip_of_odd_titles(tmp_path):
    catalog = tmp_path / "catalog.toml"
    for title in ['Citat "inne"', "Bak\\snedstreck", "Å Ä Ö – ”typografiska”", "\u2028rad"]:
        admin.set_catalog_entry(catalog, {"file": "x.pdf", "title": title, "doc_type": "övrigt"})
        data = tomllib.loads(catalog.read_text(encoding="utf-8"))
        assert data["document"] == [{"file": "x.pdf", "title": title, "doc_type": "övrigt"}]


def test_every_reading_refusal_has_a_swedish_sentence():
    from ui.services.admin import swedish_reason

    memory = swedish_reason("needs more than 2 GB of memory to read (MemoryError)", 50)
    slow = swedish_reason("reading took more than 60 s and was stopped", 50)
    assert "minne" in memory and "lång tid" in slow
