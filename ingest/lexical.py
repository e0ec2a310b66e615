"""The persisted lexical index: bm25s over Swedish-stemmed tokens that keep codes and numbers whole."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

# "AFS 2011:19", "§ 7", "2,5 procent": numbers with their separators and § stay tokens of their own
_TOKEN = re.compile(r"§|\d+(?:[.,:/]\d+)*|[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("swedish")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_SWEDISH

    return frozenset(STOPWORDS_SWEDISH)


def tokens(text: str) -> list[str]:
    """Lower-cased, stop-word-free, Swedish-stemmed tokens; digits are never stemmed."""
    stop = _stopwords()
    words = [t for t in _TOKEN.findall(text.lower()) if t not in stop]
    stem = _stemmer().stemWord
    return [w if w[0].isdigit() or w == "§" else stem(w) for w in words]


def build(texts: list[str], folder: Path) -> None:
    """Index texts (in chunk order) and save them under folder."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG on import
    retriever = bm25s.BM25()
    corpus_tokens = [tokens(t) or ["\u2205"] for t in texts]
    retriever.index(corpus_tokens, show_progress=False)
    folder.mkdir(parents=True, exist_ok=True)
    retriever.save(str(folder))


class LexicalIndex:
    """A loaded bm25s index; search returns (row, score) pairs, best first."""

    def __init__(self, folder: Path):
        import bm25s

        self._bm25 = bm25s.BM25.load(str(folder))
        self._vocab = self._bm25.vocab_dict

    def compound_heads(self, toks: list[str], min_len: int = 5) -> list[str]:
        """For words the corpus lacks, the longest corpus word they end with (Swedish compounds:
        'huvudslutsats' -> 'slutsats', 'småbarnsfamilj' -> 'familj')."""
        heads = []
        for tok in toks:
            if tok in self._vocab or len(tok) < min_len + 2 or tok[0].isdigit():
                continue
            for start in range(1, len(tok) - min_len + 1):
                if tok[start:] in self._vocab:
                    heads.append(tok[start:])
                    break
        return heads

    def query_tokens(self, query: str) -> list[str]:
        """The query's tokens the index knows, with compound heads for the ones it does not, and
        the base form for a definite form it does not know: Snowball leaves "gatan" whole while
        "gata" and "gator" become "gat"."""
        toks = [self._known_base(t) for t in tokens(query)]
        return [
            t for t in toks + self.compound_heads(toks) + self._s_forms(toks) if t in self._vocab
        ]

    def _s_forms(self, toks: list[str]) -> list[str]:
        """Snowball treats a final -s unevenly ("Huvudslutsats" -> "huvudslutsat", but
        "huvudslutsatsen" -> "huvudslutsats"): a long stem also searches its other form."""
        out = []
        for t in toks:
            if len(t) < 6 or t[0].isdigit():
                continue
            other = t[:-1] if t.endswith("s") else t + "s"
            if other in self._vocab and other not in toks:
                out.append(other)
        return out

    def _known_base(self, tok: str) -> str:
        if tok in self._vocab or len(tok) < 5 or not tok.endswith(("an", "on")):
            return tok
        return tok[:-2] if tok[:-2] in self._vocab else tok

    def scores(self, query: str) -> np.ndarray:
        toks = self.query_tokens(query)
        if not toks:
            return np.zeros(self._bm25.scores["num_docs"], dtype=np.float32)
        return self._bm25.get_scores(toks)

    def search(self, query: str, k: int = 20) -> list[tuple[int, float]]:
        scores = self.scores(query)
        if not scores.any():
            return []
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    @property
    def num_docs(self) -> int:
        return int(self._bm25.scores["num_docs"])

    def doc_freq(self, token: str) -> int:
        """In how many chunks a (stemmed) token occurs; 0 when it is not in the vocabulary."""
        i = self._vocab.get(token)
        if i is None:
            return 0
        indptr = self._bm25.scores["indptr"]
        return int(indptr[i + 1] - indptr[i])
