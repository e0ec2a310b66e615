"""A question read as the documents spell its words: typed without å, ä and ö, or with a slip.

Many askers type Swedish on a keyboard or phone without the letters ("Vilka ar malen for
Boras?"), and then every word that has them matches nothing: "hemloshet" is no word of the
documents, "malen" is not "målen". Each such word is given back the spelling the library uses
most; an inflection the library lacks ("besokte") takes the letters of the longest beginning
it shares with a library word ("besök" -> "besökte"). A long word that is no Swedish word and
one slip from a library word ("asvarar", "hemlösheen") is read as that word, and two words the
library writes as one ("process ledaren") are joined.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from assistant.question.language import detect, english_words
from assistant.tuning import (
    ENGLISH_MIN,
    JOIN_MAX_ZIPF,
    JOIN_MIN,
    MARKED_RATIO,
    MARKS_MARGIN,
    MAX_REST,
    MIN_SHARE,
    MIN_SHARED,
    SLIP_MAX,
    SLIP_MIN,
)
from ingest.lexical import tokens

_FOLD = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuAAOEU")
_WORD = re.compile(r"[^\W\d_]+")
_MARKED = re.compile("[åäöÅÄÖ]")
_ADDRESS = re.compile(r"\S+@\S+|\S*(?:https?://|www\.)\S*|\S+\.(?:se|nu|com|org|eu|pdf)\b\S*")
_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöé"
_BESIDE_NUMBER = re.compile(r"\b([^\W\d_]+) (\d+)\b|\b\d+ ([^\W\d_]+)\b")
_YEAR = re.compile(r"(?:19|20)\d\d")
_PAIR = re.compile(r"\b([^\W\d_]{3,}) ([^\W\d_]{3,})\b")


def _place(m: re.Match) -> tuple[str, str]:
    """Where a word stands beside a number: before a year, before another number, or after."""
    if m.group(3):
        return "after", m.group(3)
    return ("year" if _YEAR.fullmatch(m.group(2)) else "before"), m.group(1)


def place_in(question: str, start: int, end: int) -> str:
    """The same for the word at question[start:end] ('' when no number stands beside it)."""
    after = re.match(r" ?(\d+)", question[end:])
    if after:
        return "year" if _YEAR.fullmatch(after.group(1)) else "before"
    return "after" if re.search(r"\d ?$", question[:start]) else ""


def fold(word: str) -> str:
    return word.translate(_FOLD)


@dataclass(frozen=True)
class Spellings:
    """The library's words, counted, and how they look without å, ä and ö."""

    counts: dict[str, int]  # every word of the library, lower case
    whole: dict[str, str]  # unmarked word -> the library's marked spelling ("hemloshet")
    folded: tuple[str, ...]  # every library word unmarked, sorted, for shared beginnings
    written: tuple[str, ...]  # ... and as the library writes it, in the same order
    # (place, unmarked word) -> the marked spelling the library uses beside a number, where it
    # is not the commonest one: ("year", "ar") -> "år" ("år 2019"), ("after", "ar") -> "år"
    by_number: dict[tuple[str, str], str] = field(default_factory=dict)

    def marked(self, word: str, whole_only: bool = False, place: str = "") -> str:
        """The library's spelling of a lower-case unmarked word; the word itself if none. Beside
        a number (`place`), the spelling the library uses there ("ar 2019": "år", not the
        commoner "är"; but "ar 15", as in "min son ar 15", stays "är")."""
        if (place, word) in self.by_number:
            return self.by_number[(place, word)]
        if word in self.whole or whole_only:
            return self.whole.get(word, word)
        if word in self.counts:
            return word
        i = bisect_left(self.folded, word)
        near = (self.folded[j] for j in (i - 1, i) if 0 <= j < len(self.folded))
        shared = max((len(os.path.commonprefix([word, f])) for f in near), default=0)
        # the last letter stays as typed: "forr" + "a" (not "förrå" of "förråd"), "besök" + "te"
        shared = min(shared, len(word) - 1)
        if shared < max(MIN_SHARED, MIN_SHARE * len(word), len(word) - MAX_REST):
            return word  # not "pavi" + "ljong" (of "påvisa")
        head = word[:shared]
        lo, hi = bisect_left(self.folded, head), bisect_left(self.folded, head + "\uffff")
        forms: Counter[str] = Counter()
        for j in range(lo, hi):
            forms[self.written[j][:shared]] += self.counts[self.written[j]]
        best, n = forms.most_common(1)[0]
        if best == head or n < MARKED_RATIO * forms.get(head, 0):
            return word
        return best + word[shared:]

    def mended(self, word: str, zipf: Callable[[str], float]) -> str:
        """The most common library word one slip (a letter left out, added, changed or two
        swapped) from a long word that is neither the library's nor Swedish (`zipf`, its
        frequency in Swedish: "funderar" is no slip for "fungerar"); the word itself if none."""
        if not SLIP_MIN <= len(word) <= SLIP_MAX or word in self.counts or zipf(word) > 0:
            return word
        found = [w for w in _one_slip(word) if w in self.counts]
        return max(found, key=lambda w: (self.counts[w], w)) if found else word


