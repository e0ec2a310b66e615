"""Text repair and structure-aware chunking, on hand-made pages whose right answer is known."""

from __future__ import annotations

import re

from ingest.catalog import doc_meta
from ingest.chunk import HARD_MAX_CHARS, MAX_CHARS, chunk_document
from ingest.clean import clean_pages
from ingest.structure import blocks_of, heading_level
from ingest.text.sentences import split_sentences
from ingest.types import Page


def pages_of(*texts: str) -> list[Page]:
    return [Page("x.pdf", n, t) for n, t in enumerate(texts, start=1)]


def test_running_headers_footers_and_page_numbers_are_dropped():
    pages = pages_of(
        *[
            f"Välfärdsbokslut 2021\n{word} är ämnet här.\nMer om {word} följer.\nSida {n} av 5"
            for n, word in enumerate(["Skolan", "Boendet", "Arbetet", "Hälsan", "Tryggheten"], 1)
        ]
    )
    cleaned = clean_pages(pages)
    for page in cleaned:
        assert "Välfärdsbokslut 2021" not in page.text
        assert "Sida" not in page.text.split("\n")[-1]
        assert "är ämnet här." in page.text and "Mer om" in page.text


def test_the_running_lines_taken_off_are_kept_once_each_for_the_manifest():
    """What cleaning drops as running headers is still the document's text: 'Dokumenten nämner
    inte ...' must not say so of a word that stands over every page."""
    from ingest.clean import running_lines

    pages = pages_of(
        *[
            f"Bygglovsenhetens Stödprocess\n{word} är ämnet här.\nMer om {word} följer.\nSida {n} av 5"
            for n, word in enumerate(["Skolan", "Boendet", "Arbetet", "Hälsan", "Tryggheten"], 1)
        ]
    )
    assert running_lines(pages) == ["Bygglovsenhetens Stödprocess"]
    assert running_lines(pages_of("En sida.", "En annan sida.")) == []


def test_hyphenation_joined_but_suspended_compounds_kept():
    (page,) = clean_pages(
        pages_of("Kommunen ska ut-\nveckla arbetet med förskole-\noch skolverksamhet.")
    )
    assert "utveckla" in page.text
    assert "förskole-\noch" in page.text


def test_ligatures_and_nbsp_normalised():
    (page,) = clean_pages(pages_of("e\ufb00ekt och \ufb01nansiering\u00a0i Borås"))
    assert page.text == "effekt och finansiering i Borås"


def test_justified_prose_loses_its_wide_gaps_but_table_rows_keep_their_columns():
    (page,) = clean_pages(
        pages_of(
            "och    välbalanserad    kompletterande    nationell    reglering    om\n"
            "Korsavads simhall    Stängt    Stängt    Stängt\n"
            "Sjöbo    17,6    18,3    18,9\n"
            "Ej aktuellt    aktuellt    aktuellt    aktuellt"
        )
    )
    assert page.text.split("\n") == [
        "och välbalanserad kompletterande nationell reglering om",
        "Korsavads simhall  Stängt  Stängt  Stängt",
        "Sjöbo  17,6  18,3  18,9",
        "Ej aktuellt  aktuellt  aktuellt  aktuellt",
    ]


def test_heading_levels():
    assert heading_level("2.3 Målområde Bostäder och närmiljö") == 2
    assert heading_level("1 Inledning") == 1
    assert heading_level("12 § Justering av protokoll") == 5
    assert heading_level("2021 var ett år då mycket hände.") == 0
    assert heading_level("3 000 personer svarade på enkäten.") == 0
    assert heading_level("8 § kan göras för dessa produkter gemensamt.") == 0  # about a §
    assert heading_level("Bilaga 2") == 1 and heading_level("KAPITEL 9 Tillsyn") == 1
    assert heading_level("bilaga 7 till denna författning,") == 0  # a sentence going on


def headings(*lines: str) -> list[tuple[int, str]]:
    blocks = blocks_of(pages_of("\n".join(lines)))
    return [(b.level, b.text) for b in blocks if b.kind == "heading"]


# Lines from real agency PDFs that used to become chapter headings and label dozens of chunks
def test_numbered_lines_that_run_on_as_prose_or_list_items_are_not_headings():
    body = "Här följer en vanlig mening i brödtexten om arbetet."
    assert (
        headings(
            "39 § gäller om detaljplanearbeten antogs av kommunen före 1 juli 1987 (och inte "
            "länsstyrelsen), då",
            "plan- och bygglagen trädde ikraft, och det inte finns någon bestämmelse.",
        )
        == []
    )
    assert (
        headings(
            "11. Användning av utrustning för brandsläckning och första hjälpen samt övriga "
            "åtgärder för första",
            "hjälpen.",
            body,
        )
        == []
    )
    assert (
        headings(
            "3. Risk för läckage av kemiska riskkällor ska kontrolleras och åtgärdas. (AFS 2014:43)",
            body,
        )
        == []
    )
    assert headings("1. Tillsammans med en beskrivning av pågående arbete och de", body) == []
    assert headings("Utredaren får nu dessutom i uppdrag att", "analysera frågan. " + body) == []


