"""The heading of each top-level section (a law's "Điều 35. Chuyển quyền sở hữu tài sản góp vốn"),
taken from the chunks' breadcrumbs, and the chunks of its body.

A law is cut into hundreds of clause- and point-level chunks, and a colloquial question ("thủ tục
tạm ngừng doanh nghiệp thế nào") rarely shares words with the point that governs it; the
article's short heading says what the article is about in a few words, and e5 places the
question near it more reliably than near any one of its points. On the law's dev questions the
heading's similarity, mixed into the ranking of articles, put a gold article among the first four
for 0.585 of questions instead of 0.553. The whole article says more than any one point too: the
mean of its chunks' vectors, mixed in beside the heading, raised that to 0.606
(evals/bench_law_headings.py; README, "Answering what users ask"). Which documents use them, and
how much, is their profile's `heading_weight` and `body_weight` (resources/profiles/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.model import Chunk


def top_id(section_id: str) -> str:
    """The top-level section a section id belongs to ("Điều 35.1.a" -> "Điều 35")."""
    return section_id.split(".")[0]


@dataclass(frozen=True)
class Heading:
    doc_id: str
    section_id: str  # the top-level section ("Điều 35")
    text: str  # as the breadcrumb shows it ("Điều 35. Chuyển quyền sở hữu tài sản góp vốn")
    first: int  # position in the index of the section's first chunk that says more than its headings
    positions: tuple[int, ...]  # positions of all the section's chunks, in document order


def top_headings(chunks: list[Chunk], doc_id: str) -> list[Heading]:
    """The headings of a document's top-level sections, in document order, each with the first
    chunk that says more than its headings. A section with no heading in its breadcrumb (a
    preamble), or whose chunks only repeat headings (a chapter of articles), has none."""
    out: dict[str, Heading] = {}
    members: dict[str, list[int]] = {}
    for position, chunk in enumerate(chunks):
        if chunk.doc_id != doc_id:
            continue
        top = top_id(chunk.section_id)
        members.setdefault(top, []).append(position)
        if top in out:
            continue
        step = next((s for s in chunk.breadcrumb.split(" > ") if s.startswith(top + ".")), None)
        if step and not _words(chunk.text) <= _words(chunk.breadcrumb):  # a heading line only
            out[top] = Heading(doc_id, top, step.split("\n")[0].strip(), position, ())
    return [replace(h, positions=tuple(members[h.section_id])) for h in out.values()]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))
