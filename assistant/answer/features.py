"""What the lead's ranker sees of a candidate unit: how much of the question it holds, where it
stands, what kind of unit it is, and whether it gives what the question asks for (a date for
"när", a number for "hur många", a role for "vem", a list for "vilka")."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.marking import base, mark, score_units
from assistant.answer.units import Unit
from assistant.patterns import DATE, DURATION, YEAR, amounts
from assistant.question.asks import asked_kind, specific_terms
from assistant.question.quotes import restates
from assistant.types import Hit
from ingest.lexical import tokens
from ingest.types import Chunk

_ROLE = re.compile(
    r"(förvaltning|nämnd|styrelse|chef|ordförande|direktör|samordnare|myndighet|avdelning"
    r"|enhet|bolag|polisen|regionen|länsstyrelse|kommunfullmäktige|rektor|verket|ansvarar"
    r"|leds av|leder|ansvarig|committee|board|department|authority|responsible)",
    re.I,
)
_ASSESS = re.compile(
    r"(uppnå|uppnått|nåtts|förbättr|försämr|ökat|minskat|ökade|minskade|långt ifrån|på väg"
    r"|bedöm|positiv|negativ|utveckling|trend|jämfört|oförändrad|achiev|improv|declin)",
    re.I,
)
_CAUSE = re.compile(
    r"\b(eftersom|därför|för att|syftet|syfte|på grund av|because|in order)\b", re.I
)
_RULE = re.compile(
    r"\b(får|måste|ska|skall|krävs|behöver|inte|utan|gäller|bygglov|anmälan)\b", re.I
)
_DEFINES = re.compile(r"\b(är|avser|avses|innebär|betyder|menas|kallas|definieras|means)\b", re.I)
_MONTH = re.compile(
    r"\b(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)\b",
    re.I,
)
_CAPS = re.compile(r"\b[A-ZÅÄÖ][\wåäöÅÄÖ-]{2,}")
_NUM = re.compile(r"\d+(?:[ ,.]\d+)*")
KINDS = ("sentence", "item", "row", "header", "heading", "caption", "note")
ASKED = ("amount", "when", "who", "list", "definition", "assessment", "why", "yesno", "how", "what")


@dataclass(frozen=True)
class Asked:
    """The question as the ranker sees it: its words' weights and what kind of answer it wants."""

    kind: str
    weights: dict[str, float]
    specific: frozenset[str]  # stems of the question's names and numbers
    pairs: frozenset[tuple[str, str]]  # neighbouring stems of the question
    term: tuple[str, ...] = ()  # the term whose meaning it asks
    quotes: tuple[frozenset[str], ...] = ()
    typed: str = ""  # the question, lower-cased: which names and numbers it already holds

    @property
    def total(self) -> float:
        return sum(self.weights.values()) or 1.0

    @property
    def rare(self) -> str:
        return max(self.weights, key=self.weights.get) if self.weights else ""


@dataclass(frozen=True)
class Candidate:
    """A unit that may answer, with the chunk and the hit it came from."""

    unit: Unit
    units: tuple[Unit, ...]  # every unit of its chunk
    chunk: Chunk
    hit: Hit
    rank: int  # the hit's place among the hits (a neighbour's: that of the hit beside it)
    neighbour: bool  # from the chunk before or after a hit, not a hit itself


@lru_cache(maxsize=16384)
def stems(text: str) -> frozenset[str]:
    """A text's words and their stems; kept for the texts asked about again (a chunk's units and
    its context are scored for every question that retrieves it: half the time of an answer)."""
    own = tokens(text)
    return frozenset(own) | {base(t) for t in own}


def coverage(present: set[str], asked: Asked) -> float:
    """The idf share of the question's words that stand in a text."""
    return sum(w for t, w in asked.weights.items() if t in present or base(t) in present) / (
        asked.total
    )


@dataclass(frozen=True)
class _Traits:
    """What a text gives, whatever the question: kept for texts scored again."""

    words: tuple[str, ...]
    gives: tuple[bool, ...]  # number, year, date, role, assess, cause, defining, rule, duration
    names: tuple[str, ...]
    numbers: tuple[str, ...]
    pairs: frozenset[tuple[str, str]]


