"""Remove personnummer, samordningsnummer, e-mail addresses and phone numbers before storing or logging."""

from __future__ import annotations

import re

from personnummer import personnummer as _pnr

PNR = "[personnummer]"
EMAIL = "[e-post]"
PHONE = "[telefonnummer]"

# 10 or 12 digits, optional separator (- or +, or a space) before the last four; validated below.
_PNR = re.compile(r"(?<![\d\w])((?:19|20)?\d{6})\s?([-+]?)\s?(\d{4})(?![\d\w])")
_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Swedish numbers: 0 or +46/0046, area code or mobile prefix, then 6-9 more digits in groups.
_PHONE = re.compile(r"(?<![\w+])(?:\+46|0046)[\s-]?(?:\(0\)[\s-]?)?[1-9](?:[\s-]?\d){6,9}(?!\d)")
_PHONE_NATIONAL = re.compile(r"(?<![\w+,.])0[1-9](?:[\s-]?\d){6,9}(?![\d,])")


def redact(text: str) -> str:
    """The text with every valid personnummer/samordningsnummer, e-mail address and phone number masked."""
    if not text:
        return text or ""
    text = _EMAIL.sub(EMAIL, text)
    text = _PNR.sub(_mask_pnr, text)
    text = _PHONE.sub(PHONE, text)
    return _PHONE_NATIONAL.sub(PHONE, text)


def _mask_pnr(match: re.Match) -> str:
    date, sep, last = match.groups()
    candidate = f"{date}{sep or '-'}{last}"
    return PNR if _valid_pnr(candidate) else match.group(0)


def _valid_pnr(candidate: str) -> bool:
    """Luhn and date check; samordningsnummer (day + 60) count as valid."""
    return bool(_pnr.valid(candidate))
