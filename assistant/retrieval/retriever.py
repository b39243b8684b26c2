"""Retrieval modes: lexical (BM25), dense (Chroma), hybrid (fusion of both) and rerank (hybrid
candidates re-scored by a local cross-encoder).

Rankings must come out the same on every CPU. The embedding engine and BLAS round differently
on different CPUs (SIMD width, FMA), so the same question gives cosines that differ around the
fifth or sixth decimal. Two measures keep those bits from deciding anything:
- every score is put on a grid before ranking (model scores to 1e-4, BM25 to five significant
  digits), and equal grid values are ordered by the chunk's position in the index (document
  order), never by whichever float came out larger;
- the default fusion works on the scores, not on the ranks. Reciprocal-rank fusion turns a
  1e-5 swap of two neighbouring dense ranks into a jump of 2.6e-4 in the fused score, enough to
  push the lexically best passage out of the top 5; a convex combination of min-max normalised
  scores moves by about as much as its inputs move.
"""

from __future__ import annotations

import threading

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.config import SEARCH_MODES, Settings
from assistant.errors import ConfigError
from assistant.index.embeddings import CachedEmbeddings
from assistant.index.headings import Heading, top_headings, top_id
from assistant.index.store import VECTOR_CACHE, LoadedIndex
from assistant.model import Chunk, Hit
from assistant.text.frames import strip_frames
from assistant.text.normalize import years
from assistant.text.tokens import expand_abbreviations

FUSIONS = ("convex", "rrf")
# Reciprocal-rank fusion constant from Cormack, Clarke & Büttcher (SIGIR 2009): k=60 keeps one
# list's top rank from drowning out agreement between the lists.
RRF_K = 60
# How many candidates each list contributes before fusion or reranking. Single modes fetch as
# many and cut to k after rounding, so the cut is made on the grid too.
CANDIDATES = 30
# Grid for cosines and cross-encoder scores. One question's e5 cosines span about 0.07, so a
# 1e-3 grid would tie passages the model does tell apart; CPU-to-CPU differences (1e-6..1e-5)
# stay inside a 1e-4 cell almost always, and one cell is worth little after normalisation.
MODEL_SCORE_DECIMALS = 4
# BM25 is a sum of float32 terms (up to ~100 here): five significant digits sit well above
# float32's rounding (~1e-7 relative) and well below any difference in matched words.
LEXICAL_SIGNIFICANT_DIGITS = 5
# Plans repeat the same indicator list per horizon ("2.1. Đến năm 2025", "2.2. Định hướng đến
# năm 2030") and the parent heading names every year, so neither list can tell the twins apart.
# A chunk whose own section heading names a year of the question gets the score of a first
# place in one more list: 1/(RRF_K+1) under RRF; under convex fusion a third list of this
# weight (any value from 0.1 to 0.5 gives the same dev-set ranks; see README, "Retrieval").
HORIZON_WEIGHT = 0.2
# Question vectors kept by the retriever (a few KB each).
QUERY_CACHE = 256


