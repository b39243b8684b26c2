"""The corpus pipeline up to chunks: manifest -> documents -> section trees -> chunks."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings
from assistant.ingest.chunking import chunk_document
from assistant.ingest.loader import load_document
from assistant.ingest.manifest import ManifestEntry, load_manifest
from assistant.ingest.structure import parse_sections
from assistant.model import Document, ParsedDocument


def parse_document(doc: Document, settings: Settings) -> ParsedDocument:
    tree = parse_sections(doc.text, doc.doc_id)
    chunks = chunk_document(doc, tree, settings.chunk_max_chars, settings.chunk_min_chars)
    return ParsedDocument(doc, tree, tuple(chunks))


def load_entry(entry: ManifestEntry, settings: Settings) -> ParsedDocument:
    return parse_document(load_document(settings.corpus_dir / entry.file, entry, settings), settings)


def load_corpus(settings: Settings) -> list[ParsedDocument]:
    """Every document of the manifest, parsed; the first unreadable one stops the load."""
    return [load_entry(entry, settings) for entry in load_manifest(settings.corpus_dir, settings.manifest_name)]


def load_file(path: Path, settings: Settings) -> ParsedDocument:
    """A file given by path: uses its manifest entry when it lives in the corpus folder."""
    path = Path(path).resolve()
    entry = None
    if path.parent == settings.corpus_dir.resolve() and settings.manifest_path.is_file():
        entry = next((e for e in load_manifest(settings.corpus_dir, settings.manifest_name) if e.file == path.name), None)
    return parse_document(load_document(path, entry, settings), settings)
