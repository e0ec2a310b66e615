"""Errors of ingestion, each message saying what happened and what to do."""

from __future__ import annotations


class IngestError(Exception):
    """Base class: the message is meant for the operator who runs ingestion."""


class PdfRejected(IngestError):
    """One file cannot be indexed; the others go on."""


class CatalogError(IngestError):
    """corpus/catalog.toml cannot be read."""


class IndexProblem(IngestError):
    """The index folder is missing, damaged or written by another embedder."""


class EmbedderError(IngestError):
    """The embedding model cannot be loaded."""
