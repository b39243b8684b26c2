"""Quoting: each passage a draft uses becomes a sentence of the draft with its footnote.

    notes = Notes()
    notes.quote(passage)              # "Tỷ lệ đô thị hóa phấn đấu đạt trên 26% [1]."
    notes.footnotes                   # (Footnote(1, ..., quote="Tỷ lệ đô thị hóa ... 26%."),)

The footnote always quotes the document's exact text; the sentence says the passage (a table
row is said with its column headers, see passages.py).
"""

from __future__ import annotations

import re

from assistant.model import Footnote
from assistant.text.bodies import find_bodies

_AS_FOLLOWS = re.compile(r"\s*(?:như sau)?\s*:\s*$")


class Notes:
    """Footnotes numbered in order of first use; a quote cited twice keeps its number."""

    def __init__(self) -> None:
        self.footnotes: list[Footnote] = []
        self._by_span: dict[tuple[str, int, int], int] = {}

    def cite(self, p) -> int:
        key = (p.doc_id, p.start, p.end)
        if key not in self._by_span:
            n = len(self.footnotes) + 1
            self._by_span[key] = n
            self.footnotes.append(Footnote(n, p.doc_id, p.section_id, p.label, p.text, p.start, p.end, p.page, p.heading))
        return self._by_span[key]

    def quote(self, p, lower: bool = False) -> str:
        text = _AS_FOLLOWS.sub("", p.shown).rstrip(" .;…")
        return with_note((lower_first(text) if lower else upper_first(text)) + ".", self.cite(p))


def with_note(text: str, n: int) -> str:
    """'... trên 26%.' -> '... trên 26% [3].' (the marker goes before the closing stop)."""
    body = text.rstrip()
    end = body[-1] if body and body[-1] in ".?!:;" else ""
    return f"{body[: len(body) - len(end)].rstrip()} [{n}]{end}"


def lower_first(text: str) -> str:
    """Continue a sentence with a quote: 'Tỷ lệ đô thị hóa ...' -> 'tỷ lệ đô thị hóa ...', but
    names, bodies and acronyms keep their capitals ('Thành phố Điện Biên Phủ', 'Đảng đoàn
    HĐND tỉnh', 'UBND tỉnh')."""
    words = text.split()
    if not words:
        return text
    first = words[0]
    if first.isupper() and len(first) > 1:
        return text
    if any(w[:1].isupper() for w in words[1:3]):
        return text
    mention = next(iter(find_bodies(text[:80])), None)
    if mention is not None and mention.start == 0 and first.lower() not in ("các", "những"):
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
