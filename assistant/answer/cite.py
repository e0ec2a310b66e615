"""Citations are built from chunk metadata and verified against the text of the cited page."""

from __future__ import annotations

from urllib.parse import quote as urlquote

from assistant.retrieval.index import Snapshot, squash
from assistant.types import Citation
from ingest.types import Chunk


def url_for(file: str, page: int) -> str:
    return f"/corpus/{urlquote(file)}#page={page}"


def locate(quote: str, chunk: Chunk, snap: Snapshot) -> int | None:
    """The first page of the chunk's span on which the quote stands, or None."""
    needle = squash(quote)
    if not needle:
        return None
    for page in range(chunk.page_start, chunk.page_end + 1):
        if needle in snap.pages.get((chunk.file, page), ""):
            return page
    return None


def verified(citation: Citation, snap: Snapshot) -> bool:
    """True when the quote stands in the text of the cited page of the cited file."""
    needle = squash(citation.quote)
    return bool(needle) and needle in snap.pages.get((citation.file, citation.page), "")


def make_citation(
    n: int, quote: str, chunk: Chunk, snap: Snapshot, context: str = ""
) -> Citation | None:
    """A citation for a quote from a chunk, or None when the quote cannot be found on one page."""
    page = locate(quote, chunk, snap)
    if page is None:
        return None
    return Citation(
        n=n,
        doc_id=chunk.doc_id,
        title=chunk.title,
        file=chunk.file,
        page=page,
        quote=quote,
        url=url_for(chunk.file, page),
        doc_type=chunk.doc_type,
        year=chunk.year,
        context=context,
    )