@lru_cache(maxsize=16384)
def _traits(text: str) -> _Traits:
    words = tuple(tokens(text))
    gives = (
        bool(amounts(text, words=True)),
        bool(YEAR.search(text)),
        bool(DATE.search(text) or _MONTH.search(text)),
        bool(_ROLE.search(text)),
        bool(_ASSESS.search(text)),
        bool(_CAUSE.search(text)),
        bool(_DEFINES.search(text)),
        bool(_RULE.search(text)),
        bool(DURATION.search(text)),
    )
    return _Traits(
        words,
        gives,
        tuple(_CAPS.findall(text)),
        tuple(_NUM.findall(text)),
        frozenset(zip(words, words[1:], strict=False)),
    )


def features(c: Candidate, asked: Asked, top: Hit) -> dict[str, float]:
    u, text = c.unit, c.unit.text
    own, t = stems(text), _traits(text)
    around = " ".join(c.units[i].text for i in (u.of,) if 0 <= i < len(c.units))
    heading = c.chunk.section.rsplit(" > ", 1)[-1]
    chunk_cov = coverage(stems(f"{c.chunk.title} {c.chunk.section} {c.chunk.text}"), asked)
    cov = coverage(own, asked)
    number, year, date, role, assess, cause, defining, rule, duration = t.gives
    starts = t.words[: len(asked.term)] == asked.term if asked.term else False
    defines = starts or bool(asked.term and defining and set(asked.term) <= own)
    listy = u.kind == "item" or u.introduces
    f = {
        "cov": cov,
        "cov_ctx": coverage(own | stems(f"{around} {heading} {u.label}"), asked),
        "cov_chunk": chunk_cov,
        "cov_share": cov / chunk_cov if chunk_cov else 0.0,
        "rank0": float(c.rank == 0),
        "rank1": float(c.rank == 1),
        "rank2": float(c.rank == 2),
        "rank3": float(c.rank >= 3),
        "neighbour": float(c.neighbour),
        "score_ratio": c.hit.score / top.score if top.score else 0.0,
        "dense": c.hit.dense,
        "introduces": float(u.introduces),
        "number": float(number),
        "year": float(year),
        "date": float(date),
        "role": float(role),
        "assess": float(assess),
        "cause": float(cause),
        "defines": float(defines),
        "rare": float(bool(asked.rare) and (asked.rare in own or base(asked.rare) in own)),
        "specific": _share(asked.specific, own) if asked.specific else 1.0,
        "pairs": _pairs(asked.pairs, t.pairs),
        "length": math.log1p(len(text)) / 7,
        "short": float(len(text) < 30),
        "first": float(u.index == 0 or (u.index > 0 and c.units[u.index - 1].kind == "heading")),
        "restates": float(bool(asked.quotes) and restates(text, asked.quotes, asked.weights)),
        "same_doc": float(c.chunk.file == top.chunk.file),
        "position": u.index / max(len(c.units) - 1, 1),
    }
    asked_stems = set(asked.weights) | asked.specific
    content = [s for s in t.words if not s.isdigit()]
    f["new_share"] = sum(s not in asked_stems for s in content) / len(content) if content else 0.0
    f["new_names"] = min(len([w for w in t.names[1:] if w.lower() not in asked.typed]), 4) / 4
    f["new_numbers"] = float(any(n not in asked.typed for n in t.numbers))
    f["matched"] = min(sum(t in own for t in asked.weights), 5) / 5
    # a table row named by a name the question gives ("Sjöbo"): its first cells are its label
    label = stems(" ".join(u.cells[:2])) if u.kind == "row" else set()
    f["row_named"] = float(bool(asked.specific & label))
    for kind in KINDS:
        f[f"is_{kind}"] = float(u.kind == kind)
    gives = {
        "amount": number,
        "when": date or year or duration,  # "hur länge": "fyra veckor"
        "who": role,
        "list": listy,
        "definition": defines,
        "assessment": assess,
        "why": cause,
        "yesno": rule,
    }
    for kind in ASKED:
        f[f"asks_{kind}"] = float(asked.kind == kind)
        if kind in gives:
            f[f"gives_{kind}"] = float(asked.kind == kind and gives[kind])
    return f


def features_all(cands: list[Candidate], asked: Asked, top: Hit) -> list[dict[str, float]]:
    """Every candidate's features, with how each compares to the best of the others (the share
    of the question it holds against the most any candidate holds)."""
    rows = [features(c, asked, top) for c in cands]
    _beside(cands, rows, asked)
    _local(cands, rows, asked)
    _marked(cands, rows, asked)
    for key in ("cov", "cov_ctx", "pairs", "cov_chunk"):
        most = max((r[key] for r in rows), default=0.0)
        for r in rows:
            r[f"{key}_rel"] = r[key] / most if most else 0.0
            r[f"{key}_top"] = float(most > 0 and r[key] == most)
    return rows


