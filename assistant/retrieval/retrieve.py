"""Hybrid retrieval: dense (Chroma) and lexical (bm25s) rankings fused, filtered, de-duplicated."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

import numpy as np

from assistant.errors import StoreUnavailable
from assistant.patterns import CODE, YEAR, dates_in
from assistant.question.asks import PROGRESS
from assistant.question.synonyms import expand
from assistant.retrieval.index import Snapshot
from assistant.tuning import (
    ASSESSMENT_BOOST,
    CANDIDATES,
    CODED_NAMED,
    CODED_SHARE,
    DENSE_WEIGHT,
    LEXICAL_WEIGHT,
    NAVIGATION_FACTOR,
    NEIGHBOUR_WEIGHT,
    OLDER_EDITION_FACTOR,
    OTHER_AREA_FACTOR,
    PROGRESS_BOOST,
    RRF_K,
    TITLE_BOOST,
)
from assistant.types import Filters, Hit
from ingest.lexical import tokens
from ingest.types import Chunk, Embedder

FOLLOW_UPS = ("uppföljning", "välfärdsbokslut")  # doc types that measure how the goals are going
# a målområde named by its number, in a question or a section's heading ("5 Målområde 1: ...")
AREA = re.compile(r"\b[Mm]ålområde\s+(\d)\b")


# the sections of a follow-up that judge how a goal is going
ASSESSMENT = re.compile(r"\b(bedömning|slutsats|måluppfyllelse|sammanfatt|analys)", re.I)
_OLDER = re.compile(r"\b(förra|föregående|tidigare|äldre|previous|earlier|older)\b", re.I)


@dataclass(frozen=True)
class Retrieval:
    hits: tuple[Hit, ...]
    query_vector: np.ndarray = field(repr=False)


def retrieve(
    query: str,
    snap: Snapshot,
    embedder: Embedder,
    k: int = 10,
    filters: Filters | None = None,
    lang: str = "sv",
) -> Retrieval:
    """The k best chunks. A Swedish question is embedded with the official words its everyday
    words map to ("trädäck" + "altan"), as the lexical query is; an English one as asked, since
    Swedish words appended to English pull the multilingual embedding off the question."""
    filters = filters or Filters()
    qv = embedder.embed_query(expand(query) if lang == "sv" else query)
    dense = _dense(snap, qv, filters)
    lexical = [
        (r, s)
        for r, s in snap.lexical.search(expand(query), CANDIDATES * 3)
        if filters.allows(snap.chunks[r])
    ]
    lexical = lexical[:CANDIDATES]
    fused: dict[int, dict] = {}
    for rank, (row, sim) in enumerate(dense):
        fused.setdefault(row, {})["dense"] = (rank, sim)
    for rank, (row, score) in enumerate(lexical):
        fused.setdefault(row, {})["lexical"] = (rank, score)
    newest = _newest_editions(snap)
    named = title_match(query, snap)
    progress = bool(PROGRESS.search(query))
    areas = set(AREA.findall(query))
    base: dict[int, Hit] = {}
    for row, parts in fused.items():
        score = 0.0
        d_rank, d_sim = parts.get("dense", (None, 0.0))
        l_rank, l_score = parts.get("lexical", (None, 0.0))
        if d_rank is not None:
            score += DENSE_WEIGHT / (RRF_K + d_rank + 1)
        if l_rank is not None:
            score += LEXICAL_WEIGHT / (RRF_K + l_rank + 1)
        chunk = snap.chunks[row]
        score *= _edition_factor(chunk, query, newest) * (
            1 + TITLE_BOOST * named.get(chunk.file, 0.0)
        )
        if row in snap.navigation:
            score *= NAVIGATION_FACTOR
        if areas and set(AREA.findall(chunk.section)) - areas:
            score *= OTHER_AREA_FACTOR  # "... målområde 1?" is not answered under målområde 2
        if progress and chunk.doc_type in FOLLOW_UPS:
            score *= 1 + PROGRESS_BOOST
            if ASSESSMENT.search(chunk.section.rsplit(" > ", 1)[-1]):
                score *= 1 + ASSESSMENT_BOOST
        base[row] = Hit(chunk, score, d_sim, l_score, d_rank, l_rank)
    hits = [
        replace(hit, score=hit.score + NEIGHBOUR_WEIGHT * _best_neighbour(row, base, snap))
        for row, hit in base.items()
    ]
    hits.sort(key=lambda h: -h.score)
    return Retrieval(tuple(_dedup(hits, k)), qv)


def _best_neighbour(row: int, base: dict[int, Hit], snap: Snapshot) -> float:
    """The better fused score of the chunks just before and after, in the same document."""
    doc = snap.chunks[row].doc_id
    return max(
        (base[r].score for r in (row - 1, row + 1) if r in base and snap.chunks[r].doc_id == doc),
        default=0.0,
    )


def _dense(snap: Snapshot, qv: np.ndarray, filters: Filters) -> list[tuple[int, float]]:
    try:
        res = snap.collection.query(
            query_embeddings=[qv.tolist()],
            n_results=min(CANDIDATES, len(snap.chunks)),
            where=filters.where(),
            include=["distances"],
        )
    except StoreUnavailable:
        raise
    except Exception as exc:  # a Chroma server that went away, a damaged store
        forget = getattr(snap.collection, "forget", None)
        if forget is not None:  # reconnect on the next question
            forget()
        raise StoreUnavailable(f"dense search failed: {exc}") from exc
    return [
        (snap.row_of[cid], 1.0 - float(dist))
        for cid, dist in zip(res["ids"][0], res["distances"][0], strict=True)
        if cid in snap.row_of
    ]


def title_match(query: str, snap: Snapshot) -> dict[str, float]:
    """Per file, how specifically the question names that document: 0..1 by title words, type and
    year; CODED_NAMED when it gives the document's code or full date."""
    docs = snap.title_words
    scores: dict[str, float] = {}
    for tok in sorted(set(tokens(query))):  # sorted: sums and ties the same every run
        matching = [f for f, toks in docs.items() if any(_same_word(tok, t) for t in toks)]
        if 0 < len(matching) <= max(1, len(docs) // 3):
            weight = math.log(len(docs) / len(matching))
            for f in matching:
                scores[f] = scores.get(f, 0.0) + weight
    top = max(scores.values(), default=0.0)
    named = {f: s / top for f, s in scores.items()} if top else {}
    # A code ("AFS 2011:19") or a full date ("den 22 november 2021", a meeting's) names one
    # document outright, whatever words other titles share with the question: the documents whose
    # title or file name carry it come first.
    codes, dates = codes_in(query), dates_in(query)
    if not codes and not dates:  # most questions: no title or file name needs spelling out
        return named
    coded = {f for c in codes for f in coded_documents(c, snap)} | {
        f for d in dates for f in dated_documents(d, snap)
    }
    if coded and len(coded) <= max(1, len(docs) // 3):
        named = {f: CODED_SHARE * s for f, s in named.items()} | dict.fromkeys(coded, CODED_NAMED)
    return named


def coded_documents(code: str, snap: Snapshot) -> set[str]:
    """The files whose title or file name carry the code ('afs 2011 19')."""
    return {
        f
        for f, e in snap.manifest["files"].items()
        if f" {code} " in f" {_spaced(e.get('title', ''))} {_spaced(f)} "
    }


def dated_documents(date: str, snap: Snapshot) -> set[str]:
    """The files whose title or file name carry the date ('2021-11-22'): a meeting's minutes."""
    return {
        f
        for f, e in snap.manifest["files"].items()
        if date in dates_in(f"{e.get('title', '')} {f}")
    }


def codes_in(text: str) -> set[str]:
    """Codes of statutes and series ("AFS 2011:19", "NFS 2007:10"), as 'afs 2011 19'."""
    return {f"{a.lower()} {y} {n}" for a, y, n in CODE.findall(text)}


def _spaced(text: str) -> str:
    """'arbetsmiljoverket_afs_2011_19.pdf' -> 'arbetsmiljoverket afs 2011 19 pdf'."""
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def _same_word(a: str, b: str) -> bool:
    """Equal stems, or one a prefix of the other (Swedish compounds: protokoll/protokollsutdrag);
    numbers and codes only when equal ("2023:1" is not "2023:14")."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and long_.startswith(short) and not any(c.isdigit() for c in short)


def _newest_editions(snap: Snapshot) -> dict[str, int]:
    return {series: max(years) for series, years in snap.editions.items()}


def _edition_factor(chunk: Chunk, query: str, newest: dict[str, int]) -> float:
    """Prefer the newest edition of a series unless the question names a year or an older edition."""
    if not chunk.series or chunk.series not in newest or chunk.year is None:
        return 1.0
    years = {int(y) for y in YEAR.findall(query)}
    if years:
        return 1.0 if chunk.year in years else OLDER_EDITION_FACTOR
    is_newest = chunk.year == newest[chunk.series]
    if _OLDER.search(query):
        return OLDER_EDITION_FACTOR if is_newest else 1.0
    return 1.0 if is_newest else OLDER_EDITION_FACTOR


def _dedup(hits: list[Hit], k: int) -> list[Hit]:
    """The best k hits, leaving out any that repeats (80% the same words as) a better one."""
    kept: list[Hit] = []
    words: list[set[str]] = []
    for hit in hits:
        w = set(re.findall(r"\w+", hit.chunk.text.lower()))
        if any(_jaccard(w, other) > 0.8 for other in words):
            continue
        kept.append(hit)
        words.append(w)
        if len(kept) == k:
            break
    return kept


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
