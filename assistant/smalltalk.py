"""Greetings and thanks get a friendly reply, not a search of the documents.

"hej" searched for would find nothing and be told "Jag hittar inget svar på det i dokumenten",
with three documents that have nothing to do with it.
"""

from __future__ import annotations

import re

_GREETING_SV = r"hej(?:san|hej)?|hallå|tja|tjena(?:re)?|god (?:morgon|dag|middag|kväll)"
_GREETING_EN = r"hello|hi|hey|good (?:morning|afternoon|evening)"
_THANKS_SV = (
    r"(?:tusen |stort |ok,? |okej,? )?tack(?: så (?:mycket|jättemycket|hemskt mycket))?|tackar"
)
_THANKS_EN = r"(?:ok,? )?(?:thanks|thank you)(?: (?:so|very) much| a lot)?"
_ADDRESSEE = r"(?: (?:där|alla|du|there|you|all))?"

_KINDS = (
    ("greeting", "sv", re.compile(rf"(?:{_GREETING_SV}){_ADDRESSEE}")),
    ("greeting", "en", re.compile(rf"(?:{_GREETING_EN}){_ADDRESSEE}")),
    ("thanks", "sv", re.compile(rf"(?:{_THANKS_SV}){_ADDRESSEE}")),
    ("thanks", "en", re.compile(rf"(?:{_THANKS_EN}){_ADDRESSEE}")),
)


def social(text: str) -> tuple[str, str] | None:
    """('greeting' or 'thanks', language) when the whole message is one; None for a question."""
    flat = " ".join(re.sub(r"[^\w\s,]", " ", text.lower()).split()).strip(" ,")
    for kind, lang, pattern in _KINDS:
        if pattern.fullmatch(flat):
            return kind, lang
    return None
