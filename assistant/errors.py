"""Errors of the assistant; each carries an English message for operators and a Swedish one for users."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class. `sv` is what a user of the chat sees."""

    sv = "Något gick fel. Försök igen om en stund."

    def __init__(self, message: str, sv: str | None = None):
        super().__init__(message)
        if sv is not None:
            self.sv = sv


class NoIndex(AssistantError):
    sv = (
        "Det finns inget sökbart index ännu. En administratör behöver läsa in dokumenten "
        "(kör `make ingest` eller `python -m ingest`)."
    )


class IndexMismatch(AssistantError):
    sv = (
        "Indexet byggdes med en annan språkmodell än den som är inställd. "
        "En administratör behöver läsa in dokumenten på nytt (`python -m ingest --rebuild`)."
    )


class BadQuestion(AssistantError):
    """An empty or over-long question: the message says what to change."""


class StoreUnavailable(AssistantError):
    sv = (
        "Dokumentdatabasen svarar inte just nu. Försök igen om en liten stund; "
        "tjänsten återhämtar sig av sig själv när databasen är tillbaka."
    )
