"""What a draft quotes and how: the sentences of indexed documents (clauses of the long ones),
scored by how much of the topic they cover, and each quote continued into a draft's sentence
with its footnote.

    selection = select(topic, corpus, chunks, units, hits, min_coverage, max_quote_chars)
    selection.best("goals", 3)        # the best passages of the plan's goals, one per item first
    Notes().quote(passage)            # "Tỷ lệ đô thị hóa phấn đấu đạt trên 26% [1]."

A broad topic (one that is the document's own subject, "Kế hoạch thực hiện Nghị quyết 06")
gets an overview: the opening sentence of every item, in document order.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Callable

from assistant.analytics.anatomy import Item, full_heading, horizon_of, items
from assistant.answer.compose import section_label
from assistant.answer.question import analyse, fold
from assistant.model import Chunk, Footnote, Hit, ParsedDocument, Span, display_title
from assistant.text.bodies import find_bodies
from assistant.text.normalize import is_year
from assistant.text.spans import clause_spans, sentence_spans, trimmed
from assistant.text.tokens import folded_tokens
from assistant.text.units import UnitIndex, coverage

# Share of the topic's weighted terms a document title must cover for the topic to be "the
# whole plan" rather than one of its subjects.
_OVERVIEW = 0.6
# A topic's key syllables are those at least this share of its rarest syllable's IDF: in
# "phát triển nhà ở đô thị" they are "nhà" and "ở", which every chosen sentence must contain.
_KEY_IDF_SHARE = 0.6
# Weight of a passage's retrieval rank next to its term coverage (dense retrieval finds
# paraphrases that share no words with the topic).
_RANK_WEIGHT = 0.2


@dataclass(frozen=True)
class Passage(Span):
    """A quotable sentence (or clause of a long sentence) of an indexed document, with what a
    draft says around it and how well it covers the topic."""

    role: str = field(kw_only=True)  # plan part: purpose, goals, tasks, solutions, organisation, ...
    heading: str = field(kw_only=True)  # the section's title in sentence case: "Đến năm 2025"
    horizon: str = field(kw_only=True)
    label: str = field(kw_only=True)  # "Kế hoạch 06 Điện Biên — Mục II.2.1 (Đến năm 2025)"
    page: int | None = field(kw_only=True)
    item_start: int = field(kw_only=True)  # the paragraph or bullet it belongs to
    first_in_item: bool = field(kw_only=True)
    score: float = field(default=0.0, kw_only=True)


@dataclass
class Selection:
    topic: str
    overview: bool
    passages: list[Passage]  # every passage, document order, scored
    relevant: list[Passage]  # those worth quoting, best first
    corpus: list[ParsedDocument]
    short_titles: dict[str, str]
    cover: Callable[[frozenset[str]], float]  # topic coverage of a token set
    required: frozenset[str] = frozenset()  # key terms a text must hold to be about the topic

    def best(self, role: str | tuple[str, ...], limit: int) -> list[Passage]:
        roles = (role,) if isinstance(role, str) else role
        chosen = [p for p in self.relevant if p.role in roles]
        return _one_per_item(chosen)[:limit]

    def passage_at(self, doc_id: str, start: int, end: int) -> Passage | None:
        """The passage covering a span (an analytics row's quote), or None if not indexed."""
        for p in self.passages:
            if p.doc_id == doc_id and p.start <= start and end <= p.end:
                return p
        for p in self.passages:  # a row quoting a whole sentence split into clause passages
            if p.doc_id == doc_id and p.item_start <= start < p.end:
                return replace(p, start=start, end=end, text=self.text_of(doc_id)[start:end], mark=0)
        return None

    def text_of(self, doc_id: str) -> str:
        return next(p.document.text for p in self.corpus if p.doc_id == doc_id)

    def relevance(self, text: str) -> float:
        tokens = folded_tokens(text)
        return self.cover(tokens) if self.required <= tokens else 0.0


def select(topic: str, corpus: list[ParsedDocument], chunks: list[Chunk], units: UnitIndex, hits: list[Hit],
           min_coverage: float, max_quote_chars: int) -> Selection:
    subject = subject_of(topic)
    info = analyse(subject, units.abbreviations)
    tokens = info.tokens
    short_titles = {p.doc_id: p.document.short_title for p in corpus}
    indexed = {c.doc_id for c in chunks}
    docs = [p for p in corpus if p.doc_id in indexed]
    named = [p for p in docs if tokens and _names_document(subject, tokens, p, units)]
    overview = bool(named)
    if overview:
        docs = named  # an overview of the document the topic names, not of the whole corpus
    rank = {h.chunk.chunk_id: n for n, h in enumerate(hits)}
    by_doc: dict[str, list[Chunk]] = {}
    for c in chunks:
        by_doc.setdefault(c.doc_id, []).append(c)
    for cs in by_doc.values():
        cs.sort(key=lambda c: c.start)

    def cover(unit_tokens, heading=frozenset()) -> float:
        return coverage(tokens, unit_tokens, heading, units.idf) if tokens else 0.0

    required = key_terms(tokens, units)

    passages: list[Passage] = []
    for parsed in docs:
        doc_chunks = by_doc[parsed.doc_id]
        starts = [c.start for c in doc_chunks]
        for item in items(parsed):
            if item.role in ("preamble", "closing") and item.section.id == "closing":
                continue
            heading = display_title(full_heading(parsed, item.section))
            heading_tokens = folded_tokens(heading)
            horizon = horizon_of(parsed.tree, item.section) or ""
            for n, piece in enumerate(_quotable(item, max_quote_chars)):
                i = bisect_right(starts, piece.start) - 1
                if i < 0 or not (doc_chunks[i].start <= piece.start and piece.end <= doc_chunks[i].end):
                    continue  # not inside one indexed chunk: cannot be cited
                chunk = doc_chunks[i]
                body_tokens = folded_tokens(piece.text)
                score = cover(body_tokens, heading_tokens) if required <= (body_tokens | heading_tokens) else 0.0
                if score and chunk.chunk_id in rank:
                    score += _RANK_WEIGHT / (1 + rank[chunk.chunk_id])
                passages.append(Passage.of(
                    piece, role=item.role, heading=heading, horizon=horizon,
                    label=f"{short_titles[parsed.doc_id]} — {section_label(chunk)}", page=chunk.page_start,
                    item_start=item.start, first_in_item=n == 0, score=round(score, 4)))
    if overview:
        relevant = [p for p in passages if p.first_in_item]
    else:
        relevant = sorted((p for p in passages if p.score >= min_coverage), key=lambda p: -p.score)
    return Selection(topic, overview, passages, relevant, docs, short_titles, cover, required)


# How drafters phrase a request around its subject: "tuyên truyền về nhà ở xã hội" is about
# "nhà ở xã hội"; "kế hoạch về đô thị thông minh" about "đô thị thông minh".
_FRAMING = re.compile(
    r"^(?:(?:đề cương|tài liệu|bài|tin bài|tin|nội dung)\s+)?(?:tuyên truyền|giới thiệu|quán triệt|hỏi\s*[-–]?\s*đáp|kế hoạch|"
    r"chương trình|nội dung|vấn đề|chủ đề)\s+(?:về|nội dung|chủ đề)\s+", re.IGNORECASE)


def subject_of(topic: str) -> str:
    """The subject of a request, without the drafter's framing words."""
    stripped = _FRAMING.sub("", topic.strip())
    return stripped if stripped.strip() else topic


def _names_document(topic: str, tokens: tuple[str, ...], parsed: ParsedDocument, units: UnitIndex) -> bool:
    """The topic is the document itself ("Kế hoạch thực hiện Nghị quyết 06"), not one of its
    subjects ("quy hoạch đô thị", whose words are also in the title): its words are the title's
    and it names the document by its kind or a number of its title."""
    doc = parsed.document
    title_tokens = folded_tokens(f"{doc.title} {doc.short_title}")
    numbers = [t for t in tokens if "_" not in t and t.isdigit() and not is_year(t)]
    if any(n not in title_tokens for n in numbers):
        return False  # "Nghị quyết số 16" is not this plan on Nghị quyết 06
    if coverage(tokens, title_tokens, frozenset(), units.idf) < _OVERVIEW:
        return False
    folded = fold(topic)
    return bool(numbers) or fold(doc.short_title) in folded


def key_terms(tokens: tuple[str, ...], units: UnitIndex) -> frozenset[str]:
    """The syllables a sentence must contain to be about the topic, and the bigrams they form.

    Common words of the topic ("phát triển", "đô thị" in this corpus) may be missing; its rare
    ones may not. A syllable the corpus never uses is the rarest of all, so a topic the
    documents do not cover ("bóng đá") matches nothing and the draft is declined."""
    unigrams = [t for t in tokens if "_" not in t]
    if not unigrams:
        return frozenset()
    top = max(units.idf(t) for t in unigrams)
    key = [t for t in unigrams if units.idf(t) >= _KEY_IDF_SHARE * top]
    # A bigram the corpus never uses ("nghị quyết 16" where the text says "Nghị quyết số 16") is
    # not required: its syllables already are.
    bigrams = {t for t in tokens if "_" in t and all(part in key for part in t.split("_")) and units.df.get(t, 0)}
    return frozenset(key) | frozenset(bigrams)


def _quotable(item: Item, max_chars: int) -> list[Span]:
    """Sentences of an item; a sentence too long to quote whole is quoted by its clauses."""
    out = []
    for sentence in sentence_spans(item):
        sentence = trimmed(sentence)
        if len(sentence.text) <= max_chars:
            out.append(sentence)
        else:
            out += [trimmed(clause) for clause in clause_spans(sentence)]
    return [piece for piece in out if piece.text]


def _one_per_item(passages: list[Passage]) -> list[Passage]:
    """The best passage of each paragraph first, then second-best ones: a draft quoting three
    clauses of one bullet says less than one that quotes three bullets."""
    seen: set[tuple[str, int]] = set()
    first, rest = [], []
    for p in passages:
        key = (p.doc_id, p.item_start)
        (rest if key in seen else first).append(p)
        seen.add(key)
    return first + rest


# --- quoting ---------------------------------------------------------------------------------
_AS_FOLLOWS = re.compile(r"\s*(?:như sau)?\s*:\s*$")


class Notes:
    """Footnotes numbered in order of first use; a quote cited twice keeps its number."""

    def __init__(self) -> None:
        self.footnotes: list[Footnote] = []
        self._by_span: dict[tuple[str, int, int], int] = {}

    def cite(self, p: Passage) -> int:
        key = (p.doc_id, p.start, p.end)
        if key not in self._by_span:
            n = len(self.footnotes) + 1
            self._by_span[key] = n
            self.footnotes.append(Footnote(n, p.doc_id, p.section_id, p.label, p.text, p.start, p.end, p.page, p.heading))
        return self._by_span[key]

    def quote(self, p: Passage, lower: bool = False) -> str:
        text = _AS_FOLLOWS.sub("", p.text).rstrip(" .;…")
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
