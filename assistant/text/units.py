"""Answer units: the bullets, sentences and clauses of indexed chunks, with their spans and
term statistics, so an answer can quote exactly the part of a section that answers and the
claim checker can find the part a generated figure comes from.

    units = UnitIndex(index.chunks, abbreviations)
    units.by_chunk[chunk_id]                     # [Unit(...), ...] in reading order
    coverage(question_tokens, unit.tokens, heading_tokens, units.idf)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from assistant.model import Chunk, Span
from assistant.text.spans import clause_spans, line_spans, sentence_spans
from assistant.text.tokens import folded_tokens


@dataclass(frozen=True)
class Unit(Span):
    """A sentence or clause of an indexed chunk: what an answer quotes."""

    chunk: Chunk = field(kw_only=True)


def split_units(chunk: Chunk, abbreviations: dict[str, str] | None = None) -> list[Unit]:
    """Lines (bullets), then sentences, then ';' clauses of a chunk; headings stay out. A
    sentence of several clauses is a unit too, for questions that span its clauses."""
    units: list[Unit] = []

    def add(piece: Span) -> None:
        tokens = folded_tokens(piece.text, abbreviations)
        units.append(Unit(piece.doc_id, piece.section_id, piece.start, piece.end, piece.text, piece.mark, tokens, chunk=chunk))

    for line in line_spans(chunk.doc_id, chunk.section_id, chunk.text, offset=chunk.start):
        for sentence in sentence_spans(line):
            pieces = clause_spans(sentence)
            for piece in pieces if len(pieces) > 1 else [sentence]:
                add(piece)
            if len(pieces) > 1:
                add(sentence)
    return units


class UnitIndex:
    """All units of an index build, with document frequencies for IDF weights."""

    def __init__(self, chunks: list[Chunk], abbreviations: dict[str, str] | None = None):
        self.abbreviations = abbreviations or {}
        self.by_chunk: dict[str, list[Unit]] = {c.chunk_id: split_units(c, self.abbreviations) for c in chunks}

    @cached_property
    def _by_section(self) -> dict[tuple[str, str], list[Unit]]:
        out: dict[tuple[str, str], list[Unit]] = {}
        for units in self.by_chunk.values():
            for u in units:
                out.setdefault((u.doc_id, u.section_id), []).append(u)
        return out

    def within(self, doc_id: str, section_id: str) -> list[Unit]:
        """The units of a section and of every section under it, in document order."""
        prefix = section_id + "."
        found = [u for (d, s), us in self._by_section.items() if d == doc_id and (s == section_id or s.startswith(prefix))
                 for u in us]
        return sorted(found, key=lambda u: u.start)

    @cached_property
    def df(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for units in self.by_chunk.values():
            for u in units:
                for t in u.tokens:
                    counts[t] = counts.get(t, 0) + 1
        return counts

    @cached_property
    def size(self) -> int:
        return sum(len(u) for u in self.by_chunk.values())

    def idf(self, token: str) -> float:
        return math.log(1 + self.size / (1 + self.df.get(token, 0)))


# Bigrams count half: they reward phrases, but a question's cross-phrase bigrams ("2025 đô")
# exist nowhere and must not sink its coverage.
BIGRAM_WEIGHT = 0.5


def coverage(tokens, unit_tokens: frozenset[str], context_tokens: frozenset[str], idf, context_weight: float = 0.5) -> float:
    """IDF-weighted share of `tokens` found in a unit (context tokens, e.g. its heading, count
    `context_weight`)."""
    weights = {t: idf(t) * (BIGRAM_WEIGHT if "_" in t else 1.0) for t in tokens}
    total = sum(weights.values())
    if not total:
        return 0.0
    own = sum(w for t, w in weights.items() if t in unit_tokens)
    ctx = sum(w for t, w in weights.items() if t not in unit_tokens and t in context_tokens)
    return (own + context_weight * ctx) / total
