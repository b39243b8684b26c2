"""Retrieval modes: lexical (BM25), dense (Chroma), hybrid (reciprocal-rank fusion of both) and
rerank (hybrid candidates re-scored by a local cross-encoder)."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from assistant.config import SEARCH_MODES, Settings
from assistant.errors import ConfigError
from assistant.index.lexical import expand_abbreviations
from assistant.index.store import LoadedIndex
from assistant.model import Chunk, Hit
from assistant.text.normalize import years

# Reciprocal-rank fusion constant from Cormack, Clarke & Büttcher (SIGIR 2009): k=60 keeps one
# list's top rank from drowning out agreement between the lists.
RRF_K = 60
# How many candidates each list contributes before fusion or reranking.
CANDIDATES = 30
# Plans repeat the same indicator list per horizon ("2.1. Đến năm 2025", "2.2. Định hướng đến
# năm 2030") and the parent heading names every year, so neither list can tell the twins apart.
# A chunk whose own section heading names a year of the question gets the fused score of a
# first place in one more list (+1 hit@1 in 25 on the dev set; see README, "Retrieval").



class Retriever:
    """Usage: `Retriever(index, embeddings, settings).search("tỷ lệ đô thị hóa 2025", k=5)`."""

    def __init__(self, index: LoadedIndex, embeddings: Embeddings, settings: Settings, reranker=None):
        self.index = index
        self.embeddings = embeddings
        self.settings = settings
        self.reranker = reranker
        self._position = index.chunk_by_id()
        self._modes = {"lexical": self._lexical, "dense": self._dense, "hybrid": self._hybrid, "rerank": self._rerank}

    def search(self, query: str, k: int | None = None, mode: str | None = None) -> list[Hit]:
        mode = mode or self.settings.search_mode
        if mode not in SEARCH_MODES:
            raise ConfigError(f"unknown search mode '{mode}'; use one of {', '.join(SEARCH_MODES)}.", code="search_mode_unknown")
        k = k or self.settings.search_k
        if not query.strip():
            return []
        return self._modes[mode](query, k)

    def _lexical(self, query: str, k: int) -> list[Hit]:
        return [Hit(self.index.chunks[pos], score, {"lexical": r}) for r, (pos, score) in enumerate(self.index.lexical.search(query, k), 1)]

    def _dense(self, query: str, k: int) -> list[Hit]:
        # The question gets the same abbreviation expansion as the lexical side: e5 has never
        # seen "TP ĐBP" but knows "thành phố Điện Biên Phủ".
        vector = self.embeddings.embed_query(expand_abbreviations(query, self.index.lexical.abbreviations))
        hits = []
        for r, (chunk_id, score) in enumerate(self.index.vectors.search(vector, k), 1):
            pos = self._position.get(chunk_id)
            if pos is not None:
                hits.append(Hit(self.index.chunks[pos], score, {"dense": r}))
        return hits

    def _hybrid(self, query: str, k: int) -> list[Hit]:
        depth = max(k, CANDIDATES)
        fused: dict[str, float] = {}
        ranks: dict[str, dict[str, int]] = {}
        chunks: dict[str, Chunk] = {}
        for hits in (self._lexical(query, depth), self._dense(query, depth)):
            for hit in hits:
                cid = hit.chunk.chunk_id
                (rank_name, rank), = hit.ranks.items()
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank)
                ranks.setdefault(cid, {})[rank_name] = rank
                chunks[cid] = hit.chunk
        asked = years(query)
        if asked:
            for cid, chunk in chunks.items():
                if asked & years(chunk.section_title):
                    fused[cid] += 1.0 / (RRF_K + 1)
                    ranks[cid]["horizon"] = 1
        order = sorted(fused, key=lambda cid: (-fused[cid], chunks[cid].start))
        return [Hit(chunks[cid], fused[cid], ranks[cid]) for cid in order[:k]]

    def _rerank(self, query: str, k: int) -> list[Hit]:
        if self.reranker is None:
            raise ConfigError("rerank mode needs a cross-encoder: set ASSISTANT_RERANKER_MODEL to a local model folder.", code="reranker_missing")
        candidates = self._hybrid(query, max(k, CANDIDATES))
        if not candidates:
            return []
        scores = self.reranker.predict([(query, h.chunk.context_text) for h in candidates], show_progress_bar=False)
        ranked = sorted(zip(candidates, scores), key=lambda hs: -float(hs[1]))
        return [Hit(h.chunk, float(s), {**h.ranks, "rerank": r}) for r, (h, s) in enumerate(ranked[:k], 1)]


def load_reranker(settings: Settings):
    """A local sentence-transformers CrossEncoder, or None when none is configured."""
    if not settings.reranker_model:
        return None
    from pathlib import Path

    from sentence_transformers import CrossEncoder

    if not Path(settings.reranker_model).exists():
        raise ConfigError(f"reranker '{settings.reranker_model}' is not a local folder; models are never downloaded.", code="reranker_missing")
    return CrossEncoder(settings.reranker_model, device="cpu", local_files_only=True)
