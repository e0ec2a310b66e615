"""Running text cut into sentences, never inside a common Swedish abbreviation."""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "t.ex",
    "bl.a",
    "s.k",
    "m.m",
    "dvs",
    "ca",
    "nr",
    "kap",
    "jfr",
    "resp",
    "enl",
    "f.d",
    "p.g.a",
    "o.d",
    "m.fl",
    "st",
    "tel",
    "e.d",
    "d.v.s",
    "fr.o.m",
    "t.o.m",
    "s",
    "prop",
    "sfs",
    "e.g",
    "i.e",
    "etc",
    "ff",
    "kl",
    "jan",
    "feb",
    "aug",
    "sept",
    "okt",
    "nov",
    "dec",
}


def sentence_spans(flat: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a whitespace-collapsed text; never inside an abbreviation."""
    spans, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+[\"'”(A-ZÅÄÖÉ0-9])", flat):
        word = flat[start : m.start()].rsplit(" ", 1)[-1].lower().lstrip("(")
        if word in _ABBREVIATIONS or re.fullmatch(r"[a-zåäö]", word):
            continue
        spans.append((start, m.end()))
        start = m.end() + 1
    if flat[start:].strip():
        spans.append((start, len(flat)))
    return [(a, b) for a, b in spans if flat[a:b].strip()]


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences without cutting at common Swedish abbreviations."""
    flat = re.sub(r"\s+", " ", text).strip()
    return [flat[a:b].strip() for a, b in sentence_spans(flat)]