def _one_slip(word: str) -> set[str]:
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in cuts if b}
        | {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
        | {a + c + b[1:] for a, b in cuts if b for c in _LETTERS}
        | {a + c + b for a, b in cuts for c in _LETTERS}
    )


def spellings(texts: Iterable[str]) -> Spellings:
    """What the library's words look like with and without å, ä, ö and é (web and e-mail
    addresses left out: "www.boras.se" is no spelling of Borås)."""
    texts = [_ADDRESS.sub(" ", text.lower()) for text in texts]
    counts = Counter(w for text in texts for w in _WORD.findall(text))
    whole: dict[str, str] = {}
    for word, n in counts.most_common():
        plain = fold(word)
        if plain != word and plain not in whole and n >= MARKED_RATIO * counts.get(plain, 0):
            whole[plain] = word
    beside = Counter(
        (place, word)
        for text in texts
        for m in _BESIDE_NUMBER.finditer(text)
        for place, word in (_place(m),)
    )
    together: Counter[tuple[str, str]] = Counter()  # every spelling of a word in one place
    for (place, word), n in beside.items():
        together[(place, fold(word))] += n
    by_number: dict[tuple[str, str], str] = {}
    for (place, word), n in beside.most_common():
        key = (place, fold(word))
        marked = key[1] != word and whole.get(key[1]) != word  # and not the commonest anyway
        if marked and key not in by_number and n >= MARKED_RATIO * (together[key] - n):
            by_number[key] = word
    rows = sorted((fold(w), w) for w in counts)
    return Spellings(
        dict(counts), whole, tuple(f for f, _ in rows), tuple(w for _, w in rows), by_number
    )


def english_word(word: str) -> bool:
    """Whether the word is a word of English ("market", not "hallbart")."""
    return english_zipf(word) >= 1.0


def english_zipf(word: str) -> float:
    """How common the word is in English text (wordfreq, Zipf scale; "Board" 5.2, "Hulta" 0)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def swedish(word: str) -> float:
    """How common the word is in Swedish text, 0 when it is not written at all (wordfreq's
    Swedish list, on the Zipf scale: 7 is "för", 3 "insynsskydd"; it holds inflections:
    "funderar", "omärkta", "förtöjd"). Loaded on first use (0.2 s)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "sv")


def respell(
    question: str,
    library: Spellings,
    english: bool = False,
    zipf: Callable[[str], float] = swedish,
) -> str:
    """The question with its words spelled as the library spells them.

    A question with no å, ä or ö anywhere gets them back where the library has them; in one
    with some, a word the library does not write as typed gets them ("vad for hjalp far man som
    förälder": "för", "hjälp", "får"). In an English question only names and long Swedish words
    change, each only as a whole ("Boras" -> "Borås", "hallbart" -> "hållbart"; "for" stays),
    and no slip is mended (its English words are no library words).
    """
    unmarked = not _MARKED.search(question)

    def spell(m: re.Match) -> str:
        word = m.group(0)
        low = word.lower()
        if english:
            long_swedish = len(word) >= ENGLISH_MIN and not english_word(low)
            if not unmarked or not (word[:1].isupper() or long_swedish):
                return word
            found = library.marked(low, whole_only=True)
        else:
            place = place_in(question, m.start(), m.end())
            if unmarked:
                found = library.marked(low, place=place)
            elif low not in library.counts:  # and far commoner with its marks: "hjalp", "for"
                found = library.marked(low, whole_only=True, place=place)
                if zipf(found) - zipf(low) < MARKS_MARGIN:
                    found = low  # "bor", "sa", "vart" are words as typed
            else:
                found = low
            if found == low:
                found = library.mended(low, zipf)
        if found == low:
            return word
        if word.isupper() and len(word) > 1:
            return found.upper()
        return found[:1].upper() + found[1:] if word[:1].isupper() else found

    return _WORD.sub(spell, question)


def joined(question: str, library: Spellings, zipf: Callable[[str], float] = swedish) -> str:
    """Two words typed apart that the library writes as one ("process ledaren", "mål område",
    "trygghets mätningen"), joined; a pair with a word that carries no meaning of its own
    ("för skola") is left apart."""

    def join(m: re.Match) -> str:
        first, second = m.group(1), m.group(2)
        whole = (first + second).lower()
        if library.counts.get(whole, 0) < JOIN_MIN or not (tokens(first) and tokens(second)):
            return m.group(0)
        if zipf(first.lower()) >= JOIN_MAX_ZIPF:  # "mer tid" is more time, not "mertid"
            return m.group(0)
        return first + second.lower()

    return _PAIR.sub(join, question)


def read_question(question: str, library: Spellings) -> str:
    """The question as the library spells it. One that looks English for a word that is Swedish
    typed without å, ä, ö ("malen for barn o unga": "for") is Swedish when no English word is
    left once it is read so ("målen för barn o unga"); "What is the plan for Boras?" is not."""
    if detect(question) == "sv":
        return joined(respell(question, library), library)
    as_swedish = respell(question, library)
    if as_swedish != question and not english_words(as_swedish):
        return joined(as_swedish, library)
    return respell(question, library, english=True)