class Retriever:
    """Usage: `Retriever(index, embeddings, settings).search("tỷ lệ đô thị hóa 2025", k=5)`."""

    def __init__(self, index: LoadedIndex, embeddings: Embeddings, settings: Settings, reranker=None):
        check_fusion(settings)
        self.index = index
        self.embeddings = embeddings
        self.settings = settings
        self.reranker = reranker
        self._position = index.chunk_by_id()
        self._vectors: dict[str, list[float]] = {}  # question text -> vector, oldest first
        self._sections: dict[str, tuple[list[Heading], np.ndarray, np.ndarray]] = {}  # doc id -> sections, vectors
        self._lock = threading.Lock()
        self._modes = {"lexical": self._lexical, "dense": self._dense, "hybrid": self._hybrid, "rerank": self._rerank}

    def search(self, query: str, k: int | None = None, mode: str | None = None,
               docs: frozenset[str] | None = None, sections: tuple[tuple[str, float, float], ...] = ()) -> list[Hit]:
        """`docs`: only chunks of these documents (the user's selection, or the documents a
        question names); None or empty searches the whole corpus. `sections`: (doc id, heading
        weight, body weight) of documents whose top-level sections join the ranking by their
        headings and their whole bodies (index/headings.py): hybrid and rerank modes with
        convex fusion; the lexical, dense and rrf rankings have no scores to mix them into and
        ignore them."""
        mode = mode or self.settings.search_mode
        if mode not in SEARCH_MODES:
            raise ConfigError(f"unknown search mode '{mode}'; use one of {', '.join(SEARCH_MODES)}.", code="search_mode_unknown")
        k = k or self.settings.search_k
        # The frame ("cho mình hỏi ... vậy mọi người") is searched for nowhere: its rare words
        # would pull up any chunk that happens to contain them.
        query = strip_frames(query)
        if not query.strip():
            return []
        for doc_id, heading, body in sections:
            if not (0.0 <= heading <= 1.0 and 0.0 <= body <= 1.0 and heading + body <= 1.0):
                raise ConfigError(f"section weights {heading} and {body} for '{doc_id}': use numbers from 0 to 1 "
                                  "that add up to at most 1.", code="section_weights_invalid")
        if mode in ("hybrid", "rerank") and sections:
            return self._modes[mode](query, k, frozenset(docs or ()), tuple({d: (d, h, b) for d, h, b in sections}.values()))
        return self._modes[mode](query, k, frozenset(docs or ()))

    def _lexical(self, query: str, k: int, docs: frozenset[str] = frozenset()) -> list[Hit]:
        # BM25 scores every chunk anyway; with a document filter all of them are ranked so the
        # filter never leaves fewer than k.
        found = self.index.lexical.search(query, len(self.index.chunks) if docs else max(k, CANDIDATES))
        scored = [(pos, float(f"{score:.{LEXICAL_SIGNIFICANT_DIGITS}g}")) for pos, score in found
                  if not docs or self.index.chunks[pos].doc_id in docs]
        return self._ranked(scored, k, "lexical")

    def _dense(self, query: str, k: int, docs: frozenset[str] = frozenset()) -> list[Hit]:
        # The question gets the same abbreviation expansion as the lexical side: e5 has never
        # seen "TP ĐBP" but knows "thành phố Điện Biên Phủ".
        found = self.index.vectors.search(self._question_vector(query), max(k, CANDIDATES), docs)
        scored = [(self._position[cid], round(score, MODEL_SCORE_DECIMALS)) for cid, score in found if cid in self._position]
        return self._ranked(scored, k, "dense")

    def _question_vector(self, query: str) -> list[float]:
        return self._query_vector(expand_abbreviations(query, self.index.lexical.abbreviations))

    def _query_vector(self, text: str) -> list[float]:
        """The question's vector, kept for the next searches: the answer step may search the
        same question twice (deeper for a law), and embedding a long question costs ~100 ms."""
        with self._lock:
            vector = self._vectors.get(text)
        if vector is None:
            vector = self.embeddings.embed_query(text)
            with self._lock:  # the app's workers share one retriever
                if len(self._vectors) >= QUERY_CACHE:
                    self._vectors.pop(next(iter(self._vectors)))
                self._vectors[text] = vector
        return vector

    def _ranked(self, scored: list[tuple[int, float]], k: int, name: str) -> list[Hit]:
        ordered = sorted(scored, key=lambda ps: (-ps[1], ps[0]))[:k]
        return [Hit(self.index.chunks[pos], score, {name: r}, {name: score}) for r, (pos, score) in enumerate(ordered, 1)]

    def _hybrid(self, query: str, k: int, docs: frozenset[str] = frozenset(),
                sections: tuple[tuple[str, float, float], ...] = ()) -> list[Hit]:
        depth = max(k, CANDIDATES)
        lexical, dense = self._lexical(query, depth, docs), self._dense(query, depth, docs)
        chunks: dict[str, Chunk] = {}
        ranks: dict[str, dict[str, int]] = {}
        signals: dict[str, dict[str, float]] = {}
        for hit in lexical + dense:
            chunks[hit.chunk.chunk_id] = hit.chunk
            ranks.setdefault(hit.chunk.chunk_id, {}).update(hit.ranks)
            signals.setdefault(hit.chunk.chunk_id, {}).update(hit.signals)
        if self.settings.fusion == "rrf":
            fused = _rrf(lexical, dense)
            horizon = 1.0 / (RRF_K + 1)
        else:
            fused = _convex(lexical, dense, self.settings.fusion_lexical_weight)
            horizon = HORIZON_WEIGHT
        asked = years(query)
        if asked:
            for cid, chunk in chunks.items():
                if asked & years(chunk.section_title):
                    fused[cid] += horizon
                    ranks[cid]["horizon"] = 1
        if sections and self.settings.fusion == "convex":
            self._mix_sections(query, sections, docs, fused, chunks, ranks, signals)
        order = sorted(fused, key=lambda cid: (-fused[cid], self._position[cid]))
        return [Hit(chunks[cid], fused[cid], ranks[cid], signals[cid]) for cid in order[:k]]

    def _mix_sections(self, query: str, sections: tuple[tuple[str, float, float], ...], docs: frozenset[str],
                      fused: dict[str, float], chunks: dict[str, Chunk], ranks: dict, signals: dict) -> None:
        """Each passage of a document in `sections`, with weights h and b, scores
        (1 − h − b)·its fused score + h·its top-level section's heading similarity to the
        question + b·that section's body similarity (the mean of its chunks' vectors), each
        min-max normalised (the fused score over the candidates, the similarities over the
        document's sections; all alike, they count 0); passages of other documents keep their
        normalised fused score. Every section with no candidate passage brings in its first
        passage on its similarities alone (the cut to k keeps those close to the question). Each
        passage of such a document is ranked in a "heading" and a "body" list by its section's
        similarities."""
        sections = tuple((d, h, b) for d, h, b in sections if h + b > 0 and (not docs or d in docs))
        if not fused or not sections:
            return
        fused.update(_scaled(fused))
        vector = np.asarray(self._question_vector(query))
        for doc_id, heading_weight, body_weight in sections:
            found, heads, bodies = self._section_vectors(doc_id)
            if not found:
                continue
            near = {}  # signal -> section id -> normalised similarity
            for name, matrix in (("heading", heads), ("body", bodies)):
                cosines = np.round(matrix @ vector, MODEL_SCORE_DECIMALS)
                # all alike (one section, or ties): the similarity tells the sections apart not at all
                near[name] = _scaled({h.section_id: float(c) for h, c in zip(found, cosines)}, equal=0.0)
            mix = {h.section_id: heading_weight * near["heading"][h.section_id] + body_weight * near["body"][h.section_id]
                   for h in found}
            # Equal similarities rank in document order (sorted() is stable over `found`).
            rank = {name: {h.section_id: r for r, h in enumerate(sorted(found, key=lambda h: -near[name][h.section_id]), 1)}
                    for name in near}
            present = set()
            for cid, chunk in chunks.items():
                if chunk.doc_id == doc_id:
                    top = top_id(chunk.section_id)
                    present.add(top)
                    fused[cid] = (1.0 - heading_weight - body_weight) * fused[cid] + mix.get(top, 0.0)
                    for name in near:
                        signals[cid][name] = near[name].get(top, 0.0)
                        if top in rank[name]:
                            ranks[cid][name] = rank[name][top]
            for h in found:
                if h.section_id not in present:
                    first = self.index.chunks[h.first]
                    chunks[first.chunk_id] = first
                    fused[first.chunk_id] = mix[h.section_id]
                    ranks[first.chunk_id] = {name: rank[name][h.section_id] for name in near}
                    signals[first.chunk_id] = {name: near[name][h.section_id] for name in near}

    def _section_vectors(self, doc_id: str) -> tuple[list[Heading], np.ndarray, np.ndarray]:
        """A document's top-level sections, their headings' vectors and their bodies' (the mean
        of their chunks' vectors, normalised), computed once per document and index build. The
        vector cache holds the chunks' vectors, and usually the headings' (put there at ingest)."""
        with self._lock:
            known = self._sections.get(doc_id)
        if known is None:
            found = top_headings(self.index.chunks, doc_id)
            if found:
                cache = CachedEmbeddings(self.embeddings, self.settings.index_dir / VECTOR_CACHE)
                heads = np.asarray(cache.embed_documents([h.text for h in found]), dtype=np.float32)
                positions = sorted({p for h in found for p in h.positions})
                row = {p: i for i, p in enumerate(positions)}
                chunk_vectors = np.asarray(cache.embed_documents([self.index.chunks[p].context_text for p in positions]),
                                           dtype=np.float32)
                bodies = np.stack([chunk_vectors[[row[p] for p in h.positions]].mean(axis=0) for h in found])
                bodies /= np.maximum(np.linalg.norm(bodies, axis=1, keepdims=True), 1e-12)
            else:
                heads = bodies = np.zeros((0, 0), dtype=np.float32)
            known = (found, heads, bodies)
            with self._lock:
                self._sections[doc_id] = known
        return known

    def _rerank(self, query: str, k: int, docs: frozenset[str] = frozenset(),
                sections: tuple[tuple[str, float, float], ...] = ()) -> list[Hit]:
        if self.reranker is None:
            raise ConfigError("rerank mode needs a cross-encoder: set ASSISTANT_RERANKER_MODEL to a local model folder.", code="reranker_missing")
        candidates = self._hybrid(query, max(k, CANDIDATES), docs, sections)
        if not candidates:
            return []
        scores = self.reranker.predict([(query, h.chunk.context_text) for h in candidates], show_progress_bar=False)
        # Equal rounded scores keep the hybrid order, which is itself stable.
        rounded = [round(float(s), MODEL_SCORE_DECIMALS) for s in scores]
        ranked = sorted(range(len(candidates)), key=lambda i: (-rounded[i], i))[:k]
        return [Hit(candidates[i].chunk, rounded[i], {**candidates[i].ranks, "rerank": r},
                    {**candidates[i].signals, "rerank": rounded[i]}) for r, i in enumerate(ranked, 1)]


