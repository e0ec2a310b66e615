"""Which language a question is in, and the fixed phrases the assistant answers with."""

from __future__ import annotations

import re

_EN = {
    "the",
    "what",
    "which",
    "who",
    "when",
    "how",
    "is",
    "are",
    "does",
    "do",
    "did",
    "of",
    "in",
    "for",
    "and",
    "to",
    "according",
    "many",
    "much",
    "why",
    "where",
    "was",
    "were",
    "their",
    "this",
    "that",
    "there",
    "about",
    "with",
    "has",
    "have",
    "should",
    "can",
    "will",
}
_SV = {
    "och",
    "att",
    "det",
    "som",
    "är",
    "för",
    "på",
    "med",
    "vad",
    "vilka",
    "vilken",
    "vem",
    "hur",
    "när",
    "varför",
    "var",
    "ska",
    "har",
    "kan",
    "enligt",
    "den",
    "de",
    "om",
    "av",
    "till",
    "jag",
    "vi",
    "mitt",
    "min",
    "finns",
    "gäller",
    "blir",
    "många",
    "mycket",
}

PHRASES = {
    "sv": {
        "refusal": "Jag hittar inget svar på det i dokumenten.",
        "nearest": "Närmast frågan ligger",
        "according": "Enligt {title} (s. {page}):",
        "also": "Se även {title} (s. {page}):",
        "context": "Sammanhang",
        "absent_documents": "Dokumenten nämner inte {words}.",
        "absent_cited": "De citerade avsnitten nämner inte {words}.",
        "dated": "Frågan gäller läget nu, men dokumenten beskriver läget {year}.",
        "closest": "Det närmaste jag hittar är:",
        "as_of": "läget {year}",
        "refer_to": "Frågor som dokumenten inte besvarar kan du ställa till Borås Stad.",
        "or": "eller",
        "see_also": "Se även",
        "area": "Målområde {n}, {name}, enligt {title} (s. {page}):",
        "edition": "Svaret kommer från utgåvan {year}; det finns även {others}.",
        "empty": "Skriv en fråga, till exempel: Vilka är målen för Socialt hållbart Borås?",
        "read_as": "Läste frågan som: ”{question}”",
        "too_long": "Frågan är för lång ({n} tecken). Korta ner den till högst {limit} tecken.",
        "greeting": "Hej! Jag svarar på frågor om Socialt hållbart Borås med citat ur kommunens"
        " dokument. Fråga till exempel: Vilka är målen för Socialt hållbart Borås?",
        "thanks": "Varsågod! Fråga gärna mer om Socialt hållbart Borås.",
        "help": "Jag svarar på frågor om Socialt hållbart Borås – målen, hur det går, besluten och"
        " reglementet – med citat ur kommunens dokument och en länk till sidan där citatet står."
        " Fråga till exempel: Vilka är målen? Hur går det för målområde 2? Vem ansvarar för"
        " välfärdsbokslutet?",
    },
    "en": {
        "refusal": "I cannot find an answer to that in the documents.",
        "nearest": "Closest to the question are",
        "according": "According to {title} (p. {page}):",
        "also": "See also {title} (p. {page}):",
        "context": "Context",
        "absent_documents": "The documents do not mention {words}.",
        "absent_cited": "The cited passages do not mention {words}.",
        "dated": "The question asks about now, but the documents describe {year}.",
        "closest": "The closest I can find is:",
        "as_of": "as of {year}",
        "refer_to": "Questions the documents do not answer can be put to Borås Stad.",
        "or": "or",
        "see_also": "See also",
        "area": "Target area {n}, {name}, according to {title} (p. {page}):",
        "edition": "The answer comes from the {year} edition; there is also {others}.",
        "empty": "Please type a question, for example: What are the goals of Socialt hållbart Borås?",
        "read_as": "Read the question as: “{question}”",
        "too_long": "The question is too long ({n} characters). Please shorten it to {limit}.",
        "greeting": "Hello! I answer questions about Socialt hållbart Borås with quotes from the"
        " municipality's documents. Try: What are the goals of Socialt hållbart Borås?",
        "thanks": "You are welcome! Ask me more about Socialt hållbart Borås.",
        "help": "I answer questions about Socialt hållbart Borås – the goals, how they are going,"
        " the decisions and the rules – with quotes from the municipality's documents and a link"
        " to the page each quote stands on. Try: What are the goals? How is target area 2 going?"
        " When was the programme against homelessness adopted?",
    },
}


def english_words(text: str) -> int:
    """How many English function words the text holds ("the", "what", "for")."""
    return sum(w in _EN for w in re.findall(r"[a-zåäöé']+", text.lower()))


def detect(text: str) -> str:
    """'en' when English function words outnumber Swedish ones and no å/ä/ö word says otherwise."""
    words = re.findall(r"[a-zåäöé']+", text.lower())
    en = english_words(text)
    # names such as Borås or Målbild occur in English questions too: they count for little
    sv = sum(w in _SV for w in words) + 0.5 * sum(1 for w in words if re.search("[åäö]", w))
    return "en" if en > sv else "sv"


def quoted_list(lang: str, words) -> str:
    """”mandat”, ”parti” eller ”valet”: words as a reply names them."""
    quoted = [f"”{w}”" for w in words]
    if len(quoted) < 2:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + f" {phrase(lang, 'or')} {quoted[-1]}"


def phrase(lang: str, key: str, **kw: object) -> str:
    return PHRASES.get(lang, PHRASES["sv"])[key].format(**kw)
