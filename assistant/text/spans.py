"""The one splitter of document text: lines (paragraphs, bullets) -> sentences -> ';' clauses,
as character offsets and as `Span`s (model.py), so that answers, analytics and drafts cut a
document alike and quote exactly its own words.

    for line in line_spans(doc_id, section_id, text, section.start, section.own_end):
        for sentence in sentence_spans(line):
            clause_spans(sentence)
"""

from __future__ import annotations

import re

from assistant.model import Span
from assistant.text.markers import match_heading
from assistant.text.normalize import starts_upper

LINE = re.compile(r"\n+")
SENTENCE = re.compile(r"(?<=[.!?…])\s+")
CLAUSE = re.compile(r";\s+")
# "- ", "+ ", "2.1. ", "1) ", "II- ", "a) ": the mark of a bullet or numbered item.
LEADING_MARK = re.compile(r"^(?:[-–•+*]\s+|\d{1,2}(?:\.\d{1,2})*[.)]\s+|[IVX]+[-.]\s+|[a-zđ]\)\s+)")


def spans(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Non-blank pieces of text[start:end] between matches of `pattern`."""
    out, pos = [], start
    for m in pattern.finditer(text, start, end):
        if text[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:end].strip():
        out.append((pos, end))
    return out


def lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    return spans(text, start, len(text) if end is None else end, LINE)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans; a piece that does not start with a capital ("... để thu hút") continues
    the previous sentence (an ellipsis, an abbreviation), it is not a new one."""
    out: list[tuple[int, int]] = []
    for s, e in spans(text, start, end, SENTENCE):
        previous = text[out[-1][0] : out[-1][1]] if out else ""
        if out and (not starts_upper(text[s:e]) or LEADING_MARK.fullmatch(previous + " ")):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return spans(text, start, end, CLAUSE)


def strip_mark(text: str) -> str:
    """The text without its bullet or number mark."""
    return LEADING_MARK.sub("", text)


def body_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without its leading mark and surrounding blanks."""
    piece = text[start:end]
    stripped = strip_mark(piece.lstrip())
    start += len(piece) - len(stripped)
    piece = text[start:end]
    return start, start + len(piece.rstrip())


def is_heading_only(line: str) -> bool:
    """A heading line without body text ("2.1. Đến năm 2025"), as opposed to a numbered
    paragraph that is its own section ("5. Ban Tuyên giáo Tỉnh uỷ chủ trì, ...")."""
    marker = match_heading(line)
    return bool(marker) and len(line) < 120 and not line.rstrip().endswith((".", ";"))


# --- spans ---------------------------------------------------------------------------------
def span(doc_id: str, section_id: str, text: str, start: int, end: int, offset: int = 0) -> Span:
    """text[start:end] as a Span; `offset` is where `text` starts in the document (a chunk's)."""
    piece = text[start:end]
    mark = LEADING_MARK.match(piece)
    return Span(doc_id, section_id, offset + start, offset + end, piece, mark.end() if mark else 0)


def line_spans(doc_id: str, section_id: str, text: str, start: int = 0, end: int | None = None,
               offset: int = 0) -> list[Span]:
    """The lines of text[start:end] with body text: a bare heading line ("2.1. Đến năm 2025") is
    the section's name, not something it says."""
    return [span(doc_id, section_id, text, s, e, offset) for s, e in lines(text, start, end)
            if not is_heading_only(text[s:e].strip())]


def _within(piece: Span, cuts: list[tuple[int, int]]) -> list[Span]:
    return [span(piece.doc_id, piece.section_id, piece.text, s, e, piece.start) for s, e in cuts]


def sentence_spans(piece: Span) -> list[Span]:
    return _within(piece, sentences(piece.text, 0, len(piece.text)))


def clause_spans(piece: Span) -> list[Span]:
    return _within(piece, clauses(piece.text, 0, len(piece.text)))


def body_of(piece: Span) -> Span:
    """The span without its leading mark and surrounding blanks ("- Tỷ lệ ... 26%. " -> "Tỷ lệ ... 26%.")."""
    s, e = body_span(piece.text, 0, len(piece.text))
    return span(piece.doc_id, piece.section_id, piece.text, s, e, piece.start)


def trimmed(piece: Span, tail: str = " \n;,") -> Span:
    """The span without leading blanks and without trailing blanks and `tail` punctuation: a
    quote does not end on the ';' that joins it to the next clause."""
    s, e = 0, len(piece.text)
    while s < e and piece.text[s] in " \n":
        s += 1
    while e > s and piece.text[e - 1] in tail:
        e -= 1
    return span(piece.doc_id, piece.section_id, piece.text, s, e, piece.start)
