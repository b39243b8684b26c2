"""The search index: Chroma (dense) + BM25 (lexical) over the corpus chunks, built atomically.

Every build goes to a new folder `index/builds/<id>/` (chunks, lexical index, embedded Chroma)
and becomes current only when complete, by atomically replacing the `index/CURRENT` pointer, so
a crash mid-ingest leaves the previous index serving. Passage vectors are cached by content
(embeddings.CachedEmbeddings), so an edited document re-embeds only its own changed chunks,
and an unchanged corpus (same fingerprint) is not rebuilt at all.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.files import atomic_write, exclusive, fsync
from assistant.index.dense import VectorStore
from assistant.index.embeddings import CachedEmbeddings, model_id
from assistant.index.headings import top_headings
from assistant.index.lexical import LEXICAL_VERSION, LexicalIndex, corpus_abbreviations
from assistant.ingest.chunking import CHUNKER_VERSION
from assistant.ingest.profiles import document_profile
from assistant.model import Chunk, ParsedDocument

CURRENT = "CURRENT"
BUILDS = "builds"
LOCK = ".ingest.lock"
# Vectors by (model, exact text), beside the builds: a rebuild embeds only new text.
VECTOR_CACHE = "embeddings-cache.sqlite3"
COLLECTION_MARKER = "collection.txt"  # written first, so a killed server-mode build can be cleaned
_EMBED_BATCH = 64


class IndexMissingError(AssistantError):
    """No complete index exists yet (or none built with the configured embeddings)."""

    code = "index_missing"


@dataclass(frozen=True)
class IngestReport:
    documents: int
    chunks: int
    embedded: int
    skipped: int
    build: str
    rebuilt: bool
    seconds: float
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"documents": self.documents, "chunks": self.chunks, "embedded": self.embedded, "skipped": self.skipped}


@dataclass
class LoadedIndex:
    build: str
    folder: Path
    chunks: list[Chunk]
    lexical: LexicalIndex
    vectors: VectorStore
    meta: dict

    def chunk_by_id(self) -> dict[str, int]:
        return {c.chunk_id: i for i, c in enumerate(self.chunks)}


def collection_base(embeddings_id: str) -> str:
    """Collection names carry model and chunker version: a change of either means a new index."""
    return f"chunks-{embeddings_id}-c{CHUNKER_VERSION}"[:200]


def fingerprint(parsed: list[ParsedDocument], settings: Settings, embeddings_id: str, abbreviations: dict) -> str:
    h = hashlib.sha256()
    for part in (CHUNKER_VERSION, LEXICAL_VERSION, embeddings_id, settings.lexical_tokenizer,
                 json.dumps(abbreviations, sort_keys=True, ensure_ascii=False), settings.chroma_host, str(settings.chroma_port)):
        h.update(part.encode() + b"\x1f")
    for p in sorted(parsed, key=lambda p: p.doc_id):
        h.update(json.dumps(p.document.meta, sort_keys=True, ensure_ascii=False, default=str).encode())
        for c in p.chunks:
            h.update(c.content_hash.encode())
    return h.hexdigest()


class IndexStore:
    """Builds, switches and opens index builds under `settings.index_dir`."""

    def __init__(self, settings: Settings, embeddings: Embeddings):
        self.settings = settings
        self.root = Path(settings.index_dir)
        self.embeddings = embeddings
        self.embeddings_id = model_id(embeddings)

    # --- pointer -------------------------------------------------------------------------
    def current_build(self) -> str | None:
        """The build CURRENT names; if that one is unreadable, the newest complete build."""
        pointer = self.root / CURRENT
        if pointer.is_file():
            build = pointer.read_text(encoding="utf-8").strip()
            if self._meta(build):
                return build
        complete = sorted(b.name for b in (self.root / BUILDS).glob("[0-9]*") if self._meta(b.name)) if (self.root / BUILDS).is_dir() else []
        return complete[-1] if complete else None

    def _switch(self, build: str) -> None:
        atomic_write(self.root / CURRENT, build)

    # --- build ---------------------------------------------------------------------------
    def build(self, parsed: list[ParsedDocument], progress: Callable[[int, int], None] | None = None) -> IngestReport:
        self.root.mkdir(parents=True, exist_ok=True)
        with exclusive(self.root / LOCK):  # one ingest at a time per index folder; a second one waits
            return self._build_locked(parsed, progress)

    def _build_locked(self, parsed: list[ParsedDocument], progress: Callable[[int, int], None] | None) -> IngestReport:
        started = time.perf_counter()
        abbreviations = corpus_abbreviations(self.settings.corpus_dir)
        chunks = [c for p in parsed for c in p.chunks]
        if not chunks:
            raise AssistantError("the corpus has no documents to index; add one with `assistant ingest FILE`.", code="corpus_empty")
        warnings = tuple(f"{p.document.source}: {w}" for p in parsed for w in p.document.warnings)
        fp = fingerprint(parsed, self.settings, self.embeddings_id, abbreviations)
        current = self.current_build()
        if current and self._meta(current).get("fingerprint") == fp:
            # Headings a profile newly searches by (or a cache made before they were): cache
            # lookups only when they are there already.
            _embed_headings(parsed, chunks, self.embeddings, self.root / VECTOR_CACHE)
            return IngestReport(len(parsed), len(chunks), 0, len(chunks), current, False, time.perf_counter() - started, warnings)

        build = time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:8]
        staging = self.root / BUILDS / f".staging-{build}"
        staging.mkdir(parents=True)
        cache = CachedEmbeddings(self.embeddings, self.root / VECTOR_CACHE)
        collection = f"{collection_base(self.embeddings_id)}-{build}"
        atomic_write(staging / COLLECTION_MARKER, collection)
        try:
            _write_chunks(staging / "chunks.jsonl", chunks)
            LexicalIndex(self.settings.lexical_tokenizer, abbreviations).build([c.context_text for c in chunks]).save(staging / "lexical")
            store = VectorStore.create(self.settings, staging / "chroma", collection, cache)
            for i in range(0, len(chunks), _EMBED_BATCH):
                store.add(chunks[i : i + _EMBED_BATCH])
                if progress:
                    progress(min(i + _EMBED_BATCH, len(chunks)), len(chunks))
            store.close()
            _embed_headings(parsed, chunks, self.embeddings, self.root / VECTOR_CACHE)
            meta = {
                "fingerprint": fp, "build": build, "collection": collection, "embeddings": self.embeddings_id,
                "chunker": CHUNKER_VERSION, "lexical": LEXICAL_VERSION, "documents": [p.doc_id for p in parsed],
                "chunks": len(chunks), "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "chroma_host": self.settings.chroma_host, "chroma_port": self.settings.chroma_port,
            }
            atomic_write(staging / "meta.json", json.dumps(meta, ensure_ascii=False, indent=1))
            # The build folder, not each file, is the unit that appears whole: flush every file,
            # then rename the folder into place.
            for f in staging.rglob("*"):
                if f.is_file():
                    fsync(f)
            os.replace(staging, self.root / BUILDS / build)
            fsync(self.root / BUILDS)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            VectorStore.drop_remote(self.settings, collection)
            raise
        previous = self.current_build()
        self._switch(build)
        self._prune(keep={build, previous})
        return IngestReport(len(parsed), len(chunks), cache.embedded, cache.reused, build, True,
                            time.perf_counter() - started, warnings)

    def _prune(self, keep: set[str | None]) -> None:
        """Drop builds other than the current and the previous one (an app may still hold it).
        Runs under the ingest lock, so any staging folder left is from a killed ingest."""
        for folder in (self.root / BUILDS).iterdir():
            if folder.name in keep:
                continue
            marker = folder / COLLECTION_MARKER
            if marker.is_file():
                meta = self._meta(folder.name)
                made_with = self.settings.with_(chroma_host=meta.get("chroma_host", self.settings.chroma_host),
                                                chroma_port=meta.get("chroma_port", self.settings.chroma_port))
                VectorStore.drop_remote(made_with, marker.read_text(encoding="utf-8").strip())
            shutil.rmtree(folder, ignore_errors=True)

    def _meta(self, build: str) -> dict:
        if not build or build.startswith("."):
            return {}
        try:
            return json.loads((self.root / BUILDS / build / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    # --- open ----------------------------------------------------------------------------
    def open(self) -> LoadedIndex:
        build = self.current_build()
        if build is None:
            raise IndexMissingError(f"no search index in {self.root}; run `assistant ingest` first.")
        folder = self.root / BUILDS / build
        meta = self._meta(build)
        if meta.get("embeddings") != self.embeddings_id:
            raise IndexMissingError(
                f"the index was built with embeddings '{meta.get('embeddings')}' but '{self.embeddings_id}' is configured; "
                "run `assistant ingest` to rebuild it.", code="index_outdated"
            )
        chunks = _read_chunks(folder / "chunks.jsonl")
        vectors = VectorStore.open(self.settings, folder / "chroma", meta["collection"], self.embeddings)
        return LoadedIndex(build, folder, chunks, LexicalIndex.load(folder / "lexical"), vectors, meta)


def _write_chunks(path: Path, chunks: list[Chunk]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for c in chunks:
            fh.write(json.dumps(dataclasses.asdict(c), ensure_ascii=False) + "\n")


def _read_chunks(path: Path) -> list[Chunk]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            row["emphasis"] = tuple(row.get("emphasis") or ())
            out.append(Chunk(**row))
    return out


def _embed_headings(parsed: list[ParsedDocument], chunks: list[Chunk], embeddings: Embeddings, cache: Path) -> None:
    """The top-level headings of documents whose profile searches by them, into the vector
    cache, so the first question does not wait for them. A cache of its own counting, so the
    ingest report still counts chunks only."""
    texts = [h.text for p in parsed if document_profile(p).searches_sections for h in top_headings(chunks, p.doc_id)]
    if texts:
        CachedEmbeddings(embeddings, cache).embed_documents(texts)
