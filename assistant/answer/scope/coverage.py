"""What the documents do not cover: the question's words that stand nowhere in the library, or
not in the passages a reply cites, and a question about today answered with a dated fact.

A word counts as present where any word of the text holds its stem (also inside a compound:
"mandat" in "mandatperiod") or, typed without å, ä, ö, the same folded; so a statement that a word
is absent errs towards silence, and the evaluation checks every one against the PDFs afresh.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.patterns import YEAR
from assistant.question.spelling import english_zipf as english
from assistant.question.spelling import swedish
from assistant.question.synonyms import official_words
from assistant.retrieval.index import Snapshot
from ingest.lexical import tokens

_FOLD = str.maketrans("åäöéü", "aaoeu")
_WORD = re.compile(r"[^\W\d_][\w-]*|(?:19|20)\d\d", re.UNICODE)
# words of how a question is put, or of the asker's situation, not of what it is about
_FRAME = frozenset(
    tokens(
        "vad vilka vilken vilket vem vems hur när var varför finns fanns får måste kan ska skulle"
        " gäller göra gör gjorde ha har hade bli blir blev jag du vi ni min mitt mina vår vårt våra"
        " man någon något några inte också enligt dokumenten dokumentet kommunen kommun staden stad"
        " borås stads fråga frågor undrar vill veta säger står beskrivs berättar nämner sägs"
        " what which who whom when where why how does do did is are was were can could should"
        " the a an of in on for to and or about according documents say says"
        " egentligen verkligen faktiskt ungefär typ slags sorts minns tror tycker"
        " flest fler flera mest minst många mycket hela alla"
    )
)
COMMON_ZIPF = 4.6  # a word commoner than this in Swedish (wordfreq) says little of the topic
ENGLISH_ZIPF = 3.0  # a capitalised word this common in English is no name the documents use
# a question about today: the documents report a year, which the reply should name
TODAY = re.compile(
    r"\b(?:i år|i dag|idag|nu|just nu|numera|fortfarande|i nuläget|aktuell\w*|this year|today"
    r"|now|currently|at present|still)\b",
    re.I,
)


# kinds of thing a citizen asks for that the documents seldom state: the question's cue, and what
# a passage that states it holds (a procedure: how to apply; contact: a number, an address)
ASKED_KINDS = {
    "procedure": (
        re.compile(
            r"\bhur (?:ansöker|söker|anmäler|bokar|gör|ska) (?:jag|man|vi|ni|en \w+|ett \w+)\b"
            r"|\bhow (?:do|can|should) (?:i|we|you) (?:apply|book|register|report)\b",
            re.I,
        ),
        re.compile(r"\b(?:ansök\w*|anmäl\w*|blankett\w*|e-tjänst\w*|bok(?:a|ar|ning)\w*)", re.I),
    ),
    "contact": (
        re.compile(
            r"\b(?:öppettider|öppet|telefonnummer|telefon|ringa|adress\w*|e-post|mejl\w*"
            r"|opening hours|open|phone|address|e-?mail)\b",
            re.I,
        ),
        re.compile(
            r"\b0\d{1,3}[- ]?\d{2,3}[ -]?\d{2}[ -]?\d{2}\b|[\w.]+@[\w.]+\.\w+|kl\.? ?\d", re.I
        ),
    ),
    "cost": (
        re.compile(
            r"\b(?:kostar|kostade|kosta|kostnaden|avgift\w*|priset|fee|fees|cost|costs|price)\b",
            re.I,
        ),
        re.compile(r"\d\s?(?:kr\b|kronor|tkr|mnkr|miljoner|euro|€|sek\b|%)", re.I),
    ),
    "election": (
        re.compile(
            r"\b(?:parti\w*|mandat\w*|valet|valresultat\w*|röstade|röster|election|party|seats"
            r"|votes)\b",
            re.I,
        ),
        re.compile(r"\b(?:mandat|röster|valresultat\w*|rösterna|valdeltagande\w*)\b", re.I),
    ),
}


@dataclass(frozen=True)
class Gaps:
    """The question's words the library or the cited passages lack, and how much they weigh."""

    library: tuple[str, ...]  # as typed, absent from every document
    cited: tuple[str, ...]  # as typed, in the library but not in the passages cited
    names: int  # capitalised words or years among them
    dated: int | None  # the year a question about today is answered for
    kinds: tuple[str, ...] = ()  # kinds of thing asked for (procedure, contact, election) not given
    cues: tuple[str, ...] = ()  # the question's words that ask for them, absent where cited


def forms(text: str) -> set[str]:
    """Stems of a text, also with å, ä, ö folded: what presence is judged against."""
    stems = set(tokens(text))
    return stems | {s.translate(_FOLD) for s in stems}


