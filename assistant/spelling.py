"""A question read as the documents spell its words: typed without å, ä and ö, or with a slip.

Many askers type Swedish on a keyboard or phone without the letters ("Vilka ar malen for
Boras?"), and then every word that has them matches nothing: "hemloshet" is no word of the
documents, "malen" is not "målen". Each such word is given back the spelling the library uses
most; an inflection the library lacks ("besokte") takes the letters of the longest beginning
it shares with a library word ("besök" -> "besökte"). A long word that is no Swedish word and
one slip from a library word ("asvarar", "hemlösheen") is read as that word.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_FOLD = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuAAOEU")
_WORD = re.compile(r"[^\W\d_]+")
_MARKED = re.compile("[åäöÅÄÖ]")
_ADDRESS = re.compile(r"\S+@\S+|\S*(?:https?://|www\.)\S*|\S+\.(?:se|nu|com|org|eu|pdf)\b\S*")
_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöé"
# a word the library also writes as typed ("man", "far") keeps its spelling unless the marked
# form is this many times more common ("for" in an English heading, "för" everywhere)
RATIO = 20
MIN_SHARED = 4  # letters an unknown word must share with a library word to borrow its spelling
MAX_REST = 5  # ... and how many letters after them may stay as typed ("besök" + "te")
MIN_SHARE = 0.6  # ... and what share of the word the shared beginning must be
ENGLISH_MIN = 6  # a shorter lower-case word of an English question is English ("for", "are")
SLIP_MIN = 6  # a shorter word one letter from a library word is as often another word
SLIP_MAX = 40  # a longer "word" is no word ("aaaa..."): its 60 x length variants are not tried


def fold(word: str) -> str:
    return word.translate(_FOLD)


@dataclass(frozen=True)
class Spellings:
    """The library's words, counted, and how they look without å, ä and ö."""

    counts: dict[str, int]  # every word of the library, lower case
    whole: dict[str, str]  # unmarked word -> the library's marked spelling ("hemloshet")
    folded: tuple[str, ...]  # every library word unmarked, sorted, for shared beginnings
    written: tuple[str, ...]  # ... and as the library writes it, in the same order

    def marked(self, word: str, whole_only: bool = False) -> str:
        """The library's spelling of a lower-case unmarked word; the word itself if none."""
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
        if best == head or n < RATIO * forms.get(head, 0):
            return word
        return best + word[shared:]

    def mended(self, word: str, is_word: Callable[[str], bool]) -> str:
        """The most common library word one slip (a letter left out, added, changed or two
        swapped) from a long word that is neither the library's nor Swedish (`is_word`:
        "funderar" is no slip for "fungerar"); the word itself if none."""
        if not SLIP_MIN <= len(word) <= SLIP_MAX or word in self.counts or is_word(word):
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
    counts = Counter(w for text in texts for w in _WORD.findall(_ADDRESS.sub(" ", text.lower())))
    whole: dict[str, str] = {}
    for word, n in counts.most_common():
        plain = fold(word)
        if plain != word and plain not in whole and n >= RATIO * counts.get(plain, 0):
            whole[plain] = word
    rows = sorted((fold(w), w) for w in counts)
    return Spellings(dict(counts), whole, tuple(f for f, _ in rows), tuple(w for _, w in rows))


def swedish(word: str) -> bool:
    """Whether the word is written in Swedish text at all (wordfreq's Swedish list, which
    holds inflections: "funderar", "omärkta", "förtöjd"). Loaded on first use (0.2 s)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "sv") > 0


def respell(
    question: str,
    library: Spellings,
    english: bool = False,
    is_word: Callable[[str], bool] = swedish,
) -> str:
    """The question with its words spelled as the library spells them.

    A question with no å, ä or ö anywhere gets them back where the library has them. In an
    English question only names and long Swedish words change, each only as a whole ("Boras"
    -> "Borås", "hallbart" -> "hållbart"; "for" stays), and no slip is mended (its English words
    are no library words).
    """
    unmarked = not _MARKED.search(question)

    def spell(m: re.Match) -> str:
        word = m.group(0)
        low = word.lower()
        if english:
            if not unmarked or not (word[:1].isupper() or len(word) >= ENGLISH_MIN):
                return word
            found = library.marked(low, whole_only=True)
        else:
            found = library.marked(low) if unmarked else low
            if found == low:
                found = library.mended(low, is_word)
        if found == low:
            return word
        if word.isupper() and len(word) > 1:
            return found.upper()
        return found[:1].upper() + found[1:] if word[:1].isupper() else found

    return _WORD.sub(spell, question)
