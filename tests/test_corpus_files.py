"""Only the corpus folder's own PDFs can be served: no other folder, no other file type."""

from __future__ import annotations

import os

import pytest

from ui.services.corpus_files import resolve_pdf


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "rapport 2023.pdf").write_bytes(b"%PDF-1.4 test")
    (folder / "catalog.toml").write_text("[[document]]\n")
    (folder / ".hidden.pdf").write_bytes(b"%PDF-1.4")
    (folder / ".removed").mkdir()
    (folder / ".removed" / "old.pdf").write_bytes(b"%PDF-1.4")
    (folder / "sub").mkdir()
    (folder / "sub" / "inner.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    os.symlink(tmp_path / "secret.pdf", folder / "link-out.pdf")
    os.symlink(folder / "rapport 2023.pdf", folder / "link-in.pdf")
    return folder


def test_a_pdf_of_the_folder_is_found(corpus):
    assert resolve_pdf(corpus, "rapport 2023.pdf") == (corpus / "rapport 2023.pdf").resolve()
    assert resolve_pdf(corpus, "link-in.pdf") == (corpus / "rapport 2023.pdf").resolve()


@pytest.mark.parametrize(
    "name",
    [
        "",
        "../secret.pdf",
        "..",
        "sub/inner.pdf",
        ".removed/old.pdf",
        ".hidden.pdf",
        "catalog.toml",
        "link-out.pdf",  # a symlink that leads out of the folder
        "/etc/passwd",
        "\\..\\secret.pdf",
        "%2e%2e%2fsecret.pdf",  # still encoded: no such file
        "missing.pdf",
        "rapport 2023.pdf\x00.toml",
        "C:secret.pdf",
    ],
)
def test_everything_else_is_refused(corpus, name):
    assert resolve_pdf(corpus, name) is None
