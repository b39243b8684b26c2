"""The project's search as a LangChain retriever: `Hit`s go out as `Document`s and come back as
`Hit`s, so the answer chain composes like any LangChain pipeline while its backends keep the
index's own `Chunk`s.

    retriever = SectionRetriever(source=assistant.retriever, k=5, mode="hybrid")
    retriever.invoke("tỷ lệ đô thị hóa 2025")   # -> [Document(page_content=chunk text, metadata={...})]

`k`, `mode` and `docs` are ordinary fields, so a chain can set them per call through LangChain's
configurable fields (see `configurable`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Protocol

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import ConfigurableField, Runnable

from assistant.model import Chunk, Hit

log = logging.getLogger(__name__)


class Searcher(Protocol):
    """What `SectionRetriever` wraps: `retrieval.retriever.Retriever` (not imported here, so
    that importing this module does not load Chroma)."""

    def search(self, query: str, k: int | None = None, mode: str | None = None,
               docs: frozenset[str] | None = None, sections: tuple[tuple[str, float, float], ...] = ()) -> list[Hit]: ...


class SectionRetriever(BaseRetriever):
    """Ranked chunks of the current index build as Documents, best first."""

    # A function returning the current Retriever (e.g. `Assistant.retriever`), not a Retriever:
    # an ingest swaps the index build, and a retriever held by a long-lived chain must follow
    # it. It is called only at query time, so building a chain never opens the index.
    source: Callable[[], Searcher]
    k: int | None = None  # None: the settings' default (search_k)
    mode: str | None = None  # None: the settings' default (search_mode)
    docs: tuple[str, ...] = ()  # only these documents; empty: the whole corpus
    # (doc id, heading weight, body weight): documents ranked by their top-level sections too
    sections: tuple[tuple[str, float, float], ...] = ()

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [to_document(hit) for hit in self.source().search(query, self.k, self.mode, frozenset(self.docs),
                                                                 tuple(self.sections))]


def configurable(retriever: SectionRetriever) -> Runnable[str, list[Document]]:
    """The retriever with `k` and `mode` settable per call:
    `.invoke(q, {"configurable": {"k": 3, "mode": "lexical"}})`."""
    return retriever.configurable_fields(
        k=ConfigurableField(id="k", name="k", description="number of passages to retrieve"),
        mode=ConfigurableField(id="mode", name="mode", description="lexical | dense | hybrid | rerank"),
        docs=ConfigurableField(id="docs", name="docs", description="doc ids to search in; empty: all"),
        sections=ConfigurableField(id="sections", name="sections",
                                   description="(doc id, heading weight, body weight): documents ranked by their "
                                               "top-level sections' headings and bodies too"),
    )


def to_document(hit: Hit) -> Document:
    c = hit.chunk
    return Document(
        page_content=c.text,
        id=c.chunk_id,
        metadata={"chunk_id": c.chunk_id, "doc_id": c.doc_id, "section_id": c.section_id, "breadcrumb": c.breadcrumb,
                  "score": hit.score, "ranks": dict(hit.ranks), "signals": dict(hit.signals), "start": c.start,
                  "end": c.end},
    )


def to_hits(documents: list[Document], chunks: Mapping[str, Chunk]) -> list[Hit]:
    """Documents back to Hits, each with the index's own Chunk (found by chunk_id), never one
    rebuilt from metadata: quotes and verification need the exact chunk that was indexed."""
    hits = []
    for doc in documents:
        chunk_id = doc.metadata.get("chunk_id")
        if chunk_id is None:
            raise ValueError(
                "a retrieved Document has no 'chunk_id' in its metadata; the answer chain needs Documents "
                "of this project's index, e.g. from Assistant.as_retriever()."
            )
        chunk = chunks.get(chunk_id)
        if chunk is None:  # an ingest replaced the build between retrieval and this lookup
            log.warning("retrieved chunk %s is not in the current index build; skipped", chunk_id)
            continue
        hits.append(Hit(chunk, float(doc.metadata.get("score", 0.0)), dict(doc.metadata.get("ranks") or {}),
                        dict(doc.metadata.get("signals") or {})))
    return hits
