"""Section-aware chunking: a chunk never spans two sections, and every non-blank character of
a document lands in exactly one chunk.

Long sections are split at paragraph/bullet boundaries, then at sentence ends, then at word
boundaries, packing pieces greedily up to `max_chars`. Each chunk carries its breadcrumb, so
the year in "2.1. Đến năm 2025" reaches both the dense and the lexical index.
"""

from __future__ import annotations

import hashlib
import re

from assistant.model import Chunk, Document, SectionTree
from assistant.text.normalize import search_form

# Bump when chunk boundaries or chunk text change, so indexes built by an older chunker are
# rebuilt instead of silently mixed.
CHUNKER_VERSION = "1"

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=[-–•+*]\s)")
_SENTENCE_END = re.compile(r"(?<=[.;!?…])\s+")


def chunk_document(doc: Document, tree: SectionTree, max_chars: int = 900, min_chars: int = 120) -> list[Chunk]:
    chunks: list[Chunk] = []
    for section in tree:
        pieces = _pieces(doc.text, section.start, section.own_end, max_chars)
        spans = _pack(pieces, max_chars, min_chars)
        breadcrumb = tree.breadcrumb(section.id, doc.short_title)
        for n, (start, end) in enumerate(spans):
            text = doc.text[start:end]
            chunks.append(
                Chunk(
                    chunk_id=f"{doc.doc_id}#{section.id}/{n}",
                    doc_id=doc.doc_id,
                    section_id=section.id,
                    section_title=section.title,
                    breadcrumb=breadcrumb,
                    text=text,
                    search_text=search_form(f"{breadcrumb}\n{text}"),
                    start=start,
                    end=end,
                    ordinal=n,
                    page_start=doc.page_at(start),
                    page_end=doc.page_at(max(start, end - 1)),
                    emphasis=doc.emphasised(start, end),
                    content_hash=_hash(doc.doc_id, section.id, breadcrumb, text),
                )
            )
    return chunks


def _hash(*parts: str) -> str:
    h = hashlib.sha256(CHUNKER_VERSION.encode())
    for p in parts:
        h.update(b"\x1f" + p.encode("utf-8"))
    return h.hexdigest()


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _split(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    out = []
    pos = start
    for m in pattern.finditer(text, start, end):
        span = _trim(text, pos, m.start())
        if span:
            out.append(span)
        pos = m.end()
    span = _trim(text, pos, end)
    if span:
        out.append(span)
    return out


def _pieces(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Smallest units to pack: paragraphs/bullets, split further only when too long."""
    out: list[tuple[int, int]] = []
    for p in _split(text, start, end, _PARAGRAPH_BREAK):
        if p[1] - p[0] <= max_chars:
            out.append(p)
            continue
        for s in _split(text, p[0], p[1], _SENTENCE_END):
            if s[1] - s[0] <= max_chars:
                out.append(s)
            else:
                out.extend(_by_words(text, s[0], s[1], max_chars))
    return out


def _by_words(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    out = []
    while end - start > max_chars:
        cut = text.rfind(" ", start, start + max_chars)
        cut = cut if cut > start else start + max_chars
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append((start, end))
    return out


def _pack(pieces: list[tuple[int, int]], max_chars: int, min_chars: int) -> list[tuple[int, int]]:
    """Greedy packing of consecutive pieces; a too-small tail joins its neighbour."""
    spans: list[list[int]] = []
    for start, end in pieces:
        if spans and end - spans[-1][0] <= max_chars:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    if len(spans) >= 2 and spans[-1][1] - spans[-1][0] < min_chars and spans[-1][1] - spans[-2][0] <= max_chars + min_chars:
        tail = spans.pop()
        spans[-1][1] = tail[1]
    return [(s, e) for s, e in spans]
