"""Unit tests of the answer step's logic: query expansion and the checks that decide a refusal."""

from __future__ import annotations

from assistant.refuse import unsupported
from assistant.synonyms import expand


def test_everyday_words_get_the_documents_words():
    assert "sammanträde" in expand("Hur ofta har kommunstyrelsen möte?")
    assert "sysselsättning" in expand("Hjälper kommunen folk att få jobb?")
    assert "utländsk bakgrund" in expand("Är barn med invandrarbakgrund oftare fattiga?")


def test_a_question_without_everyday_words_is_left_alone():
    q = "Vilka tre målområden har Socialt hållbart Borås?"
    assert expand(q) == q


def test_how_many_needs_the_counted_thing_in_the_passage():
    shown = "Kommunstyrelsen beslutar att anta programmet med fyra fokusområden: Möta den 1 akuta hemlösheten."
    why = unsupported("Hur många röstade för programmet?", shown, shown)
    assert "röstade" in why
    counted = "Kommundel  Antal barn 0-17 år\nNorrby  1 850"
    assert unsupported("Hur många barn bor på Norrby?", counted, "Norrby  1 850") == ""


def test_a_cost_question_needs_money_not_any_decimal_number():
    shown = "Altan som byggs inom 3,6 meter från huset och inte är högre än 1,8 meter."
    assert "money" in unsupported("Vad kostar ett bygglov för en altan?", shown, shown)
    paid = "Avgiften för bygglov för en altan är 4 500 kronor."
    assert unsupported("Vad kostar ett bygglov för en altan?", paid, paid) == ""


def test_a_footnote_marked_in_the_answer_comes_with_it():
    from assistant.extract import _footnotes_for

    units = [
        "Trångboddhet påverkar barn.",
        "I välfärdsbokslutet mäts 3 trångboddhet enligt norm 2.",
        "Tabellen visar andelen per kommundel.",
        "Övrig text om annat.",
        "3 Enligt norm 2 är ett hushåll trångbott med fler än två personer per sovrum.",
        "4 En annan fotnot.",
    ]
    assert _footnotes_for(units, 0, 3, {1}) == [4]
    assert _footnotes_for(units, 0, 3, {0}) == []  # the marked sentence has no marker