def _rrf(*lists: list[Hit]) -> dict[str, float]:
    fused: dict[str, float] = {}
    for hits in lists:
        for rank, hit in enumerate(hits, 1):
            fused[hit.chunk.chunk_id] = fused.get(hit.chunk.chunk_id, 0.0) + 1.0 / (RRF_K + rank)
    return fused


def _convex(lexical: list[Hit], dense: list[Hit], lexical_weight: float) -> dict[str, float]:
    """w·lexical + (1−w)·dense, each min-max normalised over its own candidates (Bruch, Gai &
    Ingber 2023, "An analysis of fusion functions for hybrid retrieval"). A chunk one list did
    not return counts as that list's worst. Their theoretical-minimum variant is not used: e5
    gives every passage a cosine of 0.8–0.9, which would squeeze dense into a sliver of [0, 1]."""
    fused: dict[str, float] = {}
    for hits, weight in ((lexical, lexical_weight), (dense, 1.0 - lexical_weight)):
        for cid, value in _scaled({h.chunk.chunk_id: h.score for h in hits}).items():
            fused[cid] = fused.get(cid, 0.0) + weight * value
    return fused


def _scaled(scores: dict[str, float], equal: float = 1.0) -> dict[str, float]:
    """Min-max normalised to 0..1; one score, or all equal: each gets `equal` (by default each
    is the best)."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    return {key: (value - low) / (high - low) if high > low else equal for key, value in scores.items()}


def check_fusion(settings: Settings) -> None:
    """The fusion settings, checked when a retriever is made (with the fusions this module knows)."""
    if settings.fusion not in FUSIONS:
        raise ConfigError(f"ASSISTANT_FUSION={settings.fusion!r}; use one of {', '.join(FUSIONS)}.")
    if not 0.0 <= settings.fusion_lexical_weight <= 1.0:
        raise ConfigError(f"ASSISTANT_FUSION_LEXICAL_WEIGHT={settings.fusion_lexical_weight}; use a number from 0 to 1 "
                          "(the share of the lexical list in convex fusion).")


def load_reranker(settings: Settings):
    """A local sentence-transformers CrossEncoder, or None when none is configured."""
    if not settings.reranker_model:
        return None
    from pathlib import Path

    from sentence_transformers import CrossEncoder

    if not Path(settings.reranker_model).exists():
        raise ConfigError(f"reranker '{settings.reranker_model}' is not a local folder; models are never downloaded.", code="reranker_missing")
    return CrossEncoder(settings.reranker_model, device="cpu", local_files_only=True)
