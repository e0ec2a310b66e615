"""Settings for the assistant: the same frozen object ingestion uses, built from ASSISTANT_* variables."""

from ingest.settings import Settings

__all__ = ["Settings"]