def test_titles_wrapped_over_two_lines_or_ending_in_a_particle_stay_headings():
    body = "Här följer en vanlig mening i brödtexten om arbetet."
    assert headings("5 Målområde 1: En god start i livet och goda", "uppväxtvillkor", body) == [
        (1, "5 Målområde 1: En god start i livet och goda")
    ]
    assert headings("8.1 Vad områdesutveckling är", body) == [(2, "8.1 Vad områdesutveckling är")]
    assert headings("11.2 Vad välfärdsbokslutet pekar på", body) == [
        (2, "11.2 Vad välfärdsbokslutet pekar på")
    ]
    assert headings("12 § Justering av protokoll", body) == [(5, "12 § Justering av protokoll")]


def test_an_article_title_after_a_one_line_paragraph_is_a_heading():
    # a guide of short articles, each closed by a date line with no full stop
    pages = pages_of(
        "Garage\nPlacering mot gata. Följ detaljplanens bestämmelser.\n\nArtikel uppdaterad 2022-06-01",
        "Grannehörande\nAvgiften för grannehörande ska tas ut även om ansökan dras tillbaka.\n\n"
        "Artikel uppdaterad 2023-03-30\nSkärmtak\nEtt skärmtak kragar ut från en byggnad och bär sig.\n\n"
        "Artikel inlagd 2018-01-31\nArtikeln uppdaterad 2023-03-13",
        "Altan\nAltan som byggs inom 3,6 meter från ett bostadshus kräver inget bygglov.",
    )
    titles = [b.text for b in blocks_of(pages) if b.kind == "heading"]
    assert titles == ["Garage", "Grannehörande", "Skärmtak", "Altan"]
    # no title: the first line after a heading, a line with a comma, a line the next one goes on
    prose = pages_of(
        "Text.\n\n1 Inledning\nKommunstyrelsen sammanträder\nNormalt varannan måndag i Stadshuset.",
        "Text.\n\nArtikel uppdaterad 2023-03-30\nMålområdet, som heter Bostäder\nDet handlar om boendet.",
        "Text.\n\nArtikel uppdaterad 2023-03-30\nDessa föreskrifter träder i kraft\nden 1 juli 2017 och gäller.",
    )
    assert [b.text for b in blocks_of(prose) if b.kind == "heading"] == ["1 Inledning"]


def test_sentences_not_cut_at_abbreviations():
    text = "Arbetet gäller bl.a. Norrby. Det ska t.ex. ske i skolan. Klart!"
    assert split_sentences(text) == [
        "Arbetet gäller bl.a. Norrby.",
        "Det ska t.ex. ske i skolan.",
        "Klart!",
    ]


def _chunks(*texts: str):
    pages = clean_pages(pages_of(*texts))
    return chunk_document(doc_meta("x.pdf", None, "Testdokument", pages), pages)


def test_chunks_follow_sections_and_keep_provenance():
    long = " ".join(f"Mening nummer {i} handlar om förskolan." for i in range(40))
    chunks = _chunks(
        f"1 Inledning\n{long}", f"2 Bostäder\n{long}\n2.1 Hemlöshet\nIngen ska vara hemlös."
    )
    assert all(c.title == "Testdokument" and c.file == "x.pdf" for c in chunks)
    first = chunks[0]
    assert first.section == "1 Inledning" and first.page_start == 1
    assert any(c.section.startswith("2 Bostäder") and c.page_start == 2 for c in chunks)
    last = chunks[-1]
    assert "Ingen ska vara hemlös." in last.text and last.page_end == 2
    assert [c.chunk_index for c in chunks] == list(range(len(chunks)))
    assert len({c.id for c in chunks}) == len(chunks)


def test_no_sentence_is_cut_and_sizes_are_bounded():
    sentences = [
        f"Detta är mening {i} om livsvillkor i Borås och dess områden." for i in range(200)
    ]
    chunks = _chunks(" ".join(sentences[:100]), " ".join(sentences[100:]))
    joined = [s for c in chunks for s in split_sentences(c.text)]
    assert set(sentences) <= set(joined)
    assert all(len(c.text) <= HARD_MAX_CHARS for c in chunks)
    assert max(len(c.text) for c in chunks) <= MAX_CHARS + 100


