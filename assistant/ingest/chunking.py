"""Section-aware chunking: a chunk never spans two sections, and every non-blank character of
a document lands in exactly one chunk.

Long sections are split at paragraph/bullet boundaries, then at sentence ends, then at word
boundaries, packing pieces greedily up to `max_chars`. Each chunk carries its breadcrumb, so
the year in "2.1. Đến năm 2025" reaches both the dense and the lexical index.
"""

from __future__ import annotations

import hashlib
import re

from assistant.ingest.tables import cells, find_tables, is_row, is_separator, render
from assistant.model import Chunk, Document, SectionTree
from assistant.text.normalize import search_form

# Bump when chunk boundaries or chunk text change, so indexes built by an older chunker are
# rebuilt instead of silently mixed.
CHUNKER_VERSION = "2"  # 2: table rows are pieces of their own, rendered with their headers

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=[-–•+*]\s)")
_LINE_BREAK = re.compile(r"\n")
_SENTENCE_END = re.compile(r"(?<=[.;!?…])\s+")


def chunk_document(doc: Document, tree: SectionTree, max_chars: int = 900, min_chars: int = 120) -> list[Chunk]:
    chunks: list[Chunk] = []
    headers = _table_headers(doc.text)
    for section in tree:
        pieces = _pieces(doc.text, section.start, section.own_end, max_chars)
        spans = _pack(pieces, max_chars, min_chars)
        breadcrumb = tree.breadcrumb(section.id, doc.short_title)
        for n, (start, end) in enumerate(spans):
            text = doc.text[start:end]
            context = _rendered_rows(doc.text, start, end, headers)
            chunks.append(
                Chunk(
                    chunk_id=f"{doc.doc_id}#{section.id}/{n}",
                    doc_id=doc.doc_id,
                    section_id=section.id,
                    section_title=section.title,
                    breadcrumb=breadcrumb,
                    text=text,
                    search_text=search_form(f"{breadcrumb}\n{context or text}"),
                    start=start,
                    end=end,
                    ordinal=n,
                    page_start=doc.page_at(start),
                    page_end=doc.page_at(max(start, end - 1)),
                    emphasis=doc.emphasised(start, end),
                    content_hash=_hash(doc.doc_id, section.id, breadcrumb, text, context),
                    context=context,
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


def _table_headers(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, header cells) of every pipe table of the text, by character offset."""
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    return [(offsets[t.start_line], offsets[t.end_line - 1] + len(lines[t.end_line - 1]), t.header) for t in find_tables(lines)]


def _rendered_rows(text: str, start: int, end: int, headers) -> str:
    """The rows of [start, end) with their table's headers; "" outside tables."""
    for t_start, t_end, header in headers:
        if start < t_end and end > t_start:
            out = []
            for line in text[start:end].split("\n"):
                if is_row(line) and not is_separator(line) and tuple(cells(line)) != header:
                    out.append(render(header, cells(line)))
                elif line.strip() and not is_separator(line) and tuple(cells(line)) != header:
                    out.append(line.strip())
            return "\n".join(out)
    return ""


def _pieces(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Smallest units to pack: paragraphs/bullets, split further only when too long. A table
    row is one piece whatever its length: a row is never cut (its cells only mean something
    together)."""
    out: list[tuple[int, int]] = []
    for p in _split(text, start, end, _PARAGRAPH_BREAK):
        if p[1] - p[0] <= max_chars:
            out.append(p)
            continue
        if is_row(text[p[0]:text.find("\n", p[0]) if "\n" in text[p[0]:p[1]] else p[1]]):
            out.extend(_split(text, p[0], p[1], _LINE_BREAK))
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
