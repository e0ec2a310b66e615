"""Numbers and years as the answer step reads them, defined once."""

from __future__ import annotations

import re

YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20\d\d)(?!\d)")
# a year on its own, not inside a code such as "AFS 2011:19" or a date "2023/24"
YEAR_ALONE = re.compile(r"(?<![\d:/])(?:19[5-9]\d|20\d\d)(?![\d:/])")
# an amount: "1 681", "2,5", "27.6"; not a paragraph number ("39 §") or a range's end ("2019-")
AMOUNT = re.compile(r"(?<![\d§-])\b\d+(?:[ ,.]\d+)*\b(?![-§]|\s*§)")


def is_year(number: str) -> bool:
    return YEAR.fullmatch(number) is not None
