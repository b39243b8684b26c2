"""Answer units: the bullets, sentences and clauses of indexed chunks, with their spans and
term statistics, so an answer can quote exactly the part of a section that answers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from assistant.index.lexical import expand_abbreviations, syllable_tokens
from assistant.model import Chunk
from assistant.text.normalize import fold_diacritics
from assistant.text.spans import clauses, is_heading_only, lines, sentences, strip_mark


@dataclass(frozen=True)
class Unit:
    chunk: Chunk
    start: int  # span in the document text
    end: int
    text: str
    tokens: frozenset[str]  # folded syllable uni+bigrams

    @property
    def section_id(self) -> str:
        return self.chunk.section_id

    @property
    def body(self) -> str:
        """The text without its bullet or number mark: what goes inside quotation marks."""
        return strip_mark(self.text)


def folded_tokens(text: str, abbreviations: dict[str, str] | None = None) -> frozenset[str]:
    return frozenset(fold_diacritics(t) for t in syllable_tokens(expand_abbreviations(text, abbreviations or {})))


def split_units(chunk: Chunk, abbreviations: dict[str, str] | None = None) -> list[Unit]:
    """Lines (bullets), then sentences, then ';' clauses of a chunk; headings stay out."""
    units: list[Unit] = []
    for line_start, line_end in lines(chunk.text):
        line = chunk.text[line_start:line_end]
        if is_heading_only(line):
            continue
        for s_start, s_end in sentences(chunk.text, line_start, line_end):
            pieces = clauses(chunk.text, s_start, s_end)
            for start, end in pieces if len(pieces) > 1 else [(s_start, s_end)]:
                text = chunk.text[start:end]
                units.append(Unit(chunk, chunk.start + start, chunk.start + end, text, folded_tokens(text, abbreviations)))
            if len(pieces) > 1:  # the whole sentence too, for questions that span its clauses
                text = chunk.text[s_start:s_end]
                units.append(Unit(chunk, chunk.start + s_start, chunk.start + s_end, text, folded_tokens(text, abbreviations)))
    return units


class UnitIndex:
    """All units of an index build, with document frequencies for IDF weights."""

    def __init__(self, chunks: list[Chunk], abbreviations: dict[str, str] | None = None):
        self.abbreviations = abbreviations or {}
        self.by_chunk: dict[str, list[Unit]] = {c.chunk_id: split_units(c, self.abbreviations) for c in chunks}

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
