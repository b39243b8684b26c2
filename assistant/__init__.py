"""Document-grounded Vietnamese assistant for Party and government documents.

The subpackages follow the data flow (docs/DESIGN.md, "Data flow"); each may import only the
ones above it in this list:

    errors, config, model, resources   settings, the dataclasses between stages, package data
    files       atomic writes and the one inter-process lock
    text        normalisation, comparison keys, spans, dates, names of bodies
    ingest      loaders, manifest, section structure, chunks, the corpus library
    index       embeddings, Chroma (dense) and BM25 (lexical), atomic builds
    retrieval   lexical / dense / hybrid / rerank search, a LangChain retriever
    verify      the claim checker for answers and drafts
    answer      question analysis, follow-ups, extractive and generative answers, the LCEL chain
    analytics   targets, timeline, responsibilities read from the section tree
    drafting    grounded materials and their export
    evaluation  question sets, metrics, reports, the optional judge
    facade      `Assistant`, the one object the CLI and the app call
    app, cli    the Gradio app and the command line

Imports are lazy: `import assistant.ingest.structure` loads neither Chroma, LangChain nor pypdf.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Assistant", "Settings", "AssistantError", "DocumentError", "ManifestError", "NotFoundError"]

_LAZY = {
    "Assistant": "assistant.facade",
    "Settings": "assistant.config",
    "AssistantError": "assistant.errors",
    "DocumentError": "assistant.errors",
    "ManifestError": "assistant.errors",
    "NotFoundError": "assistant.errors",
}

if TYPE_CHECKING:  # pragma: no cover
    from assistant.config import Settings
    from assistant.errors import AssistantError, DocumentError, ManifestError, NotFoundError
    from assistant.facade import Assistant


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