def present(word: str, have: set[str], joined: str = "") -> bool:
    """Whether the word (any inflection, or inside a compound) or an official word for it
    stands among the forms of a text; `joined` is the same forms as one string, for compounds."""
    for candidate in [word, *official_words(word)]:
        stems = [s.translate(_FOLD) for s in tokens(candidate)]
        if stems and all(_holds(s, have, joined) for s in stems):
            return True
    return not tokens(word)


def _holds(stem: str, have: set[str], joined: str) -> bool:
    """The stem stands, or inside a longer word (a compound: "stöd" in "försörjningsstöd"), or
    a word stands that it is a longer form of ("korsavad" of "korsav": Snowball's stems of
    "Korsavads" and "Korsavad")."""
    if stem in have:
        return True
    if any(stem[:k] in have for k in range(max(5, len(stem) - 2), len(stem))):
        return True
    if len(stem) < 4:
        return False
    return stem in joined if joined else any(stem in f for f in have)


def content_words(question: str, lang: str = "sv") -> list[str]:
    """The question's words as typed that say what it is about: not how it is put. Of an English
    question only its names and years, since its other words are not the documents' language."""
    out = []
    for m in _WORD.finditer(question):
        word = m.group(0)
        if lang == "en" and not (word[:1].isupper() and m.start() > 0 or word.isdigit()):
            continue
        if lang == "en" and not word.isdigit() and english(word) >= ENGLISH_ZIPF:
            continue  # "Municipal Executive Board": English words, capitalised as a name
        stems = tokens(word)
        if not stems or set(stems) <= _FRAME or len(word) < 3 or TODAY.fullmatch(word):
            continue
        named = word[:1].isupper() and not _opens_sentence(question, m.start())
        if not word.isdigit() and not named and swedish(word.lower()) > COMMON_ZIPF:
            continue  # as common as "söker", "brukar", "Fick": how it is put, not what about
        if word.isupper() and len(word) <= 4:
            continue  # an abbreviation (SKR, EU) is often written out in the documents
        if word.lower() not in (w.lower() for w in out):
            out.append(word)
    return out


def _opens_sentence(text: str, start: int) -> bool:
    """Whether a word starting at `start` opens a sentence, where a capital says nothing."""
    return not text[:start].strip() or text[:start].rstrip()[-1] in ".?!:"


_LIBRARIES: dict[str, tuple[set[str], str]] = {}
_HYPHENATED = re.compile(r"(\w)- (\w)")  # in the squashed page text, a line's end is a space


def library_forms(snap: Snapshot) -> tuple[set[str], str]:
    """The forms of every word of the library and its years, once per build: its pages, its
    documents' titles and the running headers and footers ingestion took off the pages."""
    if snap.build_id not in _LIBRARIES:
        have: set[str] = set()
        for text in snap.pages.values():
            # a word hyphenated across a line counts whole as well as in its halves
            joined = _HYPHENATED.sub(r"\1\2", text)
            have |= forms(text) | forms(joined) | set(YEAR.findall(text))
        for entry in snap.manifest.get("files", {}).values():  # titles, running headers
            have |= forms(" ".join([entry.get("title") or "", *entry.get("running", ())]))
        _LIBRARIES.clear()  # one build is served at a time
        _LIBRARIES[snap.build_id] = (have, "\n".join(sorted(have)))
    return _LIBRARIES[snap.build_id]


def gaps(question: str, cited: str, snap: Snapshot, lang: str = "sv") -> Gaps:
    """The content words of the question that stand in no document, and those that stand in
    some document but not in the cited text; the year of a dated answer to a question about
    today."""
    lib_have, lib_joined = library_forms(snap)
    cited_have = forms(cited)
    cited_joined = "\n".join(sorted(cited_have))
    library, elsewhere = [], []
    for word in content_words(question, lang):
        if not present(word, lib_have, lib_joined):
            library.append(word)
        elif not present(word, cited_have, cited_joined):
            elsewhere.append(word)
    names = sum(w[:1].isupper() or w.isdigit() for w in library + elsewhere)
    kinds, cues = [], []
    for kind, (asks, states) in ASKED_KINDS.items():
        m = asks.search(question)
        if m and not states.search(cited):
            kinds.append(kind)
            cue = m.group(0).split()[-1] if kind != "procedure" else m.group(0).split()[1]
            if not present(cue, cited_have, cited_joined):
                cues.append(cue)
    dated = None
    if TODAY.search(question):
        years = [int(y) for y in YEAR.findall(cited)]
        dated = max(years) if years else None
    return Gaps(tuple(library), tuple(elsewhere), names, dated, tuple(kinds), tuple(cues))
