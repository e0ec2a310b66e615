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


# What kind of answer a question wants, from how it is put; the first that matches wins.
_KINDS = (
    ("definition", _DEFINITION),
    ("definition", _NAME_ASKED),
    ("assessment", PROGRESS),
    (
        "when",
        re.compile(
            r"\b(?:när|sedan när|vilket år|vilka år|vilket datum|vilken dag|hur länge|hur ofta"
            r"|senast när|when|what year|which year|what date|by what date|how long|how often)\b",
            re.I,
        ),
    ),
    (
        "amount",
        re.compile(
            r"\b(?:hur (?:mycket|många|stor|stort|stora|lång|långt|hög|högt|djup|gammal)"
            r"|vad kosta\w*|hur mycket kosta\w*|vilken (?:andel|nivå|höjd|storlek|summa)|andel\w*"
            r"|antal\w*|procent|how (?:much|many|high|large|big|old)|what (?:share|percentage"
            r"|proportion|amount|level))\b",
            re.I,
        ),
    ),
    (
        "who",
        re.compile(
            r"\b(?:vem|vilka (?:personer|aktörer)|vilken (?:nämnd|förvaltning|myndighet|organisation"
            r"|aktör|chef)|vilka (?:nämnder|förvaltningar|myndigheter|organisationer)|vem\w*|who"
            r"|which (?:committee|department|authority|organisation|organization|body))\b",
            re.I,
        ),
    ),
    (
        "why",
        re.compile(r"\b(?:varför|av vilken anledning|vad är syftet|why|for what reason)\b", re.I),
    ),
    (
        "list",
        re.compile(
            r"\b(?:vilka|vad ingår|vilka delar|vad ska \w+ innehålla|which|what are|list)\b", re.I
        ),
    ),
    ("how", re.compile(r"\b(?:hur|how)\b", re.I)),
)
# a question that opens with a verb asks yes or no ("Måste jag ha bygglov ...?")
_YES_NO = re.compile(
    r"^(?:får|måste|behöver|kan|finns|fanns|ska|skall|har|hade|är|var|gäller|räknas|blir|krävs"
    r"|is|are|does|do|did|can|must|should|has|have|was|were|will)\b",
    re.I,
)


def asked_kind(question: str) -> str:
    """What the question wants: definition, assessment, when, amount, who, why, list, how,
    yesno, or what (anything else)."""
    last = re.split(r"(?<=[.!])\s+", question.strip())[-1]  # context sentences come first
    for kind, pattern in _KINDS:
        if pattern.search(last):
            return kind
    return "yesno" if _YES_NO.match(last) else "what"
