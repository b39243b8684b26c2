"""What a draft quotes: the passages of the documents in scope (passages.py), scored by how
much of the topic they cover.

    selection = select(topic, docs, passages, units, hits, min_coverage, overview=False)
    selection.best(("goals",), 3)     # the best passages of the goals, one per item first

A topic that is a document's own subject ("Kế hoạch thực hiện Nghị quyết 06", or its trích
yếu) gets an overview: the opening sentence of every item, in document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from assistant.answer.question import analyse
from assistant.drafting.passages import Passage, says_something
from assistant.model import ParsedDocument
from assistant.text.tokens import folded_tokens
from assistant.text.units import UnitIndex, coverage

# A topic's key syllables are those at least this share of its rarest syllable's IDF: in
# "phát triển nhà ở đô thị" they are "nhà" and "ở", which every chosen sentence must contain.
_KEY_IDF_SHARE = 0.6
# Weight of a passage's retrieval rank next to its term coverage (dense retrieval finds
# paraphrases that share no words with the topic).
_RANK_WEIGHT = 0.2


@dataclass
class Selection:
    topic: str
    overview: bool
    passages: list[Passage]  # every passage of the documents in scope, document order, scored
    relevant: list[Passage]  # those worth quoting, best first
    corpus: list[ParsedDocument]  # the documents in scope
    short_titles: dict[str, str]
    cover: Callable[[frozenset[str]], float]  # topic coverage of a token set
    required: frozenset[str] = frozenset()  # key terms a text must hold to be about the topic

    def best(self, role: str | tuple[str, ...], limit: int) -> list[Passage]:
        roles = (role,) if isinstance(role, str) else role
        chosen = [p for p in self.relevant if p.role in roles]
        return one_per_item(chosen)[:limit]

    def passage_at(self, doc_id: str, start: int, end: int) -> Passage | None:
        """The passage covering a span (an analytics row's quote), or None if not indexed."""
        for p in self.passages:
            if p.doc_id == doc_id and p.start <= start and end <= p.end:
                return p
        for p in self.passages:  # a row quoting a whole sentence split into clause passages
            if p.doc_id == doc_id and p.item_start <= start < p.end and not p.said:
                text = self.text_of(doc_id)[start:end]
                return replace(p, start=start, end=end, text=text, mark=0) if says_something(text, "") else None
        return None

    def text_of(self, doc_id: str) -> str:
        return next(p.document.text for p in self.corpus if p.doc_id == doc_id)

    def relevance(self, text: str) -> float:
        tokens = folded_tokens(text)
        return self.cover(tokens) if self.required <= tokens else 0.0


def topic_tokens(topic: str, units: UnitIndex) -> tuple[str, ...]:
    return analyse(subject_of(topic), units.abbreviations).tokens


def select(topic: str, docs: list[ParsedDocument], passages: Callable[[ParsedDocument], list[Passage]],
           units: UnitIndex, hits, min_coverage: float, overview: bool, named: frozenset[str] = frozenset()) -> Selection:
    """The passages of `docs`, scored against the topic; an overview quotes every item's first.
    `named`: the words of the document's name in the topic ("nhà ở trong Kế hoạch 06 Điện Biên"
    asks about "nhà ở"), not required of its sentences."""
    tokens = tuple(t for t in topic_tokens(topic, units) if t not in named) or topic_tokens(topic, units)
    rank = {h.chunk.chunk_id: n for n, h in enumerate(hits)}

    def cover(unit_tokens, heading=frozenset()) -> float:
        return coverage(tokens, unit_tokens, heading, units.idf) if tokens else 0.0

    required = key_terms(tokens, units)
    scored: list[Passage] = []
    for parsed in docs:
        for p in passages(parsed):
            heading_tokens = _heading_tokens(p.heading)
            score = cover(p.tokens, heading_tokens) if _holds(required, p.tokens, heading_tokens, spanning=bool(p.said)) else 0.0
            if score and p.chunk_id in rank:
                score += _RANK_WEIGHT / (1 + rank[p.chunk_id])
            scored.append(replace(p, score=round(score, 4)) if score else p)
    if overview:
        relevant = [p for p in scored if p.first_in_item]
    else:
        relevant = sorted((p for p in scored if p.score >= min_coverage), key=lambda p: -p.score)
    short_titles = {p.doc_id: p.document.short_title for p in docs}
    return Selection(topic, overview, scored, relevant, docs, short_titles, cover, required)


def _holds(required: frozenset[str], body: frozenset[str], heading: frozenset[str], spanning: bool) -> bool:
    """The key terms are in the passage or its heading. A table row means its cells with their
    column headers under its group's heading, so there a key bigram may span the two: "chỉ tiêu
    đến năm 2030" is the row "Chỉ tiêu: ..." under "Đến năm 2030". (In running text a bigram
    split between heading and sentence is mostly chance: "hạ tầng" + "số".)"""
    both = body | heading
    for term in required - both:
        first, _, second = term.partition("_")
        if not (spanning and second) or not ((first in body and second in heading) or (first in heading and second in body)):
            return False
    return True


_HEADING_TOKENS: dict[str, frozenset[str]] = {}


def _heading_tokens(heading: str) -> frozenset[str]:
    found = _HEADING_TOKENS.get(heading)
    if found is None:
        if len(_HEADING_TOKENS) > 50_000:
            _HEADING_TOKENS.clear()
        found = _HEADING_TOKENS[heading] = folded_tokens(heading)
    return found


# How drafters phrase a request around its subject: "tuyên truyền về nhà ở xã hội" is about
# "nhà ở xã hội"; "kế hoạch về đô thị thông minh" about "đô thị thông minh".
_FRAMING = re.compile(
    r"^(?:(?:đề cương|tài liệu|bài|tin bài|tin|nội dung)\s+)?(?:tuyên truyền|giới thiệu|quán triệt|hỏi\s*[-–]?\s*đáp|kế hoạch|"
    r"chương trình|nội dung|vấn đề|chủ đề)\s+(?:về|nội dung|chủ đề)\s+", re.IGNORECASE)


def subject_of(topic: str) -> str:
    """The subject of a request, without the drafter's framing words."""
    stripped = _FRAMING.sub("", topic.strip())
    return stripped if stripped.strip() else topic


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


def one_per_item(passages: list[Passage]) -> list[Passage]:
    """The best passage of each paragraph first, then second-best ones: a draft quoting three
    clauses of one bullet says less than one that quotes three bullets."""
    seen: set[tuple[str, int]] = set()
    first, rest = [], []
    for p in passages:
        key = (p.doc_id, p.item_start)
        (rest if key in seen else first).append(p)
        seen.add(key)
    return first + rest
