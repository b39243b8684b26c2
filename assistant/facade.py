"""`Assistant`: the one object the CLI and the app call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .corpus import ParsedDocument, load_corpus, load_file
from .errors import NotFoundError


@dataclass(frozen=True)
class IngestReport:
    documents: int
    sections: int
    chunks: int
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"documents": self.documents, "sections": self.sections, "chunks": self.chunks,
                "warnings": list(self.warnings)}


class Assistant:
    """Usage: `Assistant().sections("kh-dienbien-nq06")`, `Assistant().ingest()`."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings.from_env()
        self._corpus: list[ParsedDocument] | None = None

    def corpus(self) -> list[ParsedDocument]:
        if self._corpus is None:
            self._corpus = load_corpus(self.settings)
        return self._corpus

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

    def ingest(self, paths: list[Path] | None = None) -> IngestReport:
        """Load, validate, parse and chunk the corpus (or just the given files)."""
        parsed = [load_file(p, self.settings) for p in paths] if paths else self.corpus()
        warnings = tuple(f"{p.document.source}: {w}" for p in parsed for w in p.document.warnings)
        return IngestReport(len(parsed), sum(len(p.tree) for p in parsed), sum(len(p.chunks) for p in parsed), warnings)