def test_sentence_across_a_page_break_spans_both_pages():
    chunks = _chunks(
        "1 Rubrik\nEn mening som börjar här och", "fortsätter på nästa sida. Sedan en till."
    )
    assert chunks[0].page_start == 1 and chunks[0].page_end == 2
    assert "En mening som börjar här och fortsätter på nästa sida." in chunks[0].text
    # its units are the sentence's pieces, each on its page: a quote is cited from one page
    units = [(chunks[0].text[u.start : u.end], u.page) for u in chunks[0].units]
    assert ("En mening som börjar här och", 1) in units
    assert ("fortsätter på nästa sida.", 2) in units


def test_a_sentence_over_a_page_break_is_packed_whole_into_one_chunk():
    """Its pieces weigh what the whole sentence weighs: the chunk is cut before it, not in it
    (here the first piece would still fit beside the sentences before it, the whole would not)."""
    before = " ".join(f"Mening nummer {i} handlar om livsvillkor i Borås." for i in range(26))
    more = " ".join(f"Sedan mening {i} om skolan." for i in range(10))
    chunks = _chunks(
        f"{before} Och {'a' * 70}. En lång mening som börjar på första sidan och",
        f"slutar på den andra sidan. {more}",
    )
    whole = "En lång mening som börjar på första sidan och slutar på den andra sidan."
    assert len(chunks) == 2 and whole in chunks[1].text


def test_table_rows_stay_together_with_their_header():
    rows = "\n".join(f"Område {i:02d}      {10 + i},5      {20 + i},1" for i in range(90))
    chunks = _chunks(
        f"3 Trångboddhet\nTabell 4. Trångboddhet per område\nOmråde      2019      2021\n{rows}"
    )
    table_chunks = [c for c in chunks if re.search(r"Område \d\d  ", c.text)]
    assert len(table_chunks) >= 2
    for c in table_chunks:
        lines = [ln for ln in c.text.split("\n") if ln.startswith("Område ")]
        assert all(
            re.fullmatch(r"Område \d\d  \d+,5  \d+,1", ln) for ln in lines[1:] if ln[7:9].isdigit()
        )
    continued = table_chunks[1]
    assert continued.text.split("\n")[0].startswith("Område  2019  2021")


def test_dates_spread_like_columns_are_joined():
    from ingest.clean import _normalise_lines

    line = "Artikel inlagd 2018-      01-      31, uppdaterad 2023-03-  13; 5 - 7 dagar"
    assert _normalise_lines(line) == [
        "Artikel inlagd 2018-01-31, uppdaterad 2023-03-13; 5 - 7 dagar"
    ]


def test_a_raised_footnote_marker_between_a_sentences_lines_is_dropped():
    body = "Beslutet gäller fyra fokusområden: Möta den\n1\nakuta hemlösheten samt Steget vidare."
    table = "Område  2019  2021\nNorrby\n1\nHässleholmen  12  14"
    ended = "Beslutet fattades.\n2\nnästa stycke börjar med gemen"
    tail = "\n".join(f"Rad {i} av sidans sista stycke." for i in range(5))
    (page,) = clean_pages([Page("a.pdf", 1, f"{body}\n\n{table}\n\n{ended}\n{tail}")])
    assert "Möta den\nakuta hemlösheten" in page.text
    assert "Norrby\n1\nHässleholmen" in page.text  # a table cell, not a marker
    assert "fattades.\n2\nnästa" in page.text  # a sentence that ended: a number of its own


def test_the_demo_minutes_read_without_their_footnote_marker_inside_the_decision():
    from pathlib import Path

    from ingest.load import load_pdf

    pdf = (
        Path(__file__).parent.parent
        / "corpus"
        / "ks-protokollsutdrag-2023-11-20-program-mot-hemloshet.pdf"
    )
    text = " ".join(clean_pages(list(load_pdf(pdf).pages))[0].text.split())
    assert "Möta den akuta hemlösheten samt Steget vidare till egen bostad.1" in text


def test_a_footnote_marker_glued_to_its_word_stands_apart():
    from ingest.clean import _normalise_lines

    lines = "Myndigheten föreskriver1 följande\nstatistikområden1. Tillsammans"
    assert _normalise_lines(lines) == [
        "Myndigheten föreskriver 1 följande",
        "statistikområden 1. Tillsammans",
    ]
    # codes, units and years keep their digits; a marker after a stop stays where it stands,
    # since only spaces may be added (a quote must stand in the PDF's own text)
    kept = "CO2 och PM10, 25 m2, utgåva 2018.1 och egen bostad.1"
    assert _normalise_lines(kept) == [kept]
