"""The plain LangChain pipeline users would otherwise write, measured beside ours with the same embedder."""

from __future__ import annotations

import tempfile
from pathlib import Path

from langchain_core.embeddings import Embeddings

from ingest.types import Embedder


class LangChainEmbeddings(Embeddings):
    """Any of our embedders (with e5's query/passage handling) as a LangChain Embeddings."""

    def __init__(self, embedder: Embedder):
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out = []
        for i in range(0, len(texts), 16):
            out.extend(v.tolist() for v in self.embedder.embed_passages(texts[i : i + 16]))
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


def build_plain_index(corpus: Path, embedder: Embedder, persist: Path | None = None):
    """PyPDFLoader + RecursiveCharacterTextSplitter(1000, 200) + Chroma.from_documents."""
    from langchain_chroma import Chroma
    from langchain_community.document_loaders import PyPDFLoader
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    docs = []
    for pdf in sorted(corpus.glob("*.pdf")):
        try:
            docs.extend(PyPDFLoader(str(pdf)).load())
        except Exception:  # the plain pipeline has no answer for a bad file: it skips it
            continue
    splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(
        docs
    )
    folder = persist or Path(tempfile.mkdtemp(prefix="plain-chroma-"))
    return (
        Chroma.from_documents(
            splits,
            LangChainEmbeddings(embedder),
            persist_directory=str(folder),
            collection_name="plain",
        ),
        len(docs),
        len(splits),
    )


def plain_hits(store, question: str, k: int = 10) -> list[tuple[str, int, str]]:
    """(file name, 1-based page, text) of the top k chunks."""
    out = []
    for doc in store.similarity_search(question, k=k):
        meta = doc.metadata
        out.append(
            (Path(meta.get("source", "")).name, int(meta.get("page", 0)) + 1, doc.page_content)
        )
    return out
