"""The evaluation's independent check of "not mentioned" statements errs towards presence."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.answer.scope.coverage import forms as _forms
from assistant.answer.scope.coverage import present
from assistant.eval.absence import AbsenceCheck
from tests.conftest import CORPUS, REALPDFS


def test_a_word_counts_as_present_in_any_inflection_compound_or_without_marks():
    assert present("mandat", _forms("Kommunfullmäktigemandaten fördelas efter valet."))
    assert present("hemloshet", _forms("Programmet mot hemlöshet antogs."))
    assert present("sammanträden", _forms("Nämnden sammanträder varannan måndag."))
    assert not present("försörjningsstöd", _forms("Ekonomiskt bistånd betalas ut."))
    assert present("Korsavads simhall", _forms("Simhallen i Korsavad."))


def test_absence_in_the_library_is_read_from_the_pdfs_themselves():
    check = AbsenceCheck(CORPUS)
    reply = SimpleNamespace(lead="", context="", citations=())
    assert check.absent("fjällräv", "documents", reply)
    assert not check.absent("hemlöshet", "documents", reply)
    cited = SimpleNamespace(lead="Nämnden sammanträder i Stadshuset.", context="", citations=())
    assert check.absent("mandat", "cited", cited) and not check.absent("stadshuset", "cited", cited)


@pytest.mark.skipif(not REALPDFS.is_dir(), reason="the real PDFs are not beside the project")
def test_the_citation_check_reads_the_page_afresh_without_its_running_lines():
    """NFS 2007:10 sets "(NFS 2014:23)" at the edge of many pages; ingestion takes it off, so
    the sentences either side of it are quoted as one. The check finds them so, and still finds
    no text that is not on the page."""
    from assistant.eval.metrics import PdfPages

    pages = PdfPages(REALPDFS)
    nfs = "naturvardsverket_nfs_2007_10.pdf"
    quote = "de år de används. De allmänna råden NFS 2004:17 och NFS 2004:18 upphör att gälla."
    assert pages.holds(quote, nfs, 11)
    made_up = "de år de används. De allmänna råden NFS 2004:17 gäller fortfarande."
    assert not pages.holds(made_up, nfs, 11)
    assert pages.running["naturvardsverket_nfs_2007_10.pdf"] == ["(nfs2014:23)"]