def _marked(cands: list[Candidate], rows: list[dict[str, float]], asked: Asked) -> None:
    """The marking rules' own view (assistant/answer/marking.py): each chunk's units scored by
    the question's words, a number for an amount, a term's opening for its meaning, and the
    best of them and those near it marked."""
    by_chunk: dict[str, list[int]] = {}
    for i, c in enumerate(cands):
        by_chunk.setdefault(c.chunk.id, []).append(i)
    want = asked.kind == "amount"
    for members in by_chunk.values():
        units = [cands[i].unit.text for i in members]
        scores = score_units(units, asked.weights, want, asked.quotes, asked.term)
        best = max(range(len(units)), key=lambda k: scores[k])
        marked = mark(scores, best) if scores[best] > 0 else set()
        for k, i in enumerate(members):
            rows[i]["mark_score"] = scores[k] / asked.total
            rows[i]["mark_best"] = float(k == best and scores[k] > 0)
            rows[i]["mark_marked"] = float(k in marked)


def _local(cands: list[Candidate], rows: list[dict[str, float]], asked: Asked) -> None:
    """The question's words weighed by how few of the candidates hold them: among passages that
    all speak of "insatser", the one word that sets the answer apart ("fördelas") counts most."""
    own = [stems(c.unit.text) for c in cands]
    n = len(cands) or 1
    local = {
        t: math.log(1 + n / (1 + sum(t in s or base(t) in s for s in own))) for t in asked.weights
    }
    total = sum(local.values()) or 1.0
    best = 0.0
    for s, r in zip(own, rows, strict=True):
        r["cov_local"] = sum(w for t, w in local.items() if t in s or base(t) in s) / total
        best = max(best, r["cov_local"])
    for r in rows:
        r["cov_local_rel"] = r["cov_local"] / best if best else 0.0


def _beside(cands: list[Candidate], rows: list[dict[str, float]], asked: Asked) -> None:
    """How much of the question the units beside each stand in, and the heading above it: an
    answer often follows the sentence or heading that names what the question asks about."""
    by_chunk: dict[str, dict[int, float]] = {}
    for c, r in zip(cands, rows, strict=True):
        by_chunk.setdefault(c.chunk.id, {})[c.unit.index] = r["cov"]
    for c, r in zip(cands, rows, strict=True):
        covs = by_chunk[c.chunk.id]
        r["cov_prev"] = covs.get(c.unit.index - 1, 0.0)
        r["cov_next"] = covs.get(c.unit.index + 1, 0.0)
        above = next(
            (
                covs.get(i, 0.0)
                for i in range(c.unit.index - 1, -1, -1)
                if c.units[i].kind == "heading"
            ),
            coverage(stems(c.chunk.section.rsplit(" > ", 1)[-1]), asked),
        )
        r["cov_heading"] = above
        r["unit_rank"] = sorted(covs.values(), reverse=True).index(r["cov"]) / max(len(covs), 1)
        peak = max(covs, key=covs.get)
        gap = c.unit.index - peak
        r["after_peak"] = float(gap == 1)
        r["at_peak"] = float(gap == 0)
        r["near_peak"] = float(abs(gap) <= 2)


def _share(wanted: frozenset[str], present: set[str]) -> float:
    return sum(t in present for t in wanted) / len(wanted)


def _pairs(pairs: frozenset[tuple[str, str]], seen: frozenset[tuple[str, str]]) -> float:
    return sum(p in seen for p in pairs) / len(pairs) if pairs else 0.0


def asked_for(
    text: str,
    query: str,
    weights: dict[str, float],
    term: tuple[str, ...] = (),
    quotes: tuple[frozenset[str], ...] = (),
    lang: str = "sv",
) -> Asked:
    """The ranker's view of a question: `text` as just asked says what kind of answer it wants,
    `query` (with a follow-up's borrowed words) what it is about."""
    specific = frozenset(s for t in specific_terms(query, lang) for s in tokens(t))
    own = [t for t in tokens(query) if t in weights]
    pairs = frozenset(zip(own, own[1:], strict=False))
    return Asked(asked_kind(text), weights, specific, pairs, term, quotes, query.lower())
