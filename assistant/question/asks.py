"""What a question asks for, read from how it is put: the meaning of a term ("Vad menas med
effektmål?"), what a name is ("Vad är DeSO?"), how something is going ("Hur går det med ...?")."""

from __future__ import annotations

import re

from assistant.patterns import DECADE
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


_NUMBER = re.compile(r"(?<![\w,])\d+(?:[.,:]\d+)*(?![\w,])")
# "Min pappa är 78 och ...", "I am 45": the asker's context, not a figure the documents must hold
_AGE = re.compile(
    r"\b(?:jag|han|hon|vi|min|mitt|mina|vår|vårt|våra|hans|hennes|my|our|he|she|we|(?-i:I))\b"
    r"(?:\s+[\wåäö]+){0,2}?(?:\s+(?:är|fyller|blir|blev|var|am|is|was|turns?)|'m|'s)"
    r"\s+(\d{1,3})\b"
    r"(?!\s*(?:%|procent|kronor|kr|meter|m\b|kvm|percent))",
    re.I,
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)(\w+)")
_IGNORE_CAPS = {
    "I",
    "Vad",
    "Vilka",
    "Vilken",
    "Vem",
    "Hur",
    "När",
    "Var",
    "Varför",
    "What",
    "Which",
    "Who",
    "How",
    "When",
    "Why",
    "Where",
    "In",
    "The",
    "Is",
    "Are",
    "Does",
    "Do",
    "According",
}


def specific_terms(question: str, lang: str = "sv") -> list[str]:
    """Numbers, years and names: terms that must occur in the evidence for an answer to exist.

    In an English question only capitalised words with Swedish letters (Borås, Göteborg) count
    as names; "March" or "Board" are English words, not names the documents use.
    """
    ages = {m.group(1) for m in _AGE.finditer(question)}
    terms = [n for n in _NUMBER.findall(DECADE.sub(" ", question)) if n not in ages]
    starts = set(_SENTENCE_START.findall(question))
    for word in re.findall(r"\b[A-ZÅÄÖ][\wåäöÅÄÖ-]+", question):
        if word in starts or word in _IGNORE_CAPS:
            continue
        if lang == "en" and not re.search("[åäöÅÄÖ]", word):
            continue  # an English capitalised word is rarely a name the documents use
        if word.isupper() and len(word) <= 4:
            continue  # abbreviations (EU, SKR) are often written out in the documents
        terms.append(word)
    return terms
