"""Numbers and years as the answer step reads them, defined once."""

from __future__ import annotations

import re
from collections.abc import Iterable

YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20\d\d)(?!\d)")
YEAR_SPAN = re.compile(r"(?<!\d)(?:19[5-9]\d|20\d\d)\s*[–-]\s*(?:19[5-9]\d|20\d\d)(?!\d)")
# a decade ("på 1970-talet", "60-talets"): when a plan or house is from, not a year to look up
DECADE = re.compile(r"\b\d{2,4}-tal\w*", re.I)
# a year on its own, not inside a code such as "AFS 2011:19" or a date "2023/24"
YEAR_ALONE = re.compile(r"(?<![\d:/])(?:19[5-9]\d|20\d\d)(?![\d:/])")
# an amount: "1 681", "2,5", "27.6", a range "10-20"; not a paragraph or chapter number ("39 §",
# "9 kap."), a date ("2023-05-25"), a code or property ("2011:19", "Råå 1:1")
AMOUNT = re.compile(
    r"(?<![\d§:–-])\b\d+(?:[ ,.]\d+)*(?:[–-]\d+(?:[ ,.]\d+)*)?\b(?![–§:-]|\s*(?:§|kap\b))"
)


# the code of a statute or series ("AFS 2011:19", "NFS 2007:10", "Dir. 2016:15")
CODE = re.compile(r"\b([A-Za-zÅÄÖåäö]{2,8})\.?\s?((?:19|20)\d\d)\s?:\s?(\d{1,4})\b")


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

# "fyra veckor", "1–3 år", "varje mandatperiod": what "hur länge", "hur ofta" ask for
DURATION = re.compile(
    r"\b(?:\d+(?:[,–-]\d+)?|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|fjorton|femton"
    r"|tjugo|trettio|en|ett|two|three|four|five|six|ten|twelve)\s+(?:dagar|dag|dygn|veckor|vecka"
    r"|månader|månad|år|timmar|timme|minuter|days?|weeks?|months?|years?|hours?)\b"
    r"|\b(?:varje|varannan|vart|per)\s+(?:dag|vecka|månad|år|mandatperiod)\b",
    re.I,
)

# month names, Swedish and English, and their numbers
_MONTH_NUMBER = {
    name: number
    for names in (
        "januari februari mars april maj juni juli augusti september oktober november december",
        "january february march april may june july august september october november december",
    )
    for number, name in enumerate(names.split(), 1)
}
_MONTHS = "|".join(_MONTH_NUMBER)
# a time of day ("klockan 14.15–16.00", "kl. 9") or a day of a month ("den 1 oktober"): when,
# not how many
CLOCK_OR_DAY = re.compile(
    r"\b(?i:kl(?:ockan|\.)?)\s*\d{1,2}(?:[.:]\d{2})?(?:\s*[–-]\s*\d{1,2}(?:[.:]\d{2})?)?"
    r"|\b\d{1,2}[.:]\d{2}\s*[–-]\s*\d{1,2}[.:]\d{2}\b"
    rf"|\b\d{{1,2}}(?:\s*[–-]\s*\d{{1,2}})?\s+(?i:{_MONTHS})\b"
)


DATE = re.compile(
    rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTHS})\s+(?P<y>(?:19|20)\d\d)\b"  # 22 november 2021
    rf"|\b(?P<m2>{_MONTHS})\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>(?:19|20)\d\d)\b"  # November 22, 2021
    r"|\b(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b",  # 2021-11-22
    re.I,
)


def dates_in(text: str) -> set[str]:
    """Full dates written out or in ISO form, as '2021-11-22'."""
    found = set()
    for m in DATE.finditer(text):
        if m["iso"]:
            found.add(m["iso"])
            continue
        day, month, year = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
        found.add(f"{year}-{_MONTH_NUMBER[month.lower()]:02d}-{int(day):02d}")
    return found


# a footnote: its line starts with its number, and the number stands between two words where it is
# referred to ("Där reglementet upprepar 1 görs det ...")
NOTE = re.compile(r"^(\d{1,2}) [A-ZÅÄÖ]")
# a footnote's marker after a word, inside a sentence or at its end ("mäts 3 trångboddhet",
# "trångboddhet 3 som", "norm 2 3.", "egen bostad.1")
MARKER = r"(?:(?<=[^\W\d]) {n}(?=\.? [^\W\d]|[.,;:]?(?:\s|$))|(?<=[^\W\d][.,;:]){n}(?=\s|$))"


def note_numbers(units: Iterable[str]) -> frozenset[str]:
    """The numbers of the footnotes among these lines and sentences."""
    return frozenset(m.group(1) for u in units if (m := NOTE.match(u)))


def amounts(text: str, words: bool = True, notes: Iterable[str] = ()) -> list[str]:
    """The amounts a text gives: numbers in digits (and words), not years, nor the numbers of
    headings, chapters, annexes, paragraphs, times of day, days of a month or the markers of the
    given footnotes."""
    text = CLOCK_OR_DAY.sub(" ", NUMBERING.sub(" ", text))
    for n in notes:
        text = re.sub(MARKER.format(n=n), " ", text)
    digits = [n for n in AMOUNT.findall(text) if not is_year(n)]
    return digits + NUMBER_WORD.findall(text) if words else digits
