"""Bad input is refused with a reason a person understands; good input loads page by page."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import PdfRejected
from ingest.load import load_pdf
from tests.conftest import REALPDFS_MORE, make_pdf


def test_pages_are_numbered_from_one(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", ["Första sidan om Borås.", "Andra sidan om Norrby."])
    loaded = load_pdf(pdf)
    assert [p.number for p in loaded.pages] == [1, 2]
    assert "Norrby" in loaded.pages[1].text


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"PK\x03\x04 this is a zip file renamed", "not a PDF"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "damaged"),
    ],
)
def test_bad_files_get_a_reason(tmp_path, data, reason):
    with pytest.raises(PdfRejected, match=reason):
        load_pdf(_write(tmp_path / "bad.pdf", data))


def test_truncated_pdf_is_refused(tmp_path):
    good = make_pdf(tmp_path / "good.pdf", ["Text " * 50] * 3).read_bytes()
    bad = _write(tmp_path / "cut.pdf", good[: len(good) // 3])
    with pytest.raises(PdfRejected):
        load_pdf(bad)


def test_size_limit(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", ["Text om Borås. " * 40])
    with pytest.raises(PdfRejected, match="over the limit"):
        load_pdf(pdf, max_bytes=100)


def _encrypt(src: Path, dst: Path, password: str) -> Path:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(src))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-256")
    with dst.open("wb") as fh:
        writer.write(fh)
    return dst


def test_encrypted_with_empty_password_opens(tmp_path):
    src = make_pdf(tmp_path / "a.pdf", ["Hemlig men öppen text om Borås."])
    loaded = load_pdf(_encrypt(src, tmp_path / "enc.pdf", ""))
    assert "öppen text" in loaded.pages[0].text


def test_encrypted_with_password_is_refused(tmp_path):
    src = make_pdf(tmp_path / "a.pdf", ["Hemlig text."])
    with pytest.raises(PdfRejected, match="password"):
        load_pdf(_encrypt(src, tmp_path / "enc.pdf", "hemligt"))


def test_pages_without_text_are_reported(tmp_path):
    pdf = make_pdf(
        tmp_path / "a.pdf",
        ["Text på första sidan om Borås Stad.", "", "Tredje sidan har text igen."],
    )
    loaded = load_pdf(pdf)
    assert any("no text layer on pages 2" in w for w in loaded.warnings)


def test_scan_without_any_text_is_refused(tmp_path):
    pdf = make_pdf(tmp_path / "scan.pdf", ["", ""])
    with pytest.raises(PdfRejected, match="no text layer"):
        load_pdf(pdf)


@pytest.mark.skipif(not REALPDFS_MORE.exists(), reason="../shared/realpdfs_more is absent")
def test_real_aes_encrypted_files_open_with_empty_password():
    for name in (
        "ssm_ssmfs-2008-18-elektromagnetiska-falt-encrypted.pdf",
        "ssm_ssmfs-2008-48-uv-stralning-encrypted.pdf",
    ):
        loaded = load_pdf(REALPDFS_MORE / name)
        assert sum(len(p.text) for p in loaded.pages) > 1000
