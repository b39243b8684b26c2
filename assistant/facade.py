"""`Assistant`: the one object the CLI and the app call."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from assistant.config import Settings
from assistant.errors import NotFoundError
from assistant.index.store import IndexStore, IngestReport, LoadedIndex
from assistant.ingest.corpus import load_corpus, load_file
from assistant.model import Hit, ParsedDocument
from assistant.retrieval.retriever import Retriever, load_reranker

if TYPE_CHECKING:
    from assistant.model import Answer
    from assistant.retrieval.langchain import SectionRetriever


class Assistant:
    """Usage: `Assistant().ingest()`, then `Assistant().search("tỷ lệ đô thị hóa 2025")`."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings.from_env()
        self._corpus: list[ParsedDocument] | None = None
        self._embeddings = None
        self._reranker = None
        self._retriever: Retriever | None = None
        self._engine = None
        self._rows: dict[str, list] = {}  # plan analytics of the loaded corpus, computed once
        self._lock = threading.Lock()

    # --- corpus --------------------------------------------------------------------------
    def corpus(self) -> list[ParsedDocument]:
        if self._corpus is None:
            self._corpus = load_corpus(self.settings)
        return self._corpus

    def reload_corpus(self) -> None:
        """Read the corpus again (after its manifest changed); analytics are recomputed."""
        self._corpus = None
        self._rows = {}

    def document(self, doc_id_or_file: str) -> ParsedDocument:
        """A corpus document by id, or any supported file by path."""
        path = Path(doc_id_or_file)
        if path.suffix and path.exists():
            return load_file(path, self.settings)
        for parsed in self.corpus():
            if parsed.doc_id == doc_id_or_file:
                return parsed
        known = ", ".join(p.doc_id for p in self.corpus()) or "(none)"
        raise NotFoundError(f"'{doc_id_or_file}' is neither a document id ({known}) nor an existing file.")

    def sections(self, doc_id_or_file: str) -> ParsedDocument:
        return self.document(doc_id_or_file)

    # --- index ---------------------------------------------------------------------------
    @property
    def embeddings(self):
        if self._embeddings is None:
            from assistant.index.embeddings import make_embeddings

            self._embeddings = make_embeddings(self.settings)
        return self._embeddings

    def index_store(self) -> IndexStore:
        return IndexStore(self.settings, self.embeddings)

    def ingest(self, progress: Callable[[int, int], None] | None = None) -> IngestReport:
        """(Re)build the search index from the corpus; unchanged chunks are never re-embedded."""
        self._corpus = None
        self._rows = {}
        report = self.index_store().build(self.corpus(), progress)
        self._retriever = None
        return report

    def retriever(self) -> Retriever:
        with self._lock:
            store = self.index_store()
            current = store.current_build()
            if self._retriever is None or self._retriever.index.build != current:
                if self._reranker is None:
                    self._reranker = load_reranker(self.settings)
                self._retriever = Retriever(store.open(), self.embeddings, self.settings, self._reranker)
            return self._retriever

    def search(self, query: str, k: int | None = None, mode: str | None = None, docs=None) -> list[Hit]:
        return self.retriever().search(query, k, mode, frozenset(docs or ()))

    def as_retriever(self, k: int | None = None, mode: str | None = None) -> "SectionRetriever":
        """The same search as a LangChain retriever (`Document`s, best first), for LCEL chains;
        it follows index rebuilds and opens the index only when first asked."""
        from assistant.retrieval.langchain import SectionRetriever

        return SectionRetriever(source=self.retriever, k=k, mode=mode)

    @property
    def index(self) -> LoadedIndex:
        return self.retriever().index

    # --- plan analytics ------------------------------------------------------------------
    def targets(self):
        """Quantitative targets of every plan in the corpus (`Target` rows)."""
        from assistant.analytics.rows import all_targets

        return self._analytics("targets", all_targets)

    def timeline(self):
        """Dated and recurring tasks (`Deadline` rows), dated ones in date order."""
        from assistant.analytics.rows import all_timeline

        return self._analytics("timeline", all_timeline)

    def responsibilities(self):
        """Body -> task rows (`Responsibility`), with the role the body plays."""
        from assistant.analytics.rows import all_responsibilities

        return self._analytics("responsibilities", all_responsibilities)

    def _analytics(self, name: str, extract) -> list:
        """Rows are read from the corpus once per load: the app asks for them on every view."""
        corpus = self.corpus()
        cached = self._rows.get(name)
        if cached is None or cached[0] is not corpus:
            cached = self._rows[name] = (corpus, extract(corpus))
        return list(cached[1])

    # --- drafting --------------------------------------------------------------------------
    def draft(self, kind: str, topic: str, audience: str | None = None, length: str | None = None,
              backend: str | None = None, docs: list[str] | None = None):
        """A grounded material (de-cuong, hoi-dap, tin-bai, talking-points) on a topic, every
        figure, deadline and assignment footnoted to its section with the exact quote. `docs`:
        the doc_ids to draft from; without them, the document(s) the topic is about."""
        from assistant.drafting.pipeline import Drafter

        # One drafter per Assistant: it reads each document's passages once per index build.
        drafter = self.__dict__.get("_drafter")
        if drafter is None:
            drafter = self.__dict__["_drafter"] = Drafter(self)
        return drafter.draft(kind, topic, audience, length, backend, docs)

    # --- answers -------------------------------------------------------------------------
    def engine(self):
        if self._engine is None:
            from assistant.answer.chain import AnswerEngine

            self._engine = AnswerEngine(self)
        return self._engine

    def ask(self, question: str, history=None, backend: str | None = None, mode: str | None = None,
            k: int | None = None, docs: list[str] | None = None) -> "Answer":
        """A cited Vietnamese answer, or a decline that says what the documents cover. `docs`:
        answer only from these documents (ids); by default, from the ones the question names."""
        return self.engine().invoke(question, history, backend, mode, k, docs)

    def ask_stream(self, question: str, history=None, backend: str | None = None, mode: str | None = None,
                   k: int | None = None, docs: list[str] | None = None):
        """Verified answer text as it is ready, then the final `Answer`: the same LCEL chain as
        `ask`, streamed."""
        return self.engine().stream(question, history, backend, mode, k, docs)
