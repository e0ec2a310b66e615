"""The lead's ranker: a linear score over the features of assistant/answer/features.py, trained
listwise on the development sets' questions (per question, the units that hold an expected fact
should come first) by `python scripts/train_lead.py`, which writes lead_model.json here."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("lead_model.json")


@dataclass(frozen=True)
class LeadModel:
    """Standardised features times weights: a unit's score against the others of its question
    (a difference of 1 is a factor e in how likely each is to answer)."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def score(self, features: Mapping[str, float]) -> float:
        z = self.bias
        for name, m, s, w in zip(self.names, self.mean, self.scale, self.weights, strict=True):
            z += w * (features.get(name, 0.0) - m) / s
        return z

    @classmethod
    def from_json(cls, data: dict, **extra):
        """The model as `as_json` wrote it; `extra`: a subclass's own fields."""
        return cls(
            tuple(data["names"]),
            tuple(data["mean"]),
            tuple(data["scale"]),
            tuple(data["weights"]),
            float(data["bias"]),
            **extra,
        )

    def as_json(self) -> dict:
        return {
            "names": list(self.names),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "weights": list(self.weights),
            "bias": self.bias,
        }


def fit(
    groups: Sequence[tuple[Sequence[Mapping[str, float]], Sequence[int]]], l2: float = 1.0
) -> LeadModel:
    """A listwise model: per question, the softmax of the units' scores should put its weight on
    the units that answer (those labelled 1). L2-regularised, fitted with scipy's L-BFGS."""
    import numpy as np
    from scipy.optimize import minimize

    names = tuple(sorted({n for rows, _ in groups for r in rows for n in r}))
    mats = [np.array([[r.get(n, 0.0) for n in names] for r in rows]) for rows, _ in groups]
    stacked = np.vstack(mats)
    mean, scale = stacked.mean(axis=0), stacked.std(axis=0)
    scale[scale == 0] = 1.0
    data = [
        ((m - mean) / scale, np.asarray(y, dtype=bool))
        for m, (_, y) in zip(mats, groups, strict=True)
        if any(y)
    ]

    def loss(w):
        total, grad = 0.5 * l2 * w @ w, l2 * w
        for z, pos in data:
            s = z @ w
            s -= s.max()
            e = np.exp(s)
            p = e / e.sum()
            q = np.where(pos, p, 0.0)
            q /= q.sum()
            total -= np.log(p[pos].sum())
            grad += z.T @ (p - q)
        return total, grad

    w = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B").x
    return LeadModel(names, tuple(mean), tuple(scale), tuple(float(v) for v in w), 0.0)


def fit_logistic(
    rows: Sequence[Mapping[str, float]], labels: Sequence[int], l2: float = 1.0
) -> LeadModel:
    """A pointwise logistic regression (the bias is its own weight), L-BFGS as above."""
    import numpy as np
    from scipy.optimize import minimize

    names = tuple(sorted({n for r in rows for n in r}))
    x = np.array([[r.get(n, 0.0) for n in names] for r in rows], dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(y), 1))])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0

    def loss(w):
        s = z @ w
        p = 1 / (1 + np.exp(-s))
        total = np.sum(np.logaddexp(0, s) - y * s) + 0.5 * np.sum(penalty * w * w)
        return total, z.T @ (p - y) + penalty * w

    w = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B").x
    return LeadModel(
        names, tuple(mean), tuple(scale), tuple(float(v) for v in w[:-1]), float(w[-1])
    )


@lru_cache(maxsize=1)
def default_model() -> LeadModel:
    """The model the product answers with, read once."""
    return LeadModel.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
