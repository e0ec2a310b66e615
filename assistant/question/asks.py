"""What a question asks for, read from how it is put: the meaning of a term ("Vad menas med
effektmål?"), what a name is ("Vad är DeSO?"), how something is going ("Hur går det med ...?")."""

from __future__ import annotations

import re

from ingest.lexical import tokens

# what a question asks the meaning of: "Vad menas med effektmål i ...?", "Vem är ordförande?"
_DEFINITION = re.compile(
    r"\b(?:vad (?:räknas som|menas med|avses med|betyder)|hur definieras|vad är (?:en|ett)"
    r"|vem (?:är|var)(?=\s+(?:ordförande|vice ordförande|förvaltningschef|sekreterare|justerare"
    r"|stadsdirektör|kommundirektör|processledare|nämndsekreterare|chef)\b)"
    r"|what (?:is meant by|counts as)|how is|what is an?)\s+(?:(?:a|an|the)\s+)?(.+?)"
    r"(?:\s+(?:enligt|i|in|under|according|defined)\b|[?,]|$)",
    re.I,
)


def defined_term(question: str) -> tuple[str, ...]:
    """The words of the term whose meaning the question asks ("Vad menas med effektmål i ...?")."""
    m = _DEFINITION.search(question)
    return tuple(tokens(m.group(1))) if m else ()


_NAME_ASKED = re.compile(r"\b[Vv]ad är\s+([A-ZÅÄÖ][^?,]*?)(?:\s+(?:enligt|i)\b|[?,]|$)")


def named_term(question: str) -> tuple[str, ...]:
    """The name whose meaning the question asks ("Vad är Socialt hållbart Borås?", "Vad är
    DeSO?"): sentences that start with it and say what it is answer it; there is no glossary to
    fetch it from, and a title line "Socialt hållbart Borås – utökning ..." defines nothing."""
    m = _NAME_ASKED.search(question)
    return tuple(tokens(m.group(1))) if m else ()


def definition_frame(question: str) -> frozenset[str]:
    """The words that ask for a meaning ("menas" in "Vad menas med medskapande?"): how the
    question is put, not what the passage must hold."""
    m = _DEFINITION.search(question)
    return frozenset(tokens(question[m.start() : m.start(1)])) if m else frozenset()


# a question after how something is going, not what it is
PROGRESS = re.compile(
    r"\b(hur går det|hur har det gått|hur långt har|hur ligger (?:vi|borås|kommunen|staden) till"
    r"|har (?:målet|målen|det) (?:nåtts|uppnåtts)|blir det bättre|har det blivit (?:bättre|sämre)"
    r"|går (?:det|utvecklingen) åt rätt håll|hur ser utvecklingen ut|how (?:is|are) .{0,60}going"
    r"|what progress|progress (?:on|towards?))",
    re.I,
)


def progress_frame(question: str) -> frozenset[str]:
    """The words that ask how something is going ("går" in "Hur går det med ...?"): how the
    question is put, not what the passage must hold."""
    m = PROGRESS.search(question)
    return frozenset(tokens(m.group(0))) if m else frozenset()
