"""Numbers and years as the answer step reads them, defined once."""

from __future__ import annotations

import re
from collections.abc import Iterable

YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20\d\d)(?!\d)")
# a year on its own, not inside a code such as "AFS 2011:19" or a date "2023/24"
YEAR_ALONE = re.compile(r"(?<![\d:/])(?:19[5-9]\d|20\d\d)(?![\d:/])")
# an amount: "1 681", "2,5", "27.6", a range "10-20"; not a paragraph or chapter number ("39 §",
# "9 kap."), a date ("2023-05-25"), a code or property ("2011:19", "Råå 1:1")
AMOUNT = re.compile(
    r"(?<![\d§:–-])\b\d+(?:[ ,.]\d+)*(?:[–-]\d+(?:[ ,.]\d+)*)?\b(?![–§:-]|\s*(?:§|kap\b))"
)


def is_year(number: str) -> bool:
    """A year, or a span of years ("2019-2023")."""
    return all(YEAR.fullmatch(part) for part in re.split("[–-]", number))


# the number of a heading, footnote or chapter ("1 Gemensamma bestämmelser", "kapitel 2 Kommun..."):
# a label, not an amount that answers "hur många"
NUMBERING = re.compile(
    r"(?:^|(?<=\s))\d{1,2}(?:\.\d{1,2})*\.?\s+(?=[A-ZÅÄÖ])"
    r"|\b(?i:kapitel|kap\.|avsnitt|bilaga|punkt|chapter|section)\s+\d+(?:\s*(?:,|och|eller|and|or)\s*\d+)*"
)
# "Minst tre vargar": a number in words answers "hur många" as well as a digit does ("en", "ett"
# are articles far more often than counts)
NUMBER_WORD = re.compile(
    r"\b(två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tjugo|hundra|tusen|"
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|thousand)\b",
    re.I,
)


# a footnote: its line starts with its number, and the number stands between two words where it is
# referred to ("Där reglementet upprepar 1 görs det ...")
NOTE = re.compile(r"^(\d{1,2}) [A-ZÅÄÖ]")
MARKER = r"(?<=[^\W\d]) {n}\.?(?= [^\W\d])"


def note_numbers(units: Iterable[str]) -> frozenset[str]:
    """The numbers of the footnotes among these lines and sentences."""
    return frozenset(m.group(1) for u in units if (m := NOTE.match(u)))


def amounts(text: str, words: bool = True, notes: Iterable[str] = ()) -> list[str]:
    """The amounts a text gives: numbers in digits (and words), not years, nor the numbers of
    headings, chapters, annexes, paragraphs or the markers of the given footnotes."""
    text = NUMBERING.sub(" ", text)
    for n in notes:
        text = re.sub(MARKER.format(n=n), " ", text)
    digits = [n for n in AMOUNT.findall(text) if not is_year(n)]
    return digits + NUMBER_WORD.findall(text) if words else digits
