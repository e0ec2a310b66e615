"""Greetings, thanks and "Vad kan du?" get a friendly reply, not a search of the documents.

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
# what the assistant is for: "Vad kan du?", "Vad kan jag fråga om?", "hjälp"
_HELP_SV = (
    r"hjälp|vad kan du(?: göra| svara på| hjälpa (?:mig )?(?:till )?med)?|vad kan jag fråga(?: om)?"
    r"|hur fungerar (?:du|det här|tjänsten)|vad är du"
)
_HELP_EN = r"help|what can you do|what can i ask(?: about)?|how does this work|what are you"

_KINDS = (
    ("greeting", "sv", re.compile(rf"(?:{_GREETING_SV}){_ADDRESSEE}")),
    ("greeting", "en", re.compile(rf"(?:{_GREETING_EN}){_ADDRESSEE}")),
    ("thanks", "sv", re.compile(rf"(?:{_THANKS_SV}){_ADDRESSEE}")),
    ("thanks", "en", re.compile(rf"(?:{_THANKS_EN}){_ADDRESSEE}")),
    ("help", "sv", re.compile(rf"(?:hej,? )?(?:{_HELP_SV})")),
    ("help", "en", re.compile(rf"(?:(?:hi|hello),? )?(?:{_HELP_EN})")),
)


def social(text: str) -> tuple[str, str] | None:
    """('greeting', 'thanks' or 'help', language) when the whole message is one; None for a
    question about the documents."""
    flat = " ".join(re.sub(r"[^\w\s,]", " ", text.lower()).split()).strip(" ,")
    for kind, lang, pattern in _KINDS:
        if pattern.fullmatch(flat):
            return kind, lang
    return None
