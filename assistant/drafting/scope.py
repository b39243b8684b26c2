"""Which documents a draft is about, and whether its topic is a document's own subject.

    docs = named_documents(tokens, topic, candidates, units, subjects)   # [(doc, score)], best first
    order = by_retrieval(candidates, hits)                               # documents the hits are from
    meaning = Meaning(embeddings, cache_path, abbreviations)
    meaning.subjects("đột phá khoa học công nghệ", candidates, subjects) # {doc_id: cosine}

A topic names a document by its number or short title, or by being its subject (its trích yếu or
title, in so many words); otherwise the draft keeps to the one document retrieval finds best, so
that no sentence of an unrelated document is stitched in. When no sentence covers the topic in
words, the e5 embeddings that retrieval uses say whether the topic means a document's subject
(a paraphrase of its trích yếu): then the draft is that document's overview; else it is declined.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.answer.question import fold
from assistant.model import Hit, ParsedDocument
from assistant.text.normalize import is_year
from assistant.text.tokens import expand_abbreviations, folded_tokens
from assistant.text.units import UnitIndex, coverage

# Share of the topic's IDF-weighted terms a document's title (with its short title, trích yếu and
# number) must hold for a topic that also gives its number or short title to name it
# ("Kế hoạch thực hiện Nghị quyết 06"), rather than one of its subjects ("quy hoạch đô thị").
NAMED_COVERAGE = 0.6
# ... and when the names hold this share, the topic asks for nothing but the document: its
# overview. "nhà ở trong Kế hoạch 06 Điện Biên" names the plan and asks about housing in it.
WHOLE_COVERAGE = 0.85
# A topic is a document's subject when one of its names (trích yếu, title, short title) holds
# WHOLE_COVERAGE of the topic's weighted terms and the topic this share of the name's: "Dữ liệu" is
# Luật Dữ liệu's; "phát triển đô thị" (a few words of a long trích yếu) is one of a plan's subjects.
SUBJECT_COVERAGE = 0.6
# Cosine (multilingual-e5-small, the topic as query against "short title. trích yếu" as passage)
# above which a topic means a document's subject though its words differ. Chosen on the dev half
# of the labelled topics of `evals/bench_drafts.py --thresholds` (16 documents of every kind; each
# one's trích yếu and a paraphrase of it -> that document, 20 topics no document covers -> none):
# on dev, subjects and paraphrases scored 0.874..0.980 and off-corpus topics at most 0.849; every
# cut from 0.859 to 0.871 got 25/26 right (the miss: "kế hoạch của Đảng đoàn Quốc hội triển khai
# Nghị quyết 57" is nearest the resolution itself, a miss no threshold mends; lexical naming,
# tried first, gets it right), and 0.865 is the middle. Held-out half: 0.869..0.963 against at
# most 0.827, 26/26 right. End to end (naming, retrieval, then this), all 52 topics are drafted
# from their own document only or declined.
SUBJECT_COSINE = 0.865


def subject_fields(parsed: ParsedDocument, subject: str | None) -> tuple[str, ...]:
    """What a document is called: its trích yếu, title, short title and number."""
    doc = parsed.document
    return tuple(f for f in (subject, doc.title, doc.short_title, (doc.meta or {}).get("number")) if f)


@dataclass(frozen=True)
class Named:
    doc: ParsedDocument
    closeness: float  # 0..1: how closely the topic is one of the document's names (each covering the other)
    whole: bool  # the topic is the document (its name or subject), not something in it
    names: frozenset[str] = frozenset()  # the tokens of its names: what else the topic says is what it asks about


def named_documents(tokens: tuple[str, ...], topic: str, candidates: list[ParsedDocument], units: UnitIndex,
                    subjects: dict[str, str | None]) -> list[Named]:
    """The documents the topic names, closest first. A document's own short title or subject
    beats one it only mentions: the plans implementing Nghị quyết 57-NQ/TW all name it in their
    titles, the resolution itself is called so."""
    if not tokens:
        return []
    numbers = [t for t in tokens if "_" not in t and t.isdigit() and not is_year(t)]
    folded_topic = fold(topic)
    out = []
    for parsed in candidates:
        fields = subject_fields(parsed, subjects.get(parsed.doc_id))
        field_tokens = [folded_tokens(f, units.abbreviations) for f in fields]
        everything = frozenset().union(*field_tokens)
        # Each name: how much of the topic it holds, and how much of it the topic holds.
        both_ways = [(coverage(tokens, ft, frozenset(), units.idf), coverage(tuple(ft), frozenset(tokens), frozenset(), units.idf))
                     for ft in field_tokens]
        closeness = max(min(pair) for pair in both_ways)
        is_subject = any(f >= WHOLE_COVERAGE and r >= SUBJECT_COVERAGE for f, r in both_ways)
        if any(n not in everything for n in numbers):
            continue  # "Nghị quyết số 16" is not the plan on Nghị quyết 06
        covered = coverage(tokens, everything, frozenset(), units.idf)
        by_name = bool(numbers) or fold(parsed.document.short_title) in folded_topic
        if (by_name and covered >= NAMED_COVERAGE) or is_subject:
            # Nothing but its names (cross-word pairs aside): the topic is the document itself.
            beyond = [t for t in tokens if "_" not in t and t not in everything]
            out.append(Named(parsed, round(closeness, 4), is_subject or covered >= WHOLE_COVERAGE or not beyond, everything))
    return sorted(out, key=lambda n: -n.closeness)  # stable: equal ones keep corpus order


def by_retrieval(candidates: list[ParsedDocument], hits: list[Hit]) -> list[ParsedDocument]:
    """Candidate documents in the order the hits favour them (reciprocal ranks summed), those no
    hit comes from left out."""
    score: dict[str, float] = {}
    for rank, hit in enumerate(hits, 1):
        score[hit.chunk.doc_id] = score.get(hit.chunk.doc_id, 0.0) + 1.0 / rank
    ranked = [p for p in candidates if p.doc_id in score]
    return sorted(ranked, key=lambda p: -round(score[p.doc_id], 6))


class Meaning:
    """Cosines of a topic with what each document is about, from the embeddings retrieval uses;
    document vectors are kept in the index's embedding cache like chunk vectors."""

    def __init__(self, embeddings, cache_path: Path, abbreviations: dict[str, str]):
        from assistant.index.embeddings import CachedEmbeddings

        self.embeddings = embeddings
        self.passages = CachedEmbeddings(embeddings, cache_path)
        self.abbreviations = abbreviations

    def subjects(self, topic: str, candidates: list[ParsedDocument], subjects: dict[str, str | None]) -> dict[str, float]:
        if not candidates:
            return {}
        texts = [subject_text(p, subjects.get(p.doc_id)) for p in candidates]
        vectors = np.asarray(self.passages.embed_documents(texts))
        query = np.asarray(self.embeddings.embed_query(expand_abbreviations(topic, self.abbreviations)))
        # Rounded like retrieval's model scores: CPU-to-CPU float differences never decide.
        return {p.doc_id: round(float(v), 4) for p, v in zip(candidates, vectors @ query)}


def subject_text(parsed: ParsedDocument, subject: str | None) -> str:
    """What a document is about, as e5 reads it: its short title and trích yếu ("Luật Doanh nghiệp
    2020. Doanh nghiệp"). Of the forms tried on the benchmark's topics (title; title and trích
    yếu; kind and trích yếu), this one kept subjects and off-corpus topics furthest apart."""
    doc = parsed.document
    return f"{doc.short_title}. {subject or doc.title}"
