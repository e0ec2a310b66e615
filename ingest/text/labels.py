"""A table row named with its column headers, so that it answers on its own:
"Sjöbo – Förvärvsarbetande 20–64 år: Kvinnor 66 %, Män 71 %, Totalt 69 %"."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"[-−–+]?\s?(?:\d[\d\s.,]*|[.,]\d+)\s?%?|[-−–]")  # "- 69 731" too
_UNIT = re.compile(r"\s*\((%|procent|kr|tkr|mnkr|st|antal)\)\s*$", re.I)


def is_number(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell.strip()))


def fit_header(header: tuple[str, ...], n: int) -> tuple[str, ...] | None:
    """The header's names for a row of n cells: as they are, or with an empty name for a first
    column (the row names) that the header leaves blank; None when they do not fit."""
    if len(header) == n:
        return header
    if len(header) == n - 1:
        return ("", *header)
    return None


def row_label(header: tuple[str, ...], cells: tuple[str, ...]) -> str:
    """The row's names (its leading text cells), then each value with its column's name."""
    names = fit_header(header, len(cells))
    if names is None or not any(names) or sum(bool(c) for c in cells) < 2:
        return ""
    numbers = [i for i, c in enumerate(cells) if c and is_number(c)]
    # names of their own (Kommundel, Indikator) lead a row of several numbers; otherwise the
    # first cell names the row and every other cell is named by its column
    stub = numbers[0] if len(numbers) >= 2 and numbers[0] else 1
    # a number that leads the row ("1" under "Nr") is named like any other number
    pairs = zip(names[:stub], cells[:stub], strict=True)
    lead = [f"{n} {c}".strip() if is_number(c) else c for n, c in pairs if c]
    unit = ""
    if lead and _UNIT.search(lead[-1]):  # "Röker inte dagligen, 16–84 år (%)": the unit of the row
        unit = _UNIT.search(lead[-1]).group(1)
        lead[-1] = _UNIT.sub("", lead[-1])
    parts, texts = [], False
    for name, value in zip(names[stub:], cells[stub:], strict=True):
        if not value:
            continue
        col_unit = _UNIT.search(name)
        name = _UNIT.sub("", name).strip()
        if is_number(value):
            shown = _with_unit(value, col_unit.group(1) if col_unit else unit)
            parts.append(f"{name} {shown}".strip())
        else:
            texts = True
            parts.append(f"{name}: {value}" if name else value)
    if not parts:
        return ""
    return f"{' – '.join(lead)}: {('; ' if texts else ', ').join(parts)}".lstrip(": ")


def _with_unit(value: str, unit: str) -> str:
    if not unit or value.endswith("%") or value in "-−–":
        return value
    return f"{value} {unit}"
