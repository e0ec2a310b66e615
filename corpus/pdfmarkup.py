"""Markdown inline syntax and footnote markers of corpus sources as reportlab Paragraph markup."""

from __future__ import annotations

import re

from mdsource import RE
from pdffootnotes import FootnoteHolder


def inline(text: str) -> str:
    """Markdown inline syntax to reportlab Paragraph markup."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", text)
    # the marker is small but on the line (rise 0): a raised run is read by text extraction as a
    # line of its own, which splits the sentence it stands in ("Möta den 1 akuta hemlösheten")
    return RE["marker"].sub(
        lambda m: (
            f'<super rise="0">{m.group(1)}</super><onDraw name="fn_mark" label="{m.group(1)}"/>'
        ),
        text,
    )


def with_notes(flowable, texts: list[str], notes: dict[str, str]):
    labels = list(dict.fromkeys(lab for t in texts for lab in RE["marker"].findall(t)))
    return FootnoteHolder(flowable, labels, notes) if labels else flowable
