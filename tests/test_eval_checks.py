"""The evaluation's independent check of "not mentioned" statements errs towards presence."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.answer.scope.coverage import forms as _forms
from assistant.answer.scope.coverage import present
from assistant.eval.absence import AbsenceCheck
from tests.conftest import CORPUS


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
