"""Ruling lines of a page: the horizontal and vertical strokes (and thin filled bars) drawn by its
content stream, in page coordinates. Tables are found from them."""

from __future__ import annotations

from dataclasses import dataclass

THIN = 2.0  # a filled rectangle this thin (points) is drawn as a line
_PAINT = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}


@dataclass(frozen=True)
class Rule:
    """A horizontal (y fixed, a..b along x) or vertical (x fixed, a..b along y) line."""

    horizontal: bool
    at: float
    a: float
    b: float


def _mul(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def read_rules(operations) -> list[Rule]:
    """Axis-parallel segments of every painted path, rectangle sides included."""
    ctm, stack, path, rules = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], [], []
    here = None
    for operands, op in operations:
        try:
            nums = [float(v) for v in operands]
        except (TypeError, ValueError):
            nums = []
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop() if stack else ctm
        elif op == b"cm" and len(nums) == 6:
            ctm = _mul(tuple(nums), ctm)
        elif op == b"m" and len(nums) == 2:
            here = _apply(ctm, *nums)
        elif op == b"l" and len(nums) == 2 and here is not None:
            to = _apply(ctm, *nums)
            path.append((here, to))
            here = to
        elif op == b"re" and len(nums) == 4:
            x, y, w, h = nums
            corners = [_apply(ctm, x, y), _apply(ctm, x + w, y), _apply(ctm, x + w, y + h)]
            corners.append(_apply(ctm, x, y + h))
            path += [(corners[i], corners[(i + 1) % 4]) for i in range(4)]
        elif op in _PAINT:
            rules += _segments(path, filled=op not in (b"S", b"s"))
            path, here = [], None
        elif op in (b"n", b"W", b"W*"):
            path, here = ([], None) if op == b"n" else (path, here)
    return rules


def _segments(path, filled: bool) -> list[Rule]:
    out = []
    xs = [p[0] for seg in path for p in seg]
    ys = [p[1] for seg in path for p in seg]
    if filled and xs and (max(ys) - min(ys) <= THIN or max(xs) - min(xs) <= THIN):
        if max(ys) - min(ys) <= THIN:  # a thin bar: one horizontal rule
            return [Rule(True, (max(ys) + min(ys)) / 2, min(xs), max(xs))]
        return [Rule(False, (max(xs) + min(xs)) / 2, min(ys), max(ys))]
    for (x0, y0), (x1, y1) in path:
        if abs(y0 - y1) < 0.5 and abs(x1 - x0) >= 1:
            out.append(Rule(True, y0, min(x0, x1), max(x0, x1)))
        elif abs(x0 - x1) < 0.5 and abs(y1 - y0) >= 1:
            out.append(Rule(False, x0, min(y0, y1), max(y0, y1)))
    return out
